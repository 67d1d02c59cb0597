/** `hebb export --model RUN --format tfjs|onnx|keras|tflite [--quantize none|dynamic|int8] --out DIR`: write a portable model and prove it predicts like the studio. */

import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { TFLITE_QUANTIZE, type ExportFormat, type ExportResult, type TfliteQuantize } from '#contract/export';
import { HebbError } from '../core/errors';
import { runsDir } from '../core/paths';
import { defaultExportDir } from '../export/folder';
import { exportFormatIds } from '../export/formats/registry';
import { action, emit, type CommonOptions } from './output';

interface ExportCliOptions extends CommonOptions {
  model: string;
  format: string;
  out?: string;
  sample: string;
  quantize: string;
}

/** "onnx", "tfjs,onnx" or "all" → formats; anything else is a clear error. */
export function parseFormats(s: string): ExportFormat[] {
  const list = s === 'all' ? exportFormatIds() : s.split(',').map((f) => f.trim().toLowerCase());
  for (const f of list) {
    if (!exportFormatIds().includes(f as ExportFormat)) throw new HebbError('INVALID_ARGUMENT', `--format must be one of ${exportFormatIds().join(', ')} or all (got "${f}")`);
  }
  return list as ExportFormat[];
}

/** A run directory, or a run id under the app's runs folder. */
function resolveRun(model: string): string {
  if (existsSync(model)) return path.resolve(model);
  const byId = path.join(runsDir(), model);
  if (existsSync(byId)) return byId;
  throw new HebbError('UNKNOWN_RUN', `No run directory or run id "${model}"`, model);
}

export function humanResult(r: ExportResult): string {
  const p = r.parity;
  return [
    `${r.format}: ${r.outDir}`,
    `  files: ${r.files.join(', ')}`,
    `  parity (${p.runtime}): max |Δprob| ${p.maxAbsDiff.toExponential(2)} ≤ ${p.tolerance ?? 1e-4}, argmax agreement ${(p.argmaxAgreement * 100).toFixed(0)}% on ${p.samples} ${p.sampleSource ?? ''} images — ${p.passed ? 'passed' : 'FAILED'}`,
    ...(r.note ? [`  note: ${r.note}`] : []),
  ].join('\n');
}

export function register(program: Command): void {
  program
    .command('export')
    .description('export a trained run as TF.js, ONNX, Keras .h5 or TFLite, with README, model card and a parity check in the target runtime')
    .requiredOption('--model <run>', 'run directory (or run id) holding the trained model')
    .requiredOption('--format <format>', `${exportFormatIds().join(' | ')} | all (or a comma list)`)
    .option('--out <dir>', 'output folder (several formats: one subfolder each) [default: <run>/export/<format>, tflite-dynamic / tflite-int8 when quantised]')
    .option('--sample <n>', 'dataset images used for the parity check', '8')
    .option('--quantize <mode>', `TFLite only: ${TFLITE_QUANTIZE.join(' | ')} (int8: full-integer, calibrated on ~200 training images)`, 'none')
    .option('--json', 'print the result as one JSON object on the last line')
    .action(action(async (opts: ExportCliOptions) => {
      const formats = parseFormats(opts.format);
      if (!TFLITE_QUANTIZE.includes(opts.quantize as TfliteQuantize)) throw new HebbError('INVALID_ARGUMENT', `--quantize must be one of ${TFLITE_QUANTIZE.join(', ')} (got "${opts.quantize}")`);
      const runDir = resolveRun(opts.model);
      const maxSample = Math.max(1, Number(opts.sample) || 8);
      const { exportRun } = await import('../export/run');
      const results: ExportResult[] = [];
      for (const format of formats) {
        const quantize = opts.quantize as TfliteQuantize;
        const out = opts.out ? (formats.length > 1 ? path.join(opts.out, format) : opts.out) : defaultExportDir(runDir, format, quantize);
        if (!opts.json) process.stderr.write(`Exporting ${format} …\n`);
        results.push(await exportRun(runDir, format, out, { maxSample, perClass: Math.ceil(maxSample / 2), quantize }));
      }
      emit(opts, results.length === 1 ? results[0] : { results }, () => results.map(humanResult).join('\n'));
    }));
}
