/**
 * Dataset snapshots: a training run on a project learns from the effective dataset as it was when the run started,
 * frozen into `<project>/snapshots/<dataset hash>.json`; the run's config names that file as its data, so edits made
 * while it trains (or before a resume) do not reach it. `loadDataset` opens any data path: a folder, a project or a
 * snapshot.
 */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ScanResult } from '#contract/dataset';
import { writeJsonAtomic } from '../core/atomic';
import { HebbError } from '../core/errors';
import { scanDataset, type ScanOptions } from '../dataset/scan';
import type { EffectiveDataset } from './effective';
import { isProjectDir } from './file';
import { Project } from './project';

const KIND = 'hebb-dataset-snapshot';

export interface Snapshot {
  kind: typeof KIND;
  datasetHash: string;
  project: string;
  createdAt: string;
  scan: ScanResult;
}

export const snapshotFile = (projectDir: string, hash: string): string => path.join(projectDir, 'snapshots', `${hash}.json`);

/** Writes the snapshot once per dataset hash (the same data gives the same file) and returns its path. */
export async function writeSnapshot(projectDir: string, eff: EffectiveDataset): Promise<string> {
  const file = snapshotFile(projectDir, eff.hash);
  if (await fs.stat(file).then(() => true, () => false)) return file;
  const snap: Snapshot = { kind: KIND, datasetHash: eff.hash, project: projectDir, createdAt: new Date().toISOString(), scan: eff.scan };
  await writeJsonAtomic(file, snap);
  return file;
}

export async function readSnapshot(file: string): Promise<Snapshot> {
  let v: Partial<Snapshot>;
  try { v = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<Snapshot>; } catch (err) {
    throw new HebbError('INVALID_ARGUMENT', `${file} is neither a folder nor a readable dataset snapshot (${(err as Error).message})`, file);
  }
  if (v.kind !== KIND || !v.scan || !Array.isArray(v.scan.entries)) throw new HebbError('INVALID_ARGUMENT', `${file} is not a dataset snapshot`, file);
  return v as Snapshot;
}

/** What a data path holds, scanned: a class folder tree, a project folder (its effective dataset) or a snapshot file. */
export async function loadDataset(p: string, o: ScanOptions = {}): Promise<ScanResult & { datasetHash?: string }> {
  const abs = path.resolve(p);
  const st = await fs.stat(abs).catch(() => null);
  if (st?.isFile() && abs.endsWith('.json')) {
    const snap = await readSnapshot(abs);
    return { ...snap.scan, datasetHash: snap.datasetHash };
  }
  if (st?.isDirectory() && (await isProjectDir(abs))) {
    const eff = await (await Project.open(abs, { onProgress: o.onProgress })).effective();
    return { ...eff.scan, datasetHash: eff.hash };
  }
  return scanDataset(abs, o);
}
