import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BatchMetrics, EpochMetrics, TrainEnd } from '#contract/engine';
import type { TrainerEvent } from '#contract/worker';
import type { TrainPosition } from '#contract/train-state';
import { checkpoint, type CheckpointState } from '../../../../src-main/engine/train/callbacks/checkpoint';
import { earlyStopping } from '../../../../src-main/engine/train/callbacks/early-stopping';
import { histogram, histograms } from '../../../../src-main/engine/train/callbacks/histograms';
import { metricsStream } from '../../../../src-main/engine/train/callbacks/metrics-stream';
import { resumeFrom } from '../../../../src-main/engine/train/callbacks/resume';
import { readRunLog, runLog, truncateRunLog } from '../../../../src-main/engine/train/callbacks/run-log';
import { CallbackList, type TrainBeginInfo } from '../../../../src-main/engine/train/callbacks/types';
import { TrainController } from '../../../../src-main/engine/train/control';
import { removeTmpDirs, tmpDir } from '../../../helpers/fixtures';

afterAll(removeTmpDirs);

const batch = (epoch: number, b: number, of = 10): BatchMetrics => ({ epoch, batch: b, batchesPerEpoch: of, loss: 1 / b, accuracy: 0.5, learningRate: 0.01, imagesPerSecond: 100 });
const epoch = (e: number, valLoss: number | null, epochs = 10): EpochMetrics => ({ epoch: e, epochs, loss: 1, accuracy: 0.5, valLoss, valAccuracy: valLoss === null ? null : 0.5, learningRate: 0.01, imagesPerSecond: 100, etaSeconds: 1, seconds: 1 });
const end: TrainEnd = { status: 'completed', runDir: '/r', epochsDone: 2, backend: 'cpu', valAccuracy: 0.9, testAccuracy: null, imagesPerSecond: 100 };

describe('metricsStream', () => {
  it('throttles batch events to maxPerSecond but always sends the last batch, every epoch and the end', () => {
    const events: TrainerEvent[] = [];
    let t = 0;
    const cb = metricsStream((e) => events.push(e), { maxPerSecond: 10, now: () => t });
    const control = new TrainController();
    for (let b = 1; b <= 10; b++) { t += 20; cb.onBatchEnd!(batch(1, b), control); } // 50 batches/s offered
    cb.onEpochEnd!(epoch(1, 0.5), control);
    cb.onTrainEnd!(end);
    const batches = events.filter((e) => e.type === 'batch') as ({ type: 'batch' } & BatchMetrics)[];
    expect(batches.map((b) => b.batch)).toEqual([1, 6, 10]);
    expect(events.filter((e) => e.type === 'epoch')).toHaveLength(1);
    expect(events.at(-1)!.type).toBe('end');
    expect(JSON.parse(JSON.stringify(events))).toEqual(events); // plain data only
  });
});

describe('earlyStopping', () => {
  it('stops after `patience` epochs without val-loss improvement, and its state survives a resume', () => {
    const c = new TrainController();
    const es = earlyStopping({ patience: 2 });
    [1.0, 0.8, 0.85].forEach((v, i) => es.onEpochEnd!(epoch(i + 1, v), c));
    expect(c.stopRequested).toBe(false);
    const resumed = earlyStopping({ patience: 2 });
    resumed.restore!(JSON.parse(JSON.stringify(es.state!())));
    resumed.onEpochEnd!(epoch(4, 0.9), c);
    expect(c.stopRequested).toBe(true);
    expect(c.stopReason).toMatch(/no improvement for 2 epochs/);
  });

  it('puts the best epoch\'s weights back when it stops, and frees every snapshot it took', () => {
    const c = new TrainController();
    const live = { w: 0 };
    const alive = new Set<number>();
    const es = earlyStopping<number>({
      patience: 2,
      weights: { take: () => { alive.add(live.w); return live.w; }, put: (w) => { live.w = w; }, dispose: (w) => { alive.delete(w); } },
    });
    [1.0, 0.7, 0.8, 0.9].forEach((v, i) => { live.w = 10 * (i + 1); es.onEpochEnd!(epoch(i + 1, v), c); });
    expect(c.stopRequested).toBe(true);
    expect(live.w).toBe(20); // epoch 2's weights, not epoch 4's
    expect(es.restored?.epoch).toBe(2);
    expect(c.stopReason).toMatch(/restored the weights of epoch 2/);
    expect([...alive]).toEqual([20]); // epoch 1's snapshot was freed when epoch 2 improved on it
    es.onTrainEnd!(end);
    expect(alive.size).toBe(0);
  });

  it('after a resume without the snapshot it says the last weights stay', () => {
    const c = new TrainController();
    const es = earlyStopping<number>({ patience: 1, weights: { take: () => 1, put: () => { throw new Error('nothing to put'); }, dispose: () => {} } });
    es.restore!({ best: 0.5, wait: 0, bestEpoch: epoch(3, 0.5) });
    es.onEpochEnd!(epoch(4, 0.6), c);
    expect(c.stopReason).toMatch(/epoch 3 were not kept across the resume/);
    expect(es.restored).toBeNull();
  });

  it('falls back to training loss without a validation set; improvements reset the count', () => {
    const c = new TrainController();
    const es = earlyStopping({ patience: 1, minDelta: 0.01 });
    es.onEpochEnd!({ ...epoch(1, null), loss: 1 }, c);
    es.onEpochEnd!({ ...epoch(2, null), loss: 0.5 }, c);
    expect(c.stopRequested).toBe(false);
    es.onEpochEnd!({ ...epoch(3, null), loss: 0.495 }, c); // below minDelta
    expect(c.stopRequested).toBe(true);
  });
});

