import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BatchMetrics, EpochMetrics, TrainEnd } from '#contract/engine';
import type { TrainerEvent } from '#contract/worker';
import { checkpoint } from '../../../../src-main/engine/train/callbacks/checkpoint';
import { earlyStopping } from '../../../../src-main/engine/train/callbacks/early-stopping';
import { histogram, histograms } from '../../../../src-main/engine/train/callbacks/histograms';
import { metricsStream } from '../../../../src-main/engine/train/callbacks/metrics-stream';
import { readRunLog, runLog, truncateRunLog } from '../../../../src-main/engine/train/callbacks/run-log';
import { CallbackList } from '../../../../src-main/engine/train/callbacks/types';
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

describe('checkpoint', () => {
  it('saves every N epochs and always the last', async () => {
    const saved: number[] = [];
    const cb = checkpoint(async (e) => { saved.push(e); }, { every: 3 });
    for (let e = 1; e <= 7; e++) await cb.onEpochEnd!(epoch(e, 1, 7), new TrainController());
    expect(saved).toEqual([3, 6, 7]);
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
    await truncateRunLog(file, 2);
    const after = await readRunLog(file);
    expect(Math.max(...after.map((r) => (r.type === 'end' ? 99 : r.epoch)))).toBe(2);
    expect((await fs.readFile(file, 'utf8')).endsWith('\n')).toBe(true);
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
