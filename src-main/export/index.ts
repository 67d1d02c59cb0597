/** exportModel: write one format, prove parity in that format's own runtime, and document the folder. */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../core/atomic';
import { HebbError } from '../core/errors';
import type { ExportResult, ParityResult } from '#contract/export';
import { EXPORT_FORMATS } from '#contract/export';
import { writeDocs } from './docs';
import { writeKerasH5 } from './keras';
import { toOnnx } from '../onnx/index';
import { writeTfliteExport } from './tflite/export';
import { kerasParity, onnxParity, predictTfjs, tfjsParity, type Sample } from './parity';
import { writeTfjsMetadata, writeTfjsModel } from './tfjs';

export type { ExportOptions } from './options';
import type { ExportOptions } from './options';

/** Deterministic pseudo-random pixels, used when no dataset images are reachable. */
export function generatedPixels(n: number, h: number, w: number, c: number, seed = 1234): Float32Array {
  const out = new Float32Array(n * h * w * c);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < out.length; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    out[i] = x % 256;
  }
  return out;
}

function sampleOf(o: ExportOptions): Sample {
  const { height: h, width: w, channels: c } = o.preprocess;
  const per = h * w * c;
  const pixels = o.sample ?? generatedPixels(8, h, w, c);
  if (pixels.length === 0 || pixels.length % per !== 0) {
    throw new HebbError('INVALID_ARGUMENT', `Parity sample has ${pixels.length} values, not a multiple of ${h}×${w}×${c}`);
  }
  return { pixels, shape: [pixels.length / per, h, w, c], source: o.sample ? (o.sampleSource ?? 'dataset') : 'generated' };
}

function checkShapes(o: ExportOptions): void {
  const shape = o.model.inputs[0]?.shape ?? [];
  const { height, width, channels } = o.preprocess;
  if (shape.length !== 4 || shape[1] !== height || shape[2] !== width || shape[3] !== channels) {
    throw new HebbError('INVALID_ARGUMENT', `Model input ${JSON.stringify(shape)} does not match the preprocessing ${height}×${width}×${channels}`);
  }
  const out = o.model.outputs[0]?.shape ?? [];
  if (out[out.length - 1] !== o.labels.length) {
    throw new HebbError('INVALID_ARGUMENT', `Model has ${out[out.length - 1]} outputs but ${o.labels.length} labels`);
  }
}

/** Writes the format's own files and checks them; returns the files and the parity result. */
async function writeFormat(o: ExportOptions, ref: Float32Array, s: Sample): Promise<{ files: string[]; parity: ParityResult; card?: Record<string, unknown> }> {
  const labelsTxt = async (): Promise<string> => {
    await writeFileAtomic(path.join(o.outDir, 'labels.txt'), o.labels.join('\n') + '\n');
    return 'labels.txt';
  };
  switch (o.format) {
    case 'tfjs': {
      const files = await writeTfjsModel(o.model, o.outDir);
      files.push(...(await writeTfjsMetadata(o.outDir, o.labels, o.preprocess, { modelName: o.meta?.arch ?? o.model.name })));
      return { files, parity: await tfjsParity(o.outDir, ref, s, o.preprocess) };
    }
    case 'onnx': {
      const file = path.join(o.outDir, 'model.onnx');
      await writeFileAtomic(file, toOnnx(o.model, { preprocess: o.preprocess, labels: o.labels }));
      return { files: ['model.onnx', await labelsTxt()], parity: await onnxParity(file, ref, s) };
    }
    case 'keras': {
      const file = path.join(o.outDir, 'model.h5');
      const written = await writeKerasH5(o.model, file);
      return { files: ['model.h5', await labelsTxt()], parity: await kerasParity(file, written, ref, s, o.preprocess) };
    }
    case 'tflite': {
      const r = await writeTfliteExport(o, ref, s);
      return { ...r, files: [...r.files, await labelsTxt()] };
    }
  }
}

/**
 * Exports `model` to `outDir` and runs the parity check; throws PARITY_FAILED (with the numbers) when the export does
 * not predict like the studio, and EXPORT_UNSUPPORTED_LAYER naming the layer when the format cannot express it.
 * From a run directory (what the service and `hebb export` call): exportRun in export/run.ts.
 */
export async function exportModel(o: ExportOptions): Promise<ExportResult> {
  if (!EXPORT_FORMATS.includes(o.format)) throw new HebbError('INVALID_ARGUMENT', `Unknown export format "${o.format}" (use ${EXPORT_FORMATS.join(', ')})`);
  checkShapes(o);
  const outDir = path.resolve(o.outDir);
  await fs.mkdir(outDir, { recursive: true });
  const opts = { ...o, outDir };
  const s = sampleOf(opts);
  const ref = predictTfjs(o.model, s, o.preprocess);
  const { files, parity, card } = await writeFormat(opts, ref, s);
  files.push(...(await writeDocs({ format: o.format, outDir, labels: o.labels, preprocess: o.preprocess, meta: o.meta ?? {}, parity, ...(card ? { card } : {}) })));
  if (!parity.passed) {
    throw new HebbError(
      'PARITY_FAILED',
      `${o.format} export does not predict like the studio: max |Δprob| ${parity.maxAbsDiff.toExponential(2)} (tolerance ${parity.tolerance}), argmax agreement ${(parity.argmaxAgreement * 100).toFixed(1)}% on ${parity.samples} images (${parity.method})`,
      outDir,
      { ...parity },
    );
  }
  return { format: o.format, outDir, files, parity };
}
