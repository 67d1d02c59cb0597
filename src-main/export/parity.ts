/** Parity: run an export in its own runtime on sample images and compare with the studio's own predictions. */

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import type { ExportPreprocess, ParityResult } from '#contract/export';
import type { KerasWeight } from './keras';
import { ONNX_INPUT, ONNX_OUTPUT } from '../onnx/index';
import { loadTfjsExport } from './tfjs';

/** Largest |Δprob| we accept between the studio and an export. */
export const PARITY_TOLERANCE = 1e-4;

/** Pixel images (0–255, NHWC) and their shape. */
export interface Sample {
  pixels: Float32Array;
  shape: [number, number, number, number];
  source: 'dataset' | 'generated';
}

export const normalise = (s: Sample, pre: ExportPreprocess): tf.Tensor4D =>
  tf.tidy(() => tf.tensor4d(s.pixels, s.shape).mul(pre.scale ?? 1 / 255).add(pre.offset ?? 0));

/** Runs a tfjs model on the normalised sample; returns the flat probabilities. */
export function predictTfjs(model: tf.LayersModel, s: Sample, pre: ExportPreprocess): Float32Array {
  return tf.tidy(() => (model.predict(normalise(s, pre)) as tf.Tensor).dataSync() as Float32Array);
}

/** Max |Δ| and the share of samples whose argmax agrees. */
export function compare(ref: Float32Array, got: ArrayLike<number>, n: number): { maxAbsDiff: number; argmaxAgreement: number } {
  if (got.length !== ref.length) return { maxAbsDiff: Infinity, argmaxAgreement: 0 };
  const k = ref.length / n;
  let maxAbsDiff = 0, agree = 0;
  for (let i = 0; i < n; i++) {
    let ar = 0, ag = 0;
    for (let j = 0; j < k; j++) {
      const a = ref[i * k + j]!, b = got[i * k + j]!;
      maxAbsDiff = Math.max(maxAbsDiff, Number.isFinite(b) ? Math.abs(a - b) : Infinity);
      if (a > ref[i * k + ar]!) ar = j;
      if (b > got[i * k + ag]!) ag = j;
    }
    if (ar === ag) agree++;
  }
  return { maxAbsDiff, argmaxAgreement: n ? agree / n : 1 };
}

function result(runtime: string, method: string, s: Sample, cmp: { maxAbsDiff: number; argmaxAgreement: number }): ParityResult {
  const passed = cmp.maxAbsDiff <= PARITY_TOLERANCE && cmp.argmaxAgreement === 1;
  return { runtime, method, samples: s.shape[0], ...cmp, passed, sampleSource: s.source, tolerance: PARITY_TOLERANCE };
}

export async function tfjsParity(dir: string, ref: Float32Array, s: Sample, pre: ExportPreprocess): Promise<ParityResult> {
  const loaded = await loadTfjsExport(dir);
  try {
    const got = predictTfjs(loaded, s, pre);
    return result(`@tensorflow/tfjs ${tf.version.tfjs} loadLayersModel (${tf.getBackend()})`, 'exported folder reloaded and run', s, compare(ref, got, s.shape[0]));
  } finally {
    loaded.dispose();
  }
}

export async function onnxParity(file: string, ref: Float32Array, s: Sample): Promise<ParityResult> {
  const session = await ort.InferenceSession.create(file);
  try {
    const out = await session.run({ [ONNX_INPUT]: new ort.Tensor('float32', s.pixels, s.shape) });
    const got = out[ONNX_OUTPUT]!.data as Float32Array;
    return result(`onnxruntime-node ${ort.env.versions.common ?? ''} (CPU)`.trim(), 'model.onnx run on raw 0–255 NHWC pixels', s, compare(ref, got, s.shape[0]));
  } finally {
    await session.release();
  }
}

const KERAS_CHECK = fileURLToPath(new URL('../../scripts/reference/keras_check.py', import.meta.url));
const python = (): string => process.env.HEBB_PYTHON ?? '/usr/bin/python3';

interface KerasCheckOutput {
  weights: Record<string, { shape: number[]; sha256: string }>;
  predictions?: number[][];
  runtime?: string;
  model_class: string;
}

/** Runs scripts/reference/keras_check.py: h5py reads the file back, torch recomputes predictions from model_config. */
export async function runKerasCheck(file: string, s?: { input: Float32Array; shape: number[] }): Promise<KerasCheckOutput> {
  const args = [KERAS_CHECK, file];
  let tmp: string | undefined;
  if (s) {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'hebb-parity-'));
    await fs.writeFile(path.join(tmp, 'x.f32'), Buffer.from(s.input.buffer, s.input.byteOffset, s.input.byteLength));
    args.push('--sample', path.join(tmp, 'x.f32'), '--shape', s.shape.join(','));
  }
  try {
    const { stdout } = await promisify(execFile)(python(), args, { maxBuffer: 256 * 1024 * 1024 });
    return JSON.parse(stdout.trim().split('\n').pop()!) as KerasCheckOutput;
  } finally {
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  }
}

const sha = (d: Float32Array): string => createHash('sha256').update(Buffer.from(d.buffer, d.byteOffset, d.byteLength)).digest('hex');

/**
 * Keras parity: every weight read back by h5py must be bit-exact (sha256), and predictions recomputed from the
 * file's model_config with torch must match. Without python+h5py we cannot check, and say so as a failure.
 */
export async function kerasParity(file: string, written: KerasWeight[], ref: Float32Array, s: Sample, pre: ExportPreprocess): Promise<ParityResult> {
  if (!existsSync(python())) {
    return { ...result('h5py', 'python3 with h5py not found (set HEBB_PYTHON)', s, { maxAbsDiff: Infinity, argmaxAgreement: 0 }), passed: false };
  }
  const input = tf.tidy(() => normalise(s, pre).dataSync() as Float32Array);
  let out: KerasCheckOutput;
  try {
    out = await runKerasCheck(file, { input, shape: s.shape });
  } catch (err) {
    // The reference could not read or run the file: that is a failed check, reported with python's own last words.
    const why = String((err as { stderr?: string }).stderr ?? (err as Error).message).trim().split('\n').pop();
    return { ...result('h5py + torch', `reference check failed: ${why}`, s, { maxAbsDiff: Infinity, argmaxAgreement: 0 }), passed: false };
  }
  const mismatched = written.filter((w) => out.weights[w.dataset]?.sha256 !== sha(w.data)).map((w) => w.dataset);
  const extra = Object.keys(out.weights).length - written.length;
  const cmp = compare(ref, (out.predictions ?? []).flat(), s.shape[0]);
  const r = result(`h5py + ${out.runtime ?? 'torch'}`, `${written.length} weights bit-exact by sha256; predictions recomputed from model_config`, s, cmp);
  if (mismatched.length || extra) {
    return { ...r, passed: false, method: `weights differ: ${mismatched.slice(0, 5).join(', ')}${extra ? ` (+${extra} unexpected)` : ''}` };
  }
  return r;
}
