import { describe, expect, it } from 'vitest';
import { confusionMatrix, mistakes, perClass, topKAccuracy } from '../../../src-main/engine/evaluate/metrics';

const labels = ['cat', 'dog', 'fox'];
const yTrue = [0, 0, 1, 1, 2, 2];
const probs = [[0.9, 0.05, 0.05], [0.2, 0.7, 0.1], [0.1, 0.8, 0.1], [0.6, 0.3, 0.1], [0.1, 0.1, 0.8], [0.3, 0.4, 0.3]];
const yPred = [0, 1, 1, 0, 2, 1];

describe('evaluation metrics', () => {
  it('confusion matrix has true classes as rows', () => {
    expect(confusionMatrix(yTrue, yPred, 3)).toEqual([[1, 1, 0], [1, 1, 0], [0, 1, 1]]);
  });

  it('per-class precision / recall / F1 / support match scikit-learn', () => {
    const r = perClass(confusionMatrix(yTrue, yPred, 3), labels);
    expect(r.map((c) => c.support)).toEqual([2, 2, 2]);
    expect(r[0]).toMatchObject({ label: 'cat', precision: 0.5, recall: 0.5, f1: 0.5 });
    expect(r[1]!.precision).toBeCloseTo(1 / 3);
    expect(r[1]!.f1).toBeCloseTo(0.4);
    expect(r[2]).toMatchObject({ precision: 1, recall: 0.5 });
    expect(r[2]!.f1).toBeCloseTo(2 / 3);
  });

  it('a class never predicted gets precision 0, not NaN', () => {
    expect(perClass([[1, 0], [1, 0]], ['a', 'b'])[1]).toMatchObject({ precision: 0, recall: 0, f1: 0, support: 1 });
  });

  it('top-k accuracy counts the true class among the k most probable', () => {
    expect(topKAccuracy(probs, yTrue, 1)).toBeCloseTo(3 / 6);
    // the last row ties fox with cat at 0.3; ties go to the lower class index, so fox is third there
    expect(topKAccuracy(probs, yTrue, 2)).toBeCloseTo(5 / 6);
    expect(topKAccuracy(probs, yTrue, 3)).toBe(1);
  });

  it('lists mistakes most confident first with path, true and predicted labels', () => {
    const m = mistakes(['a', 'b', 'c', 'd', 'e', 'f'], yTrue, probs, labels);
    expect(m.map((x) => [x.path, x.trueLabel, x.predictedLabel, x.probability])).toEqual([
      ['b', 'cat', 'dog', 0.7], ['d', 'dog', 'cat', 0.6], ['f', 'fox', 'dog', 0.4],
    ]);
  });
});
