import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PreprocessCache } from '../../src-main/preprocess/cache';
import { cacheBudget, cacheUsage, clearPreprocessCache, parseSize, pruneOrphanTemps, trimPreprocessCache } from '../../src-main/preprocess/cache-admin';
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

  it('trims to a budget: stale formats first, then the least recently used entries', async () => {
    const data = path.join(tmp.dir, 'data-trim');
    const dir = path.join(tmp.dir, 'cache-trim');
    const cache = new PreprocessCache({ width: 4, height: 4, fit: 'cover', channels: 3 }, { dir });
    const entries: string[] = [];
    for (let i = 0; i < 3; i++) {
      const file = path.join(data, `${i}.png`);
      await solid(file, 6, 6, [0, i * 60, 0]);
      await cache.load(file);
      entries.push(cache.entryPath(await cache.keyFor(file)));
    }
    // Last used: entry 1 longest ago, then 0, then 2.
    const ago = (h: number) => new Date(Date.now() - h * 3_600_000);
    await fs.utimes(entries[1]!, ago(30), ago(30));
    await fs.utimes(entries[0]!, ago(20), ago(20));
    await fs.utimes(entries[2]!, ago(1), ago(1));
    const stale = path.join(dir, 'preprocess', 'v0', 'ab');
    await fs.mkdir(stale, { recursive: true });
    await fs.writeFile(path.join(stale, 'old.bin'), Buffer.alloc(1000));
    const size = (await fs.stat(entries[0]!)).size;

    const r = await trimPreprocessCache(2 * size, dir);
    expect(r).toEqual({ removed: 2, bytesFreed: 1000 + size, bytes: 2 * size });
    expect(await fs.stat(entries[1]!).catch(() => null)).toBeNull();
    for (const kept of [entries[0]!, entries[2]!]) expect((await fs.stat(kept)).size).toBe(size);
    expect(await fs.readdir(path.join(dir, 'preprocess'))).toEqual(['v1']);
    expect((await trimPreprocessCache(0, dir)).bytes).toBe(0);
    expect((await fs.readdir(data)).sort()).toEqual(['0.png', '1.png', '2.png']);
  });

  it('reads sizes and the budget from the environment', () => {
    expect(parseSize('2G')).toBe(2 * 2 ** 30);
    expect(parseSize('500MB')).toBe(500 * 2 ** 20);
    expect(parseSize('64k')).toBe(65536);
    expect(parseSize('1234')).toBe(1234);
    expect(() => parseSize('lots')).toThrow(/"lots" is not a size/);
    expect(cacheBudget({ HEBB_CACHE_MAX_BYTES: '1G' })).toBe(2 ** 30);
    expect(cacheBudget({})).toBe(5 * 2 ** 30);
    expect(() => cacheBudget({ HEBB_CACHE_MAX_BYTES: 'big' })).toThrow(/HEBB_CACHE_MAX_BYTES: "big" is not a size/);
  });
});
