/** ONNX (opset 13) with the normalisation inside the graph, run in onnxruntime for parity. */

import path from 'node:path';
import { writeFileAtomic } from '../../core/atomic';
import { defineExporter, writeLabelsTxt } from './descriptor';

export const onnx = defineExporter({
  id: 'onnx',
  name: 'ONNX',
  describe: 'One model.onnx for onnxruntime on any platform; takes raw 0–255 pixels.',
  async write(o, ref, s) {
    const [{ toOnnx }, { onnxParity }] = await Promise.all([import('../../onnx/index'), import('../parity')]);
    const file = path.join(o.outDir, 'model.onnx');
    await writeFileAtomic(file, toOnnx(o.model, { preprocess: o.preprocess, labels: o.labels }));
    return { files: ['model.onnx', await writeLabelsTxt(o)], parity: await onnxParity(file, ref, s) };
  },
  files: '`model.onnx` (opset 13; input `image`, output `probabilities`), `labels.txt`',
  input: (p) => `float32 tensor \`image\` [batch, ${p.height}, ${p.width}, ${p.channels}] (NHWC) of raw pixel values 0–255; normalisation is inside the graph`,
  usage: (p) => [
    '```python',
    'import numpy as np, onnxruntime as ort',
    "sess = ort.InferenceSession('model.onnx')",
    `x = np.asarray(img.resize((${p.width}, ${p.height})), dtype=np.float32).reshape(1, ${p.height}, ${p.width}, ${p.channels})  # 0-255, no scaling`,
    "probs = sess.run(['probabilities'], {'image': x})[0]",
    "label = open('labels.txt').read().split('\\n')[probs.argmax()]",
    '```',
  ].join('\n'),
});
