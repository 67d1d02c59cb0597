/** Export from a run directory: read the trained model, labels, preprocessing and provenance, pick a parity sample, export. */

import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ExportFormat, ExportMeta, ExportPreprocess, ExportResult, TfliteQuantize } from '#contract/export';
import { HebbError } from '../core/errors';
import { nodeFs } from '../dataset/io';
import { walkDataset } from '../dataset/walk';
import { loadModelDir } from '../engine/train/model-io';
import { LabelsFile, PreprocessFile } from '#contract/run-files';
import { files, readChecked, readJson, readRunConfig, type RunSummaryFile } from '../engine/train/run-dir';
import { preprocessImage } from '../preprocess/decode';
import { exportModel } from './index';

export interface RunExportOptions {
  /** Images per class for the parity sample, at most `maxSample` in all. @default 2 */
  perClass?: number;
  /** @default 8 */
  maxSample?: number;
  /** TFLite precision. @default 'none' */
  quantize?: TfliteQuantize;
}

interface DatasetFacts {
  sample?: Float32Array;
  hash?: string;
  counts?: Record<string, number>;
  reason?: string;
}

/**
 * Reads the run's dataset (read-only): class counts, a hash of what is there now (relative paths and sizes), and a
 * few decoded images per class for the parity sample. An unreachable dataset is not an error: the export then
 * checks parity on generated inputs and says so.
 */
async function datasetFacts(root: string, labels: string[], pre: ExportPreprocess, o: RunExportOptions): Promise<DatasetFacts> {
  let walked;
  try {
    walked = await walkDataset(root, nodeFs);
  } catch (err) {
    return { reason: (err as Error).message };
  }
  const hash = createHash('sha256');
  const counts: Record<string, number> = {};
  for (const c of walked.candidates) {
    counts[c.cls] = (counts[c.cls] ?? 0) + 1;
    const st = await fs.stat(c.abs).catch(() => null);
    hash.update(`${c.rel}\0${st?.size ?? -1}\n`);
  }
  const per = o.perClass ?? 2, max = o.maxSample ?? 8;
  const pixels: number[] = [];
  let n = 0;
  for (let round = 0; round < per && n < max; round++) {
    for (const label of labels) {
      if (n >= max) break;
      const pick = walked.candidates.filter((c) => c.cls === label)[round];
      if (!pick) continue;
      const img = await preprocessImage(pick.abs, { width: pre.width, height: pre.height, fit: pre.fit, channels: pre.channels }).catch(() => null);
      if (!img) continue;
      for (const v of img) pixels.push(v);
      n++;
    }
  }
  return { hash: `sha256:${hash.digest('hex')}`, counts, ...(n ? { sample: Float32Array.from(pixels) } : { reason: 'no decodable images' }) };
}

/** Users' dataset folders are read-only to us: an export may not land inside one. */
function refuseDatasetFolder(outDir: string, roots: (string | undefined)[]): void {
  for (const root of roots) {
    if (!root) continue;
    const rel = path.relative(path.resolve(root), outDir);
    if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) {
      throw new HebbError('INVALID_ARGUMENT', `Refusing to export into the dataset folder ${root}: choose an --out outside it`, outDir);
    }
  }
}

/** `hebb export`'s core: the run directory's final model exported to `format` in `outDir`, parity-checked. */
export async function exportRun(runDir: string, format: ExportFormat, outDir: string, o: RunExportOptions = {}): Promise<ExportResult> {
  const f = files(runDir);
  const stat = await fs.stat(runDir).catch(() => null);
  if (!stat?.isDirectory()) throw new HebbError('UNKNOWN_RUN', `${runDir} is not a run directory`, runDir);
  const [cfg, labels, runPre] = await Promise.all([
    readRunConfig(path.dirname(f.config)),
    readChecked(f.labels, LabelsFile),
    readChecked(f.preprocess, PreprocessFile),
  ]);
  refuseDatasetFolder(path.resolve(outDir), [cfg.config.data, cfg.config.test]);
  const summary = await readJson<RunSummaryFile>(f.summary).catch(() => null);
  const model = await loadModelDir(f.model);
  try {
    const preprocess: ExportPreprocess = { width: runPre.width, height: runPre.height, channels: runPre.channels, fit: runPre.fit, scale: runPre.rescale ?? 1 / 255, offset: 0 };
    const facts = await datasetFacts(cfg.config.data, labels, preprocess, o);
    const meta: ExportMeta = {
      runId: cfg.runId,
      arch: cfg.config.arch,
      createdAt: cfg.createdAt,
      seed: cfg.config.seed,
      config: cfg.config,
      ...(facts.hash ? { datasetHash: facts.hash, classCounts: facts.counts } : {}),
      finalMetrics: summary ? { status: summary.status, final: summary.final, valAccuracy: summary.end?.valAccuracy ?? null, testAccuracy: summary.end?.testAccuracy ?? null } : null,
    };
    const quantize = o.quantize ?? 'none';
    const tflite = format === 'tflite' ? { quantize, ...(quantize !== 'none' && facts.sample ? await (await import('./tflite/run-data')).quantisationData(cfg.config, labels, preprocess) : {}) } : undefined;
    const res = await exportModel({ model, labels, preprocess, format, outDir: path.resolve(outDir), meta, ...(tflite ? { tflite } : {}), ...(facts.sample ? { sample: facts.sample, sampleSource: 'dataset' as const } : {}) });
    return facts.sample ? res : { ...res, note: `dataset ${cfg.config.data} not usable (${facts.reason}): parity checked on generated inputs` };
  } finally {
    model.dispose();
  }
}
