/**
 * The bad-input tree: every kind of broken, strange-but-valid and ignorable file a real dataset folder holds,
 * with the outcome a scan must report for each. `saltTree` mixes the broken ones into an existing clean tree.
 */

import { execFileSync } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { animatedGif, encodePng, jpegClaiming, noisyImage, writeImage } from './fixtures';
import { encodeBmp24 } from '../preprocess/formats';

export interface BadTree {
  /** Relative paths the scan must list as usable, with the channels it must report. */
  usable: Record<string, { channels: number; width: number; height: number }>;
  /** Relative path (folders end in '/') → the reason's expected wording. */
  invalid: Record<string, RegExp>;
  /** Relative paths that must be ignored (folders end in '/'). */
  ignored: string[];
}

/** The non-UTF-8 file name (Latin-1 "café.png", byte 0xE9) and how the scan prints it. */
export const LATIN1_NAME = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2e, 0x70, 0x6e, 0x67]);
export const LATIN1_DISPLAY = 'caf\\xE9.png';

/** Write the broken files into class folder `cls` of `root` (prefixing names with `prefix`). Returns their expectations. */
export async function saltTree(root: string, cls: string, prefix = 'salt_'): Promise<Pick<BadTree, 'invalid' | 'ignored'>> {
  const dir = path.join(root, cls);
  const at = (name: string) => path.join(dir, prefix + name);
  const rel = (name: string) => `${cls}/${prefix}${name}`;
  await fsp.mkdir(dir, { recursive: true });
  const jpg = await noisyImage('jpeg');
  const png = await noisyImage('png');
  const webp = await noisyImage('webp');
  await fsp.writeFile(at('zero.png'), '');
  await fsp.writeFile(at('cut.jpg'), jpg.subarray(0, Math.floor(jpg.length * 0.7)));
  await fsp.writeFile(at('cut.png'), png.subarray(0, Math.floor(png.length * 0.7)));
  await fsp.writeFile(at('cut.webp'), webp.subarray(0, Math.floor(webp.length * 0.7)));
  await fsp.writeFile(at('text.jpg'), 'This is a text file\nwith a .jpg name\n');
  await fsp.writeFile(at('page.png'), '<!DOCTYPE html><html><body>404 Not Found</body></html>');
  await fsp.writeFile(at('bomb.png'), encodePng({ width: 30000, height: 30000, rows: 4 }));
  await fsp.writeFile(at('bomb.jpg'), await jpegClaiming(20000, 15000));
  await fsp.writeFile(at('cut.bmp'), encodeBmp24(8, 8, new Uint8Array(8 * 8 * 3)).subarray(0, 100));
  await fsp.writeFile(at('maxval.pgm'), Buffer.from('P5\n2 2\n70000\n\0\0\0\0\0\0\0\0', 'latin1'));
  await fsp.symlink('does-not-exist.jpg', at('broken.jpg'));
  await fsp.symlink(prefix + 'self.jpg', at('self.jpg'));
  await fsp.symlink('.', at('loop'));
  await fsp.writeFile(Buffer.concat([Buffer.from(dir + '/' + prefix), LATIN1_NAME]), await noisyImage('png', 4));
  execFileSync('mkfifo', [at('pipe.jpg')]);
  await fsp.writeFile(at('notes.txt'), 'labels were checked by hand');
  await fsp.writeFile(path.join(dir, '.DS_Store'), Buffer.alloc(16));
  await fsp.writeFile(path.join(dir, `._${prefix}cut.jpg`), Buffer.alloc(16));
  await fsp.writeFile(path.join(dir, 'Thumbs.db'), Buffer.alloc(16));
  return {
    invalid: {
      [rel('zero.png')]: /^empty file \(0 bytes\)$/,
      [rel('cut.jpg')]: /^truncated JPEG \(no end-of-image marker\)$/,
      [rel('cut.png')]: /^truncated PNG \(no IEND chunk at the end\)$/,
      [rel('cut.webp')]: /^truncated WebP \(\d+ bytes, its header says \d+\)$/,
      [rel('text.jpg')]: /^not an image: plain text \(first bytes 54 68 69 73\)$/,
      [rel('page.png')]: /^not an image: an HTML page/,
      [rel('bomb.png')]: /^image is 30000×30000 = 900 MP, above the 100 MP limit \(decompression bomb\?\)$/,
      [rel('bomb.jpg')]: /^image is 20000×15000 = 300 MP, above the 100 MP limit \(decompression bomb\?\)$/,
      [rel('cut.bmp')]: /^truncated BMP \(100 bytes, its header needs 246\)$/,
      [rel('maxval.pgm')]: /^corrupt PGM header: maxval 70000 is outside 1\.\.65535$/,
      [rel('broken.jpg')]: /^broken symbolic link/,
      [rel('self.jpg')]: /^symlink loop/,
      [`${rel('loop')}/`]: new RegExp(`^symlink loop: leads back to "${cls}/"`),
      [`${cls}/${prefix}${LATIN1_DISPLAY}`]: /^file name is not valid UTF-8/,
      [rel('pipe.jpg')]: /^not a regular file \(a named pipe\)$/,
    },
    ignored: [rel('notes.txt'), `${cls}/.DS_Store`, `${cls}/._${prefix}cut.jpg`, `${cls}/Thumbs.db`],
  };
}

