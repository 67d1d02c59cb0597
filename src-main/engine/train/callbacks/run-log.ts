/** The run log: metrics.jsonl, one JSON object per line, appended as training goes; readers tolerate a torn last line. */

import { promises as fs } from 'node:fs';
import type { BatchMetrics, EpochMetrics, TrainEnd } from '#contract/engine';
import type { TrainPosition } from '#contract/train-state';
import { writeFileAtomic } from '../../../core/atomic';
import type { Callback } from './types';

export type LogRecord =
  | ({ type: 'batch' } & BatchMetrics)
  | ({ type: 'epoch' } & EpochMetrics)
  | ({ type: 'end' } & TrainEnd);

export interface RunLogOptions {
  /** Batch records at most every this many ms (the last batch of an epoch always). @default 500 */
  batchEveryMs?: number;
  now?: () => number;
}

export function runLog(file: string, opts: RunLogOptions = {}): Callback {
  const gap = opts.batchEveryMs ?? 500;
  const now = opts.now ?? Date.now;
  let last = -Infinity;
  const append = (r: LogRecord) => fs.appendFile(file, JSON.stringify(r) + '\n');
  return {
    async onBatchEnd(m) {
      const t = now();
      if (t - last < gap && m.batch < m.batchesPerEpoch) return;
      last = t;
      await append({ type: 'batch', ...m });
    },
    // A resumed session drops what the log holds beyond the checkpoint it continues from (and the old end record).
    async onTrainBegin(info) { await truncateRunLog(file, info.position()); },
    async onEpochEnd(m) { await append({ type: 'epoch', ...m }); },
    async onTrainEnd(end) { await append({ type: 'end', ...end }); },
  };
}

/** Every well-formed record; a line torn by a crash (or any garbage) is skipped, never fatal. */
export async function readRunLog(file: string): Promise<LogRecord[]> {
  let text: string;
  try { text = await fs.readFile(file, 'utf8'); } catch { return []; }
  const out: LogRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const r = JSON.parse(line) as LogRecord;
      if (r && typeof r === 'object' && typeof r.type === 'string') out.push(r);
    } catch { /* torn line */ }
  }
  return out;
}

/** Keep only records up to `at` (epochs ≤ epochsDone, and the next epoch's batches ≤ batch), no end; rewritten atomically. */
export async function truncateRunLog(file: string, at: Pick<TrainPosition, 'epochsDone' | 'batch'>): Promise<void> {
  const keep = (r: LogRecord) => r.type !== 'end' && (r.epoch <= at.epochsDone || (r.type === 'batch' && r.epoch === at.epochsDone + 1 && r.batch <= at.batch));
  const kept = (await readRunLog(file)).filter(keep);
  await writeFileAtomic(file, kept.map((r) => JSON.stringify(r) + '\n').join(''));
}
