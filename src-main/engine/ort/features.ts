/**
 * A transfer model's frozen feature extractor (image → pooled features) as one onnxruntime session, converted from
 * the tfjs model by our own exporter and cached on disk by its weights' hash; tfjs's own forward pass where
 * onnxruntime cannot run it. Both give the same features (≤ 1e-4 apart, test/engine/ort/features.test.ts).
 */

import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { BackbonePath } from '#contract/backbone';
import { nativeThreads } from '../kernels/native';
import { GRAPH_INPUT, onnxGraphFile } from './graph-file';
import { openOrtSession } from './session';

export const FEATURES_OUTPUT = 'features';

export interface FeatureExtractor {
  /** Where it runs, and why not on onnxruntime when it does not. */
  readonly path: Omit<BackbonePath, 'cached'>;
  /** Features per image. */
  readonly dim: number;
  /** Features of `n` images (NHWC, the model's input range), n × dim. */
  extract(x: Float32Array, n: number): Promise<Float32Array>;
  dispose(): Promise<void>;
}

export interface FeatureExtractorOptions {
  /** Where converted backbones are kept (one `<hash>.onnx` each). */
  cacheDir: string;
  /** onnxruntime threads. @default the ladder's native thread count */
  threads?: number;
  /** false: tfjs's forward pass, whatever onnxruntime could do (parity tests, debugging). @default true */
  fast?: boolean;
}

/** The extractor for `features` (a LayersModel ending in pooled features), fastest runtime first. */
export async function featureExtractor(features: tf.LayersModel, o: FeatureExtractorOptions): Promise<FeatureExtractor> {
  const [, h, w, c] = features.inputs[0]!.shape as number[];
  const dim = (features.outputs[0]!.shape.slice(1) as number[]).reduce((a, b) => a * b, 1);
  const viaTfjs = (reason: string): FeatureExtractor => ({
    path: { runtime: 'tfjs', reason }, dim,
    extract: async (x, n) => tf.tidy(() => (features.predict(tf.tensor4d(x, [n, h!, w!, c!])) as tf.Tensor).dataSync() as Float32Array),
    dispose: async () => {},
  });
  if (o.fast === false) return viaTfjs('onnxruntime not requested');
  let graph: Uint8Array;
  try {
    graph = (await onnxGraphFile(features, { dir: path.join(o.cacheDir, 'backbones'), output: FEATURES_OUTPUT })).bytes;
  } catch (err) {
    return viaTfjs(`the backbone does not convert to ONNX (${(err as Error).message})`);
  }
  const threads = o.threads ?? nativeThreads();
  const opened = await openOrtSession(graph, { threads, input: GRAPH_INPUT, output: FEATURES_OUTPUT });
  if (!opened.ok) return viaTfjs(opened.reason);
  const s = opened.runner;
  return {
    path: { runtime: 'onnxruntime', threads }, dim,
    extract: (x, n) => s.run(x, [n, h!, w!, c!]),
    dispose: () => s.release(),
  };
}
