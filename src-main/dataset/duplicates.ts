/** Find byte-identical files that sit in different classes or different splits: label noise or train/test leakage. */

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { ImageEntry } from '#contract/dataset';
import { mapLimit } from './pool';
import type { QuickKey } from './probe';

export interface DuplicateGroup {
  /** Relative paths of identical files, in scan order. */
  paths: string[];
  acrossClasses: boolean;
  acrossSplits: boolean;
}

/** How many files are hashed at once; hashing is disk-bound, so a few streams keep the disk busy. */
const HASH_CONCURRENCY = 4;

/** An image with the quick key its probe computed from the bytes it already read. */
export interface DuplicateCandidate {
  entry: ImageEntry;
  quick?: QuickKey;
}

/**
 * Only files that share size and quick key (a hash of their first and last bytes) with a file in another class or
 * split can be such a duplicate. Small files whose head and tail are the whole file are settled by that key alone;
 * the rest are hashed in full (streamed, a few at a time). Within-class copies are not reported: they only weigh
 * an image twice.
 */
export async function findCrossDuplicates(items: DuplicateCandidate[], absOf: (e: ImageEntry) => string, signal?: AbortSignal): Promise<DuplicateGroup[]> {
  const buckets = groupBy(items, (c) => `${c.entry.size}:${c.quick?.key ?? ''}`);
  const suspects = [...buckets.values()].filter((g) => g.length > 1 && new Set(g.map((c) => place(c.entry))).size > 1);
  const settled = suspects.filter((g) => g.every((c) => c.quick?.complete));
  const toHash = suspects.filter((g) => !settled.includes(g)).flat();
  const hashes = await mapLimit(toHash, HASH_CONCURRENCY, (c) => hashFile(absOf(c.entry)).catch(() => null), signal);
  const hashed = groupBy(toHash.map((c, i) => ({ c, h: hashes[i] })).filter((x) => x.h), (x) => `${x.c.entry.size}:${x.h}`);

  const groups: DuplicateGroup[] = [];
  for (const g of [...settled, ...[...hashed.values()].map((xs) => xs.map((x) => x.c))]) {
    const entries = g.map((c) => c.entry);
    const acrossClasses = new Set(entries.map((e) => e.label)).size > 1;
    const acrossSplits = new Set(entries.map((e) => e.split ?? '')).size > 1;
    if (acrossClasses || acrossSplits) groups.push({ paths: entries.map((e) => e.path), acrossClasses, acrossSplits });
  }
  return groups;
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
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