const info = (pos: () => TrainPosition, batchesPerEpoch = 10): TrainBeginInfo => ({ epochs: 7, startEpoch: 0, batchesPerEpoch, position: pos });
const at = (epochsDone: number, b = 0): TrainPosition => ({ epochsDone, batch: b, sums: { loss: b, accuracy: b / 2, seen: b * 4 }, random: 1234 + b, epochSeconds: b / 10 });

describe('checkpoint', () => {
  it('saves every N epochs and always the last, with the epochs so far and the carried callbacks\' state', async () => {
    const saved: CheckpointState[] = [];
    let pos = at(0);
    const carried = { name: 'es', state: () => ({ wait: pos.epochsDone }) };
    const cb = checkpoint(async (s) => { saved.push(s); }, { every: 3, carry: [carried], history: [epoch(0, 1)], elapsedSeconds: 5 });
    await cb.onTrainBegin!(info(() => pos), new TrainController());
    for (let e = 1; e <= 7; e++) { pos = at(e); await cb.onEpochEnd!(epoch(e, 1, 7), new TrainController()); }
    expect(saved.map((s) => s.position.epochsDone)).toEqual([3, 6, 7]);
    expect(saved[0]!.history.map((m) => m.epoch)).toEqual([0, 1, 2, 3]);
    expect(saved[0]!.elapsedSeconds).toBe(8);
    expect(saved.map((s) => s.callbacks)).toEqual([{ es: { wait: 3 } }, { es: { wait: 6 } }, { es: { wait: 7 } }]);
  });

  it('inside an epoch saves every N steps, never at the last batch (the epoch end saves that)', async () => {
    const saved: TrainPosition[] = [];
    let pos = at(0);
    const cb = checkpoint(async (s) => { saved.push(s.position); }, { everySteps: 3 });
    await cb.onTrainBegin!(info(() => pos, 7), new TrainController());
    for (let b = 1; b <= 7; b++) { pos = at(0, b); await cb.onBatchEnd!(batch(1, b, 7), new TrainController()); }
    pos = at(1);
    await cb.onEpochEnd!(epoch(1, 1, 7), new TrainController());
    for (let b = 1; b <= 4; b++) { pos = at(1, b); await cb.onBatchEnd!(batch(2, b, 7), new TrainController()); }
    expect(saved.map((p) => [p.epochsDone, p.batch])).toEqual([[0, 3], [0, 6], [1, 0], [1, 3]]);
    expect(saved[1]).toEqual(at(0, 6)); // the position as the trainer reported it, sums and generator state included
  });

  it('inside an epoch saves when T seconds passed since the last save (Keras save_freq), by the injected clock', async () => {
    const saved: number[] = [];
    let t = 0, pos = at(0);
    const cb = checkpoint(async (s) => { saved.push(s.position.batch); }, { everySeconds: 60, now: () => t });
    await cb.onTrainBegin!(info(() => pos, 100), new TrainController());
    for (let b = 1; b <= 20; b++) { t += 25_000; pos = at(0, b); await cb.onBatchEnd!(batch(1, b, 100), new TrainController()); }
    expect(saved).toEqual([3, 6, 9, 12, 15, 18]); // 75 s, then 75 s after each save
  });

  it('a stop saves where the loop stands, unless that was just saved; a completed or failed end saves nothing more', async () => {
    const saved: string[] = [];
    let pos = at(0, 3);
    const cb = checkpoint(async (s) => { saved.push(`${s.position.epochsDone}:${s.position.batch}`); });
    await cb.onTrainBegin!(info(() => pos), new TrainController());
    await cb.onTrainEnd!({ ...end, status: 'stopped' });
    expect(saved).toEqual(['0:3']);
    await cb.onTrainEnd!({ ...end, status: 'stopped' });
    expect(saved).toEqual(['0:3']);
    pos = at(0, 5);
    await cb.onTrainEnd!({ ...end, status: 'failed' });
    await cb.onTrainEnd!(end);
    expect(saved).toEqual(['0:3']);
  });

  it('without step options saves only at epoch ends', async () => {
    const saved: number[] = [];
    let t = 0;
    const cb = checkpoint(async (s) => { saved.push(s.position.batch); }, { now: () => t });
    await cb.onTrainBegin!(info(() => at(0, 1)), new TrainController());
    for (let b = 1; b < 10; b++) { t += 1e9; await cb.onBatchEnd!(batch(1, b), new TrainController()); }
    expect(saved).toEqual([]);
  });
});

