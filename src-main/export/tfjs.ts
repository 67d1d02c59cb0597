/** TF.js export: a LayersModel folder (model.json + 4 MB weight shards) plus metadata.json and labels.txt, Teachable Machine style. */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { writeFileAtomic, writeJsonAtomic } from '../core/atomic';
import type { ExportPreprocess } from '#contract/export';

/** Shard size tfjs's own converter uses, so browsers can cache shards separately. */
const SHARD_BYTES = 4 * 1024 * 1024;

/** Captures the model's save artifacts in memory (tfjs's own serialisation, no hand-written topology). */
async function artifactsOf(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let captured: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => {
    captured = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  return captured!;
}

function concatBuffers(data: ArrayBuffer | ArrayBuffer[] | undefined): Uint8Array {
  const parts = data == null ? [] : Array.isArray(data) ? data : [data];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let o = 0;
  for (const p of parts) { out.set(new Uint8Array(p), o); o += p.byteLength; }
  return out;
}

/** Writes model.json and weight shards; returns the file names written (relative to outDir). */
export async function writeTfjsModel(model: tf.LayersModel, outDir: string): Promise<string[]> {
  const a = await artifactsOf(model);
  const bytes = concatBuffers(a.weightData as ArrayBuffer | ArrayBuffer[]);
  const count = Math.max(1, Math.ceil(bytes.byteLength / SHARD_BYTES));
  const paths = Array.from({ length: count }, (_, i) => `group1-shard${i + 1}of${count}.bin`);
  for (let i = 0; i < count; i++) {
    await writeFileAtomic(path.join(outDir, paths[i]!), bytes.subarray(i * SHARD_BYTES, (i + 1) * SHARD_BYTES));
  }
  await writeJsonAtomic(path.join(outDir, 'model.json'), {
    format: 'layers-model',
    generatedBy: a.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
    convertedBy: 'Hebb Studio',
    modelTopology: a.modelTopology,
    weightsManifest: [{ paths, weights: a.weightSpecs ?? [] }],
  });
  return ['model.json', ...paths];
}

/** metadata.json (labels in class order, input size, channels, preprocessing) and labels.txt. */
export async function writeTfjsMetadata(outDir: string, labels: string[], pre: ExportPreprocess, extra: Record<string, unknown> = {}): Promise<string[]> {
  await writeJsonAtomic(path.join(outDir, 'metadata.json'), {
    tfjsVersion: tf.version.tfjs,
    packageName: 'hebb-studio',
    packageVersion: '0.1.0',
    modelName: extra.modelName ?? 'hebb-model',
    timeStamp: new Date().toISOString(),
    labels,
    imageSize: pre.width,
    inputSize: { width: pre.width, height: pre.height },
    channels: pre.channels,
    preprocessing: { fit: pre.fit, scale: pre.scale ?? 1 / 255, offset: pre.offset ?? 0, layout: 'NHWC', input: 'model input = pixel (0-255) * scale + offset' },
    ...extra,
  });
  await writeFileAtomic(path.join(outDir, 'labels.txt'), labels.join('\n') + '\n');
  return ['metadata.json', 'labels.txt'];
}

/** Opens an exported folder with stock `tf.loadLayersModel`, reading the files the way a browser's fetch would. */
export async function loadTfjsExport(dir: string): Promise<tf.LayersModel> {
  const handler: tf.io.IOHandler = {
    load: async () => {
      const json = JSON.parse(await fs.readFile(path.join(dir, 'model.json'), 'utf8')) as tf.io.ModelJSON;
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const files = manifest.flatMap((g) => g.paths);
        const buffers = await Promise.all(files.map((p) => fs.readFile(path.join(dir, p))));
        const all = concatBuffers(buffers.map((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer));
        return [manifest.flatMap((g) => g.weights), all.buffer as ArrayBuffer];
      });
    },
  };
  return tf.loadLayersModel(handler);
}
