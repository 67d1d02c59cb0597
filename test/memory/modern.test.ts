// Modern (dense) Hopfield retrieval: many strongly correlated patterns, each recalled from a noisy cue.
import { describe, expect, it } from 'vitest';
import { corrupt } from '../../src-main/memory/corrupt';
import { overlap, recall, storeHebb } from '../../src-main/memory/hopfield';
import { recallModern } from '../../src-main/memory/modern';
import { mulberry32, randomPatterns } from '../../src-main/memory/random';

describe('modern Hopfield', () => {
  // 60 patterns in 256 neurons (load 0.23, beyond the classic 0.138) that all agree with one template on ~85% of bits.
  const n = 256;
  const rand = mulberry32(21);
  const [template] = randomPatterns(1, n, rand);
  const patterns = Array.from({ length: 60 }, () => Int8Array.from(template!, (v) => (rand() < 0.15 ? -v : v)));

  it('recalls every one of many correlated patterns from a 10% noisy cue, where Hebb cannot', () => {
    const w = storeHebb(patterns, n);
    let modern = 0, hebb = 0;
    patterns.forEach((xi, k) => {
      const cue = corrupt(xi, 16, { noise: 0.1, seed: k });
      const t = recallModern(patterns, cue);
      expect(t.converged).toBe(true);
      if (overlap(t.state, xi) === 1) modern++;
      if (overlap(recall(w, cue, { seed: k }).state, xi) >= 0.95) hebb++;
    });
    expect(modern).toBe(60);
    expect(hebb).toBeLessThan(10);
  });

  it('never increases its energy and puts the attention on the right pattern', () => {
    const t = recallModern(patterns, corrupt(patterns[7]!, 16, { noise: 0.2, seed: 3 }));
    for (let k = 1; k < t.energies.length; k++) expect(t.energies[k]!).toBeLessThanOrEqual(t.energies[k - 1]! + 1e-9);
    expect(t.attention[7]).toBeGreaterThan(0.99);
  });

  it('blends patterns when β is too small to separate them (the temperature matters)', () => {
    const t = recallModern(patterns, corrupt(patterns[7]!, 16, { noise: 0.2, seed: 3 }), { beta: 0.1 / n });
    expect(Math.max(...t.attention)).toBeLessThan(0.5);
  });
});
