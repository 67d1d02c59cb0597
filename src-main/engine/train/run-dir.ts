/**
 * The run directory: config, labels, preprocessing, metrics.jsonl, checkpoints/, model/, summary.json.
 * Every file is written atomically; a checkpoint is a folder built under a temporary name, completed by a
 * COMPLETE marker written last, then renamed into place — so a kill -9 at any moment leaves a readable run.
 */

import { z } from 'zod';
import { TrainConfigSchema } from '#contract/engine';
import { validate } from '../../core/validate';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import type { RunPreprocess, TrainConfig, TrainEnd, EpochMetrics } from '#contract/engine';
import { TrainPosition } from '#contract/train-state';
import { CheckpointManifest } from '#contract/run-files';
import { writeFileAtomic, writeJsonAtomic } from '../../core/atomic';
import { HebbError } from '../../core/errors';
import type { EncodedWeights } from './optimizers/state';

export const files = (runDir: string) => ({
  config: path.join(runDir, 'config.json'),
  labels: path.join(runDir, 'labels.json'),
  preprocess: path.join(runDir, 'preprocess.json'),
  metrics: path.join(runDir, 'metrics.jsonl'),
  summary: path.join(runDir, 'summary.json'),
  checkpoints: path.join(runDir, 'checkpoints'),
  model: path.join(runDir, 'model'),
});

export const RunConfigFileSchema = z.object({ runId: z.string(), createdAt: z.string(), config: TrainConfigSchema });
export interface RunConfigFile { runId: string; createdAt: string; config: TrainConfig }

/** A run's config.json, checked against the schema: a corrupted file names itself and the bad field. */
/** Whether `dir` holds a run (its config.json): a job refused before it started wrote none. */
export const isRunDir = (dir: string): boolean => existsSync(files(dir).config);

export async function readRunConfig(runDir: string): Promise<RunConfigFile> {
  const file = files(runDir).config;
  return validate(RunConfigFileSchema, await readJson<unknown>(file), `${file} is not a valid run config`, file);
}
export interface RunSummaryFile {
  status: TrainEnd['status'];
  end: TrainEnd;
  final: EpochMetrics | null;
  /** Set when the saved model holds an earlier epoch's weights than `final` (an early stop restored its best). */
  weightsEpoch?: number;
}

/** Read a JSON file of the run and check it against its schema (the error names the file and the field). */
export async function readChecked<S extends z.ZodType>(file: string, schema: S): Promise<z.output<S>> {
  return validate(schema, await readJson<unknown>(file), `${file} is not valid`, file);
}

export async function readJson<T>(file: string): Promise<T> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as T;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'NOT_FOUND' : 'INVALID_ARGUMENT';
    throw new HebbError(code, `Cannot read ${path.basename(file)}: ${(err as Error).message}`, file);
  }
}

/** Start a new run: refuses a folder that already holds a run (use --resume for that). */
export async function createRunDir(runDir: string, meta: RunConfigFile, labels: string[], pre: RunPreprocess): Promise<void> {
  const f = files(runDir);
  if (await exists(f.config)) throw new HebbError('INVALID_ARGUMENT', `${runDir} already holds a run; pass --resume to continue it or choose another --out`, runDir);
  await fs.mkdir(f.checkpoints, { recursive: true });
  await writeJsonAtomic(f.labels, labels);
  await writeJsonAtomic(f.preprocess, pre);
  await fs.writeFile(f.metrics, '');
  await writeJsonAtomic(f.config, meta); // last: a folder with config.json is a run
}

export interface CheckpointData {
  /** Whole epochs done (1-based epoch just finished, for an epoch-end checkpoint). */
  epoch: number;
  /** Batches done of the following epoch: 0 at an epoch's end, > 0 for a step checkpoint. @default 0 */
  batch?: number;
  weights: EncodedWeights;
  optimizer: EncodedWeights & { names: string[] };
  /** Named callbacks' state (early stopping's best loss…), the loop's position and anything else to continue. */
  state: { callbacks: Record<string, unknown>; elapsedSeconds: number; history: EpochMetrics[]; position?: TrainPosition };
}

/** A checkpoint's place in the run: (epochs done, batches done of the next). */
export interface CheckpointId { epoch: number; batch: number }

