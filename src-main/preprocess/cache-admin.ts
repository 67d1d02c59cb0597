/** Housekeeping for the preprocessing cache: how big it is, clearing it, and sweeping temp files left by crashes. */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { cacheDir } from '../core/paths';

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
