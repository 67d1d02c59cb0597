/** Read Netpbm greymaps and pixmaps (PGM P2/P5, PPM P3/P6, maxval up to 65535) into 8-bit raw pixels for sharp. */

import { HebbError } from '../core/errors';

export interface PnmHeader {
  /** 'P2' | 'P3' | 'P5' | 'P6' */
  magic: string;
  width: number;
  height: number;
  /** 1 for PGM, 3 for PPM. */
  channels: 1 | 3;
  maxval: number;
  /** True for P5/P6 (binary samples), false for P2/P3 (decimal text). */
  binary: boolean;
  /** Byte offset of the first sample (binary) or of the text after maxval (plain). */
  dataOffset: number;
  /** Bytes the binary raster needs (width × height × channels × 1 or 2); 0 for plain text files. */
  rasterBytes: number;
}

export interface RawImage {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 3;
}

const isSpace = (b: number): boolean => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0x0b || b === 0x0c;

/** A Netpbm header token reader: whitespace separates, '#' starts a comment up to the end of the line. */
function tokenAt(buf: Uint8Array, pos: number): { value: string; end: number } | null {
  let i = pos;
  for (;;) {
    while (i < buf.length && isSpace(buf[i]!)) i++;
    if (buf[i] !== 0x23) break;
    while (i < buf.length && buf[i] !== 0x0a && buf[i] !== 0x0d) i++;
  }
  const start = i;
  while (i < buf.length && !isSpace(buf[i]!) && buf[i] !== 0x23) i++;
  return i > start ? { value: Buffer.from(buf.subarray(start, i)).toString('latin1'), end: i } : null;
}

/**
 * Parse and check the header. Throws HebbError('INVALID_IMAGE') with the reason in plain words: PBM bitmaps,
 * a header cut short, a zero or non-numeric size, a maxval outside 1..65535.
 */
export function readPnmHeader(buf: Uint8Array): PnmHeader {
  const magic = Buffer.from(buf.subarray(0, 2)).toString('latin1');
  if (magic === 'P1' || magic === 'P4') throw new HebbError('INVALID_IMAGE', 'PBM bitmap (P1/P4) is not supported: convert it to PNG');
  if (magic === 'P7') throw new HebbError('INVALID_IMAGE', 'PAM (P7) is not supported: convert it to PNG');
  if (!['P2', 'P3', 'P5', 'P6'].includes(magic)) throw new HebbError('INVALID_IMAGE', `not a PGM/PPM file (starts with "${magic}")`);
  const fields: number[] = [];
  let pos = 2;
  for (const name of ['width', 'height', 'maxval']) {
    const t = tokenAt(buf, pos);
    if (!t || t.end >= buf.length) throw new HebbError('INVALID_IMAGE', `truncated ${kind(magic)} header (no ${name})`);
    if (!/^\d+$/.test(t.value)) throw new HebbError('INVALID_IMAGE', `corrupt ${kind(magic)} header: ${name} is "${t.value.slice(0, 20)}"`);
    fields.push(Number(t.value));
    pos = t.end;
  }
  const [width, height, maxval] = fields as [number, number, number];
  if (width < 1 || height < 1) throw new HebbError('INVALID_IMAGE', `corrupt ${kind(magic)} header: size ${width}×${height}`);
  if (maxval < 1 || maxval > 65535) throw new HebbError('INVALID_IMAGE', `corrupt ${kind(magic)} header: maxval ${maxval} is outside 1..65535`);
  const binary = magic === 'P5' || magic === 'P6';
  const channels = magic === 'P3' || magic === 'P6' ? 3 : 1;
  // Exactly one whitespace byte separates maxval from a binary raster.
  const dataOffset = pos + 1;
  const rasterBytes = binary ? width * height * channels * (maxval > 255 ? 2 : 1) : 0;
  return { magic, width, height, channels, maxval, binary, dataOffset, rasterBytes };
}

/** 'PGM' or 'PPM', for messages. */
export function kind(magic: string): string {
  return magic === 'P3' || magic === 'P6' ? 'PPM' : 'PGM';
}

/**
 * Decode the whole file to 8-bit samples. Samples are scaled from 0..maxval to 0..255 with rounding (so a 16-bit
 * or maxval-15 file looks as bright as its 8-bit twin); 16-bit binary samples are big-endian, as the format says.
 */
export function decodePnm(buf: Uint8Array): RawImage {
  const h = readPnmHeader(buf);
  const n = h.width * h.height * h.channels;
  const data = new Uint8Array(n);
  const scale = h.maxval === 255 ? null : 255 / h.maxval;
  const put = (i: number, v: number): void => {
    if (v > h.maxval) throw new HebbError('INVALID_IMAGE', `corrupt ${kind(h.magic)}: sample ${v} above maxval ${h.maxval}`);
    data[i] = scale === null ? v : Math.round(v * scale);
  };
  if (h.binary) {
    const have = buf.length - h.dataOffset;
    if (have < h.rasterBytes) throw new HebbError('INVALID_IMAGE', truncatedReason(h, buf.length));
    const raster = buf.subarray(h.dataOffset);
    if (h.maxval > 255) for (let i = 0; i < n; i++) put(i, (raster[2 * i]! << 8) | raster[2 * i + 1]!);
    else for (let i = 0; i < n; i++) put(i, raster[i]!);
  } else {
    let pos = h.dataOffset - 1;
    for (let i = 0; i < n; i++) {
      const t = tokenAt(buf, pos);
      if (!t) throw new HebbError('INVALID_IMAGE', `truncated ${kind(h.magic)} (${i} of ${n} samples)`);
      if (!/^\d+$/.test(t.value)) throw new HebbError('INVALID_IMAGE', `corrupt ${kind(h.magic)}: sample "${t.value.slice(0, 20)}" is not a number`);
      put(i, Number(t.value));
      pos = t.end;
    }
  }
  return { data, width: h.width, height: h.height, channels: h.channels };
}

/** The reason for a binary PGM/PPM shorter than its header promises. */
export function truncatedReason(h: PnmHeader, size: number): string {
  return `truncated ${kind(h.magic)} (${size} bytes, its header needs ${h.dataOffset + h.rasterBytes})`;
}