describe('resumeFrom', () => {
  it('puts weights, optimizer slots and carried state back before the first batch, in that order', async () => {
    const done: string[] = [];
    const es = earlyStopping({ patience: 2 });
    const ckpt = { id: 'c', state: { callbacks: { earlyStopping: { best: 0.25, wait: 1, bestEpoch: null } } } };
    const cb = resumeFrom(ckpt, { weights: (c) => { done.push(`weights ${c.id}`); }, optimizer: async (c) => { done.push(`optimizer ${c.id}`); }, carry: [es] });
    await cb.onTrainBegin!(info(() => at(3)), new TrainController());
    expect(done).toEqual(['weights c', 'optimizer c']);
    expect(es.best).toBe(0.25);
    const c = new TrainController();
    es.onEpochEnd!(epoch(4, 0.3), c); // the second epoch without improvement: the restored wait counted
    expect(c.stopRequested).toBe(true);
  });
});

describe('runLog', () => {
  it('appends JSON lines, throttles batches, reads past a torn last line, and truncates for a resume', async () => {
    const file = path.join(await tmpDir('hebb-runlog-'), 'metrics.jsonl');
    let t = 0;
    const cb = runLog(file, { batchEveryMs: 100, now: () => t });
    const c = new TrainController();
    for (const e of [1, 2, 3]) {
      for (let b = 1; b <= 4; b++) { t += 30; await cb.onBatchEnd!(batch(e, b, 4), c); }
      await cb.onEpochEnd!(epoch(e, 0.5), c);
    }
    await cb.onTrainEnd!(end);
    await fs.appendFile(file, '{"type":"batch","epoch":4,"ba'); // kill -9 mid-write
    const records = await readRunLog(file);
    expect(records.filter((r) => r.type === 'epoch').map((r) => r.epoch)).toEqual([1, 2, 3]);
    expect(records.filter((r) => r.type === 'batch').length).toBeLessThan(12);
    expect(records.at(-1)!.type).toBe('end');
    await truncateRunLog(file, { epochsDone: 2, batch: 0 });
    const after = await readRunLog(file);
    expect(Math.max(...after.map((r) => (r.type === 'end' ? 99 : r.epoch)))).toBe(2);
    expect((await fs.readFile(file, 'utf8')).endsWith('\n')).toBe(true);
    await fs.rm(path.dirname(file), { recursive: true, force: true });
  });

  it('a resumed session (onTrainBegin at a mid-epoch position) drops records beyond that batch and the old end', async () => {
    const file = path.join(await tmpDir('hebb-runlog-'), 'metrics.jsonl');
    const c = new TrainController();
    const first = runLog(file, { batchEveryMs: 0 });
    await first.onTrainBegin!(info(() => at(0)), c);
    for (let b = 1; b <= 4; b++) await first.onBatchEnd!(batch(1, b, 4), c);
    await first.onEpochEnd!(epoch(1, 0.5), c);
    for (let b = 1; b <= 3; b++) await first.onBatchEnd!(batch(2, b, 4), c);
    await first.onTrainEnd!({ ...end, status: 'stopped' });
    await runLog(file).onTrainBegin!(info(() => at(1, 2)), c);
    const kept = (await readRunLog(file)).map((r) => (r.type === 'batch' ? `b${r.epoch}.${r.batch}` : r.type === 'epoch' ? `e${r.epoch}` : 'end'));
    expect(kept).toEqual(['b1.1', 'b1.2', 'b1.3', 'b1.4', 'e1', 'b2.1', 'b2.2']);
    await fs.rm(path.dirname(file), { recursive: true, force: true });
  });
});

describe('histograms', () => {
  it('bins values into counts that add up, as plain numbers', () => {
    const h = histogram([0, 0.1, 0.5, 0.9, 1], 2);
    expect(h).toEqual({ min: 0, max: 1, counts: [2, 3] });
    const events: TrainerEvent[] = [];
    histograms(() => [{ name: 'dense/kernel', values: new Float32Array([1, 2, 3, 4]) }], (e) => events.push(e), { bins: 4 }).onEpochEnd!(epoch(1, 1), new TrainController());
    expect(events[0]).toMatchObject({ type: 'histograms', epoch: 1, layers: [{ name: 'dense/kernel', kind: 'weights', counts: [1, 1, 1, 1] }] });
  });
});

describe('CallbackList', () => {
  it('runs every onTrainEnd even when one throws, and gathers named state', async () => {
    const seen: string[] = [];
    const list = new CallbackList([
      { onTrainEnd: () => { throw new Error('boom'); } },
      { name: 'x', onTrainEnd: (e) => { seen.push(e.status); }, state: () => ({ n: 1 }) },
    ]);
    const errors = await list.trainEnd(end);
    expect(errors).toHaveLength(1);
    expect(seen).toEqual(['completed']);
    expect(list.states()).toEqual({ x: { n: 1 } });
  });
});
