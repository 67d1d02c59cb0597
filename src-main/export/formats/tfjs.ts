/** TensorFlow.js LayersModel: model.json, weight shards and metadata.json, reloaded with tfjs for parity. */

import { defineExporter, fmt } from './descriptor';

export const tfjs = defineExporter({
  id: 'tfjs',
  name: 'TensorFlow.js',
  describe: 'A TF.js LayersModel folder for the browser or Node, with metadata.json.',
  async write(o, ref, s) {
    const [{ writeTfjsMetadata, writeTfjsModel }, { tfjsParity }] = await Promise.all([import('../tfjs'), import('../parity')]);
    const files = await writeTfjsModel(o.model, o.outDir);
    files.push(...(await writeTfjsMetadata(o.outDir, o.labels, o.preprocess, { modelName: o.meta?.arch ?? o.model.name })));
    return { files, parity: await tfjsParity(o.outDir, ref, s, o.preprocess) };
  },
  files: '`model.json` + `group1-shard*.bin` (TF.js LayersModel), `metadata.json`, `labels.txt`',
  input: (p) => `float32 tensor [batch, ${p.height}, ${p.width}, ${p.channels}] holding pixel × ${fmt(p.scale ?? 1 / 255)} + ${p.offset ?? 0}`,
  usage: (p) => [
    '```js',
    "import * as tf from '@tensorflow/tfjs';",
    "const model = await tf.loadLayersModel('model.json');  // URL of this folder's model.json",
    `const x = tf.browser.fromPixels(img${p.channels === 1 ? ', 1' : ''}).resizeBilinear([${p.height}, ${p.width}]).toFloat();`,
    `const probs = model.predict(x.mul(${fmt(p.scale ?? 1 / 255)}).add(${p.offset ?? 0}).expandDims(0));`,
    "const label = labels[(await probs.argMax(-1).data())[0]];      // labels from metadata.json",
    '```',
  ].join('\n'),
});
