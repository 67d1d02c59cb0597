/** `hebb cache`: how big the preprocessing cache is, and trimming or clearing it (it never touches datasets). */

import type { Command } from 'commander';
import { cacheDir } from '../core/paths';
import { cacheBudget, cacheUsage, clearPreprocessCache, parseSize, trimPreprocessCache } from '../preprocess/cache-admin';
import { action, emit, type CommonOptions } from './output';

interface CacheOptions extends CommonOptions { trim?: string | true; clear?: boolean }

const mb = (b: number) => `${(b / 2 ** 20).toFixed(1)} MB`;

export function register(program: Command): void {
  program
    .command('cache')
    .description('show the preprocessing cache (decoded, resized images; HEBB_CACHE_MAX_BYTES sets its budget, trimmed at each training start)')
    .option('--trim [size]', 'remove least recently used entries down to size (e.g. 2G; default: the budget)')
    .option('--clear', 'remove every cached image')
    .option('--json', 'last line of stdout is one JSON object')
    .action(action(async (o: CacheOptions) => {
      const dir = cacheDir();
      if (o.clear) await clearPreprocessCache();
      const trimmed = o.trim !== undefined ? await trimPreprocessCache(o.trim === true ? cacheBudget() : parseSize(o.trim)) : null;
      const usage = await cacheUsage();
      const budget = cacheBudget();
      emit(o, { dir, ...usage, budget, cleared: o.clear ?? false, trimmed }, () => [
        `${dir}: ${usage.entries} cached images, ${mb(usage.bytes)} of a ${mb(budget)} budget${usage.orphanTemps ? `, ${usage.orphanTemps} temp files` : ''}`,
        ...(o.clear ? ['cleared'] : []),
        ...(trimmed ? [`trimmed: ${trimmed.removed} files, ${mb(trimmed.bytesFreed)} freed`] : []),
      ].join('\n'));
    }));
}
