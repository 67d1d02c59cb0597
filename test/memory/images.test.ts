// Images to ±1 patterns (threshold, size, bad input) and cue corruption (flip count, mask band).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corrupt } from '../../src-main/memory/corrupt';
import { overlap } from '../../src-main/memory/hopfield';
import { binarise, loadPattern, loadPatternDir, otsu } from '../../src-main/memory/images';
import { drawRect } from './fixtures';
import { removeTmpDirs, tmpDirSync } from '../helpers/fixtures';

afterAll(removeTmpDirs);

describe('images → patterns', () => {
  it('binarises bright pixels to +1 at the Otsu or mean threshold', () => {
    const grey = Uint8Array.from([10, 12, 11, 200, 210, 205, 13, 199]);
    const t = otsu(grey);
    expect(t).toBeGreaterThanOrEqual(13);
    expect(t).toBeLessThan(199);
    expect(Array.from(binarise(grey, 'otsu'))).toEqual([-1, -1, -1, 1, 1, 1, -1, 1]);
    expect(Array.from(binarise(Uint8Array.from([0, 100, 200]), 'mean'))).toEqual([-1, -1, 1]);
  });

  it('loads a folder sorted by name, resized to size², and leaves non-images alone', async () => {
    const dir = tmpDirSync('hebb-mem-');
    await drawRect(path.join(dir, 'b-left.png'), 32, { left: 0, top: 0, width: 16, height: 32 }, 180);
    await drawRect(path.join(dir, 'a-top.png'), 32, { left: 0, top: 0, width: 32, height: 8 });
    writeFileSync(path.join(dir, 'notes.txt'), 'not an image');
    const got = await loadPatternDir(dir, { size: 8 });
    expect(got.map((g) => g.name)).toEqual(['a-top', 'b-left']);
    const top = got[0]!.pattern;
    expect(top.length).toBe(64);
    expect(Array.from(top.subarray(0, 16)).every((v) => v === 1)).toBe(true);
    expect(Array.from(top.subarray(16)).every((v) => v === -1)).toBe(true);
    expect(got[1]!.pattern[0]).toBe(1);
    expect(got[1]!.pattern[7]).toBe(-1);
  });

  it('names the file it cannot decode and refuses empty folders', async () => {
    const dir = tmpDirSync('hebb-mem-');
    await expect(loadPatternDir(dir, { size: 8 })).rejects.toMatchObject({ code: 'DATASET_EMPTY', file: dir });
    writeFileSync(path.join(dir, 'broken.png'), 'definitely not a png');
    await expect(loadPattern(path.join(dir, 'broken.png'), { size: 8 })).rejects.toMatchObject({ code: 'INVALID_IMAGE', file: path.join(dir, 'broken.png') });
    await expect(loadPatternDir(path.join(dir, 'missing'), { size: 8 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('corrupt', () => {
  const ones = new Int8Array(100).fill(1);

  it('flips exactly round(noise·N) pixels, reproducibly', () => {
    const a = corrupt(ones, 10, { noise: 0.13, seed: 4 });
    expect(a.filter((v) => v === -1).length).toBe(13);
    expect(Array.from(corrupt(ones, 10, { noise: 0.13, seed: 4 }))).toEqual(Array.from(a));
    expect(Array.from(corrupt(ones, 10, { noise: 0.13, seed: 5 }))).not.toEqual(Array.from(a));
    expect(overlap(a, ones)).toBeCloseTo(0.74, 9);
  });

  it('masks whole rows from the bottom, to −1 or to random values', () => {
    const m = corrupt(ones, 10, { mask: 0.3 });
    expect(Array.from(m.subarray(0, 70)).every((v) => v === 1)).toBe(true);
    expect(Array.from(m.subarray(70)).every((v) => v === -1)).toBe(true);
    const r = corrupt(ones, 10, { mask: 0.5, maskFill: 'random', seed: 1 });
    const flipped = r.subarray(50).filter((v) => v === -1).length;
    expect(flipped).toBeGreaterThan(10);
    expect(flipped).toBeLessThan(40);
  });
});