const name = (c: CheckpointId) => `epoch-${String(c.epoch).padStart(4, '0')}${c.batch ? `-batch-${String(c.batch).padStart(6, '0')}` : ''}`;

/** Write a checkpoint (epoch end, or mid-epoch after `batch` batches), then keep only the newest `keep` complete ones. */
export async function saveCheckpoint(runDir: string, c: CheckpointData, keep = 2): Promise<void> {
  const root = files(runDir).checkpoints;
  const id = { epoch: c.epoch, batch: c.batch ?? 0 };
  const tmp = path.join(root, `.${name(id)}.${process.pid}.tmp`);
  await fs.rm(tmp, { recursive: true, force: true });
  await writeFileAtomic(path.join(tmp, 'weights.bin'), c.weights.data);
  await writeFileAtomic(path.join(tmp, 'optimizer.bin'), c.optimizer.data);
  await writeJsonAtomic(path.join(tmp, 'checkpoint.json'), {
    epoch: c.epoch, batch: id.batch, weightSpecs: c.weights.specs, optimizerSpecs: c.optimizer.specs, optimizerNames: c.optimizer.names, state: c.state,
  });
  await writeFileAtomic(path.join(tmp, 'COMPLETE'), `${name(id)}\n`);
  const final = path.join(root, name(id));
  await fs.rm(final, { recursive: true, force: true });
  await fs.rename(tmp, final);
  const done = await completeCheckpointIds(runDir);
  for (const old of done.slice(0, Math.max(0, done.length - keep))) await fs.rm(path.join(root, name(old)), { recursive: true, force: true });
}

/** Every complete checkpoint, oldest first. Half-written folders are ignored. */
export async function completeCheckpointIds(runDir: string): Promise<CheckpointId[]> {
  const root = files(runDir).checkpoints;
  const names = await fs.readdir(root).catch(() => [] as string[]);
  const out: CheckpointId[] = [];
  for (const n of names) {
    const m = /^epoch-(\d+)(?:-batch-(\d+))?$/.exec(n);
    if (m && (await exists(path.join(root, n, 'COMPLETE')))) out.push({ epoch: Number(m[1]), batch: Number(m[2] ?? 0) });
  }
  return out.sort((a, b) => a.epoch - b.epoch || a.batch - b.batch);
}

/** 1-based epochs with a complete epoch-end checkpoint, ascending. */
export async function completeCheckpoints(runDir: string): Promise<number[]> {
  return (await completeCheckpointIds(runDir)).filter((c) => c.batch === 0).map((c) => c.epoch);
}

export async function loadCheckpoint(runDir: string, epoch: number, batch = 0): Promise<CheckpointData> {
  const dir = path.join(files(runDir).checkpoints, name({ epoch, batch }));
  const file = path.join(dir, 'checkpoint.json');
  const meta = await readChecked(file, CheckpointManifest) as unknown as { epoch: number; batch?: number; weightSpecs: EncodedWeights['specs']; optimizerSpecs: EncodedWeights['specs']; optimizerNames: string[]; state: CheckpointData['state'] };
  if (meta.state.position !== undefined) {
    const p = TrainPosition.safeParse(meta.state.position);
    if (!p.success) throw new HebbError('INVALID_ARGUMENT', `${file}: state.position is not a training position (${p.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`, file);
  }
  const [w, o] = await Promise.all([fs.readFile(path.join(dir, 'weights.bin')), fs.readFile(path.join(dir, 'optimizer.bin'))]);
  return {
    epoch: meta.epoch,
    batch: meta.batch ?? 0,
    weights: { data: new Uint8Array(w), specs: meta.weightSpecs },
    optimizer: { data: new Uint8Array(o), specs: meta.optimizerSpecs, names: meta.optimizerNames },
    state: meta.state,
  };
}

/** Remove temporary checkpoint folders a killed process left behind. */
export async function cleanTemporary(runDir: string): Promise<void> {
  const root = files(runDir).checkpoints;
  for (const n of await fs.readdir(root).catch(() => [] as string[])) {
    if (n.startsWith('.')) await fs.rm(path.join(root, n), { recursive: true, force: true });
  }
}

export async function writeSummary(runDir: string, s: RunSummaryFile): Promise<void> {
  await writeJsonAtomic(files(runDir).summary, s);
}

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(() => true, () => false);
}
