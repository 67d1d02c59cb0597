/** Train/validation/test split: the dataset's own split folders when present, else a seeded stratified split. */

import { createHash } from 'node:crypto';
import type { ImageEntry, SplitOptions, SplitResult } from '#contract/dataset';
import { HebbError } from '../core/errors';

/**
 * How the seeded split works, and why:
 * every file gets a rank `sha256(seed, path)` that depends on nothing but its own path and the seed; within
 * each class the files are ordered by rank, the first round(n·test) go to test, the next round(n·val) to val,
 * the rest to train. So the split is stratified (each class keeps the requested shares), identical across runs
 * and independent of readdir order, and adding or removing one file moves at most one file per boundary
 * instead of reshuffling the class.
 *
 * When entries carry `split` (root/train, root/val, root/test folders), those decide. If the folders have no
 * `val`, validation is carved from `train` by the same seeded rule (test folder untouched), because training
 * needs a validation set to early-stop on.
 */
export function splitDataset<E extends Pick<ImageEntry, 'path' | 'label' | 'split'>>(
  entries: E[], options: Partial<SplitOptions> = {},
): SplitResult<E> {
  const opts: SplitOptions = { val: options.val ?? 0.2, test: options.test ?? 0, seed: options.seed ?? 42 };
  for (const k of ['val', 'test'] as const) {
    if (!Number.isFinite(opts[k]) || opts[k] < 0 || opts[k] >= 1) throw new HebbError('INVALID_ARGUMENT', `split.${k} must be in [0, 1), got ${opts[k]}`);
  }
  if (opts.val + opts.test >= 1) throw new HebbError('INVALID_ARGUMENT', `split.val + split.test must be < 1, got ${opts.val + opts.test}`);

  if (entries.some((e) => e.split)) return folderSplit(entries, opts);
  const r = seededSplit(entries, opts.val, opts.test, opts.seed);
  return { ...r, source: 'seeded' };
}

function folderSplit<E extends Pick<ImageEntry, 'path' | 'label' | 'split'>>(entries: E[], opts: SplitOptions): SplitResult<E> {
  const by = { train: [] as E[], val: [] as E[], test: [] as E[] };
  for (const e of entries) {
    if (!e.split) throw new HebbError('INVALID_ARGUMENT', `${e.path}: mixed dataset, some images are in split folders and this one is not`, e.path);
    by[e.split].push(e);
  }
  if (by.val.length === 0 && opts.val > 0) {
    const carved = seededSplit(by.train, opts.val, 0, opts.seed);
    return { train: carved.train, val: carved.val, test: by.test, source: 'folders' };
  }
  return { ...by, source: 'folders' };
}

function seededSplit<E extends Pick<ImageEntry, 'path' | 'label'>>(entries: E[], val: number, test: number, seed: number): Omit<SplitResult<E>, 'source'> {
  const byClass = new Map<number, { e: E; rank: string }[]>();
  for (const e of entries) {
    const rank = createHash('sha256').update(`${seed}\0${e.path}`).digest('hex');
    let list = byClass.get(e.label);
    if (!list) byClass.set(e.label, (list = []));
    list.push({ e, rank });
  }
  const where = new Map<E, 'train' | 'val' | 'test'>();
  for (const list of byClass.values()) {
    list.sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : a.e.path < b.e.path ? -1 : 1));
    const { nTest, nVal } = shares(list.length, val, test);
    list.forEach(({ e }, i) => where.set(e, i < nTest ? 'test' : i < nTest + nVal ? 'val' : 'train'));
  }
  // Keep the caller's order inside each split (the scan's sorted order), so listings read naturally.
  const out = { train: [] as E[], val: [] as E[], test: [] as E[] };
  for (const e of entries) out[where.get(e)!].push(e);
  return out;
}

/** Per-class counts: rounded shares, but a class with ≥ 2 images always keeps one for training. */
function shares(n: number, val: number, test: number): { nTest: number; nVal: number } {
  let nTest = Math.round(n * test);
  let nVal = Math.round(n * val);
  while (n >= 2 && nTest + nVal >= n) {
    if (nVal >= nTest && nVal > 0) nVal--;
    else nTest--;
  }
  if (n < 2) nTest = nVal = 0;
  return { nTest, nVal };
}
