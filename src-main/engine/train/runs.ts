/** Run history: new run ids, the list of runs under a folder, and one run's curves from its metrics.jsonl. */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { BatchMetrics, EpochMetrics, RunSummary, TrainConfig } from '#contract/engine';
import type { ProjectRun } from '#contract/project';
import { HebbError } from '../../core/errors';
import { readRunLog } from './callbacks/run-log';
import { files, readJson, type RunConfigFile, type RunSummaryFile } from './run-dir';

/** Sortable and readable: 2026-11-23T19-50-00-cnn-small-3f9a. */
export function newRunId(arch: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').replace(/-\d{3}Z$/, '');
  return `${stamp}-${arch.replace(/[^a-z0-9-]/gi, '')}-${Math.floor(Math.random() * 0xffff).toString(16).padStart(4, '0')}`;
}

/** Every folder under `runsDir` holding a config.json; a run without summary.json is still running (or was killed). */
export async function listRuns(runsDir: string): Promise<RunSummary[]> {
  const names = await fs.readdir(runsDir).catch(() => [] as string[]);
  const out: RunSummary[] = [];
  for (const n of names) {
    const run = await readRun(path.join(runsDir, n));
    if (run) out.push(run);
  }
  return out;
}

/** One run folder as the Runs view lists it; null when it holds no config.json (it is no run). */
export async function readRun(runDir: string): Promise<RunSummary | null> {
  const meta = await readJson<RunConfigFile>(files(runDir).config).catch(() => null);
  if (!meta) return null;
  const summary = await readJson<RunSummaryFile>(files(runDir).summary).catch(() => null);
  let final = summary?.final ?? null;
  if (!summary) final = (await readRunMetrics(runDir)).epochs.at(-1) ?? null;
  // summary.json is read as written (unchecked, like final): a weightsEpoch that is no epoch number is ignored.
  const weightsEpoch = summary?.weightsEpoch;
  const restored = Number.isInteger(weightsEpoch) && weightsEpoch! >= 0 ? { weightsEpoch } : {};
  return { id: meta.runId, runDir, createdAt: meta.createdAt, config: meta.config, status: summary?.status ?? 'running', final, ...restored };
}

/** A retrain names its parent only to be compared with it later: one that names no run is refused, not kept dangling. */
export async function requireRetrainParent(runsDir: string, runId: string): Promise<void> {
  // A run id names a folder of the runs directory (as for a warm start): read that one run, not the whole list.
  if ((await readRun(path.join(runsDir, runId)))?.id !== runId) {
    throw new HebbError('INVALID_ARGUMENT', `retrainOf: no run "${runId}" under ${runsDir}`, undefined, { field: 'retrainOf' });
  }
}

/** What a project records of a run's parent ("train again"); a warm start given as a run directory is kept as its id. */
export function parentOf(config: Pick<TrainConfig, 'warmStartFrom' | 'retrainOf'>): Pick<ProjectRun, 'warmStartFrom' | 'retrainOf'> {
  return { ...(config.warmStartFrom ? { warmStartFrom: path.basename(config.warmStartFrom) } : {}), ...(config.retrainOf ? { retrainOf: config.retrainOf } : {}) };
}

export async function readRunMetrics(runDir: string): Promise<{ epochs: EpochMetrics[]; batches: BatchMetrics[] }> {
  const records = await readRunLog(files(runDir).metrics);
  const epochs: EpochMetrics[] = [];
  const batches: BatchMetrics[] = [];
  for (const r of records) {
    const { type, ...m } = r;
    if (type === 'epoch') epochs.push(m as EpochMetrics);
    else if (type === 'batch') batches.push(m as BatchMetrics);
  }
  return { epochs, batches };
}
