/** Read Windows BMP files (1/4/8-bit palette, RLE4/RLE8, 16/24/32-bit, bit fields) into 8-bit raw pixels for sharp. */

import { decode } from 'bmp-ts';
import { HebbError } from '../core/errors';
import type { RawImage } from './netpbm';

export interface BmpHeader {
  width: number;
  height: number;
  /** 1 when every palette entry is grey (PIL opens those as mode 'L'), else 3. Alpha is dropped, as convert('RGB') does. */
  channels: 1 | 3;
  bitsPerPixel: number;
  compression: number;
  /** Where the pixel rows start (bfOffBits). */
  dataOffset: number;
  /** Where the header, bit masks and palette end; bmp-ts expects the pixels right there. */
  paletteEnd: number;
  /** Bytes the pixel rows need, for uncompressed files; 0 for RLE (its length is only known by decoding). */
  rasterBytes: number;
}

const COMPRESSION: Record<number, string> = { 0: 'none', 1: 'RLE8', 2: 'RLE4', 3: 'bit fields', 4: 'embedded JPEG', 5: 'embedded PNG', 6: 'alpha bit fields' };
const INFO_HEADERS = [40, 52, 56, 108, 124];

const bad = (reason: string): HebbError => new HebbError('INVALID_IMAGE', reason);

/**
 * Parse and check the header (and palette, to tell grey from colour). `buf` must hold at least the header and
 * palette (about 1.2 KB at most). Throws HebbError('INVALID_IMAGE') with the reason in plain words.
 */
export function readBmpHeader(buf: Uint8Array): BmpHeader {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.length);
  if (b.length < 26 || b.toString('latin1', 0, 2) !== 'BM') throw bad('truncated BMP header');
  const headerSize = b.readUInt32LE(14);
  if (headerSize === 12) throw bad('OS/2 BMP (12-byte header) is not supported: convert it to PNG');
  if (!INFO_HEADERS.includes(headerSize)) throw bad(`corrupt BMP header: header size ${headerSize}`);
  if (b.length < 14 + 40) throw bad('truncated BMP header');
  const width = b.readInt32LE(18);
  const rawHeight = b.readInt32LE(22);
  const bitsPerPixel = b.readUInt16LE(28);
  const compression = b.readUInt32LE(30);
  const colors = b.readUInt32LE(46);
  const dataOffset = b.readUInt32LE(10);
  const height = Math.abs(rawHeight);
  if (width < 1 || height < 1) throw bad(`corrupt BMP header: size ${width}×${rawHeight}`);
  if (![1, 4, 8, 16, 24, 32].includes(bitsPerPixel)) throw bad(`corrupt BMP header: ${bitsPerPixel} bits per pixel`);
  if (compression === 4 || compression === 5) throw bad(`BMP with ${COMPRESSION[compression]} inside is not supported: convert it to PNG`);
  if (!(compression in COMPRESSION)) throw bad(`corrupt BMP header: compression ${compression}`);
  if ((compression === 1 && bitsPerPixel !== 8) || (compression === 2 && bitsPerPixel !== 4)) throw bad(`corrupt BMP header: ${COMPRESSION[compression]} with ${bitsPerPixel} bits per pixel`);
  // A 40-byte header keeps its bit masks after itself; bigger headers hold them inside.
  const masks = headerSize === 40 ? (compression === 3 ? 12 : compression === 6 ? 16 : 0) : 0;
  const paletteLen = bitsPerPixel <= 8 || colors > 0 ? (colors === 0 ? 1 << bitsPerPixel : colors) : 0;
  if (paletteLen > 256 && bitsPerPixel <= 8) throw bad(`corrupt BMP header: ${paletteLen} palette colours`);
  const paletteStart = 14 + headerSize + masks;
  const paletteEnd = paletteStart + paletteLen * 4;
  if (dataOffset < paletteEnd) throw bad(`corrupt BMP header: pixels start at ${dataOffset}, inside the header or palette`);
  if (b.length < paletteEnd) throw bad('truncated BMP header (palette cut short)');
  let grey = bitsPerPixel <= 8;
  for (let i = 0; grey && i < paletteLen; i++) {
    const p = paletteStart + 4 * i;
    grey = b[p] === b[p + 1] && b[p + 1] === b[p + 2];
  }
  const stride = Math.ceil((width * bitsPerPixel) / 32) * 4;
  const rasterBytes = compression === 1 || compression === 2 ? 0 : stride * height;
  return { width, height, channels: grey ? 1 : 3, bitsPerPixel, compression, dataOffset, paletteEnd, rasterBytes };
}

/** The reason for an uncompressed BMP shorter than its header promises, or null when it is long enough. */
export function bmpTruncation(h: BmpHeader, size: number): string | null {
  const need = h.dataOffset + h.rasterBytes;
  return h.rasterBytes && size < need ? `truncated BMP (${size} bytes, its header needs ${need})` : null;
}

/** Decode the whole file with bmp-ts to 8-bit RGB (or grey for grey palettes), top row first. */
export function decodeBmp(buf: Uint8Array): RawImage {
  const h = readBmpHeader(buf);
  const cut = bmpTruncation(h, buf.length);
  if (cut) throw bad(cut);
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.length);
  // bmp-ts reads pixels straight after the palette and ignores bfOffBits; writers that leave a gap (an ICC
  // profile, alignment) would shift every row, so the gap is cut out first.
  const input = h.dataOffset === h.paletteEnd ? b : Buffer.concat([b.subarray(0, h.paletteEnd), b.subarray(h.dataOffset)]);
  let abgr: Buffer;
  try {
    // ABGR order (toRGBA false): bmp-ts's RGBA path mis-writes 1-bit rows.
    abgr = decode(input, { toRGBA: false }).data;
  } catch (err) {
    const msg = (err as Error).message;
    throw bad(err instanceof RangeError || /out of range|outside buffer/i.test(msg) ? 'truncated BMP (pixel data cut short)' : `corrupt BMP: ${msg}`);
  }
  const n = h.width * h.height;
  const data = new Uint8Array(n * h.channels);
  if (h.channels === 1) for (let i = 0; i < n; i++) data[i] = abgr[4 * i + 3]!;
  else {
    for (let i = 0; i < n; i++) {
      data[3 * i] = abgr[4 * i + 3]!;
      data[3 * i + 1] = abgr[4 * i + 2]!;
      data[3 * i + 2] = abgr[4 * i + 1]!;
    }
  }
  return { data, width: h.width, height: h.height, channels: h.channels };
}
