/** Recognise a file from its first and last bytes: image format, what a non-image really is, and cut-off endings. */

export type Sniffed = 'jpeg' | 'png' | 'gif' | 'webp' | 'tiff' | 'bmp' | 'netpbm' | 'heif' | null;

const PNG_SIG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function sniffFormat(head: Buffer): Sniffed {
  const ascii = head.subarray(0, 16).toString('latin1');
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (head.subarray(0, 8).equals(PNG_SIG)) return 'png';
  if (ascii.startsWith('GIF87a') || ascii.startsWith('GIF89a')) return 'gif';
  if (ascii.startsWith('RIFF') && ascii.slice(8, 12) === 'WEBP') return 'webp';
  if (ascii.startsWith('II*\0') || ascii.startsWith('MM\0*')) return 'tiff';
  if (ascii.startsWith('BM') && head.length >= 26) return 'bmp';
  if (/^P[1-6]\s/.test(ascii)) return 'netpbm';
  if (ascii.slice(4, 8) === 'ftyp' && /heic|heix|hevc|mif1|msf1|avif/.test(ascii.slice(8, 12))) return 'heif';
  return null;
}

/** A plain-words description of a file that is not an image we recognise. */
export function describeNonImage(head: Buffer): string {
  const start = head.subarray(0, 512).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  const lower = start.slice(0, 64).toLowerCase();
  if (lower.startsWith('<!doctype html') || lower.startsWith('<html')) return 'not an image: an HTML page (a failed download saved under an image name?)';
  if (lower.startsWith('<svg') || (lower.startsWith('<?xml') && start.includes('<svg'))) return 'not an image we can train on: SVG vector graphics';
  if (lower.startsWith('%pdf')) return 'not an image: a PDF document';
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'not an image: a ZIP archive';
  // Described, never quoted: the file may be private (a link to it, a misnamed note) and reports get shared.
  const hex = [...head.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  if (looksLikeText(head)) return `not an image: plain text (first bytes ${hex})`;
  return `not an image: unrecognised format (first bytes ${hex})`;
}

function looksLikeText(head: Buffer): boolean {
  const sample = head.subarray(0, 512);
  if (sample.length === 0) return false;
  let printable = 0;
  for (const b of sample) if (b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127) || b >= 128) printable++;
  // Valid UTF-8 text may be cut mid-character at the sample's end, so decode leniently and count replacements.
  const replacements = (sample.toString('utf8').match(/\uFFFD/g) ?? []).length;
  return printable === sample.length && replacements <= 1;
}

/**
 * Every complete PNG ends with an IEND chunk, JPEG with an EOI marker (FF D9), GIF with a 0x3B trailer, and a
 * WebP is as long as its RIFF header says. A missing ending is how a cut-off download shows, and finding it
 * costs one small read instead of a decode. We look in the last kilobyte because some writers pad after the
 * end; FF D9 cannot occur inside JPEG entropy data (FF is always stuffed), so the search is safe.
 * Returns the suspicion in words, or null when the file ends as it should.
 */
export function endingProblem(format: Sniffed, head: Buffer, tail: Buffer, size: number): string | null {
  switch (format) {
    case 'png':
      return tail.includes('IEND') ? null : 'truncated PNG (no IEND chunk at the end)';
    case 'jpeg':
      return tail.includes(Buffer.from([0xff, 0xd9])) ? null : 'truncated JPEG (no end-of-image marker)';
    case 'gif': {
      let end = tail.length - 1;
      while (end > 0 && tail[end] === 0) end--;
      return tail[end] === 0x3b ? null : 'truncated GIF (no trailer byte at the end)';
    }
    case 'webp': {
      const declared = head.length >= 8 ? head.readUInt32LE(4) + 8 : 0;
      return size >= declared ? null : `truncated WebP (${size} bytes, its header says ${declared})`;
    }
    default:
      return null;
  }
}
