/** Evaluation and prediction with a finished run: its model, labels and preprocessing, exactly as it trained. */

import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { ImageEntry, SplitName } from '#contract/dataset';
import type { EvalReport, Prediction, PredictionOutcome, RunPreprocess } from '#contract/engine';
import { HebbError, toErrorData } from '../../core/errors';
import { cacheDir } from '../../core/paths';
import { loadDataset } from '../../project/snapshot';
import { splitDataset } from '../../dataset/split';
import { preprocessImage } from '../../preprocess/decode';
import { createBatchStream } from '../../preprocess/batches';
import { loadModelDir } from '../train/model-io';
import { LabelsFile, PreprocessFile } from '#contract/run-files';
import { files, readChecked, readRunConfig, type RunConfigFile } from '../train/run-dir';
import { argMax, confusionMatrix, mistakes, perClass, topKAccuracy } from './metrics';
import { modelInference, type Inference } from './inference';
import { saliencyPng } from './saliency';
import { activationMaps } from './activations';
import type { LayerActivations } from '#contract/activations';

export interface LoadedRun {
  model: tf.LayersModel;
  /** The model as one onnxruntime session (tfjs's predict where that cannot run): every forward pass but saliency's. */
  inference: Inference;
  labels: string[];
  preprocess: RunPreprocess;
  meta: RunConfigFile;
}

const loaded = new Map<string, Promise<LoadedRun>>();

/**
 * Load the final model, labels and preprocessing of a run, once per process and model version: the key carries
 * model.json's mtime, so a run resumed and finished again is not served from a stale cache.
 */
export async function loadRun(runDir: string): Promise<LoadedRun> {
  const dir = path.resolve(runDir);
  const f = files(dir);
  const stamp = await fs.stat(path.join(f.model, 'model.json')).then((s) => s.mtimeMs, () => 0);
  const key = `${dir}\0${stamp}`;
  let p = loaded.get(key);
  if (!p) {
    for (const [k, old] of loaded) {
      if (k.startsWith(`${dir}\0`)) { loaded.delete(k); void old.then((r) => { r.model.dispose(); return r.inference.release(); }).catch(() => undefined); }
    }
    p = (async () => {
      const [labels, preprocess, meta] = await Promise.all([readChecked(f.labels, LabelsFile), readChecked(f.preprocess, PreprocessFile), readRunConfig(runDir)]);
      const model = await loadModelDir(f.model);
      return { model, inference: await modelInference(model, dir), labels, preprocess, meta };
    })();
    p.catch(() => loaded.delete(key));
    loaded.set(key, p);
  }
  return p;
}

export interface EvaluateOptions {
  /** Only this split of the data (the run's seeded split); all images when absent. */
  split?: SplitName | string;
  /** @default 3 (capped at the class count) */
  topK?: number;
  /** @default 32 */
  batchSize?: number;
}

export async function evaluateRun(runDir: string, dataRoot: string, opts: EvaluateOptions = {}): Promise<EvalReport> {
  const run = await loadRun(runDir);
  const { root, entries } = await labelledEntries(dataRoot, run, opts.split);
  const probs: Float32Array[] = [];
  const yTrue: number[] = [];
  const paths: string[] = [];
  const stream = createBatchStream({ root, entries, numClasses: run.labels.length, preprocess: run.preprocess, batchSize: opts.batchSize ?? 32, split: 'test', cacheDir: cacheDir() });
  for await (const b of stream) {
    const out = await run.inference.run(b.x, b.n);
    const k = run.labels.length;
    for (let i = 0; i < b.n; i++) { probs.push(out.slice(i * k, (i + 1) * k)); yTrue.push(b.y[i]!); paths.push(b.paths[i]!); }
  }
  const cm = confusionMatrix(yTrue, probs.map(argMax), run.labels.length);
  const k = Math.min(opts.topK ?? 3, run.labels.length);
  const correct = cm.reduce((s, row, i) => s + row[i]!, 0);
  return {
    accuracy: yTrue.length ? correct / yTrue.length : 0,
    topKAccuracy: { k, accuracy: topKAccuracy(probs, yTrue, k) },
    labels: run.labels, confusionMatrix: cm, perClass: perClass(cm, run.labels), mistakes: mistakes(paths, yTrue, probs, run.labels),
  };
}

