// scanDataset on generated trees: the bad-input tree's exact outcome, torchvision's order, splits, errors, progress, cancel.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '#contract/dataset';
import { nodeFs, type ScanFs } from '../../src-main/dataset/io';
import { scanDataset } from '../../src-main/dataset/scan';
import { buildBadInputTree, makeClassTree, noisyImage, removeTmpDirs, tmpDir, writeImage, type BadTree } from '../helpers/fixtures';

afterAll(removeTmpDirs);

describe('scanDataset on the bad-input tree', () => {
  let root: string;
  let expected: BadTree;
  let result: ScanResult;
  beforeAll(async () => {
    root = await tmpDir();
    expected = await buildBadInputTree(root);
    result = await scanDataset(root);
  });

  it('keeps exactly the usable images, unusual ones included, with their header facts', () => {
    const got = Object.fromEntries(result.entries.map((e) => [e.path, { channels: e.channels, width: e.width, height: e.height }]));
    expect(got).toEqual(expected.usable);
    expect(result.images).toBe(Object.keys(expected.usable).length);
    expect(result.classes).toEqual(['a', 'b', 'empty']);
    expect(result.counts).toEqual({ a: 8, b: 1, empty: 0 });
    expect(result.entries.find((e) => e.path === 'a/cmyk.jpg')?.format).toBe('jpeg');
  });

  it('names every broken file with its reason', () => {
    expect(result.invalid.map((f) => f.path).sort()).toEqual(Object.keys(expected.invalid).sort());
    for (const f of result.invalid) expect(f.reason, f.path).toMatch(expected.invalid[f.path]!);
  });

  it('ignores hidden, system and non-image files, and hidden folders are not classes', () => {
    expect([...result.ignored].sort()).toEqual([...expected.ignored].sort());
    expect(result.classes).not.toContain('.ipynb_checkpoints');
  });

  it('warns about the empty class, the tiny 1×1 image and mixed channels', () => {
    const kinds = result.warnings.map((w) => w.kind);
    expect(kinds).toEqual(expect.arrayContaining(['empty-class', 'tiny-images', 'mixed-channels']));
    expect(result.warnings.find((w) => w.kind === 'empty-class')?.items).toEqual(['empty']);
    expect(result.warnings.find((w) => w.kind === 'tiny-images')?.items).toEqual(['a/dot.png']);
    expect(result.greyscale).toBe(false);
  });
});

describe('scanDataset layout and order', () => {
  it("orders classes and files as Python's sorted() does, nested files belonging to their class", async () => {
    const root = await tmpDir();
    const files = ['b/z.png', 'b/a b/1.png', 'b/a/2.png', 'b/a/x/3.png', 'b/a-c/4.png', 'b/a.d/5.png', 'b/A.png', 'B/x.png', 'é/x.png', 'a/𝒜.png', 'a/ﬀ.png'];
    for (const [i, rel] of files.entries()) await writeImage(path.join(root, rel), { color: `#0000${(i * 20).toString(16).padStart(2, '0')}` });
    const r = await scanDataset(root);
    expect(r.classes).toEqual(['B', 'a', 'b', 'é']);
    // This order is what torchvision 0.14's ImageFolder printed for the same tree: sorted(os.walk()) compares
    // directory paths, so "b/a" < "b/a b" < "b/a-c" < "b/a.d" < "b/a/x" (' ' < '-' < '.' < '/'); and
    // U+FB00 (ﬀ) sorts before U+1D49C (𝒜) by code point, though not by UTF-16 unit.
    expect(r.entries.map((e) => e.path)).toEqual([
      'B/x.png', 'a/ﬀ.png', 'a/𝒜.png', 'b/A.png', 'b/z.png', 'b/a/2.png', 'b/a b/1.png', 'b/a-c/4.png', 'b/a.d/5.png', 'b/a/x/3.png', 'é/x.png',
    ]);
    expect(r.entries.map((e) => e.label)).toEqual([0, 1, 1, 2, 2, 2, 2, 2, 2, 2, 3]);
  });

  it('with followLinks, follows symlinked class and sub folders as torchvision does, and reports upright EXIF-rotated sizes', async () => {
    const root = await tmpDir();
    const elsewhere = await tmpDir();
    await makeClassTree(elsewhere, { shared: 2 });
    await makeClassTree(root, { real: 1 });
    await fsp.symlink(path.join(elsewhere, 'shared'), path.join(root, 'linked'));
    await fsp.symlink(path.join(elsewhere, 'shared'), path.join(root, 'real', 'more'));
    await sharp({ create: { width: 40, height: 20, channels: 3, background: '#123' } }).jpeg().withMetadata({ orientation: 6 }).toFile(path.join(root, 'real', 'rotated.jpg'));
    const r = await scanDataset(root, { followLinks: true });
    expect(r.classes).toEqual(['linked', 'real']);
    expect(r.entries.map((e) => e.path)).toEqual(['linked/shared_0.png', 'linked/shared_1.png', 'real/real_0.png', 'real/rotated.jpg', 'real/more/shared_0.png', 'real/more/shared_1.png']);
    expect(r.entries.find((e) => e.path === 'real/rotated.jpg')).toMatchObject({ width: 20, height: 40 });
    // A link to a folder above the dataset (here: the temp dir holding it) is a loop too, caught before walking it.
    await fsp.symlink(path.dirname(root), path.join(root, 'real', 'up'));
    const again = await scanDataset(root, { followLinks: true });
    expect(again.invalid).toEqual([{ path: 'real/up/', reason: expect.stringMatching(/^symlink loop: leads to ".*", a folder that contains the dataset itself/) }]);
    expect(again.images).toBe(r.images);
  });

  it('keeps complete images with bytes after their end marker (motion photos, padding) by decoding just those; zero-filled endings are unfinished', async () => {
    const root = await tmpDir();
    await makeClassTree(root, { b: 1 });
    const extra = Buffer.alloc(3000, 0x42);
    await fsp.mkdir(path.join(root, 'a'));
    await fsp.writeFile(path.join(root, 'a', 'motion.jpg'), Buffer.concat([await noisyImage('jpeg'), extra]));
    await fsp.writeFile(path.join(root, 'a', 'padded.png'), Buffer.concat([await noisyImage('png'), extra]));
    const cut = await noisyImage('jpeg');
    await fsp.writeFile(path.join(root, 'a', 'cut_then_zeros.jpg'), Buffer.concat([cut.subarray(0, cut.length * 0.6), Buffer.alloc(3000)]));
    const r = await scanDataset(root);
    expect(r.entries.map((e) => e.path)).toEqual(['a/motion.jpg', 'a/padded.png', 'b/b_0.png']);
    expect(r.invalid).toEqual([{ path: 'a/cut_then_zeros.jpg', reason: 'truncated JPEG (no end-of-image marker): it ends in zero bytes, an unfinished download?' }]);
  });

  it('reads train/val/test folders as splits with the union of their classes', async () => {
    const root = await tmpDir();
    await makeClassTree(path.join(root, 'train'), { cat: 3, dog: 3 });
    await makeClassTree(path.join(root, 'val'), { cat: 1, dog: 1, fox: 1 });
    await makeClassTree(path.join(root, 'other'), { x: 1 });
    const r = await scanDataset(root);
    expect(r.splits).toEqual(['train', 'val']);
    expect(r.classes).toEqual(['cat', 'dog', 'fox']);
    expect(r.counts).toEqual({ cat: 4, dog: 4, fox: 1 });
    expect(r.entries.filter((e) => e.split === 'val').map((e) => e.path)).toEqual(['val/cat/cat_0.png', 'val/dog/dog_0.png', 'val/fox/fox_0.png']);
    expect(r.ignored).toContain('other/');
    expect(r.warnings.find((w) => w.kind === 'empty-class')?.items).toEqual(['train/fox']);
  });

  it('treats a lone train folder as a class, not as a split', async () => {
    const root = await tmpDir();
    await makeClassTree(root, { train: 1, cats: 1 });
    const r = await scanDataset(root);
    expect(r.splits).toEqual([]);
    expect(r.classes).toEqual(['cats', 'train']);
  });

  it('reports greyscale when every image is grey, and a single class', async () => {
    const root = await tmpDir();
    await makeClassTree(root, { only: 2 }, { channels: 1 });
    const r = await scanDataset(root);
    expect(r.greyscale).toBe(true);
    expect(r.warnings.map((w) => w.kind)).toContain('single-class');
  });
});

