import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AugmentOptions, Batch, ImageEntry } from '#contract/dataset';
import { type AugmentDraw, augmentInto, drawAugment, isAugmentActive } from '../../src-main/preprocess/augment';
import { createBatchStream } from '../../src-main/preprocess/batches';
import { renderAugmentPreview } from '../../src-main/preprocess/preview';
import { mulberry32 } from '../../src-main/core/random';
import { makeDataset, tempDir } from './fixtures';

const H = 5, W = 7, C = 3;
/** A non-symmetric test image: every pixel and channel distinct. */
const src = Uint8Array.from({ length: H * W * C }, (_, i) => (i * 7) % 256);
const NONE: AugmentDraw = { theta: 0, tx: 0, ty: 0, shear: 0, zx: 1, zy: 1, flipH: false, flipV: false, brightness: 1 };
const run = (d: Partial<AugmentDraw>, fill: 'nearest' | 'constant' | 'reflect' = 'nearest', cval = 0): number[] => {
  const out = new Float32Array(H * W * C);
  augmentInto(src, H, W, C, { ...NONE, ...d }, fill, cval, out, 0);
  return Array.from(out, (v) => Math.round(v * 255));
};
const at = (a: ArrayLike<number>, r: number, c: number, ch = 0) => a[(r * W + c) * C + ch]!;

describe('augmentInto', () => {
  it('rotation 0 with no other change is the identity, rescaled to [0,1]', () => {
    expect(run({})).toEqual(Array.from(src));
  });

  it('horizontal and vertical flips are exact mirrors', () => {
    const h = run({ flipH: true }), v = run({ flipV: true });
    for (let r = 0; r < H; r++) for (let c = 0; c < W; c++) for (let ch = 0; ch < C; ch++) {
      expect(at(h, r, c, ch)).toBe(at(src, r, W - 1 - c, ch));
      expect(at(v, r, c, ch)).toBe(at(src, H - 1 - r, c, ch));
    }
  });

  it('an integer shift moves pixels; fill modes decide the uncovered border', () => {
    // tx = +1 row: output row r samples input row r+1, so the last row is outside the image.
    const nearest = run({ tx: 1 }, 'nearest');
    const constant = run({ tx: 1 }, 'constant', 77);
    const reflect = run({ tx: 2 }, 'reflect');
    expect(at(nearest, 0, 3)).toBe(at(src, 1, 3));
    expect(at(nearest, H - 1, 3)).toBe(at(src, H - 1, 3));
    expect(at(constant, H - 1, 3, 1)).toBe(77);
    expect(at(constant, 0, 3, 1)).toBe(at(src, 1, 3, 1));
    // scipy 'reflect': rows H, H+1 mirror to H-1, H-2.
    expect(at(reflect, H - 2, 2)).toBe(at(src, H - 1, 2));
    expect(at(reflect, H - 1, 2)).toBe(at(src, H - 2, 2));
  });

  it('brightness multiplies and clips at 255', () => {
    const out = run({ brightness: 2 });
    for (let i = 0; i < src.length; i++) expect(out[i]).toBe(Math.min(255, src[i]! * 2));
  });

  it('a 180° rotation equals both flips', () => {
    expect(run({ theta: Math.PI })).toEqual(run({ flipH: true, flipV: true }));
  });
});

describe('drawAugment', () => {
  const opts: AugmentOptions = { rotationRange: 30, widthShiftRange: 0.2, heightShiftRange: 0.1, shearRange: 10, zoomRange: 0.2, horizontalFlip: true, brightnessRange: [0.5, 1.5] };
  it('stays inside the Keras ranges', () => {
    const rand = mulberry32(9);
    for (let i = 0; i < 200; i++) {
      const d = drawAugment(opts, 10, 20, rand);
      expect(Math.abs(d.theta)).toBeLessThanOrEqual((30 * Math.PI) / 180);
      expect(Math.abs(d.ty)).toBeLessThanOrEqual(0.2 * 20);
      expect(Math.abs(d.tx)).toBeLessThanOrEqual(0.1 * 10);
      expect(d.zx).toBeGreaterThanOrEqual(0.8);
      expect(d.zy).toBeLessThanOrEqual(1.2);
      expect(d.brightness).toBeGreaterThanOrEqual(0.5);
      expect(d.flipV).toBe(false);
    }
  });
  it('knows when options are all off', () => {
    expect(isAugmentActive({})).toBe(false);
    expect(isAugmentActive({ brightnessRange: [1, 1], fillMode: 'reflect' })).toBe(false);
    expect(isAugmentActive({ zoomRange: 0.1 })).toBe(true);
  });
});

describe('augmentation in the batch stream', () => {
  const tmp = tempDir('augment');
  afterAll(tmp.cleanup);
  const root = path.join(tmp.dir, 'data');
  const P = { width: 8, height: 8, fit: 'fill' as const, channels: 3 as const };
  let entries: ImageEntry[];
  beforeAll(async () => {
    entries = await makeDataset(root, [3, 3], 8);
    // Replace the solid fixtures with gradients so geometric transforms show.
    for (const e of entries) {
      const data = Buffer.from(Array.from({ length: 64 * 3 }, (_, i) => (i * 5 + e.label * 50) % 256));
      await sharp(data, { raw: { width: 8, height: 8, channels: 3 } }).png().toFile(path.join(root, e.path));
    }
  });
  const xs = async (augment: AugmentOptions | undefined, seed: number, epoch = 0): Promise<Float32Array> => {
    const out: Batch[] = [];
    for await (const b of createBatchStream({ root, entries, numClasses: 2, preprocess: P, batchSize: 6, seed, epoch, augment, cacheDir: path.join(tmp.dir, 'cache') })) out.push(b);
    return out[0]!.x;
  };
  const aug: AugmentOptions = { rotationRange: 40, zoomRange: 0.3, horizontalFlip: true, fillMode: 'constant', cval: 0 };

  it('same seed and epoch → same pixels; another seed or epoch → different', async () => {
    const a = await xs(aug, 1);
    expect(Array.from(await xs(aug, 1))).toEqual(Array.from(a));
    expect(Array.from(await xs(aug, 2))).not.toEqual(Array.from(a));
    expect(Array.from(await xs(aug, 1, 1))).not.toEqual(Array.from(a));
  });

  it('without augment the batch is the plain rescaled image', async () => {
    const plain = await xs(undefined, 1);
    expect(Array.from(await xs({}, 1))).toEqual(Array.from(plain));
    expect(Array.from(await xs(aug, 1))).not.toEqual(Array.from(plain));
  });

  it('renders a preview grid PNG: original + count tiles, enlarged for small inputs', async () => {
    const png = await renderAugmentPreview(path.join(root, entries[0]!.path), P, aug, { count: 8, seed: 3 });
    const meta = await sharp(png).metadata();
    expect(meta.format).toBe('png');
    // 9 tiles → 3×3 grid of 8px tiles with 2px gaps = 28px, enlarged ×12 (minTile 96).
    expect([meta.width, meta.height]).toEqual([28 * 12, 28 * 12]);
    const again = await renderAugmentPreview(path.join(root, entries[0]!.path), P, aug, { count: 8, seed: 3 });
    expect(again.equals(png)).toBe(true);
  });
});
