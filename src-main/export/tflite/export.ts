/** The TFLite export step: write model.tflite (float, weight-only int8 or full int8) and check it in Arm NN. */

import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { writeFileAtomic } from '../../core/atomic';
import { HebbError } from '../../core/errors';
import type { ParityResult, QuantizedValidation } from '#contract/export';
import type { ExportOptions } from '../options';
export type { LabelledPixels, TfliteExtra } from '../options';
import { compare, normalise, type Sample } from '../parity';
import { buildGraph, floatModelDef } from './index';
import { armnnMissing, runArmnn, tfliteParity } from './parity';
import { calibrate, dynamicModelDef, foldDequantize, int8ModelDef } from './quantize';
import { writeModel } from './schema';

/** Raw pixels (0–255 NHWC at the model's input size) with their class indices. */


/** Share of the quantised model's argmax that must agree with the float model's. */
export const INT8_ARGMAX_AGREEMENT = 0.98;
/** Largest accuracy drop (fraction, not points) allowed for the quantised model. */
export const INT8_ACCURACY_DROP = 0.01;

const argmaxes = (p: ArrayLike<number>, k: number): number[] => Array.from({ length: p.length / k }, (_, i) => {
  let best = 0;
  for (let j = 1; j < k; j++) if (p[i * k + j]! > p[i * k + best]!) best = j;
  return best;
});
const accuracy = (pred: number[], truth: number[]): number => pred.filter((p, i) => p === truth[i]).length / Math.max(1, truth.length);

/**
 * Quantised parity: probabilities cannot match to 1e-4, so the check is argmax agreement with the studio (≥ 98%) on
 * the sample plus the validation split, and validation accuracy within one point of the float model's.
 */
async function quantisedParity(file: string, o: ExportOptions, ref: Float32Array, s: Sample, uint8: boolean): Promise<{ parity: ParityResult }> {
  const k = o.labels.length;
  const { height: h, width: w, channels: c } = o.preprocess;
  const missing = await armnnMissing();
  const base = { runtime: 'Arm NN TfLiteParser', samples: s.shape[0], sampleSource: s.source, tolerance: 1 };
  if (missing) return { parity: { ...base, method: missing, maxAbsDiff: Infinity, argmaxAgreement: 0, passed: false } };
  let got;
  try {
    got = await runArmnn(file, s.pixels, s.shape, uint8);
  } catch (err) {
    const why = String((err as { stderr?: string }).stderr ?? (err as Error).message).trim().split('\n').pop();
    return { parity: { ...base, method: `reference run failed: ${why}`, maxAbsDiff: Infinity, argmaxAgreement: 0, passed: false } };
  }
  const cmp = compare(ref, got.predictions.flat(), s.shape[0]);
  let agreeAll = cmp.argmaxAgreement * s.shape[0], n = s.shape[0];
  let validation: QuantizedValidation | undefined;
  let accOk = true;
  const v = o.tflite?.validation;
  if (v && v.labels.length) {
    const vs: Sample = { pixels: v.pixels, shape: [v.labels.length, h, w, c], source: 'dataset' };
    const floatPred = argmaxes(tf.tidy(() => (o.model.predict(normalise(vs, o.preprocess)) as tf.Tensor).dataSync()), k);
    const qPred = argmaxes((await runArmnn(file, v.pixels, vs.shape, uint8)).predictions.flat(), k);
    const floatAcc = accuracy(floatPred, v.labels), qAcc = accuracy(qPred, v.labels);
    agreeAll += floatPred.filter((p, i) => p === qPred[i]).length;
    n += v.labels.length;
    accOk = floatAcc - qAcc <= INT8_ACCURACY_DROP + 1e-12;
    validation = { images: v.labels.length, floatAccuracy: floatAcc, quantizedAccuracy: qAcc, argmaxAgreement: floatPred.filter((p, i) => p === qPred[i]).length / v.labels.length };
  }
  const agreement = agreeAll / n;
  const passed = agreement >= INT8_ARGMAX_AGREEMENT && accOk;
  const method = `model.tflite run on raw 0–255 NHWC ${uint8 ? 'uint8' : 'float32'} pixels; passes at argmax agreement ≥ ${INT8_ARGMAX_AGREEMENT * 100}% with the studio over ${n} images${v ? ' and validation accuracy within 1 point of float' : ''}`;
  // The validation scores are part of the parity verdict (the model card gets them through its parity block).
  return { parity: { ...base, runtime: got.runtime, method, maxAbsDiff: cmp.maxAbsDiff, argmaxAgreement: agreement, samples: n, passed, ...(validation ? { validation } : {}) } };
}

export async function writeTfliteExport(o: ExportOptions, ref: Float32Array, s: Sample): Promise<{ files: string[]; parity: ParityResult; card: Record<string, unknown> }> {
  const quantize = o.tflite?.quantize ?? 'none';
  const opts = { preprocess: o.preprocess, labels: o.labels, description: `Hebb Studio ${o.meta?.arch ?? o.model.name} (${quantize === 'none' ? 'float32' : quantize})` };
  const { g, input, output } = buildGraph(o.model, o.preprocess);
  const file = path.join(o.outDir, 'model.tflite');
  const card: Record<string, unknown> = { tflite: { schemaVersion: 3, quantize, operators: [...new Set(g.nodes.map((n) => n.op))] } };
  if (quantize === 'none') {
    await writeFileAtomic(file, writeModel(floatModelDef(g, input, output, opts)));
    return { files: ['model.tflite'], parity: await tfliteParity(file, ref, s), card };
  }
  if (quantize === 'dynamic') {
    const def = dynamicModelDef(floatModelDef(g, input, output, opts), g);
    await writeFileAtomic(file, writeModel(def));
    // Arm NN 22 cannot read convolutions fed by DEQUANTIZE, so it runs the same graph with each DEQUANTIZE folded
    // into the float values of its int8 weights: the numbers float kernels compute from this file.
    const twinDir = await fs.mkdtemp(path.join(os.tmpdir(), 'hebb-tflite-dynamic-'));
    try {
      const twin = path.join(twinDir, 'folded.tflite');
      await fs.writeFile(twin, writeModel(foldDequantize(def)));
      const q = await quantisedParity(twin, o, ref, s, false);
      const parity = { ...q.parity, method: `${q.parity.method}; the int8 weights read through their DEQUANTIZE ops folded to float constants (Arm NN 22 needs constant convolution weights)` };
      return { files: ['model.tflite'], parity, card };
    } finally {
      await fs.rm(twinDir, { recursive: true, force: true });
    }
  }
  if (quantize !== 'int8') throw new HebbError('INVALID_ARGUMENT', `--quantize must be none, dynamic or int8 (got "${String(quantize)}")`);
  const calib = o.tflite?.calibration ?? s.pixels;
  const per = o.preprocess.height * o.preprocess.width * o.preprocess.channels;
  const ranges = calibrate(g, input, calib, [o.preprocess.height, o.preprocess.width, o.preprocess.channels]);
  await writeFileAtomic(file, writeModel(int8ModelDef(g, input, output, ranges, opts)));
  const q = await quantisedParity(file, o, ref, s, true);
  const calibration = { images: calib.length / per, source: o.tflite?.calibration ? 'training split' : `parity sample (${s.source})` };
  return { files: ['model.tflite'], parity: q.parity, card: { tflite: { ...(card.tflite as object), calibration } } };
}
