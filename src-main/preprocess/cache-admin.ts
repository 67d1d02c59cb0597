/** Housekeeping for the preprocessing cache: how big it is, clearing it, trimming it to a budget, sweeping crash leftovers. */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { HebbError } from '../core/errors';
import { cacheDir } from '../core/paths';
import { CACHE_FORMAT_VERSION } from './cache';

const root = (dir?: string): string => path.join(dir ?? cacheDir(), 'preprocess');

export interface CacheUsage {
  /** Valid-looking entries (`*.bin`), every format version included. */
  entries: number;
  bytes: number;
  /** Temp files of writes that never finished (a crash or a kill mid-write). */
  orphanTemps: number;
}

async function* files(dir: string): AsyncGenerator<string> {
  let items: import('node:fs').Dirent[];
  try {
    items = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const it of items) {
    const p = path.join(dir, it.name);
    if (it.isDirectory()) yield* files(p);
    else if (it.isFile()) yield p;
  }
}

/** Walks the cache; for a settings page, not for a hot path. */
export async function cacheUsage(dir?: string): Promise<CacheUsage> {
  const u: CacheUsage = { entries: 0, bytes: 0, orphanTemps: 0 };
  for await (const f of files(root(dir))) {
    const st = await fs.stat(f).catch(() => null);
    if (!st) continue;
    u.bytes += st.size;
    if (f.endsWith('.bin')) u.entries++;
    else if (f.endsWith('.tmp')) u.orphanTemps++;
  }
  return u;
}

/** Deletes every cached image (all versions and parameters); the next epoch decodes again. Never touches datasets. */
export async function clearPreprocessCache(dir?: string): Promise<void> {
  await fs.rm(root(dir), { recursive: true, force: true });
}

/**
 * Removes temp files older than `olderThanMs` (a live writer renames its temp within milliseconds, so an hour-old
 * one is a crash leftover). Readers never look at temps, so this is tidiness, not correctness. @returns count removed
 */
export async function pruneOrphanTemps(dir?: string, olderThanMs = 3_600_000): Promise<number> {
  let removed = 0;
  const cutoff = Date.now() - olderThanMs;
  for await (const f of files(root(dir))) {
    if (!f.endsWith('.tmp')) continue;
    const st = await fs.stat(f).catch(() => null);
    if (st && st.mtimeMs < cutoff) {
      await fs.rm(f, { force: true });
      removed++;
    }
  }
  return removed;
}

/** The cache's size budget: HEBB_CACHE_MAX_BYTES when set (bytes, or with a K/M/G suffix), else 5 GiB. */
export function cacheBudget(env: NodeJS.ProcessEnv = process.env): number {
  if (!env.HEBB_CACHE_MAX_BYTES) return 5 * 2 ** 30;
  try {
    return parseSize(env.HEBB_CACHE_MAX_BYTES);
  } catch (err) {
    throw new HebbError('INVALID_ARGUMENT', `HEBB_CACHE_MAX_BYTES: ${(err as Error).message}`);
  }
}

/** "500M", "2G", "1048576" → bytes. */
export function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?\s*$/i.exec(text);
  if (!m) throw new HebbError('INVALID_ARGUMENT', `"${text}" is not a size (use bytes or a K, M or G suffix, e.g. 2G)`);
  const unit = (m[2] ?? 'b')[0]!.toLowerCase();
  return Math.floor(Number(m[1]) * (unit === 'k' ? 2 ** 10 : unit === 'm' ? 2 ** 20 : unit === 'g' ? 2 ** 30 : 1));
}

async function listed(dir: string): Promise<{ file: string; size: number; used: number }[]> {
  const out: { file: string; size: number; used: number }[] = [];
  for await (const f of files(dir)) {
    const st = await fs.stat(f).catch(() => null);
    if (st) out.push({ file: f, size: st.size, used: Math.max(st.atimeMs, st.mtimeMs) });
  }
  return out;
}

export interface TrimResult { removed: number; bytesFreed: number; bytes: number }

/**
 * Bring the cache under `budgetBytes`: entries of older cache formats go first (nothing reads them), then crash
 * leftovers, then the least recently used entries (by atime or mtime, whichever is later: with Linux's relatime a
 * read refreshes atime about once a day, which is the resolution LRU needs here). Never touches datasets.
 */
export async function trimPreprocessCache(budgetBytes: number, dir?: string): Promise<TrimResult> {
  const base = root(dir);
  const out: TrimResult = { removed: 0, bytesFreed: 0, bytes: 0 };
  const current = `v${CACHE_FORMAT_VERSION}`;
  for (const d of await fs.readdir(base).catch(() => [] as string[])) {
    if (d === current) continue;
    const stale = await listed(path.join(base, d));
    await fs.rm(path.join(base, d), { recursive: true, force: true });
    out.removed += stale.length;
    out.bytesFreed += stale.reduce((a, e) => a + e.size, 0);
  }
  await pruneOrphanTemps(dir);
  const entries = await listed(base);
  let total = entries.reduce((a, e) => a + e.size, 0);
  entries.sort((a, b) => a.used - b.used);
  for (const e of entries) {
    if (total <= budgetBytes) break;
    await fs.rm(e.file, { force: true });
    total -= e.size; out.removed++; out.bytesFreed += e.size;
  }
  out.bytes = total;
  return out;
}
