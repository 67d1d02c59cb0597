/** Find byte-identical files that sit in different classes or different splits: label noise or train/test leakage. */

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { ImageEntry } from '../contract/dataset';
import { mapLimit } from './pool';

export interface DuplicateGroup {
  /** Relative paths of identical files, in scan order. */
  paths: string[];
  acrossClasses: boolean;
  acrossSplits: boolean;
}

/** How many files are hashed at once; hashing is disk-bound, so a few streams keep the disk busy. */
const HASH_CONCURRENCY = 4;

/**
 * Only files whose size is shared by another file that lives in a different class or split can be such a
 * duplicate, so only those are hashed (streamed, never whole files in memory). Within-class copies are
 * not reported: they only weigh an image twice.
 */
export async function findCrossDuplicates(entries: ImageEntry[], absOf: (e: ImageEntry) => string, signal?: AbortSignal): Promise<DuplicateGroup[]> {
  const bySize = new Map<number, ImageEntry[]>();
  for (const e of entries) {
    const list = bySize.get(e.size);
    if (list) list.push(e);
    else bySize.set(e.size, [e]);
  }
  const candidates = [...bySize.values()].filter((g) => g.length > 1 && new Set(g.map(place)).size > 1).flat();
  const hashes = await mapLimit(candidates, HASH_CONCURRENCY, (e) => hashFile(absOf(e)).catch(() => null), signal);

  const byHash = new Map<string, ImageEntry[]>();
  candidates.forEach((e, i) => {
    const h = hashes[i];
    if (!h) return;
    const key = `${e.size}:${h}`;
    const list = byHash.get(key);
    if (list) list.push(e);
    else byHash.set(key, [e]);
  });
  const groups: DuplicateGroup[] = [];
  for (const g of byHash.values()) {
    const acrossClasses = new Set(g.map((e) => e.label)).size > 1;
    const acrossSplits = new Set(g.map((e) => e.split ?? '')).size > 1;
    if (acrossClasses || acrossSplits) groups.push({ paths: g.map((e) => e.path), acrossClasses, acrossSplits });
  }
  return groups;
}

function place(e: ImageEntry): string {
  return `${e.label}/${e.split ?? ''}`;
}

function hashFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(file, { flags: 'r' })
      .on('data', (chunk) => h.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}