/** The full bad-input tree: class "a" of unusual-but-valid images, class "b" salted with every broken kind, class "empty". */
export async function buildBadInputTree(root: string): Promise<BadTree> {
  const a = (name: string) => path.join(root, 'a', name);
  await writeImage(a('ok.png'), { width: 20, height: 20, color: '#123456' });
  await sharp({ create: { width: 20, height: 20, channels: 3, background: '#0a0' } }).toColourspace('cmyk').jpeg().toFile(a('cmyk.jpg'));
  await sharp({ create: { width: 20, height: 20, channels: 3, background: '#a0a' } }).toColourspace('rgb16').png().toFile(a('deep16.png'));
  await writeImage(a('grey_alpha.png'), { width: 20, height: 20, channels: 2, color: '#80808080' });
  await writeImage(a('dot.png'), { width: 1, height: 1, color: '#fff' });
  await fsp.writeFile(a('anim.gif'), await animatedGif(20));
  await writeImage(a('UPPER.JPG'), { width: 20, height: 20, color: '#345678', format: 'jpeg' });
  await writeImage(path.join(root, 'a', 'sub', 'deep', 'nested.png'), { width: 20, height: 20, color: '#456789' });
  await writeImage(path.join(root, 'b', 'fine.png'), { width: 20, height: 20, color: '#56789a' });
  await fsp.mkdir(path.join(root, 'empty'));
  await fsp.mkdir(path.join(root, '.ipynb_checkpoints'));
  await fsp.writeFile(path.join(root, 'README.txt'), 'a dataset');
  await fsp.writeFile(path.join(root, 'a', 'desktop.ini'), '[.ShellClassInfo]');
  const salted = await saltTree(root, 'b');
  return {
    usable: {
      'a/UPPER.JPG': { channels: 3, width: 20, height: 20 },
      'a/anim.gif': { channels: 4, width: 20, height: 20 },
      'a/cmyk.jpg': { channels: 4, width: 20, height: 20 },
      'a/deep16.png': { channels: 3, width: 20, height: 20 },
      'a/dot.png': { channels: 3, width: 1, height: 1 },
      'a/grey_alpha.png': { channels: 2, width: 20, height: 20 },
      'a/ok.png': { channels: 3, width: 20, height: 20 },
      'a/sub/deep/nested.png': { channels: 3, width: 20, height: 20 },
      'b/fine.png': { channels: 3, width: 20, height: 20 },
    },
    invalid: salted.invalid,
    ignored: ['.ipynb_checkpoints/', 'README.txt', 'a/desktop.ini', ...salted.ignored],
  };
}
