// Health warnings with their stated thresholds, and exact-duplicate detection across classes and splits.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImageEntry } from '#contract/dataset';
import { findCrossDuplicates } from '../../src-main/dataset/duplicates';
import { healthWarnings, IMBALANCE_RATIO, TINY_SIDE } from '../../src-main/dataset/health';
import { scanDataset } from '../../src-main/dataset/scan';
import { makeClassTree, removeTmpDirs, tmpDir, writeImage } from '../helpers/fixtures';

afterAll(removeTmpDirs);

function entry(label: number, i: number, over: Partial<ImageEntry> = {}): ImageEntry {
  return { path: `c${label}/${i}.png`, label, width: 32, height: 32, channels: 3, format: 'png', size: 100 + i, mtimeMs: 0, ...over };
}
const many = (label: number, n: number, over: Partial<ImageEntry> = {}) => Array.from({ length: n }, (_, i) => entry(label, i, over));
const kinds = (ws: { kind: string }[]) => ws.map((w) => w.kind);

describe('healthWarnings', () => {
  it(`warns about imbalance at ${IMBALANCE_RATIO}× and not below`, () => {
    const at = healthWarnings({ classes: ['a', 'b'], entries: [...many(0, IMBALANCE_RATIO * 4), ...many(1, 4)], splits: [], duplicates: [] });
    expect(at.find((w) => w.kind === 'imbalance')).toMatchObject({ items: ['b'], message: expect.stringContaining('"a" has 20 images, "b" only 4 (5.0×') });
    const below = healthWarnings({ classes: ['a', 'b'], entries: [...many(0, IMBALANCE_RATIO * 4 - 1), ...many(1, 4)], splits: [], duplicates: [] });
    expect(kinds(below)).toEqual([]);
  });

  it(`flags images under ${TINY_SIDE} px on a side but not MNIST-sized ones`, () => {
    const ws = healthWarnings({ classes: ['a', 'b'], entries: [entry(0, 0, { width: 28, height: 28 }), entry(1, 1, { width: 64, height: TINY_SIDE - 1 })], splits: [], duplicates: [] });
    expect(ws).toEqual([expect.objectContaining({ kind: 'tiny-images', items: ['c1/1.png'] })]);
  });

  it('lists the minority side of mixed channels; all-grey is not mixed', () => {
    const ws = healthWarnings({ classes: ['a', 'b'], entries: [...many(0, 3, { channels: 1 }), entry(1, 9, { channels: 4 }), entry(1, 8, { channels: 2 })], splits: [], duplicates: [] });
    expect(ws.find((w) => w.kind === 'mixed-channels')?.items).toEqual(['c1/9.png']);
    expect(kinds(healthWarnings({ classes: ['a', 'b'], entries: [...many(0, 2, { channels: 1 }), ...many(1, 2, { channels: 2 })], splits: [], duplicates: [] }))).toEqual([]);
  });

  it('warns about a class missing from one split, and about a single class', () => {
    const entries = [...many(0, 2, { split: 'train' }), ...many(1, 2, { split: 'train' }), entry(0, 5, { split: 'val' })];
    const ws = healthWarnings({ classes: ['a', 'b'], entries, splits: ['train', 'val'], duplicates: [] });
    expect(ws).toEqual([expect.objectContaining({ kind: 'empty-class', items: ['val/b'] })]);
    expect(kinds(healthWarnings({ classes: ['a'], entries: many(0, 3), splits: [], duplicates: [] }))).toEqual(['single-class']);
  });
});

describe('duplicates', () => {
  it('finds byte-identical files across classes and across splits, not within one class', async () => {
    const root = await tmpDir();
    await makeClassTree(path.join(root, 'train'), { cat: 2, dog: 2 });
    await makeClassTree(path.join(root, 'val'), { cat: 1, dog: 1 });
    await fsp.copyFile(path.join(root, 'train/cat/cat_0.png'), path.join(root, 'train/dog/mislabelled.png'));
    await fsp.copyFile(path.join(root, 'train/dog/dog_1.png'), path.join(root, 'val/dog/leaked.png'));
    await fsp.copyFile(path.join(root, 'train/cat/cat_1.png'), path.join(root, 'train/cat/again.png'));
    const r = await scanDataset(root);
    const byKind = Object.fromEntries(r.warnings.map((w) => [w.kind, w]));
    expect(byKind['duplicate-across-classes']?.items).toEqual(['train/cat/cat_0.png = train/dog/mislabelled.png']);
    expect(byKind['duplicate-across-splits']?.items).toEqual(['train/dog/dog_1.png = val/dog/leaked.png']);
    expect(JSON.stringify(r.warnings.filter((w) => w.kind.startsWith('duplicate')))).not.toContain('again.png');
  });

  it('re-reads only same-size, same-quick-key candidates in different places, and none whose quick key covers the file', async () => {
    const root = await tmpDir();
    await writeImage(path.join(root, 'x.png'));
    const hashed: string[] = [];
    const e = (p: string, label: number, size: number, key = 'k', complete = false) => ({ entry: { ...entry(label, 0), path: p, size }, quick: { key, complete } });
    const groups = await findCrossDuplicates(
      [e('a', 0, 10), e('b', 1, 11), e('c', 0, 12), e('d', 0, 12), e('e', 0, 13), e('f', 1, 13), e('g', 0, 14, 'k1'), e('h', 1, 14, 'k2'), e('i', 0, 15, 'k', true), e('j', 1, 15, 'k', true)],
      (x) => { hashed.push(x.path); return path.join(root, 'x.png'); },
    );
    // a/b differ in size; c/d share size but sit in one class; g/h differ in their first/last bytes; i/j are settled by the key.
    expect(hashed.sort()).toEqual(['e', 'f']);
    expect(groups).toEqual([
      { paths: ['i', 'j'], acrossClasses: true, acrossSplits: false },
      { paths: ['e', 'f'], acrossClasses: true, acrossSplits: false },
    ]);
  });
});
