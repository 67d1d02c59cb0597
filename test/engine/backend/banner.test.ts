// The CPU rung does not let tfjs print its "install our node backend" banner: the ladder report already says why.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it, vi } from 'vitest';
import { initBackend } from '../../../src-main/engine/backend/index';

describe('the CPU backend banner', () => {
  it('is not printed when the ladder settles on cpu and the first tensor is written', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const report = await initBackend({ prefer: 'cpu' });
      expect(report.active).toBe('cpu');
      tf.tensor1d([1, 2, 3]).dispose();
      const printed = warn.mock.calls.map((c) => c.join(' ')).join('\n');
      expect(printed).not.toMatch(/running TensorFlow\.js in Node\.js/);
    } finally {
      warn.mockRestore();
    }
  });
});
