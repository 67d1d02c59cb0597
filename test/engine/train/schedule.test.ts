import { describe, expect, it } from 'vitest';
import { learningRateAt } from '../../../src-main/engine/train/schedule';

const base = { learningRate: 0.1, epochs: 10 };

describe('learningRateAt', () => {
  it('constant stays put', () => {
    expect([0, 5, 9].map((e) => learningRateAt({ ...base, schedule: 'constant' }, e))).toEqual([0.1, 0.1, 0.1]);
  });
  it('step multiplies by gamma every stepEpochs', () => {
    const o = { ...base, schedule: 'step' as const, stepEpochs: 3, gamma: 0.5 };
    expect([0, 2, 3, 6, 9].map((e) => learningRateAt(o, e))).toEqual([0.1, 0.1, 0.05, 0.025, 0.0125]);
  });
  it('exponential decays per epoch', () => {
    expect(learningRateAt({ ...base, schedule: 'exponential', decay: 0.5 }, 3)).toBeCloseTo(0.0125);
  });
  it('cosine starts at lr, halves mid-way and anneals towards 0', () => {
    const o = { ...base, schedule: 'cosine' as const };
    expect(learningRateAt(o, 0)).toBeCloseTo(0.1);
    expect(learningRateAt(o, 5)).toBeCloseTo(0.05);
    expect(learningRateAt(o, 9, 9, 10)).toBeLessThan(0.001);
  });
  it('warm-up ramps linearly per batch, then the schedule takes over from the warm-up end', () => {
    const o = { ...base, schedule: 'cosine' as const, warmupEpochs: 2, epochs: 12 };
    const ramp = [0, 1, 2, 3].map((b) => learningRateAt(o, 0, b, 4));
    expect(ramp[0]).toBeCloseTo(0.1 / 8);
    expect(ramp[3]).toBeCloseTo(0.1 * 4 / 8);
    expect(learningRateAt(o, 1, 3, 4)).toBeCloseTo(0.1);
    expect(learningRateAt(o, 2, 0, 4)).toBeCloseTo(0.1);
    expect(learningRateAt(o, 7, 0, 4)).toBeCloseTo(0.05);
  });
  it('is a pure function of (epoch, batch): a resumed run replays the same rates', () => {
    const o = { ...base, schedule: 'step' as const, warmupEpochs: 1 };
    expect(learningRateAt(o, 4, 2, 8)).toBe(learningRateAt(o, 4, 2, 8));
  });
});
