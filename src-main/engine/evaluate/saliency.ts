/** Saliency map: |∂ p(class) / ∂ pixel|, max over channels, scaled to a grey PNG the size of the model input. */

import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import type { RunPreprocess } from '#contract/engine';

export async function saliencyPng(model: tf.LayersModel, x: tf.Tensor4D, cls: number, p: RunPreprocess): Promise<Buffer | null> {
  try {
    const map = tf.tidy(() => {
      const g = tf.grad((input: tf.Tensor) => (model.apply(input, { training: false }) as tf.Tensor2D).slice([0, cls], [1, 1]).sum())(x);
      const s = tf.max(tf.abs(g), -1).squeeze() as tf.Tensor2D;
      const max = tf.max(s);
      return s.div(tf.maximum(max, 1e-12)).mul(255);
    });
    const data = Uint8Array.from(map.dataSync());
    map.dispose();
    return await sharp(Buffer.from(data), { raw: { width: p.width, height: p.height, channels: 1 } }).png().toBuffer();
  } catch {
    return null; // a backend without a needed gradient kernel: the prediction still stands, without a map
  } finally {
    x.dispose();
  }
}
