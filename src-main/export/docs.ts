/** README.md and model-card.json for an export folder: what the model expects, how to run it, how it was made. */

import path from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../core/atomic';
import type { ExportFormat, ExportMeta, ExportPreprocess, ParityResult } from '#contract/export';

const USAGE: Record<ExportFormat, (pre: ExportPreprocess) => string> = {
  tfjs: (p) => [
    '```js',
    "import * as tf from '@tensorflow/tfjs';",
    "const model = await tf.loadLayersModel('model.json');  // URL of this folder's model.json",
    `const x = tf.browser.fromPixels(img${p.channels === 1 ? ', 1' : ''}).resizeBilinear([${p.height}, ${p.width}]).toFloat();`,
    `const probs = model.predict(x.mul(${fmt(p.scale ?? 1 / 255)}).add(${p.offset ?? 0}).expandDims(0));`,
    "const label = labels[(await probs.argMax(-1).data())[0]];      // labels from metadata.json",
    '```',
  ].join('\n'),
  onnx: (p) => [
    '```python',
    'import numpy as np, onnxruntime as ort',
    "sess = ort.InferenceSession('model.onnx')",
    `x = np.asarray(img.resize((${p.width}, ${p.height})), dtype=np.float32).reshape(1, ${p.height}, ${p.width}, ${p.channels})  # 0-255, no scaling`,
    "probs = sess.run(['probabilities'], {'image': x})[0]",
    "label = open('labels.txt').read().split('\\n')[probs.argmax()]",
    '```',
  ].join('\n'),
  tflite: (p) => [
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
  keras: (p) => [
    '```python',
    'import numpy as np, tensorflow as tf  # TensorFlow 2.x with Keras 2 (tf-keras)',
    "model = tf.keras.models.load_model('model.h5', compile=False)",
    `x = np.asarray(img.resize((${p.width}, ${p.height})), dtype=np.float32).reshape(1, ${p.height}, ${p.width}, ${p.channels})`,
    `probs = model.predict(x * ${fmt(p.scale ?? 1 / 255)} + ${p.offset ?? 0})`,
    "label = open('labels.txt').read().split('\\n')[probs.argmax()]",
    '```',
  ].join('\n'),
};

function fmt(v: number): string {
  return Math.abs(v - 1 / 255) < 1e-12 ? '1 / 255' : String(v);
}

const FILES: Record<ExportFormat, string> = {
  tfjs: '`model.json` + `group1-shard*.bin` (TF.js LayersModel), `metadata.json`, `labels.txt`',
  onnx: '`model.onnx` (opset 13; input `image`, output `probabilities`), `labels.txt`',
  keras: '`model.h5` (Keras 2 HDF5: `model_config` + `model_weights`), `labels.txt`',
  tflite: '`model.tflite` (TFLite schema 3; labels and preprocessing also in its metadata), `labels.txt`',
};

const INPUT: Record<ExportFormat, (p: ExportPreprocess) => string> = {
  tfjs: (p) => `float32 tensor [batch, ${p.height}, ${p.width}, ${p.channels}] holding pixel × ${fmt(p.scale ?? 1 / 255)} + ${p.offset ?? 0}`,
  onnx: (p) => `float32 tensor \`image\` [batch, ${p.height}, ${p.width}, ${p.channels}] (NHWC) of raw pixel values 0–255; normalisation is inside the graph`,
  keras: (p) => `float32 array [batch, ${p.height}, ${p.width}, ${p.channels}] holding pixel × ${fmt(p.scale ?? 1 / 255)} + ${p.offset ?? 0}`,
  tflite: (p) => `tensor \`image\` [1, ${p.height}, ${p.width}, ${p.channels}] (NHWC) of raw pixel values 0–255 (float32; uint8 for the int8 model); normalisation is inside the graph`,
};

export interface DocsInput {
  format: ExportFormat;
  outDir: string;
  labels: string[];
  preprocess: ExportPreprocess;
  meta: ExportMeta;
  parity: ParityResult;
  /** Format-specific facts for model-card.json (TFLite: quantisation and the float/int8 accuracies). */
  card?: Record<string, unknown>;
}

export function readmeText(d: DocsInput): string {
  const p = d.preprocess;
  const parity = d.parity;
  return [
    `# ${d.meta.arch ?? 'Image classifier'} — ${d.format.toUpperCase()} export from Hebb Studio`,
    '',
    `Files: ${FILES[d.format]}, \`model-card.json\`.`,
    '',
    '## Labels (output order)',
    ...d.labels.map((l, i) => `${i}. ${l}`),
    '',
    '## Input',
    `Resize the image to ${p.width}×${p.height} (fit: ${p.fit}), ${p.channels === 1 ? 'greyscale (1 channel)' : 'RGB (3 channels)'}. `
      + `The model takes a ${INPUT[d.format](p)}.`,
    'Output: one probability per label, in the order above.',
    '',
    '## Usage',
    USAGE[d.format](p),
    '',
    '## Parity',
    `Checked at export with ${parity.runtime} on ${parity.samples} ${parity.sampleSource ?? ''} images: max |Δprob| = ${parity.maxAbsDiff.toExponential(2)}, `
      + `argmax agreement ${(parity.argmaxAgreement * 100).toFixed(0)}% (${parity.passed ? 'passed' : 'FAILED'}, tolerance ${parity.tolerance ?? 1e-4}).`,
    '',
  ].join('\n');
}

/** Writes README.md and model-card.json; returns their names. */
export async function writeDocs(d: DocsInput): Promise<string[]> {
  await writeFileAtomic(path.join(d.outDir, 'README.md'), readmeText(d));
  await writeJsonAtomic(path.join(d.outDir, 'model-card.json'), {
    format: d.format,
    exportedAt: new Date().toISOString(),
    exporter: 'hebb-studio 0.1.0',
    labels: d.labels,
    preprocess: { scale: 1 / 255, offset: 0, ...d.preprocess },
    runId: d.meta.runId ?? null,
    architecture: d.meta.arch ?? null,
    datasetHash: d.meta.datasetHash ?? null,
    classCounts: d.meta.classCounts ?? null,
    seed: d.meta.seed ?? null,
    config: d.meta.config ?? null,
    finalMetrics: d.meta.finalMetrics ?? null,
    trainedAt: d.meta.createdAt ?? null,
    parity: d.parity,
    ...d.card,
  });
  return ['README.md', 'model-card.json'];
}
