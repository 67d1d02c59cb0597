import { describe, expect, it } from 'vitest';
import type { ImageEntry, SplitName } from '#contract/dataset';
import { splitDataset } from '../../src-main/dataset/split';

type E = Pick<ImageEntry, 'path' | 'label' | 'split'>;
const make = (perClass: number[], split?: SplitName): E[] =>
  perClass.flatMap((n, label) => Array.from({ length: n }, (_, i) => ({ path: `${split ? split + '/' : ''}c${label}/${i}.png`, label, ...(split ? { split } : {}) })));
const names = (es: E[]) => es.map((e) => e.path).sort();
const countBy = (es: E[]) => es.reduce<Record<number, number>>((m, e) => ((m[e.label] = (m[e.label] ?? 0) + 1), m), {});

describe('splitDataset', () => {
  it('is stratified: every class keeps the requested shares', () => {
    const r = splitDataset(make([100, 50, 10]), { val: 0.2, test: 0.1, seed: 1 });
    expect(countBy(r.val)).toEqual({ 0: 20, 1: 10, 2: 2 });
    expect(countBy(r.test)).toEqual({ 0: 10, 1: 5, 2: 1 });
    expect(countBy(r.train)).toEqual({ 0: 70, 1: 35, 2: 7 });
    expect(r.source).toBe('seeded');
  });

  it('puts every entry in exactly one split', () => {
    const all = make([30, 7]);
    const r = splitDataset(all, { val: 0.3, test: 0.2, seed: 3 });
    expect(names([...r.train, ...r.val, ...r.test])).toEqual(names(all));
  });

  it('is the same for the same seed whatever the listing order; another seed differs', () => {
    const all = make([40, 40]);
    const a = splitDataset(all, { val: 0.25, test: 0, seed: 7 });
    const shuffled = [...all].reverse();
    const b = splitDataset(shuffled, { val: 0.25, test: 0, seed: 7 });
    expect(names(b.val)).toEqual(names(a.val));
    expect(names(splitDataset(all, { val: 0.25, test: 0, seed: 8 }).val)).not.toEqual(names(a.val));
  });

  it('adding one file moves at most one existing file per split boundary', () => {
    const all = make([60]);
    const before = splitDataset(all, { val: 0.2, test: 0.1, seed: 5 });
    const after = splitDataset([...all, { path: 'c0/new.png', label: 0 }], { val: 0.2, test: 0.1, seed: 5 });
    const where = (r: typeof before) => new Map([...r.train.map((e) => [e.path, 't']), ...r.val.map((e) => [e.path, 'v']), ...r.test.map((e) => [e.path, 'x'])] as [string, string][]);
    const w0 = where(before), w1 = where(after);
    const moved = [...w0.keys()].filter((p) => w0.get(p) !== w1.get(p));
    expect(moved.length).toBeLessThanOrEqual(2);
  });

  it('keeps at least one training image per class and validates the shares', () => {
    const r = splitDataset(make([2, 1]), { val: 0.5, test: 0.4, seed: 1 });
    expect(countBy(r.train)).toEqual({ 0: 1, 1: 1 });
    expect(() => splitDataset(make([3]), { val: 0.6, test: 0.5 })).toThrow(/< 1/);
    expect(() => splitDataset(make([3]), { val: -0.1 })).toThrow(/\[0, 1\)/);
  });

  it('uses the folders when the dataset has train/val/test folders', () => {
    const all = [...make([5, 5], 'train'), ...make([2, 2], 'val'), ...make([3, 1], 'test')];
    const r = splitDataset(all, { val: 0.3, test: 0.3, seed: 1 });
    expect(r.source).toBe('folders');
    expect(r.train.length).toBe(10);
    expect(r.val.every((e) => e.split === 'val')).toBe(true);
    expect(r.test.length).toBe(4);
  });

  it('carves validation from train (stratified) when only train/test folders exist', () => {
    const all = [...make([10, 10], 'train'), ...make([3, 3], 'test')];
    const r = splitDataset(all, { val: 0.2, seed: 1 });
    expect(countBy(r.val)).toEqual({ 0: 2, 1: 2 });
    expect(r.val.every((e) => e.split === 'train')).toBe(true);
    expect(r.test.length).toBe(6);
    expect(r.train.length).toBe(16);
  });
});
