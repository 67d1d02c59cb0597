/** TensorFlow Lite (float, dynamic or int8): the writer and its checks live in ../tflite/; this is its registry entry. */

import { defineExporter, writeLabelsTxt } from './descriptor';

export const tflite = defineExporter({
  id: 'tflite',
  name: 'TensorFlow Lite',
  describe: 'One model.tflite for phones and microcontrollers (float32, dynamic-range or full-integer int8).',
  async write(o, ref, s) {
    const { writeTfliteExport } = await import('../tflite/export');
    const r = await writeTfliteExport(o, ref, s);
    return { ...r, files: [...r.files, await writeLabelsTxt(o)] };
  },
  files: '`model.tflite` (TFLite schema 3; labels and preprocessing also in its metadata), `labels.txt`',
  input: (p) => `tensor \`image\` [1, ${p.height}, ${p.width}, ${p.channels}] (NHWC) of raw pixel values 0–255 (float32; uint8 for the int8 model); normalisation is inside the graph`,
  usage: (p) => [
    '```python',
    'import numpy as np, tflite_runtime.interpreter as tfl  # or tf.lite.Interpreter',
    "it = tfl.Interpreter(model_path='model.tflite'); it.allocate_tensors()",
    'inp, out = it.get_input_details()[0], it.get_output_details()[0]',
    `x = np.asarray(img.resize((${p.width}, ${p.height})), dtype=inp['dtype']).reshape(1, ${p.height}, ${p.width}, ${p.channels})  # 0-255, no scaling`,
    "it.set_tensor(inp['index'], x); it.invoke()",
    "q = it.get_tensor(out['index'])[0]; s, z = out['quantization']",
    'probs = (q.astype(np.float32) - z) * s if s else q  # uint8 output of an int8 model → probabilities',
    "label = open('labels.txt').read().split('\\n')[probs.argmax()]",
    '```',
  ].join('\n'),
});
