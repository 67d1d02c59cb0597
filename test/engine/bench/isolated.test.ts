import { describe, expect, it } from 'vitest';
import { benchInWorker } from '../../../src-main/engine/bench/isolated';

describe('benchInWorker', () => {
  it('runs one reference model in a fresh worker thread and returns its rates', async () => {
    const r = await benchInWorker({ backend: 'wasm', model: 'mlp', steps: 2, warmup: 0 });
    expect(r).toMatchObject({ backend: 'wasm', cnn_img_s: null });
    expect(r.mlp_samples_s).toBeGreaterThan(0);
  }, 60_000);

  it('rejects with the worker\'s own reason when its backend cannot be had', async () => {
    await expect(benchInWorker({ backend: 'tensorflow-gpu', model: 'cnn', steps: 1, warmup: 0 })).rejects.toThrow(/bench worker \(cnn\): backend 'tensorflow-gpu' cannot be used/);
  }, 60_000);
});
