import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { classWeights } from '../../../src-main/engine/train/class-weights';
import { computeLoss } from '../../../src-main/engine/train/loss';

beforeAll(async () => { await tf.setBackend('cpu'); });

const probs = [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4], [0.6, 0.3, 0.1]];
const labels = [0, 1, 2, 0];
const ce = (p: number) => -Math.log(p);
const value = (opts: Parameters<typeof computeLoss>[3], kind: 'categoricalCrossentropy' | 'meanSquaredError' = 'categoricalCrossentropy') =>
  tf.tidy(() => computeLoss(kind, tf.tensor1d(labels, 'int32'), tf.tensor2d(probs), opts).dataSync()[0]!);

describe('class weights', () => {
  it("'balanced' gives n / (k · count) like scikit-learn; 'none' gives null", () => {
    expect(classWeights('balanced', labels, 3)).toEqual([4 / 6, 4 / 3, 4 / 3]);
    expect(classWeights('none', labels, 3)).toBeNull();
    expect(classWeights('balanced', [0, 0, 1], 3)).toEqual([0.75, 1.5, 0]);
  });

  it('change the loss exactly as mean(w[y] · CE) on a known batch', () => {
    const per = [ce(0.7), ce(0.8), ce(0.4), ce(0.6)];
    const w = classWeights('balanced', labels, 3)!;
    expect(value({})).toBeCloseTo(per.reduce((a, b) => a + b) / 4, 5);
    const weighted = value({ classWeights: w });
    expect(weighted).toBeCloseTo(per.reduce((s, l, i) => s + l * w[labels[i]!]!, 0) / 4, 5);
    // the rare, poorly predicted class 2 now weighs more, so the loss rises
    expect(weighted).toBeGreaterThan(value({}));
  });
});

describe('computeLoss', () => {
  it('label smoothing mixes the one-hot target with the uniform distribution', () => {
    const s = 0.3;
    const expected = probs.reduce((sum, p, i) => sum + p.reduce((a, pc, c) => a - ((c === labels[i] ? 1 - s : 0) + s / 3) * Math.log(pc), 0), 0) / 4;
    expect(value({ labelSmoothing: s })).toBeCloseTo(expected, 5);
  });
  it('MSE is the mean squared distance to the one-hot target', () => {
    const expected = probs.reduce((sum, p, i) => sum + p.reduce((a, pc, c) => a + (pc - (c === labels[i] ? 1 : 0)) ** 2, 0) / 3, 0) / 4;
    expect(value({}, 'meanSquaredError')).toBeCloseTo(expected, 6);
  });
});
