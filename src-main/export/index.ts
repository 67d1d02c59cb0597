/** exportModel: write one format (formats/), prove parity in that format's own runtime, and document the folder. */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { HebbError } from '../core/errors';
import type { ExportResult } from '#contract/export';
import { writeDocs } from './docs';
import { exportFormatIds, exporters } from './formats/registry';
import { predictTfjs, type Sample } from './parity';

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

/**
 * Exports `model` to `outDir` and runs the parity check; throws PARITY_FAILED (with the numbers) when the export does
 * not predict like the studio, and EXPORT_UNSUPPORTED_LAYER naming the layer when the format cannot express it.
 * From a run directory (what the service and `hebb export` call): exportRun in export/run.ts.
 */
export async function exportModel(o: ExportOptions): Promise<ExportResult> {
  const exporter = exporters.find(o.format);
  if (!exporter) throw new HebbError('INVALID_ARGUMENT', `Unknown export format "${o.format}" (use ${exportFormatIds().join(', ')})`);
  checkShapes(o);
  const outDir = path.resolve(o.outDir);
  await fs.mkdir(outDir, { recursive: true });
  const opts = { ...o, outDir };
  const s = sampleOf(opts);
  const ref = predictTfjs(o.model, s, o.preprocess);
  const { files, parity, card } = await exporter.write(opts, ref, s);
  files.push(...(await writeDocs({ format: o.format, outDir, labels: o.labels, preprocess: o.preprocess, meta: o.meta ?? {}, parity, ...(card ? { card } : {}) })));
  if (!parity.passed) {
    throw new HebbError(
      'PARITY_FAILED',
      `${o.format} export does not predict like the studio: max |Δprob| ${parity.maxAbsDiff.toExponential(2)} (tolerance ${parity.tolerance}), argmax agreement ${(parity.argmaxAgreement * 100).toFixed(1)}% on ${parity.samples} images (${parity.method})`,
      outDir,
      { ...parity },
    );
  }
  return { format: o.format, ...(o.format === 'tflite' ? { quantize: o.tflite?.quantize ?? 'none' } : {}), outDir, files, parity };
}
