/** The two reference models of `hebb bench` (the same ones scripts/bench_torch.py builds in PyTorch). */

import * as tf from '@tensorflow/tfjs';

export interface BenchModel {
  /** 'cnn' / 'mlp' for the reference models, else an architecture id of the registry. */
  id: string;
  model: tf.LayersModel;
  batch: number;
  inputShape: number[];
  classes: number;
}

/** 28×28×1 → conv3×3·32 same+relu → maxpool2 → conv3×3·64 same+relu → maxpool2 → dense 128 relu → dropout 0.3 → dense 10 softmax; batch 32. */
export function referenceCnn(): BenchModel {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 128, activation: 'relu' }),
      tf.layers.dropout({ rate: 0.3 }),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  return { id: 'cnn', model, batch: 32, inputShape: [28, 28, 1], classes: 10 };
}

/** 784 → 256 relu → 128 relu → 10 softmax; batch 64. */
export function referenceMlp(): BenchModel {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [784], units: 256, activation: 'relu' }),
      tf.layers.dense({ units: 128, activation: 'relu' }),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  return { id: 'mlp', model, batch: 64, inputShape: [784], classes: 10 };
}

/** Any architecture of the registry at side×side×channels, 10 classes, batch 32: where its training step spends its time. */
export async function architectureModel(arch: string, side: number, channels: number): Promise<BenchModel> {
  const { buildModel } = await import('../arch/index');
  const inputShape: [number, number, number] = [side, side, channels];
  const model = await buildModel({ arch, inputShape, numClasses: 10, seed: 1 });
  return { id: arch, model, batch: 32, inputShape, classes: 10 };
}
