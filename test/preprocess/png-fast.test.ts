import { promises as fs } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PreprocessOptions } from '#contract/dataset';
import { decodeWithSharp, lumaPIL, preprocessBytes, preprocessImage } from '../../src-main/preprocess/decode';
import { decodePngFast, plainPngHeader } from '../../src-main/preprocess/png-fast';
import { tempDir } from './fixtures';
import { chunk, chunkTypes, handVariants, SIZE, sharpVariants, withChunks } from './png-variants';

// Spy on the fast path as decode.ts sees it, to prove which path each file took.
vi.mock('../../src-main/preprocess/png-fast', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src-main/preprocess/png-fast')>();
  return { ...real, decodePngFast: vi.fn(real.decodePngFast) };
});
const fastSpy = vi.mocked(decodePngFast);

const opts = (channels: 1 | 3, fit: PreprocessOptions['fit'] = 'cover'): PreprocessOptions => ({ width: SIZE, height: SIZE, fit, channels });

/** What the sharp pipeline alone gives (decode.ts before the fast path existed). */
async function viaSharp(png: Buffer, o: PreprocessOptions): Promise<Uint8Array> {
  const rgb = await decodeWithSharp(png, o);
  return o.channels === 1 ? lumaPIL(rgb) : rgb;
}

const u32 = (v: number): Buffer => Buffer.from([v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255]);
/** Chunks libvips decodes without changing a pixel, so the fast path accepts them. */
const NEUTRAL = [
  chunk('gAMA', u32(45455 * 2)),
  chunk('sRGB', Buffer.from([0])),
  chunk('cHRM', Buffer.concat([31270, 32900, 64000, 33000, 30000, 60000, 15000, 6000].map(u32))),
  chunk('sBIT', Buffer.from([5, 6, 5])),
  chunk('tEXt', Buffer.from('Comment\0made by a test', 'latin1')),
  chunk('iTXt', Buffer.from('Title\0\0\0en\0\0a title', 'latin1')),
  chunk('tIME', Buffer.from([7, 234, 11, 23, 22, 0, 0])),
  chunk('bKGD', Buffer.from([0, 255, 0, 255, 0, 255])), // white: libvips must still flatten on our black
];

let variants: Record<string, Buffer> = {};
beforeAll(async () => {
  const base = await sharpVariants();
  variants = { ...base, ...handVariants(), neutralChunks: withChunks(base.rgb!, ...NEUTRAL), neutralAlpha: withChunks(base.rgba!, ...NEUTRAL) };
});
beforeEach(() => {
  fastSpy.mockClear();
});

describe('the fixtures are what they claim', () => {
  const ihdr = (name: string) => ({ depth: variants[name]![24], colourType: variants[name]![25], interlace: variants[name]![28] });
  it.each([
    ['grey', 8, 0], ['greyAlpha', 8, 4], ['rgb', 8, 2], ['rgba', 8, 6], ['palette', 4, 3], ['paletteTrns', 4, 3],
    ['palette2bit', 2, 3], ['rgb16', 16, 2], ['grey16', 16, 0], ['grey1bit', 1, 0], ['rgba16', 16, 6], ['greyAlpha16', 16, 4],
  ])('%s has depth %i, colour type %i', (name, depth, colourType) => {
    expect(ihdr(name)).toMatchObject({ depth, colourType });
  });
  it('palettes carry tRNS only where asked, interlaced ones are Adam7', () => {
    expect(chunkTypes(variants.paletteTrns!)).toContain('tRNS');
    expect(chunkTypes(variants.palette!)).not.toContain('tRNS');
    expect(ihdr('interlaced').interlace).toBe(1);
    expect(ihdr('interlacedAlpha').interlace).toBe(1);
  });
});

describe('fast path gives the sharp path’s bytes', () => {
  it.each(['grey', 'greyAlpha', 'rgb', 'rgba', 'palette', 'paletteTrns', 'palette2bit', 'rgb16', 'grey16', 'interlaced',
    'interlacedAlpha', 'grey1bit', 'grey2bit', 'grey4bit', 'greyKey', 'rgbKey', 'rgb16full', 'grey16full', 'greyAlpha16',
    'rgba16', 'palette1bit', 'palette8Trns', 'neutralChunks', 'neutralAlpha'])('%s, 1 and 3 channels', async (name) => {
    const png = variants[name]!;
    expect(decodePngFast(png, SIZE, SIZE)).not.toBeNull();
    for (const channels of [1, 3] as const) {
      const fast = await preprocessBytes(png, opts(channels));
      expect(fastSpy.mock.results.at(-1)!.value).not.toBeNull();
      expect(Buffer.from(fast).equals(Buffer.from(await viaSharp(png, opts(channels))))).toBe(true);
    }
  });

  it('the same for every fit mode, since nothing is resized', async () => {
    for (const fit of ['cover', 'contain', 'fill'] as const) {
      const fast = await preprocessBytes(variants.rgba!, opts(3, fit));
      expect(Buffer.from(fast).equals(Buffer.from(await viaSharp(variants.rgba!, opts(3, fit))))).toBe(true);
    }
  });
});

