/** The ladder's `canTrain` probe for a model spec: one training step on a tiny batch, so a backend missing a gradient kernel is found before a run starts. */

import type * as tfType from '@tensorflow/tfjs';
import { buildModel, type ModelSpec } from './index';
import { TRANSFER_MIN_SIDE } from './transfer';

/**
 * Kernels do not depend on image size, so the probe shrinks the input (32 px for the pretrained backbone, 16 px
 * otherwise; a custom stack keeps its real size because its layers were validated for it) and uses a batch of 2.
 */
export function trainProbe(spec: ModelSpec): (tf: typeof tfType) => Promise<void> {
  return async (tf) => {
    const side = spec.arch === 'transfer-mobilenetv2' ? TRANSFER_MIN_SIDE : 16;
    const [h, w, c] = spec.inputShape;
    const small: [number, number, number] = spec.arch === 'custom' ? [h, w, c] : [Math.min(h, side), Math.min(w, side), c];
    const model = await buildModel({ ...spec, inputShape: small });
    const x = tf.randomUniform([2, ...small]);
    const y = tf.oneHot(tf.tensor1d([0, 1], 'int32'), spec.numClasses);
    try {
      model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
      await model.trainOnBatch(x, y);
    } finally {
      tf.dispose([x, y]);
      model.optimizer?.dispose();
      model.dispose();
    }
  };
}
