/** File-name rules of the ImageFolder convention: which names are images, which are ignored, and how torchvision sorts them. */

import { IMAGE_EXTENSIONS } from '#contract/dataset';

export { IMAGE_EXTENSIONS };

/** Names operating systems, archivers and NAS indexers (Synology's @eaDir thumbnails) leave behind; never images, never classes. */
const SYSTEM_NAMES = new Set(['thumbs.db', 'ehthumbs.db', 'desktop.ini', '__macosx', '@eadir', '$recycle.bin', 'system volume information', 'icon\r']);

export function isImageName(name: string): boolean {
  const lower = name.toLowerCase();
  return IMAGE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** Dotfiles (.DS_Store, ._photo.jpg AppleDouble forks, .ipynb_checkpoints) and OS litter. torchvision would count them; we do not. */
export function isHiddenOrSystem(name: string): boolean {
  return name.startsWith('.') || SYSTEM_NAMES.has(name.toLowerCase());
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** A directory entry's name: the string when its bytes are valid UTF-8, else null plus a printable form with \xNN escapes. */
export function decodeName(bytes: Buffer): { name: string | null; display: string } {
  try {
    const name = strictUtf8.decode(bytes);
    return { name, display: name };
  } catch {
    let display = '';
    let i = 0;
    while (i < bytes.length) {
      const len = utf8SequenceLength(bytes, i);
      if (len > 0) {
        display += bytes.subarray(i, i + len).toString('utf8');
        i += len;
      } else {
        display += `\\x${bytes[i]!.toString(16).toUpperCase().padStart(2, '0')}`;
        i += 1;
      }
    }
    return { name: null, display };
  }
}

/** Length of the valid UTF-8 sequence starting at `i`, or 0 when the byte there does not start one. */
function utf8SequenceLength(b: Buffer, i: number): number {
  const c = b[i]!;
  const len = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (len === 0 || i + len > b.length) return 0;
  try {
    strictUtf8.decode(b.subarray(i, i + len));
    return len;
  } catch {
    return 0;
  }
}

/**
 * Python's sorted() on str compares code points; JS's default sort compares UTF-16 units, which disagree when
 * a character above U+FFFF (a surrogate pair) meets one in U+E000–U+FFFF. Shifting units fixes the order.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return fixup(x) - fixup(y);
  }
  return a.length - b.length;
}

function fixup(u: number): number {
  if (u >= 0xe000) return u - 0x800;
  if (u >= 0xd800 && u <= 0xdfff) return u + 0x2000;
  return u;
}