describe('everything unusual goes to sharp', () => {
  const fallBacks = async (): Promise<Record<string, Buffer>> => ({
    iccProfile: await sharp(variants.rgb!).png().withIccProfile('p3').toBuffer(),
    exifRotated: await sharp(variants.rgb!).png().withMetadata({ orientation: 6 }).toBuffer(),
    apng: withChunks(variants.rgb!, chunk('acTL', Buffer.alloc(8))),
    unknownChunk: withChunks(variants.rgb!, chunk('quAk', Buffer.from('x'))),
    otherSize: await sharp(variants.rgb!).resize(SIZE + 4, SIZE).png().toBuffer(),
    jpeg: await sharp(variants.rgb!).jpeg().toBuffer(),
  });

  it('declines colour profiles, EXIF, APNG, unknown chunks, other sizes and other formats, with sharp’s result', async () => {
    const cases = await fallBacks();
    expect(chunkTypes(cases.iccProfile!)).toContain('iCCP');
    expect(chunkTypes(cases.exifRotated!)).toContain('eXIf');
    for (const [name, png] of Object.entries(cases)) {
      expect(decodePngFast(png, SIZE, SIZE), name).toBeNull();
      const out = await preprocessBytes(png, opts(3));
      expect(fastSpy.mock.results.at(-1)!.value, name).toBeNull();
      expect(Buffer.from(out).equals(Buffer.from(await viaSharp(png, opts(3)))), name).toBe(true);
    }
  });

  it('the colour profile and the orientation really matter: the fast result would have been wrong', async () => {
    const cases = await fallBacks();
    const plain = await viaSharp(variants.rgb!, opts(3));
    expect(Buffer.from(await viaSharp(cases.iccProfile!, opts(3))).equals(Buffer.from(plain))).toBe(false);
    expect(Buffer.from(await viaSharp(cases.exifRotated!, opts(3))).equals(Buffer.from(plain))).toBe(false);
  });

  it('damaged files are declined and still reported as today: INVALID_IMAGE naming the file', async () => {
    const png = variants.rgb!;
    const idat = png.indexOf('IDAT');
    const badCrc = Buffer.from(png);
    badCrc[idat + 10] ^= 0xff; // inside the compressed data, so the IDAT CRC no longer matches
    const truncated = png.subarray(0, idat + 20);
    const noEnd = png.subarray(0, png.length - 12);
    for (const [name, bytes] of Object.entries({ badCrc, truncated, noEnd })) {
      expect(decodePngFast(bytes, SIZE, SIZE), name).toBeNull();
      const fast = await preprocessBytes(bytes, opts(3), `${name}.png`).then((b) => Buffer.from(b), (e: unknown) => e);
      const slow = await viaSharp(bytes, opts(3)).then((b) => Buffer.from(b), (e: unknown) => e);
      if (slow instanceof Buffer) expect(fast).toEqual(slow);
      else expect(fast).toMatchObject({ code: 'INVALID_IMAGE', file: `${name}.png` });
    }
    await expect(preprocessBytes(truncated, opts(3), 'cut.png')).rejects.toMatchObject({ code: 'INVALID_IMAGE', file: 'cut.png' });
  });

  it('plainPngHeader reads the size of a plain PNG and nothing else', () => {
    expect(plainPngHeader(variants.rgb!)).toEqual({ width: SIZE, height: SIZE, depth: 8 });
    expect(plainPngHeader(Buffer.from('not a png at all, but long enough to look at...'))).toBeNull();
  });
});

describe('preprocessImage from a file', () => {
  const tmp = tempDir('png-fast');
  afterAll(tmp.cleanup);

  it('takes the fast path for a plain PNG and sharp for one with a colour profile', async () => {
    const plain = path.join(tmp.dir, 'plain.png');
    const icc = path.join(tmp.dir, 'icc.png');
    await fs.writeFile(plain, variants.rgba!);
    await fs.writeFile(icc, await sharp(variants.rgb!).png().withIccProfile('p3').toBuffer());
    const a = await preprocessImage(plain, opts(1));
    expect(fastSpy.mock.results.at(-1)!.value).not.toBeNull();
    expect(Buffer.from(a).equals(Buffer.from(await viaSharp(variants.rgba!, opts(1))))).toBe(true);
    await preprocessImage(icc, opts(1));
    expect(fastSpy.mock.results.at(-1)!.value).toBeNull();
  });
});
