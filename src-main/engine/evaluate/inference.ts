/**
 * A finished run's model for inference: one onnxruntime session over our own ONNX export of it (built once, kept in
 * the run dir under its weights' hash), with tfjs's predict as the fallback. Saliency needs gradients, so it stays
 * on tfjs (saliency.ts); everything else (evaluate, predict, the Playground) runs here.
 */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { BackboneRuntime } from '#contract/backbone';
import { nativeThreads } from '../kernels/native';
import { GRAPH_INPUT, onnxGraphFile } from '../ort/graph-file';
import { openOrtSession } from '../ort/session';

/** Where the ONNX graphs of a run's final model are kept. */
export const inferenceDir = (runDir: string): string => path.join(runDir, 'inference');
const OUTPUT = 'probabilities';

export interface Inference {
  readonly runtime: BackboneRuntime;
  /** Why not onnxruntime, when not. */
  readonly reason?: string;
  /** Class probabilities of `n` inputs (the model's input range), n × classes. */
  run(x: Float32Array, n: number): Promise<Float32Array>;
  release(): Promise<void>;
}

export interface InferenceOptions {
  /** false: tfjs's predict, whatever onnxruntime could do (parity tests). @default true */
  fast?: boolean;
  /** @default the ladder's native thread count */
  threads?: number;
}

export async function modelInference(model: tf.LayersModel, runDir: string, o: InferenceOptions = {}): Promise<Inference> {
  const shape = model.inputs[0]!.shape.slice(1) as number[];
  const viaTfjs = (reason: string): Inference => ({
    runtime: 'tfjs', reason,
    run: async (x, n) => tf.tidy(() => (model.predict(tf.tensor(x, [n, ...shape])) as tf.Tensor).dataSync() as Float32Array),
    release: async () => {},
  });
  if (o.fast === false) return viaTfjs('onnxruntime not requested');
  let graph: { bytes: Uint8Array; file: string };
  try {
    graph = await onnxGraphFile(model, { dir: inferenceDir(runDir), output: OUTPUT });
  } catch (err) {
    return viaTfjs(`the model does not convert to ONNX (${(err as Error).message})`);
  }
  await dropStale(graph.file);
  const opened = await openOrtSession(graph.bytes, { threads: o.threads ?? nativeThreads(), input: GRAPH_INPUT, output: OUTPUT });
  if (!opened.ok) return viaTfjs(opened.reason);
  const s = opened.runner;
  return { runtime: 'onnxruntime', run: (x, n) => s.run(x, [n, ...shape]), release: () => s.release() };
}

/** Graphs of earlier weights (a run resumed and finished again) are dead weight in the run dir. */
async function dropStale(keep: string): Promise<void> {
  const dir = path.dirname(keep);
  for (const f of await fs.readdir(dir).catch(() => [] as string[])) {
    if (f.endsWith('.onnx') && path.join(dir, f) !== keep) await fs.rm(path.join(dir, f), { force: true });
  }
}
