/**
 * Images a project adds (captured, pasted, imported): PNG or JPEG bytes only, checked by their magic bytes, copied
 * into `<project>/images/<sha256>.<ext>`, content-addressed so the same bytes are stored once.
 */

import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ADDED_IMAGE_MAX_BYTES, PROJECT_IMAGES_DIR, type AddedImage } from '#contract/project';
import { writeFileAtomic } from '../core/atomic';
import { HebbError } from '../core/errors';
import { describeNonImage, sniffFormat } from '../image-format/sniff';

/** The contract's cap, under the name the CLI and tests already use. */
export const MAX_ADDED_BYTES = ADDED_IMAGE_MAX_BYTES;

export async function storeImage(projectDir: string, bytes: Buffer, cls: string, originalName: string): Promise<AddedImage> {
  const name = originalName || 'image';
  if (bytes.length === 0) throw new HebbError('INVALID_IMAGE', `${name}: empty file (0 bytes)`, name);
  if (bytes.length > MAX_ADDED_BYTES) throw new HebbError('INVALID_ARGUMENT', `${name}: ${bytes.length} bytes is more than the ${MAX_ADDED_BYTES / 1024 / 1024} MB an added image may have`, name);
  const format = sniffFormat(bytes.subarray(0, 64));
  if (format !== 'png' && format !== 'jpeg') {
    throw new HebbError('INVALID_IMAGE', `${name}: a project adds PNG or JPEG images; this is ${format ? `a ${format.toUpperCase()} image` : describeNonImage(bytes.subarray(0, 64))}`, name);
  }
  const ext = format === 'png' ? 'png' : 'jpg';
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const file = path.join(projectDir, PROJECT_IMAGES_DIR, `${sha256}.${ext}`);
  const have = await fs.stat(file).then((s) => s.size === bytes.length, () => false);
  if (!have) await writeFileAtomic(file, bytes);
  return { sha256, ext, class: cls, originalName: name, addedAt: new Date().toISOString() };
}
