/** Keras export: an HDF5 `.h5` (via h5wasm) with a Keras 2 `model_config` and weights under model_weights/<layer>/<layer>/<w>:0. */

import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as h5wasm from 'h5wasm/node';
import { HebbError } from '../core/errors';
import { writeFileAtomic } from '../core/atomic';

/** The Keras release whose HDF5 layout (legacy `.h5`, `model_config` + `model_weights`) we write. */
export const KERAS_VERSION = '2.15.0';

/** tfjs activation names that Keras spells differently. */
const ACTIVATION_NAMES: Record<string, string> = { hardSigmoid: 'hard_sigmoid', logSoftmax: 'log_softmax' };

export interface KerasWeight {
  /** Path inside the file, e.g. model_weights/dense_1/dense_1/kernel:0 */
  dataset: string;
  shape: number[];
  data: Float32Array;
}

/** tfjs's own Keras-format topology, with the few names Keras 2 spells differently rewritten. */
export function kerasModelConfig(model: tf.LayersModel): { class_name: string; config: unknown } {
  const json = model.toJSON(null, false) as unknown as { class_name: string; config: unknown };
  const fix = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(fix);
    if (v == null || typeof v !== 'object') return v;
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === 'class_name' && x === 'Model') o[k] = 'Functional';
      else if (k === 'activation' && typeof x === 'string') o[k] = ACTIVATION_NAMES[x] ?? x;
      else if (k === 'distribution' && x === 'truncatedNormal') o[k] = 'truncated_normal';
      else o[k] = fix(x);
    }
    return o;
  };
  return { class_name: json.class_name === 'Model' ? 'Functional' : json.class_name, config: fix(json.config) };
}

/** Every top-level layer with its weights in Keras's `_legacy_weights` order: trainable, then non-trainable. */
export function kerasWeights(model: tf.LayersModel): { layer: string; weights: KerasWeight[] }[] {
  return model.layers.map((layer) => {
    const vars = [...layer.trainableWeights, ...layer.nonTrainableWeights];
    const weights = vars.map((v) => {
      const name = `${v.originalName}:0`;
      return { dataset: `model_weights/${layer.name}/${name}`, shape: v.shape as number[], data: v.read().dataSync() as Float32Array };
    });
    return { layer: layer.name, weights };
  });
}

/** Writes the .h5 (h5wasm writes to a real path, so we write a temp file and move its bytes atomically). */
export async function writeKerasH5(model: tf.LayersModel, file: string): Promise<KerasWeight[]> {
  await h5wasm.ready;
  const layers = kerasWeights(model);
  const all = layers.flatMap((l) => l.weights);
  const seen = new Set<string>();
  for (const w of all) {
    if (seen.has(w.dataset)) throw new HebbError('EXPORT_UNSUPPORTED_LAYER', `Two weights map to the same Keras name ${w.dataset}`, undefined, { layer: w.dataset.split('/')[1], format: 'keras' });
    seen.add(w.dataset);
  }
  const tmp = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'hebb-h5-')), 'model.h5');
  const f = new h5wasm.File(tmp, 'w');
  try {
    f.create_attribute('keras_version', KERAS_VERSION);
    f.create_attribute('backend', 'tensorflow');
    f.create_attribute('model_config', JSON.stringify(kerasModelConfig(model)));
    const root = f.create_group('model_weights');
    root.create_attribute('layer_names', layers.map((l) => l.layer));
    root.create_attribute('backend', 'tensorflow');
    root.create_attribute('keras_version', KERAS_VERSION);
    for (const l of layers) {
      const g = root.create_group(l.layer);
      g.create_attribute('weight_names', l.weights.map((w) => w.dataset.slice(`model_weights/${l.layer}/`.length)));
      for (const w of l.weights) {
        const rel = w.dataset.slice(`model_weights/${l.layer}/`.length).split('/');
        let parent = g;
        for (const part of rel.slice(0, -1)) parent = (parent.get(part) as h5wasm.Group | null) ?? parent.create_group(part);
        parent.create_dataset({ name: rel[rel.length - 1]!, data: w.data, shape: w.shape, dtype: '<f' });
      }
    }
  } finally {
    f.close();
  }
  await writeFileAtomic(file, await fs.readFile(tmp));
  await fs.rm(path.dirname(tmp), { recursive: true, force: true });
  return all;
}
