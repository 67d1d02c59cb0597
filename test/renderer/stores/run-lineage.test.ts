// "Train again" pairs: a run warm-started from a run (id or run dir) or retrained from scratch finds its parent, the
// accuracy change in points, and the data change (counted when both runs recorded their dataset's size).
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '#contract/engine';
import { TRAIN_DEFAULTS } from '#contract/engine';
import { epochOffsets, runLineage, trend } from '../../../src-renderer/src/stores/run-lineage';

const run = (id: string, valAccuracy: number | null, config: Partial<RunSummary['config']> = {}): RunSummary => ({
  id, runDir: `/runs/${id}`, createdAt: '2026-12-01T10:00:00Z', status: 'completed',
  config: { ...TRAIN_DEFAULTS, data: '/p/x.hebb/snapshots/s.json', arch: 'cnn-small', ...config },
  final: valAccuracy == null ? null : { epoch: 3, epochs: 3, loss: 0.3, accuracy: 0.9, valLoss: 0.4, valAccuracy, learningRate: 0.001, imagesPerSecond: 100, etaSeconds: 0, seconds: 3 },
});

describe('run lineage', () => {
  it('pairs a warm-started run with its parent and gives the change in points and images', () => {
    const l = runLineage([
      run('child', 0.852, { warmStartFrom: 'parent', datasetHash: 'h2', datasetImages: 52 }),
      run('parent', 0.81, { datasetHash: 'h1', datasetImages: 40 }),
    ]);
    expect(Object.keys(l)).toEqual(['child']);
    expect(l.child).toMatchObject({ kind: 'warm', parentId: 'parent', parentAccuracy: 0.81, accuracy: 0.852, deltaPoints: 4.2, data: { changed: true, images: 12 } });
    expect(l.child!.parent?.id).toBe('parent');
  });

  it('takes the run id from a warm-start run directory, and pairs a from-scratch retrain through retrainOf', () => {
    const l = runLineage([
      run('a', 0.9, { warmStartFrom: '/home/me/.hebb/runs/p/', datasetHash: 'h', datasetImages: 40 }),
      run('b', 0.7, { retrainOf: 'p', datasetHash: 'h2' }),
      run('p', 0.8, { datasetHash: 'h', datasetImages: 40 }),
    ]);
    expect(l.a).toMatchObject({ kind: 'warm', parentId: 'p', deltaPoints: 10, data: { changed: false, images: 0 } });
    // b lacks its dataset size: the data changed, uncounted
    expect(l.b).toMatchObject({ kind: 'scratch', parentId: 'p', deltaPoints: -10, data: { changed: true, images: null } });
  });

  it('keeps a run whose parent is gone, with nothing to compare', () => {
    const l = runLineage([run('c', 0.5, { retrainOf: 'deleted', datasetHash: 'h' })]);
    expect(l.c).toMatchObject({ parent: null, parentAccuracy: null, accuracy: 0.5, deltaPoints: null, data: null });
  });

  it('has no delta while either run lacks a validation accuracy, and no data change without both hashes', () => {
    const l = runLineage([run('c', null, { warmStartFrom: 'p' }), run('p', 0.8, { datasetHash: 'h' })]);
    expect(l.c).toMatchObject({ deltaPoints: null, data: null });
  });

  it('rounds to the tenth shown, so float residue reads as no change', () => {
    const l = runLineage([run('c', 0.3, { warmStartFrom: 'p' }), run('p', 0.1 + 0.2)]);
    expect(l.c!.deltaPoints).toBe(0);
    expect([trend(4.2), trend(-0.1), trend(0), trend(null)]).toEqual(['up', 'down', 'same', null]);
  });
});

// A warm-started run's curve continues after its parent's: x is offset by the epochs its starting weights had.
const trained = (r: RunSummary, epoch: number, weightsEpoch?: number): RunSummary => ({ ...r, final: { ...r.final!, epoch, epochs: epoch }, ...(weightsEpoch != null ? { weightsEpoch } : {}) });

describe('epoch offsets', () => {
  it('offsets a warm-started run by the epochs its parent trained, and a fresh run by none', () => {
    expect(epochOffsets([trained(run('child', 0.9, { warmStartFrom: 'parent' }), 2), trained(run('parent', 0.8), 5)])).toEqual({ child: 5, parent: 0 });
  });

  it('counts from the epoch an early stop restored in the parent, not its last', () => {
    expect(epochOffsets([run('child', 0.9, { warmStartFrom: '/runs/parent' }), trained(run('parent', 0.8), 9, 6)]).child).toBe(6);
  });

  it('lines up a chain of three: the parent\'s own offset is included', () => {
    const o = epochOffsets([
      trained(run('c', 0.9, { warmStartFrom: 'b' }), 2),
      trained(run('b', 0.85, { warmStartFrom: 'a' }), 3),
      trained(run('a', 0.8), 4),
    ]);
    expect(o).toEqual({ a: 0, b: 4, c: 7 });
  });

  it('gives a retrain from scratch no offset, and a warm run from it only the scratch run\'s epochs', () => {
    const o = epochOffsets([
      trained(run('w', 0.9, { warmStartFrom: 's' }), 2),
      trained(run('s', 0.85, { retrainOf: 'a' }), 3),
      trained(run('a', 0.8), 4),
    ]);
    expect(o).toEqual({ w: 3, s: 0, a: 0 });
  });

  it('counts nothing for a parent no longer in the list, but the links that remain', () => {
    const o = epochOffsets([trained(run('c', 0.9, { warmStartFrom: 'b' }), 2), trained(run('b', 0.85, { warmStartFrom: 'deleted' }), 3)]);
    expect(o).toEqual({ c: 3, b: 0 });
  });

  it('takes what the job recorded first, and stops the walk at a parent that recorded its own', () => {
    const o = epochOffsets([
      // Recorded: the parent may be gone, or have trained on since, and the child still knows where it started.
      trained(run('rec', 0.9, { warmStartFrom: 'gone', warmStartEpochs: 11 }), 2),
      trained(run('old', 0.9, { warmStartFrom: 'mid' }), 2),
      trained(run('mid', 0.9, { warmStartFrom: 'gone', warmStartEpochs: 7 }), 3),
    ]);
    expect(o).toEqual({ rec: 11, old: 10, mid: 7 });
  });

  it('ends on a cycle with no offset, for every run on or below it', () => {
    const o = epochOffsets([
      trained(run('x', 0.9, { warmStartFrom: 'y' }), 2),
      trained(run('y', 0.9, { warmStartFrom: 'x' }), 3),
      trained(run('z', 0.9, { warmStartFrom: 'x' }), 4),
      trained(run('self', 0.9, { warmStartFrom: 'self' }), 4),
    ]);
    expect(o).toEqual({ x: 0, y: 0, z: 0, self: 0 });
  });
});
