// The CPU rung does not let tfjs print its "install our node backend" banner: the ladder report already says why.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it, vi } from 'vitest';
import { describeModel } from '../../../src-main/engine/arch/index';
import { initBackend } from '../../../src-main/engine/backend/index';

const banner = (warn: { mock: { calls: unknown[][] } }) => warn.mock.calls.map((c) => c.join(' ')).join('\n');

describe('the CPU backend banner', () => {
  // First in this file, so tfjs is fresh: tfjs builds a new CPU backend instance when it picks its default backend.
  it('is not printed when the UI process describes a model on tfjs\'s default backend', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const d = await describeModel({ arch: 'cnn-small', inputShape: [28, 28, 1], numClasses: 3 });
      expect(d.params).toBeGreaterThan(0);
      expect(banner(warn)).not.toMatch(/running TensorFlow\.js in Node\.js/);
    } finally {
      warn.mockRestore();
    }
  });

  it('is not printed when the ladder settles on cpu and the first tensor is written', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const report = await initBackend({ prefer: 'cpu' });
      expect(report.active).toBe('cpu');
      tf.tensor1d([1, 2, 3]).dispose();
      expect(banner(warn)).not.toMatch(/running TensorFlow\.js in Node\.js/);
    } finally {
      warn.mockRestore();
    }
  });
});
