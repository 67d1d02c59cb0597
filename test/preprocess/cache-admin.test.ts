import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PreprocessCache } from '../../src-main/preprocess/cache';
import { cacheUsage, clearPreprocessCache, pruneOrphanTemps } from '../../src-main/preprocess/cache-admin';
import { solid, tempDir } from './fixtures';

const tmp = tempDir('cache-admin');
afterAll(tmp.cleanup);

describe('cache housekeeping', () => {
  it('measures, prunes old temps only, and clears without touching the dataset', async () => {
    const data = path.join(tmp.dir, 'data');
    const dir = path.join(tmp.dir, 'cache');
    for (let i = 0; i < 3; i++) await solid(path.join(data, `${i}.png`), 6, 6, [i * 50, 0, 0]);
    const cache = new PreprocessCache({ width: 4, height: 4, fit: 'cover', channels: 3 }, { dir });
    for (let i = 0; i < 3; i++) await cache.load(path.join(data, `${i}.png`));
    const entry = cache.entryPath(await cache.keyFor(path.join(data, '0.png')));
    const oldTmp = `${entry}.1.aaaa.tmp`, freshTmp = `${entry}.2.bbbb.tmp`;
    await fs.writeFile(oldTmp, 'x');
    await fs.writeFile(freshTmp, 'x');
    const hourAgo = new Date(Date.now() - 2 * 3_600_000);
    await fs.utimes(oldTmp, hourAgo, hourAgo);

    const u = await cacheUsage(dir);
    expect(u).toMatchObject({ entries: 3, orphanTemps: 2 });
    expect(u.bytes).toBe(3 * (36 + 48) + 2);
    expect(await pruneOrphanTemps(dir)).toBe(1);
    expect((await cacheUsage(dir)).orphanTemps).toBe(1);

    await clearPreprocessCache(dir);
    expect(await cacheUsage(dir)).toEqual({ entries: 0, bytes: 0, orphanTemps: 0 });
    expect((await fs.readdir(data)).sort()).toEqual(['0.png', '1.png', '2.png']);
  });
});
