/** Scan a dataset folder into a validated index: classes, usable images (headers only), invalid files with reasons, health. */

import path from 'node:path';
import type { ImageEntry, InvalidFile, ScanResult } from '#contract/dataset';
import { HebbError } from '../core/errors';
import { findCrossDuplicates, type DuplicateCandidate } from './duplicates';
import { healthWarnings, isGrey } from './health';
import { nodeFs, type ScanFs } from './io';
import { MAX_PIXELS, probeImage } from './probe';
import { compareCodePoints } from './names';
import { mapLimit } from './pool';
import { walkDataset } from './walk';

export interface ScanOptions {
  /** Called as files are probed (throttled to ~10 per second, always once at the end). */
  onProgress?: (done: number, total: number) => void;
  /** Files probed at once. @default 16 */
  concurrency?: number;
  /** Abort the scan; it then rejects with a CANCELLED HebbError. */
  signal?: AbortSignal;
  /** Largest width × height accepted. @default 100_000_000 (MAX_PIXELS) */
  maxPixels?: number;
  /** File-system calls (read-only); tests inject failures root cannot otherwise see. @default node:fs/promises */
  fs?: ScanFs;
  /** Follow symlinks that lead outside the dataset folder; otherwise they are listed as invalid, unread. @default false */
  followLinks?: boolean;
}

const PROGRESS_EVERY_MS = 100;

export async function scanDataset(root: string, options: ScanOptions = {}): Promise<ScanResult> {
  const fs = options.fs ?? nodeFs;
  const abs = path.resolve(root);
  await checkFolder(abs, fs);
  try {
    return await scanFolder(abs, fs, options);
  } catch (err) {
    if (options.signal?.aborted) throw new HebbError('CANCELLED', 'Scan cancelled', abs);
    throw err;
  }
}

async function checkFolder(abs: string, fs: ScanFs): Promise<void> {
  let st;
  try {
    st = await fs.stat(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new HebbError('NOT_FOUND', `Folder not found: ${abs}`, abs);
    if (code === 'EACCES' || code === 'EPERM') throw new HebbError('PERMISSION_DENIED', `Cannot open folder (permission denied): ${abs}`, abs);
    throw err;
  }
  if (!st.isDirectory()) {
    throw new HebbError('NOT_A_DIRECTORY', `${abs} is a file, not a folder. Give the folder that holds one subfolder per class.`, abs);
  }
}

async function scanFolder(abs: string, fs: ScanFs, options: ScanOptions): Promise<ScanResult> {
  const { signal } = options;
  const walk = await walkDataset(abs, fs, signal, options.followLinks);
  if (!walk.classes.length) {
    const loose = walk.ignored.filter((p) => !p.includes('/')).length;
    throw new HebbError('DATASET_EMPTY', `No class folders in ${abs}: put each class's images in its own subfolder (${path.join(abs, 'cat')}/…, ${path.join(abs, 'dog')}/…)${loose ? `; found ${loose} loose files at the top` : ''}.`, abs);
  }
  signal?.throwIfAborted();

  const total = walk.candidates.length;
  const report = throttledProgress(options.onProgress);
  report(0, total, true);
  let done = 0;
  const maxPixels = options.maxPixels ?? MAX_PIXELS;
  const probes = await mapLimit(walk.candidates, options.concurrency ?? 16, async (c) => {
    const r = await probeImage(c.abs, fs, maxPixels);
    report(++done, total, false);
    return r;
  }, signal);
  report(total, total, true);

  const labelOf = new Map(walk.classes.map((c, i) => [c, i]));
  const found: DuplicateCandidate[] = [];
  const invalid: InvalidFile[] = [...walk.invalid];
  walk.candidates.forEach((c, i) => {
    const p = probes[i]!;
    if (!p.ok) invalid.push({ path: c.rel, reason: p.reason });
    else found.push({ entry: { path: c.rel, label: labelOf.get(c.cls)!, ...(c.split ? { split: c.split } : {}), ...p.info }, quick: p.quickKey });
  });
  const entries: ImageEntry[] = found.map((f) => f.entry);

  invalid.sort((x, y) => compareCodePoints(x.path, y.path));
  const duplicates = await findCrossDuplicates(found, (e) => path.join(abs, e.path), signal);
  const counts = Object.fromEntries(walk.classes.map((c) => [c, 0]));
  for (const e of entries) counts[walk.classes[e.label]!]!++;
  return {
    root: abs,
    classes: walk.classes,
    counts,
    images: entries.length,
    invalid,
    ignored: walk.ignored,
    warnings: healthWarnings({ classes: walk.classes, entries, splits: walk.splits, duplicates }),
    splits: walk.splits,
    greyscale: entries.length > 0 && entries.every((e) => isGrey(e.channels)),
    entries,
  };
}

function throttledProgress(onProgress?: (done: number, total: number) => void): (done: number, total: number, force: boolean) => void {
  let last = 0;
  return (done, total, force) => {
    if (!onProgress) return;
    const now = Date.now();
    if (!force && now - last < PROGRESS_EVERY_MS) return;
    last = now;
    onProgress(done, total);
  };
}
