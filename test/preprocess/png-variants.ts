/** PNG fixtures of every colour type, depth and chunk mix, for comparing png-fast.ts with the sharp path. */

import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';

export const SIZE = 12;

/** Deterministic pseudo-random samples in 0..max (an LCG: the same fixtures on every run). */
export function samples(count: number, max: number, seed = 1): number[] {
  const out: number[] = [];
  let s = seed >>> 0;
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    out.push((s >>> 8) % (max + 1));
  }
  return out;
}

export function chunk(type: string, data: Buffer = Buffer.alloc(0)): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Chunk list of a PNG, e.g. ['IHDR', 'pHYs', 'IDAT', 'IEND']. */
export function chunkTypes(png: Buffer): string[] {
  const out: string[] = [];
  for (let at = 8; at + 8 <= png.length; at += 12 + png.readUInt32BE(at)) out.push(png.toString('latin1', at + 4, at + 8));
  return out;
}

/** Insert chunks right after IHDR (where gAMA, iCCP, eXIf… live). */
export function withChunks(png: Buffer, ...extra: Buffer[]): Buffer {
  return Buffer.concat([png.subarray(0, 33), ...extra, png.subarray(33)]);
}

export interface RawPng {
  colourType: 0 | 2 | 3 | 4 | 6;
  depth: 1 | 2 | 4 | 8 | 16;
  /** Samples row-major, channels interleaved (palette indices for colour type 3). */
  data: number[];
  palette?: number[][];
  /** tRNS payload: per-entry alpha for palettes, the transparent key colour's samples otherwise. */
  trns?: number[];
}

const CHANNELS = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as const;

/**
 * A hand-made PNG for what sharp cannot write: sub-byte grey, full-range 16-bit samples (sharp's 8→16 conversion
 * gives v·257, whose two bytes are equal and hide how 16 bits are reduced), tRNS colour keys.
 */
export function encodePng(p: RawPng, size = SIZE): Buffer {
  const ch = CHANNELS[p.colourType];
  const rowBits = size * ch * p.depth;
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + Math.ceil(rowBits / 8)); // filter byte 0 = None
    for (let i = 0; i < size * ch; i++) {
      const v = p.data[y * size * ch + i]!;
      if (p.depth === 16) row.writeUInt16BE(v, 1 + i * 2);
      else if (p.depth === 8) row[1 + i] = v;
      else row[1 + ((i * p.depth) >> 3)]! |= v << (8 - p.depth - ((i * p.depth) & 7));
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([p.depth, p.colourType, 0, 0, 0], 8);
  const trnsBytes = (): Buffer => {
    if (p.colourType === 3) return Buffer.from(p.trns!);
    const b = Buffer.alloc(p.trns!.length * 2);
    p.trns!.forEach((v, i) => b.writeUInt16BE(v, i * 2));
    return b;
  };
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    ...(p.palette ? [chunk('PLTE', Buffer.from(p.palette.flat()))] : []),
    ...(p.trns ? [chunk('tRNS', trnsBytes())] : []),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND'),
  ]);
}

/** sharp-written PNGs: grey, grey+alpha, RGB, RGBA, palettes with and without tRNS, 8→16-bit, interlaced. */
export async function sharpVariants(size = SIZE): Promise<Record<string, Buffer>> {
  const n = size * size;
  const raw = (ch: 1 | 2 | 3 | 4, seed: number) =>
    sharp(Buffer.from(samples(n * ch, 255, seed)), { raw: { width: size, height: size, channels: ch } });
  // Alpha with fully opaque, fully transparent and partial pixels all present.
  const rgba = samples(n * 4, 255, 7).map((v, i) => (i % 4 !== 3 ? v : [0, 255, v][i % 3]!));
  const rgbaImg = () => sharp(Buffer.from(rgba), { raw: { width: size, height: size, channels: 4 } });
  return {
    grey: await raw(1, 1).toColourspace('b-w').png().toBuffer(),
    greyAlpha: await raw(2, 2).toColourspace('b-w').png().toBuffer(),
    rgb: await raw(3, 3).png().toBuffer(),
    rgba: await rgbaImg().png().toBuffer(),
    palette: await raw(3, 4).png({ palette: true, colours: 16 }).toBuffer(),
    paletteTrns: await rgbaImg().png({ palette: true, colours: 16 }).toBuffer(),
    palette2bit: await raw(3, 5).png({ palette: true, colours: 4 }).toBuffer(), // libvips picks 2 bits for 4 colours
    rgb16: await raw(3, 6).toColourspace('rgb16').png().toBuffer(),
    grey16: await raw(1, 8).toColourspace('grey16').png().toBuffer(),
    interlaced: await raw(3, 9).png({ progressive: true }).toBuffer(),
    interlacedAlpha: await rgbaImg().png({ progressive: true }).toBuffer(),
  };
}

/** Hand-made PNGs for the cases sharp does not write. */
export function handVariants(size = SIZE): Record<string, Buffer> {
  const n = size * size;
  const alpha16 = samples(n * 4, 65535, 11).map((v, i) => (i % 4 !== 3 ? v : [0, 65535, v][i % 3]!));
  const greyKey = samples(n, 255, 12).map((v, i) => (i % 5 === 0 ? 77 : v));
  const rgbKey = samples(n * 3, 255, 13).map((v, i) => (Math.floor(i / 3) % 4 === 0 ? [10, 20, 30][i % 3]! : v));
  return {
    grey1bit: encodePng({ colourType: 0, depth: 1, data: samples(n, 1, 14) }, size),
    grey2bit: encodePng({ colourType: 0, depth: 2, data: samples(n, 3, 15) }, size),
    grey4bit: encodePng({ colourType: 0, depth: 4, data: samples(n, 15, 16) }, size),
    greyKey: encodePng({ colourType: 0, depth: 8, data: greyKey, trns: [77] }, size),
    rgbKey: encodePng({ colourType: 2, depth: 8, data: rgbKey, trns: [10, 20, 30] }, size),
    rgb16full: encodePng({ colourType: 2, depth: 16, data: samples(n * 3, 65535, 17) }, size),
    grey16full: encodePng({ colourType: 0, depth: 16, data: samples(n, 65535, 18) }, size),
    greyAlpha16: encodePng({ colourType: 4, depth: 16, data: samples(n * 2, 65535, 19) }, size),
    rgba16: encodePng({ colourType: 6, depth: 16, data: alpha16 }, size),
    palette1bit: encodePng({ colourType: 3, depth: 1, data: samples(n, 1, 20), palette: [[200, 10, 40], [5, 250, 90]] }, size),
    palette8Trns: encodePng({ colourType: 3, depth: 8, data: samples(n, 5, 21), palette: [[1, 2, 3], [250, 0, 9], [9, 99, 199], [255, 255, 255], [0, 0, 0], [128, 64, 32]], trns: [0, 128, 255] }, size),
  };
}
