import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PreprocessCache } from '../../src-main/preprocess/cache';
import { type Decoder, preprocessImage } from '../../src-main/preprocess/decode';
import { solid, tempDir } from './fixtures';

const tmp = tempDir('cache');
afterAll(tmp.cleanup);
const P = { width: 8, height: 8, fit: 'cover' as const, channels: 3 as const };

/** A real decoder that counts its calls. */
function counting(): { decoder: Decoder; calls: () => number } {
  let n = 0;
  return { decoder: (f, o) => (n++, preprocessImage(f, o)), calls: () => n };
}

async function listEntries(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const sub of await fs.readdir(dir).catch(() => [])) {
    for (const f of await fs.readdir(path.join(dir, sub))) out.push(path.join(dir, sub, f));
  }
  return out;
}

describe('PreprocessCache', () => {
  const img = path.join(tmp.dir, 'data', 'a.png');
  const cacheRoot = path.join(tmp.dir, 'cache');

  it('decodes once; the second read is a hit that does not call the decoder', async () => {
    await solid(img, 20, 10, [10, 200, 30]);
    const c = counting();
    const cache = new PreprocessCache(P, { dir: cacheRoot, decoder: c.decoder });
    const first = await cache.load(img);
    const second = await cache.load(img);
    expect(c.calls()).toBe(1);
    expect(cache.stats).toMatchObject({ hits: 1, misses: 1, corrupt: 0 });
    expect(Array.from(second)).toEqual(Array.from(first));
    expect(Array.from(first.subarray(0, 3))).toEqual([10, 200, 30]);
  });

  it('survives a new instance (a new run) and lives outside the dataset folder', async () => {
    const c = counting();
    const cache = new PreprocessCache(P, { dir: cacheRoot, decoder: c.decoder });
    await cache.load(img);
    expect(c.calls()).toBe(0);
    expect(await fs.readdir(path.dirname(img))).toEqual(['a.png']);
    expect(cache.dir.startsWith(cacheRoot)).toBe(true);
  });

  it('defaults to HEBB_HOME/cache', () => {
    const old = process.env.HEBB_HOME;
    process.env.HEBB_HOME = path.join(tmp.dir, 'home');
    try {
      expect(new PreprocessCache(P).dir).toBe(path.join(tmp.dir, 'home', 'cache', 'preprocess', 'v1'));
    } finally {
      if (old === undefined) delete process.env.HEBB_HOME;
      else process.env.HEBB_HOME = old;
    }
  });

  it('misses when the file changes or the parameters change', async () => {
    const c = counting();
    const cache = new PreprocessCache(P, { dir: cacheRoot, decoder: c.decoder });
    const k1 = await cache.keyFor(img);
    await solid(img, 20, 10, [250, 0, 0]);
    await fs.utimes(img, new Date(), new Date(Date.now() + 5000));
    expect(await cache.keyFor(img)).not.toBe(k1);
    const px = await cache.load(img);
    expect(Array.from(px.subarray(0, 3))).toEqual([250, 0, 0]);
    expect(c.calls()).toBe(1);
    const grey = new PreprocessCache({ ...P, channels: 1 }, { dir: cacheRoot, decoder: c.decoder });
    expect((await grey.load(img)).length).toBe(64);
    expect(c.calls()).toBe(2);
  });

  it('with contentHash, an edit that keeps size and mtime still misses', async () => {
    const f = path.join(tmp.dir, 'data', 'same-size.png');
    await solid(f, 20, 10, [1, 2, 3]);
    const mtime = new Date('2024-01-02T03:04:05Z'); // whole seconds, so it can be put back exactly
    await fs.utimes(f, mtime, mtime);
    const { size } = await fs.stat(f);
    const plain = new PreprocessCache(P, { dir: cacheRoot });
    const hashed = new PreprocessCache(P, { dir: cacheRoot, contentHash: true });
    const [k1, h1] = [await plain.keyFor(f), await hashed.keyFor(f)];
    // Same byte count, different pixels, mtime put back: only the content hash can tell.
    const bytes = await fs.readFile(f);
    bytes[bytes.length - 20] ^= 0xff;
    await fs.writeFile(f, bytes);
    await fs.utimes(f, mtime, mtime);
    expect((await fs.stat(f)).size).toBe(size);
    expect(await plain.keyFor(f)).toBe(k1);
    expect(await hashed.keyFor(f)).not.toBe(h1);
  });

  it('never trusts a torn, truncated or foreign entry: it re-decodes and repairs it', async () => {
    const c = counting();
    const cache = new PreprocessCache(P, { dir: cacheRoot, decoder: c.decoder });
    const good = await cache.load(img);
    const entry = cache.entryPath(await cache.keyFor(img));
    const bytes = await fs.readFile(entry);

    const damaged = [
      bytes.subarray(0, bytes.length - 5), // truncated (crash mid-write, no fsync)
      Buffer.concat([bytes.subarray(0, 40), Buffer.alloc(bytes.length - 40)]), // right length, zero-filled tail
      Buffer.alloc(0), // empty file after a crash
    ];
    for (const bad of damaged) {
      await fs.writeFile(entry, bad);
      const again = await cache.load(img);
      expect(Array.from(again)).toEqual(Array.from(good));
    }
    expect(c.calls()).toBe(3);
    expect(cache.stats.corrupt).toBe(3);
    // Repaired in place: the next read is a hit again.
    await cache.load(img);
    expect(c.calls()).toBe(3);
  });

  it('leaves no temp files behind and ignores stray ones from a crashed writer', async () => {
    const cache = new PreprocessCache(P, { dir: cacheRoot });
    const entry = cache.entryPath(await cache.keyFor(img));
    await fs.writeFile(`${entry}.999.deadbeef.tmp`, 'half');
    await cache.load(img);
    const files = await listEntries(cache.dir);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([`${entry}.999.deadbeef.tmp`]);
    expect(files.filter((f) => f.endsWith('.bin')).length).toBeGreaterThan(0);
  });

  it('runs at most decodeConcurrency decodes at once', async () => {
    const files = await Promise.all(Array.from({ length: 10 }, async (_, i) => {
      const f = path.join(tmp.dir, 'many', `${i}.png`);
      await solid(f, 4, 4, [i * 20, 0, 0]);
      return f;
    }));
    let inFlight = 0, peak = 0;
    const decoder: Decoder = async (f, o) => {
      peak = Math.max(peak, ++inFlight);
      try {
        await new Promise((r) => setTimeout(r, 5));
        return await preprocessImage(f, o);
      } finally {
        inFlight--;
      }
    };
    const cache = new PreprocessCache(P, { dir: path.join(tmp.dir, 'cache3'), decoder, decodeConcurrency: 2 });
    await Promise.all(files.map((f) => cache.load(f)));
    expect(peak).toBe(2);
    expect(cache.stats.misses).toBe(10);
  });

  it('a failed decode writes nothing', async () => {
    const bad = path.join(tmp.dir, 'data', 'bad.jpg');
    await fs.writeFile(bad, 'text');
    const cache = new PreprocessCache(P, { dir: path.join(tmp.dir, 'cache2') });
    await expect(cache.load(bad)).rejects.toMatchObject({ code: 'INVALID_IMAGE' });
    expect(await listEntries(cache.dir)).toEqual([]);
  });

  it('keeps writing when the cache folder is cleared under a live instance (hebb cache --clear mid-run)', async () => {
    const dir = path.join(tmp.dir, 'cache3');
    const cache = new PreprocessCache(P, { dir });
    const a = path.join(tmp.dir, 'data3', 'a.png'), b = path.join(tmp.dir, 'data3', 'b.png');
    await solid(a, 10, 10, [10, 20, 30]);
    await solid(b, 10, 10, [10, 20, 31]);
    await cache.load(a);
    await fs.rm(dir, { recursive: true, force: true });
    const again = await cache.load(a); // its fan-out folder is gone, and the instance made it before
    expect(Array.from(again.slice(0, 3))).toEqual([10, 20, 30]);
    await cache.load(b);
    expect((await listEntries(cache.dir)).length).toBe(2);
  });
});
