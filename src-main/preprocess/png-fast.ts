/** Fast path for plain PNGs already at the target size: decoded by pngjs in-process, byte-identical to the sharp path. */

import { PNG } from 'pngjs';

/**
 * Why: sharp/libvips costs ~0.9 ms of fixed CPU per call even for a 28×28 PNG (a bare `sharp(b).raw()`), while
 * pngjs (node's own zlib) decodes one in ~0.06–0.1 ms. That makes the first, uncached epoch on MNIST/CIFAR-like
 * folders several times faster. With no resize to do, the sharp pipeline reduces to: palette / grey / tRNS
 * expansion, alpha flattened onto black and 16→8 bits, which we reproduce exactly (luma stays in decode.ts).
 *
 * Chunks we know libvips decodes without touching pixels. Anything else — iCCP (sharp applies the profile), eXIf
 * (orientation), APNG's acTL, chunks we never checked — sends the file to sharp. So do any defect and any error:
 * the sharp path reports bad files as it always has.
 */
const PIXEL_NEUTRAL = new Set(['IHDR', 'PLTE', 'tRNS', 'IDAT', 'IEND', 'tEXt', 'zTXt', 'iTXt', 'pHYs', 'tIME', 'bKGD', 'gAMA', 'cHRM', 'sRGB', 'sBIT']);

const PNG_SIG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface Ihdr {
  width: number;
  height: number;
  depth: number;
}

/**
 * Walk the chunk list: the IHDR when every chunk is whole, known to be pixel-neutral and the list ends in IEND;
 * null otherwise (a cut-off file, an unknown chunk, a colour profile…).
 */
export function plainPngHeader(bytes: Buffer): Ihdr | null {
  if (bytes.length < 8 + 25 + 12 || !bytes.subarray(0, 8).equals(PNG_SIG)) return null;
  if (bytes.readUInt32BE(8) !== 13 || bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
  const head = { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), depth: bytes[24]! };
  for (let at = 8; at + 12 <= bytes.length; ) {
    const len = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    if (!PIXEL_NEUTRAL.has(type) || at + 12 + len > bytes.length) return null;
    if (type === 'IEND') return head;
    at += 12 + len;
  }
  return null;
}

/**
 * RGB pixels exactly as the sharp pipeline in decode.ts gives them, or null when this file needs sharp: not a
 * plain PNG, not already `width`×`height` (a resize is sharp's job), or pngjs fails on it for any reason.
 */
export function decodePngFast(bytes: Buffer, width: number, height: number): Uint8Array | null {
  const head = plainPngHeader(bytes);
  if (!head || head.width !== width || head.height !== height) return null;
  let rgba: Uint8Array | Uint16Array;
  try {
    // skipRescale keeps 16-bit samples whole so we can reduce them as libvips does; it would also skip the
    // (exact) 1/2/4-bit → 8-bit scaling of grey images, so it is only asked for 16-bit ones.
    rgba = PNG.sync.read(bytes, { skipRescale: head.depth === 16 }).data as Uint8Array | Uint16Array;
  } catch {
    return null;
  }
  const n = head.width * head.height;
  if (rgba.length !== n * 4) return null;
  return flattenToRgb(rgba, n, head.depth === 16);
}

/**
 * RGBA → RGB on black as libvips's flatten does it for a black background (integer `v * a / max` rounded down),
 * then 16-bit samples reduced to 8 by dropping the low byte (libvips's RGB16 → sRGB conversion).
 */
function flattenToRgb(rgba: Uint8Array | Uint16Array, n: number, wide: boolean): Uint8Array {
  const out = new Uint8Array(n * 3);
  const max = wide ? 65535 : 255;
  const shift = wide ? 8 : 0;
  for (let i = 0, j = 0, k = 0; i < n; i++, j += 4, k += 3) {
    const a = rgba[j + 3]!;
    if (a === max) {
      out[k] = rgba[j]! >> shift;
      out[k + 1] = rgba[j + 1]! >> shift;
      out[k + 2] = rgba[j + 2]! >> shift;
    } else {
      out[k] = Math.floor((rgba[j]! * a) / max) >> shift;
      out[k + 1] = Math.floor((rgba[j + 1]! * a) / max) >> shift;
      out[k + 2] = Math.floor((rgba[j + 2]! * a) / max) >> shift;
    }
  }
  return out;
}
