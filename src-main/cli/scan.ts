/** `hebb scan <folder>`: check a dataset folder and print its classes, counts, broken files and health warnings. */

import type { Command } from 'commander';
import type { ScanResult } from '#contract/dataset';
import { HebbError } from '../core/errors';
import { scanDataset } from '../dataset/scan';
import { action, emit, progress, type CommonOptions } from './output';

interface ScanCliOptions extends CommonOptions {
  entries?: boolean;
  concurrency?: string;
  followLinks?: boolean;
  project?: string;
}

export function register(program: Command): void {
  program
    .command('scan [folder]')
    .description('check an image folder (one subfolder per class, or train/val/test folders of classes); reads headers only, never writes')
    .option('--json', 'print the result as one JSON object on the last line')
    .option('--entries', 'with --json, include every usable image (path, label, size, channels)')
    .option('--concurrency <n>', 'files checked at once', '16')
    .option('--project <dir>', 'scan a project\'s effective dataset instead of a folder')
    .option('--follow-links', 'follow symlinks that lead outside the folder (default: list them, unread)')
    .action(action(async (folder: string | undefined, opts: ScanCliOptions) => {
      if (!folder === !opts.project) throw new HebbError('INVALID_ARGUMENT', 'give a folder to scan, or --project DIR (not both)');
      const bar = progress(opts, 'Scanning');
      let result: ScanResult;
      try {
        result = opts.project
          ? (await (await import('../project/index')).loadDataset(opts.project, { onProgress: (d, t) => bar.update(d, t) }))
          : await scanDataset(folder!, { onProgress: (d, t) => bar.update(d, t), concurrency: Math.max(1, Number(opts.concurrency) || 16), followLinks: Boolean(opts.followLinks) });
      } finally {
        bar.stop();
      }
      const { entries, root: _root, ...summary } = result;
      emit(opts, opts.entries ? { ...summary, entries } : summary, () => humanSummary(result));
    }));
}

/** Broken files listed in the human summary; --json always has them all. */
const MAX_LISTED = 30;

/** A short table: class counts, then broken files and warnings, each named. */
export function humanSummary(r: ScanResult): string {
  const lines: string[] = [`${r.root}`];
  if (r.splits.length) lines.push(`splits: ${r.splits.join(', ')}`);
  const width = Math.max(5, ...r.classes.map((c) => c.length));
  const perSplit = (label: number | null, split: string) => r.entries.filter((e) => (label === null || e.label === label) && e.split === split).length;
  const splitCols = (label: number | null) => r.splits.map((s) => String(perSplit(label, s)).padStart(7)).join('');
  lines.push('', `${'class'.padEnd(width)}  images${r.splits.map((s) => s.padStart(7)).join('')}`);
  r.classes.forEach((c, i) => lines.push(`${c.padEnd(width)}  ${String(r.counts[c]).padStart(6)}${splitCols(i)}`));
  lines.push(`${'total'.padEnd(width)}  ${String(r.images).padStart(6)}${splitCols(null)}${r.greyscale ? '  (all greyscale)' : ''}`);
  if (r.invalid.length) {
    lines.push('', `${r.invalid.length} unusable file${r.invalid.length === 1 ? '' : 's'}:`);
    for (const f of r.invalid.slice(0, MAX_LISTED)) lines.push(`  ${f.path}: ${f.reason}`);
    if (r.invalid.length > MAX_LISTED) lines.push(`  … and ${r.invalid.length - MAX_LISTED} more (--json lists them all)`);
  }
  if (r.ignored.length) lines.push('', `${r.ignored.length} ignored (hidden, system or non-image files)${r.ignored.length <= 5 ? `: ${r.ignored.join(', ')}` : ''}`);
  if (r.warnings.length) {
    lines.push('', 'warnings:');
    for (const w of r.warnings) lines.push(`  ! ${w.message}`);
  }
  return lines.join('\n');
}
