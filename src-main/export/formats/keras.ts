/** Keras 2 HDF5 (.h5), read back for parity. */

import path from 'node:path';
import { defineExporter, fmt, writeLabelsTxt } from './descriptor';

export const keras = defineExporter({
  id: 'keras',
  name: 'Keras (.h5)',
  describe: 'A Keras 2 HDF5 file for TensorFlow/Keras in Python.',
  async write(o, ref, s) {
    const [{ writeKerasH5 }, { kerasParity }] = await Promise.all([import('../keras'), import('../parity')]);
    const file = path.join(o.outDir, 'model.h5');
    const written = await writeKerasH5(o.model, file);
    return { files: ['model.h5', await writeLabelsTxt(o)], parity: await kerasParity(file, written, ref, s, o.preprocess) };
  },
  files: '`model.h5` (Keras 2 HDF5: `model_config` + `model_weights`), `labels.txt`',
  input: (p) => `float32 array [batch, ${p.height}, ${p.width}, ${p.channels}] holding pixel × ${fmt(p.scale ?? 1 / 255)} + ${p.offset ?? 0}`,
  usage: (p) => [
    '```python',
    'import numpy as np, tensorflow as tf  # TensorFlow 2.x with Keras 2 (tf-keras)',
    "model = tf.keras.models.load_model('model.h5', compile=False)",
    `x = np.asarray(img.resize((${p.width}, ${p.height})), dtype=np.float32).reshape(1, ${p.height}, ${p.width}, ${p.channels})`,
    `probs = model.predict(x * ${fmt(p.scale ?? 1 / 255)} + ${p.offset ?? 0})`,
    "label = open('labels.txt').read().split('\\n')[probs.argmax()]",
    '```',
  ].join('\n'),
});
