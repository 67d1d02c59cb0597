/** Small in-memory fakes for trainer tests: a separable two-class batch source and a tiny model. */

import * as tf from '@tensorflow/tfjs';
import type { Batch } from '#contract/dataset';

/** Class 0 = dark 2×2 images, class 1 = bright ones, with a little seeded noise. */
export function separable(n: number, seed = 1): Batch {
  let s = seed;
  const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  const x = new Float32Array(n * 4);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 2;
    for (let k = 0; k < 4; k++) x[i * 4 + k] = (y[i] ? 0.7 : 0.1) + rnd() * 0.2;
  }
  return { x, y, n, height: 2, width: 2, channels: 1, paths: Array.from({ length: n }, (_, i) => `c${i % 2}/${i}.png`) };
}

export function slices(b: Batch, size: number): Batch[] {
  const out: Batch[] = [];
  for (let lo = 0; lo < b.n; lo += size) {
    const hi = Math.min(b.n, lo + size);
    out.push({ ...b, n: hi - lo, x: b.x.slice(lo * 4, hi * 4), y: b.y.slice(lo, hi), paths: b.paths.slice(lo, hi) });
  }
  return out;
}

export async function* stream(batches: Batch[]): AsyncIterable<Batch> { for (const b of batches) yield b; }

export function tinyModel(seed = 7): tf.LayersModel {
  return tf.sequential({ layers: [
    tf.layers.flatten({ inputShape: [2, 2, 1] }),
    tf.layers.dense({ units: 8, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
    tf.layers.dropout({ rate: 0.2 }),
    tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }),
  ] });
}
