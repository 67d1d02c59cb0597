/**
 * The dataset hash: a stable digest of what a run learns from (class list; per image its key, size, mtime, class
 * and split). Any edit that changes the data changes it; reopening, moving the project or re-scanning does not.
 */

import { createHash } from 'node:crypto';
import type { ImageEntry } from '#contract/dataset';
import { compareCodePoints } from '../dataset/names';

export function datasetHash(classes: string[], rows: { key: string; entry: ImageEntry }[]): string {
  const h = createHash('sha256');
  h.update(JSON.stringify(classes));
  const lines = rows.map((r) => JSON.stringify([r.key, r.entry.size, r.key.startsWith('images/') ? 0 : r.entry.mtimeMs, classes[r.entry.label], r.entry.split ?? '']));
  for (const l of lines.sort(compareCodePoints)) h.update('\n').update(l);
  return h.digest('hex').slice(0, 16);
}