/** The data's images with labels mapped onto the run's classes by name; unknown classes are an error naming the folder. */
async function labelledEntries(dataPath: string, run: LoadedRun, split?: string): Promise<{ root: string; entries: ImageEntry[] }> {
  const scan = await loadDataset(dataPath);
  const root = scan.root;
  const map = scan.classes.map((c) => {
    const i = run.labels.indexOf(c);
    if (i < 0) throw new HebbError('INVALID_ARGUMENT', `${path.join(root, c)}: class "${c}" is not one the model knows (${run.labels.join(', ')})`, path.join(root, c));
    return i;
  });
  let entries = scan.entries.map((e) => ({ ...e, label: map[e.label]! }));
  if (split) {
    if (!['train', 'val', 'test'].includes(split)) throw new HebbError('INVALID_ARGUMENT', `split must be train, val or test (got "${split}")`);
    entries = splitDataset(entries, run.meta.config.split)[split as SplitName];
  }
  if (entries.length === 0) throw new HebbError('DATASET_EMPTY', `${root}: no images to evaluate${split ? ` in the ${split} split` : ''}`, root);
  return { root, entries };
}

/**
 * Class probabilities for image files, preprocessed exactly as in training (preprocess.json). A file that cannot
 * be read or decoded gets `{file, error}` in its place; the others are still classified.
 */
export async function predictFiles(runDir: string, filesIn: string[]): Promise<PredictionOutcome[]> {
  const run = await loadRun(runDir);
  const out: PredictionOutcome[] = [];
  for (const file of filesIn) {
    try {
      const probs = await probabilities(run, await preprocessImage(path.resolve(file), run.preprocess));
      out.push({ file, label: run.labels[argMax(probs)]!, probabilities: Array.from(probs) } satisfies Prediction);
    } catch (err) {
      const { code, message } = toErrorData(err);
      out.push({ file, error: { code, message } });
    }
  }
  return out;
}

/** One image from the dataset (path) or the playground (bytes), with top-k and an optional saliency map. */
export async function predictImage(runDir: string, input: string | Buffer, opts: { topK?: number; saliency?: boolean } = {}): Promise<Prediction & { topK: { label: string; probability: number }[]; saliencyPng?: Buffer | null }> {
  const run = await loadRun(runDir);
  const pixels = typeof input === 'string' ? await preprocessImage(input, run.preprocess) : await preprocessBytes(input, run.preprocess);
  const probs = await probabilities(run, pixels);
  const order = Array.from(probs.keys()).sort((a, b) => probs[b]! - probs[a]!);
  const best = order[0]!;
  return {
    file: typeof input === 'string' ? input : '(image)', label: run.labels[best]!, probabilities: Array.from(probs),
    topK: order.slice(0, opts.topK ?? 3).map((i) => ({ label: run.labels[i]!, probability: probs[i]! })),
    saliencyPng: opts.saliency ? await saliencyPng(run.model, toInput(pixels, run.preprocess), best, run.preprocess) : null,
  };
}

/** The feature maps of the run's spatial layers for one image, preprocessed as for predictImage. */
export async function layerActivations(runDir: string, input: string | Buffer): Promise<LayerActivations> {
  const run = await loadRun(runDir);
  const pixels = typeof input === 'string' ? await preprocessImage(input, run.preprocess) : await preprocessBytes(input, run.preprocess);
  return activationMaps(run.model, toInput(pixels, run.preprocess));
}

function toInput(pixels: Uint8Array, p: RunPreprocess): tf.Tensor4D {
  return tf.tidy(() => tf.tensor4d(Float32Array.from(pixels, (v) => v * p.rescale), [1, p.height, p.width, p.channels]));
}

async function probabilities(run: LoadedRun, pixels: Uint8Array): Promise<Float32Array> {
  return run.inference.run(Float32Array.from(pixels, (v) => v * run.preprocess.rescale), 1);
}

/** Bytes go through the very same decoder as files (via a private temp file), so the playground matches training. */
async function preprocessBytes(bytes: Buffer, p: RunPreprocess): Promise<Uint8Array> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hebb-predict-'));
  try {
    const file = path.join(dir, 'image');
    await fs.writeFile(file, bytes);
    return await preprocessImage(file, p);
  } finally { await fs.rm(dir, { recursive: true, force: true }); }
}
