import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Batch, ImageEntry } from '#contract/dataset';
import { createBatchStream } from '../../src-main/preprocess/batches';
import { PreprocessCache } from '../../src-main/preprocess/cache';
import { PixelMemory } from '../../src-main/preprocess/pixel-memory';
import { type Decoder, preprocessImage } from '../../src-main/preprocess/decode';
import { makeDataset, tempDir } from './fixtures';

const tmp = tempDir('batches');
afterAll(tmp.cleanup);
const root = path.join(tmp.dir, 'data');
const cacheDir = path.join(tmp.dir, 'cache');
const P = { width: 6, height: 6, fit: 'fill' as const, channels: 3 as const };
let entries: ImageEntry[];

beforeAll(async () => {
  entries = await makeDataset(root, [5, 4, 3], 8);
});

async function collect(it: AsyncIterable<Batch>): Promise<Batch[]> {
  const out: Batch[] = [];
  for await (const b of it) out.push(b);
  return out;
}

describe('createBatchStream', () => {
  it('yields N×H×W×C float batches in [0,1] with labels aligned to paths', async () => {
    const stream = createBatchStream({ root, entries, numClasses: 3, preprocess: P, batchSize: 5, cacheDir });
    expect(stream.batchCount).toBe(3);
    const batches = await collect(stream);
    expect(batches.map((b) => b.n)).toEqual([5, 5, 2]);
    const per = 6 * 6 * 3;
    for (const b of batches) {
      expect([b.height, b.width, b.channels]).toEqual([6, 6, 3]);
      expect(b.x.length).toBe(b.n * per);
      expect(b.y.length).toBe(b.n);
      for (let i = 0; i < b.n; i++) {
        const entry = entries.find((e) => e.path === b.paths[i])!;
        expect(b.y[i]).toBe(entry.label);
        // Pixel values match the decoded file exactly, divided by 255.
        const raw = await preprocessImage(path.join(root, entry.path), P);
        expect(b.x[i * per + 7]).toBeCloseTo(raw[7]! / 255, 6);
        expect(b.x[i * per]).toBeCloseTo(raw[0]! / 255, 6);
      }
      expect(Math.max(...b.x)).toBeLessThanOrEqual(1);
      expect(Math.min(...b.x)).toBeGreaterThanOrEqual(0);
    }
    expect(batches.flatMap((b) => b.paths)).toEqual(entries.map((e) => e.path));
  });

  it('shuffles by seed and epoch, reproducibly, covering every image once', async () => {
    const order = async (seed: number, epoch: number) =>
      (await collect(createBatchStream({ root, entries, numClasses: 3, preprocess: P, batchSize: 4, shuffle: true, seed, epoch, cacheDir }))).flatMap((b) => b.paths);
    const a = await order(1, 0);
    expect(await order(1, 0)).toEqual(a);
    expect(await order(1, 1)).not.toEqual(a);
    expect(await order(2, 0)).not.toEqual(a);
    expect([...a].sort()).toEqual(entries.map((e) => e.path).sort());
  });

  it('reads from the cache on the second epoch: no decode', async () => {
    let decodes = 0;
    const decoder: Decoder = (f, o) => (decodes++, preprocessImage(f, o));
    const cache = new PreprocessCache(P, { dir: path.join(tmp.dir, 'cache-epochs'), decoder });
    for (const epoch of [0, 1, 2]) await collect(createBatchStream({ root, entries, numClasses: 3, preprocess: P, batchSize: 4, shuffle: true, epoch, cache }));
    expect(decodes).toBe(entries.length);
    expect(cache.stats.hits).toBe(2 * entries.length);
  });

  it('with pixels kept in memory, later epochs touch neither the decoder nor the disk cache, and give the same batches', async () => {
    const cache = new PreprocessCache(P, { dir: path.join(tmp.dir, 'cache-memory') });
    const memory = new PixelMemory();
    const epoch = (e: number, m?: PixelMemory) => collect(createBatchStream({ root, entries, numClasses: 3, preprocess: P, batchSize: 4, shuffle: true, epoch: e, cache, memory: m }));
    await epoch(0, memory);
    expect(cache.stats.misses + cache.stats.hits).toBe(entries.length);
    expect(memory.size).toBe(entries.length);
    expect(memory.bytes).toBe(entries.length * 6 * 6 * 3);
    const fromMemory = await epoch(1, memory);
    expect(cache.stats.misses + cache.stats.hits).toBe(entries.length);
    const fromDisk = await epoch(1);
    expect(fromMemory.map((b) => Array.from(b.x))).toEqual(fromDisk.map((b) => Array.from(b.x)));
  });

  it('leaves the entries skipPixels names unread, their rows zero, and loads the others as usual', async () => {
    const cache = new PreprocessCache(P, { dir: path.join(tmp.dir, 'cache-skip') });
    const skipped = new Set(entries.filter((_, i) => i % 3 === 0).map((e) => e.path));
    const stream = createBatchStream({ root, entries, numClasses: 3, preprocess: P, batchSize: 5, cache, skipPixels: (p) => skipped.has(p) });
    const some = await collect(stream);
    const all = await collect(createBatchStream({ root, entries, numClasses: 3, preprocess: P, batchSize: 5, cache }));
    expect(stream.stats).toMatchObject({ imagesSkipped: skipped.size, imagesLoaded: entries.length - skipped.size });
    expect(cache.stats.misses + cache.stats.hits).toBe(2 * entries.length - skipped.size);
    const per = 6 * 6 * 3;
    some.forEach((b, k) => b.paths.forEach((p, i) => {
      const row = Array.from(b.x.subarray(i * per, (i + 1) * per));
      expect(row).toEqual(skipped.has(p) ? new Array(per).fill(0) : Array.from(all[k]!.x.subarray(i * per, (i + 1) * per)));
      expect(b.y[i]).toBe(all[k]!.y[i]);
    }));
  });

  it('keeps no more pixels in memory than its budget', () => {
    const m = new PixelMemory(10);
    m.set('a', new Uint8Array(6));
    m.set('b', new Uint8Array(6));
    m.set('c', new Uint8Array(4));
    expect([m.get('a')?.length, m.get('b'), m.get('c')?.length, m.bytes]).toEqual([6, undefined, 4, 10]);
  });

  it('keeps memory flat: at most one batch prefetched, images loaded only for the next batch', async () => {
    const many: ImageEntry[] = Array.from({ length: 60 }, (_, i) => ({ ...entries[i % entries.length]! }));
    const stream = createBatchStream({ root, entries: many, numClasses: 3, preprocess: P, batchSize: 4, cacheDir });
    let k = 0;
    for await (const b of stream) {
      k++;
      // The consumer holds batch k; the stream may have loaded batch k+1 and no further.
      expect(stream.stats.imagesLoaded).toBeLessThanOrEqual((k + 1) * 4);
      expect(stream.stats.started - stream.stats.yielded).toBeLessThanOrEqual(1);
      expect(b.n).toBe(4);
      await new Promise((r) => setTimeout(r, 1)); // let any over-eager prefetch run
    }
    expect(stream.stats.maxAhead).toBeLessThanOrEqual(2);
    expect(stream.stats.imagesLoaded).toBe(60);
  });

  it('stops cleanly when the consumer breaks early', async () => {
    const stream = createBatchStream({ root, entries, numClasses: 3, preprocess: P, batchSize: 2, cacheDir });
    for await (const b of stream) {
      expect(b.n).toBe(2);
      break;
    }
    expect(stream.stats.yielded).toBe(1);
    expect(stream.stats.started).toBe(2);
  });

  it('names the file when an image has gone missing since the scan', async () => {
    const broken = [...entries, { ...entries[0]!, path: 'c0/gone.png' }];
    const stream = createBatchStream({ root, entries: broken, numClasses: 3, preprocess: P, batchSize: 50, cacheDir });
    await expect(collect(stream)).rejects.toMatchObject({ code: 'NOT_FOUND', file: 'c0/gone.png' });
  });

  it('rejects bad labels and augmentation outside the training split', () => {
    expect(() => createBatchStream({ root, entries, numClasses: 2, preprocess: P, batchSize: 4 })).toThrow(/label 2 outside 0..1/);
    expect(() =>
      createBatchStream({ root, entries, numClasses: 3, preprocess: P, batchSize: 4, split: 'val', augment: { horizontalFlip: true } }),
    ).toThrow(/training split only/);
  });
});
