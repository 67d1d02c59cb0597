/** A tfjs model's ONNX graph (our own exporter, src-main/onnx/), built once and kept on disk under the hash of its topology and weights. */

import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { writeFileAtomic } from '../../core/atomic';
import { ONNX_INPUT, toOnnx } from '../../onnx/index';

/** The input name of every graph built here. */
export const GRAPH_INPUT = ONNX_INPUT;

export interface GraphFileOptions {
  /** Folder holding `<hash>.onnx` files. */
  dir: string;
  /** The graph's output name. */
  output: string;
  /** Model input = value × scale (the ONNX export's convention). @default 1: the graph takes the model's own input range */
  scale?: number;
}

/** sha256 over the model's topology (input size included) and every weight's bytes: same hash ⇔ same graph. */
export function modelHash(model: tf.LayersModel): string {
  const h = createHash('sha256');
  h.update(JSON.stringify(model.toJSON(null, false)));
  for (const w of model.getWeights()) {
    const d = w.dataSync() as Float32Array;
    h.update(new Uint8Array(d.buffer, d.byteOffset, d.byteLength));
  }
  return h.digest('hex').slice(0, 32);
}

/** The graph's bytes: read from `dir` when this very model was converted before, else converted now and stored. */
export async function onnxGraphFile(model: tf.LayersModel, o: GraphFileOptions): Promise<{ bytes: Uint8Array; file: string; reused: boolean }> {
  const file = path.join(o.dir, `${modelHash(model)}.onnx`);
  const old = await fs.readFile(file).catch(() => null);
  if (old) return { bytes: new Uint8Array(old.buffer, old.byteOffset, old.byteLength), file, reused: true };
  const [, h, w, c] = model.inputs[0]!.shape as number[];
  const bytes = toOnnx(model, { preprocess: { width: w ?? 0, height: h ?? 0, channels: (c === 1 ? 1 : 3), fit: 'cover', scale: o.scale ?? 1 }, labels: [], output: o.output });
  await writeFileAtomic(file, bytes);
  return { bytes, file, reused: false };
}
