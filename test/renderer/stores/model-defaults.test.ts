// The Model store starts from the schema's training defaults (the contract's TRAIN_DEFAULTS), not a list of its own.
import { describe, expect, it } from 'vitest';
import { TRAIN_DEFAULTS } from '#contract/engine';
import { DEFAULT_HYPER } from '../../../src-renderer/src/stores/model';

describe('Model store defaults', () => {
  it('are the Model store defaults', () => {
    const { dropout, activation, ...hyper } = DEFAULT_HYPER;
    for (const [k, v] of Object.entries(hyper)) expect(v, k).toEqual(TRAIN_DEFAULTS[k as keyof typeof TRAIN_DEFAULTS]);
    expect([dropout, activation]).toEqual([null, null]);
  });
});