describe('scanDataset errors, progress and cancel', () => {
  it('refuses a missing folder, a file, and a folder without class folders, in words', async () => {
    const root = await tmpDir();
    await expect(scanDataset(path.join(root, 'nope'))).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('Folder not found') });
    await writeImage(path.join(root, 'loose.png'));
    await expect(scanDataset(path.join(root, 'loose.png'))).rejects.toMatchObject({ code: 'NOT_A_DIRECTORY' });
    await expect(scanDataset(root)).rejects.toMatchObject({ code: 'DATASET_EMPTY', message: expect.stringContaining('1 loose files') });
  });

  // Tests run as root, for whom chmod 000 changes nothing; an injected file system raises EACCES instead.
  it('names an unreadable file and an unlistable folder (EACCES injected through options.fs)', async () => {
    const root = await tmpDir();
    await makeClassTree(root, { cat: 2, dog: 1 });
    await writeImage(path.join(root, 'dog', 'locked', 'inner.png'));
    const denied = (p: string) => Object.assign(new Error(`EACCES: permission denied, open '${p}'`), { code: 'EACCES' });
    const fs: ScanFs = {
      ...nodeFs,
      open: (p, f) => (p.endsWith('cat_1.png') ? Promise.reject(denied(p)) : nodeFs.open(p, f)),
      readdir: (p, o) => (p.endsWith('locked') ? Promise.reject(denied(p)) : nodeFs.readdir(p, o)),
    };
    const r = await scanDataset(root, { fs });
    expect(r.invalid).toEqual([
      { path: 'cat/cat_1.png', reason: 'cannot read: permission denied' },
      { path: 'dog/locked/', reason: 'cannot list folder: permission denied' },
    ]);
    expect(r.images).toBe(2);
  });

  it('reports progress up to done === total, and the result does not depend on concurrency', async () => {
    const root = await tmpDir();
    await makeClassTree(root, { a: 5, b: 4 });
    const calls: [number, number][] = [];
    const r16 = await scanDataset(root, { onProgress: (d, t) => calls.push([d, t]) });
    expect(calls[0]).toEqual([0, 9]);
    expect(calls.at(-1)).toEqual([9, 9]);
    const r1 = await scanDataset(root, { concurrency: 1 });
    expect(r1).toEqual(r16);
  });

  it('stops with CANCELLED when aborted', async () => {
    const root = await tmpDir();
    await makeClassTree(root, { a: 3, b: 3 });
    const ctrl = new AbortController();
    const run = scanDataset(root, { signal: ctrl.signal, concurrency: 1, onProgress: (d) => d === 0 && ctrl.abort() });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect(scanDataset(root, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});

it('leaves no stray fixtures behind on failure paths', async () => {
  const root = await tmpDir();
  await fsp.rm(root, { recursive: true });
  await expect(scanDataset(root)).rejects.toMatchObject({ code: 'NOT_FOUND' });
});
