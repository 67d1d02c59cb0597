// Classic Hopfield dynamics: energy descent, fixed points, noisy recall, and the better rules on correlated patterns.
import { describe, expect, it } from 'vitest';
import { energy, invert, overlap, recall, storeHebb, storePseudoinverse, storeStorkey, type Spins, type Weights } from '../../src-main/memory/hopfield';
import { corrupt } from '../../src-main/memory/corrupt';
import { mulberry32, randomPatterns } from '../../src-main/memory/random';

/** A random symmetric zero-diagonal matrix: no stored patterns, just the Lyapunov argument. */
function randomSymmetric(n: number, seed: number): Weights {
  const rand = mulberry32(seed);
  const w = new Float32Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) w[i * n + j] = w[j * n + i] = rand() * 2 - 1;
  return { n, w };
}

/** Patterns sharing a common template: each bit copies the template with probability 1 − flip. */
function correlated(count: number, n: number, flip: number, seed: number): Spins[] {
  const rand = mulberry32(seed);
  const [template] = randomPatterns(1, n, rand);
  return Array.from({ length: count }, () => Int8Array.from(template!, (v) => (rand() < flip ? -v : v)));
}

describe('asynchronous recall', () => {
  it('never increases the energy, update by update, on a random symmetric network', () => {
    const weights = randomSymmetric(60, 3);
    for (let trial = 0; trial < 5; trial++) {
      const [cue] = randomPatterns(1, 60, mulberry32(100 + trial));
      const t = recall(weights, cue!, { seed: trial, snapshotEvery: 1, maxSweeps: 200 });
      expect(t.converged).toBe(true);
      expect(t.snapshots.length).toBeGreaterThan(60);
      for (let k = 1; k < t.snapshots.length; k++) {
        // Recompute from scratch rather than trusting the incremental bookkeeping.
        expect(energy(weights, t.snapshots[k]!.state)).toBeLessThanOrEqual(energy(weights, t.snapshots[k - 1]!.state) + 1e-9);
      }
      expect(t.energies.at(-1)).toBeCloseTo(energy(weights, t.state), 6);
      expect(t.energies.at(-1)!).toBeLessThan(t.energies[0]!);
    }
  });

  it('leaves a stored pattern untouched well below capacity', () => {
    const patterns = randomPatterns(5, 400, mulberry32(7));
    const weights = storeHebb(patterns, 400);
    for (const xi of patterns) {
      const t = recall(weights, xi, { seed: 1 });
      expect(t.flips).toBe(0);
      expect(t.sweeps).toBe(1);
      expect(overlap(t.state, xi)).toBe(1);
    }
  });

  it('cleans a cue with 20% flipped bits back to the stored pattern', () => {
    const patterns = randomPatterns(8, 400, mulberry32(8));
    const weights = storeHebb(patterns, 400);
    patterns.forEach((xi, k) => {
      const cue = corrupt(xi, 20, { noise: 0.2, seed: k });
      expect(overlap(cue, xi)).toBeCloseTo(0.6, 5);
      expect(overlap(recall(weights, cue, { seed: k }).state, xi)).toBe(1);
    });
  });

  it('builds symmetric, zero-diagonal weights for every rule', () => {
    const patterns = randomPatterns(6, 50, mulberry32(9));
    for (const store of [storeHebb, storeStorkey, storePseudoinverse]) {
      const { n, w } = store(patterns, 50);
      for (let i = 0; i < n; i++) {
        expect(w[i * n + i]).toBe(0);
        for (let j = 0; j < i; j++) expect(w[i * n + j]).toBe(w[j * n + i]);
      }
    }
  });
});

describe('rules on correlated patterns', () => {
  // 12 patterns that agree with a common template on ~80% of bits (pairwise overlap ≈ 0.36): Hebb's cross-talk
  // pulls them all into the template, the projection rule keeps each one a fixed point.
  const n = 256;
  const patterns = correlated(12, n, 0.2, 11);
  const stable = (w: Weights) => patterns.filter((xi, k) => overlap(recall(w, xi, { seed: k }).state, xi) === 1).length;

  it('Hebb loses most of them, Storkey keeps more, pseudo-inverse keeps all', () => {
    const hebb = stable(storeHebb(patterns, n));
    const storkey = stable(storeStorkey(patterns, n));
    const pinv = stable(storePseudoinverse(patterns, n));
    expect(hebb).toBeLessThan(6);
    expect(storkey).toBeGreaterThan(hebb);
    expect(pinv).toBe(12);
  });

  it('pseudo-inverse recalls each of them from a 10% noisy cue', () => {
    const w = storePseudoinverse(patterns, n);
    const recalled = patterns.filter((xi, k) => overlap(recall(w, corrupt(xi, 16, { noise: 0.1, seed: k }), { seed: k }).state, xi) >= 0.95);
    expect(recalled.length).toBeGreaterThanOrEqual(10);
  });
});

it('inverts a small matrix', () => {
  const m = Float64Array.from([4, 7, 2, 6]);
  expect(Array.from(invert(m, 2)).map((v) => +v.toFixed(6))).toEqual([0.6, -0.7, -0.2, 0.4]);
});
