/** TFLite parity: run the .tflite in Arm NN's TfLite parser (python3-pyarmnn, CpuRef) and compare with the studio. */

import { execFile } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ParityResult } from '#contract/export';
import { compare, PARITY_TOLERANCE, type Sample } from '../parity';

const CHECK = fileURLToPath(new URL('../../../scripts/reference/tflite_check.py', import.meta.url));
const python = (): string => process.env.HEBB_PYTHON ?? '/usr/bin/python3';

/** Why the reference runtime cannot run here, or null when it can. */
export async function armnnMissing(): Promise<string | null> {
  if (!existsSync(python())) return `${python()} not found (set HEBB_PYTHON)`;
  try {
    await promisify(execFile)(python(), ['-c', 'import pyarmnn; pyarmnn.ITfLiteParser'], { timeout: 60_000 });
    return null;
  } catch (err) {
    return `python3-pyarmnn is not importable: ${String((err as { stderr?: string }).stderr ?? err).trim().split('\n').pop()}`;
  }
}

/** Runs scripts/reference/tflite_check.py; `pixels` are float32 raw pixels, sent as uint8 for an int8 model. */
export async function runArmnn(file: string, pixels: Float32Array, shape: number[], uint8: boolean): Promise<{ runtime: string; predictions: number[][] }> {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'hebb-tflite-'));
  try {
    const raw = uint8 ? Uint8Array.from(pixels, (v) => Math.max(0, Math.min(255, Math.round(v)))) : pixels;
    await fs.writeFile(path.join(tmp, 'x.raw'), Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength));
    const args = [CHECK, file, '--sample', path.join(tmp, 'x.raw'), '--shape', shape.join(','), '--dtype', uint8 ? 'uint8' : 'float32'];
    const { stdout } = await promisify(execFile)(python(), args, { maxBuffer: 256 * 1024 * 1024 });
    return JSON.parse(stdout.trim().split('\n').pop()!) as { runtime: string; predictions: number[][] };
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

/** Float parity at the usual tolerance; a missing or failing runtime is a failed check, with the reason. */
export async function tfliteParity(file: string, ref: Float32Array, s: Sample): Promise<ParityResult> {
  const fail = (method: string): ParityResult => ({ runtime: 'Arm NN TfLiteParser', method, samples: s.shape[0], maxAbsDiff: Infinity, argmaxAgreement: 0, passed: false, sampleSource: s.source, tolerance: PARITY_TOLERANCE });
  const missing = await armnnMissing();
  if (missing) return fail(missing);
  let out;
  try {
    out = await runArmnn(file, s.pixels, s.shape, false);
  } catch (err) {
    return fail(`reference run failed: ${String((err as { stderr?: string }).stderr ?? (err as Error).message).trim().split('\n').pop()}`);
  }
  const cmp = compare(ref, out.predictions.flat(), s.shape[0]);
  return {
    runtime: out.runtime, method: 'model.tflite run on raw 0–255 NHWC pixels, one image at a time', samples: s.shape[0], ...cmp,
    passed: cmp.maxAbsDiff <= PARITY_TOLERANCE && cmp.argmaxAgreement === 1, sampleSource: s.source, tolerance: PARITY_TOLERANCE,
  };
}
