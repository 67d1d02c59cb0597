import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeBmp, readBmpHeader } from '../../src-main/image-format/bmp';
import { preprocessImage } from '../../src-main/preprocess/decode';
import { decodePnm, readPnmHeader } from '../../src-main/image-format/netpbm';
import { openImage } from '../../src-main/preprocess/open';
import { tempDir } from './fixtures';
import { encodeBmp24, encodeBmp8, encodePnm } from './formats';

const tmp = tempDir('formats');
afterAll(tmp.cleanup);

// A 3×2 picture, top row red green blue, bottom row white grey black: every channel and row order shows.
const W = 3;
const H = 2;
const RGB = new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255, 128, 128, 128, 0, 0, 0]);
const GREY = new Uint8Array([0, 50, 100, 150, 200, 255]);

describe('BMP', () => {
  it('decodes 24-bit bottom-up, top-down and with a gap before the pixels to the same RGB', () => {
    for (const opts of [{}, { topDown: true }, { gap: 7 }]) {
      const img = decodeBmp(encodeBmp24(W, H, RGB, opts));
      expect({ w: img.width, h: img.height, c: img.channels }, JSON.stringify(opts)).toEqual({ w: W, h: H, c: 3 });
      expect([...img.data], JSON.stringify(opts)).toEqual([...RGB]);
    }
  });

  it('decodes an 8-bit palette; a grey palette gives 1 channel, a coloured one 3', () => {
    const greyPal = Array.from({ length: 256 }, (_, i) => [i, i, i]);
    const g = decodeBmp(encodeBmp8(W, H, greyPal, GREY));
    expect(g.channels).toBe(1);
    expect([...g.data]).toEqual([...GREY]);
    const pal = [[255, 0, 0], [0, 0, 255]];
    const c = decodeBmp(encodeBmp8(2, 1, pal, new Uint8Array([1, 0])));
    expect([...c.data]).toEqual([0, 0, 255, 255, 0, 0]);
  });

  it('names truncated files, bad headers and unsupported variants', () => {
    const ok = encodeBmp24(W, H, RGB);
    expect(() => decodeBmp(ok.subarray(0, ok.length - 3))).toThrow(/^truncated BMP \(\d+ bytes, its header needs \d+\)$/);
    expect(() => readBmpHeader(ok.subarray(0, 20))).toThrow(/^truncated BMP header$/);
    const bpp = Buffer.from(ok);
    bpp.writeUInt16LE(7, 28);
    expect(() => readBmpHeader(bpp)).toThrow(/7 bits per pixel/);
    const jpegInside = Buffer.from(ok);
    jpegInside.writeUInt32LE(4, 30);
    expect(() => readBmpHeader(jpegInside)).toThrow(/embedded JPEG inside is not supported/);
    const os2 = Buffer.from(ok);
    os2.writeUInt32LE(12, 14);
    expect(() => readBmpHeader(os2)).toThrow(/OS\/2 BMP/);
  });
});

describe('PGM / PPM', () => {
  it('decodes P2, P5, P3 and P6 to the same pixels', () => {
    for (const magic of ['P2', 'P5'] as const) {
      const img = decodePnm(encodePnm(magic, W, H, 255, GREY));
      expect([img.channels, ...img.data], magic).toEqual([1, ...GREY]);
    }
    for (const magic of ['P3', 'P6'] as const) {
      const img = decodePnm(encodePnm(magic, W, H, 255, RGB));
      expect([img.channels, ...img.data], magic).toEqual([3, ...RGB]);
    }
  });

  it('scales maxval 65535 (16-bit big-endian) and maxval 15 to 0..255', () => {
    const wide = decodePnm(encodePnm('P5', 3, 1, 65535, [0, 32768, 65535]));
    expect([...wide.data]).toEqual([0, 128, 255]);
    const narrow = decodePnm(encodePnm('P2', 3, 1, 15, [0, 5, 15]));
    expect([...narrow.data]).toEqual([0, 85, 255]);
  });

  it('names bad maxval, truncated rasters, bad samples and PBM', () => {
    expect(() => readPnmHeader(Buffer.from('P5\n2 2\n0\n\0\0\0\0'))).toThrow(/^corrupt PGM header: maxval 0 is outside 1\.\.65535$/);
    expect(() => readPnmHeader(Buffer.from('P6\n2 2\n'))).toThrow(/^truncated PPM header \(no maxval\)$/);
    expect(() => readPnmHeader(Buffer.from('P6\n2 x\n255\n'))).toThrow(/height is "x"/);
    const ppm = encodePnm('P6', W, H, 255, RGB);
    expect(() => decodePnm(ppm.subarray(0, ppm.length - 3))).toThrow(new RegExp(`^truncated PPM \\(${ppm.length - 3} bytes, its header needs ${ppm.length}\\)$`));
    expect(() => decodePnm(Buffer.from('P2\n2 1\n255\n7\n'))).toThrow(/^truncated PGM \(1 of 2 samples\)$/);
    expect(() => decodePnm(Buffer.from('P2\n2 1\n100\n7 101\n'))).toThrow(/sample 101 above maxval 100/);
    expect(() => readPnmHeader(Buffer.from('P4\n8 1\n\xff'))).toThrow(/PBM bitmap/);
  });
});

describe('openImage and the preprocess pipeline', () => {
  it('preprocesses BMP, PGM and PPM files like the same picture as PNG', async () => {
    const files = {
      bmp: encodeBmp24(W, H, RGB),
      ppm: encodePnm('P6', W, H, 255, RGB),
      pgm: encodePnm('P5', W, H, 255, GREY),
    };
    const opts = { width: W, height: H, fit: 'fill' as const, channels: 3 as const };
    for (const [ext, bytes] of Object.entries(files)) {
      const f = path.join(tmp.dir, `x.${ext}`);
      await fs.writeFile(f, bytes);
      const out = await preprocessImage(f, opts);
      const want = ext === 'pgm' ? [...GREY].flatMap((v) => [v, v, v]) : [...RGB];
      expect([...out], ext).toEqual(want);
    }
    const small = await preprocessImage(path.join(tmp.dir, 'x.bmp'), { width: 1, height: 1, fit: 'cover', channels: 1 });
    expect(small.length).toBe(1);
  });

  it('refuses a BMP bomb by its header, and names the file for damaged data', async () => {
    const bomb = encodeBmp24(1, 1, new Uint8Array(3));
    bomb.writeInt32LE(100_000, 18);
    bomb.writeInt32LE(100_000, 22);
    await expect(openImage(bomb, { limitInputPixels: 1e6 }, 'bomb.bmp')).rejects.toThrow(/^bomb\.bmp: BMP is 100000×100000, above the 1 MP decode limit$/);
    const f = path.join(tmp.dir, 'cut.ppm');
    await fs.writeFile(f, encodePnm('P6', W, H, 255, RGB).subarray(0, -3));
    await expect(preprocessImage(f, { width: 2, height: 2, fit: 'cover', channels: 3 })).rejects.toMatchObject({ code: 'INVALID_IMAGE', file: f, message: expect.stringMatching(/truncated PPM/) });
  });
});
