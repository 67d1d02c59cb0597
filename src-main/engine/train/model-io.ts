/** Save and load a tfjs LayersModel as a folder (model.json + weights.bin), each file written atomically, weights first. */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { writeFileAtomic, writeJsonAtomic } from '../../core/atomic';
import { HebbError } from '../../core/errors';

/**
 * model.json is written last, so a folder whose model.json exists always has its weights: a crash mid-save leaves
 * either the previous model or no model, never a model.json pointing at missing bytes.
 */
export async function saveModelDir(model: tf.LayersModel, dir: string): Promise<void> {
  await model.save(tf.io.withSaveHandler(async (a) => {
    const data = concat(a.weightData);
    await writeFileAtomic(path.join(dir, 'weights.bin'), data);
    await writeJsonAtomic(path.join(dir, 'model.json'), {
      format: 'layers-model',
      generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
      convertedBy: 'Hebb Studio',
      modelTopology: a.modelTopology,
      weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }],
    });
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: data.byteLength } };
  }));
}

export async function loadModelDir(dir: string): Promise<tf.LayersModel> {
  const file = path.join(dir, 'model.json');
  let json: { modelTopology: object; weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[] };
  try {
    json = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (err) {
    throw new HebbError('NOT_FOUND', `No trained model in ${dir}: ${(err as Error).message}`, file);
  }
  const specs = json.weightsManifest.flatMap((g) => g.weights);
  const parts = await Promise.all(json.weightsManifest.flatMap((g) => g.paths).map((p) => fs.readFile(path.join(dir, p))));
  const weightData = concat(parts.map((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer));
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs, weightData: weightData.buffer as ArrayBuffer }));
}

function concat(data: tf.io.WeightData | undefined): Uint8Array {
  if (!data) return new Uint8Array(0);
  const list = Array.isArray(data) ? data : [data];
  const total = list.reduce((s, b) => s + b.byteLength, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const b of list) { out.set(new Uint8Array(b), o); o += b.byteLength; }
  return out;
}
