/**
 * The capacity experiment: store P random ±1 patterns in N neurons, start the network AT each stored pattern
 * (or at a lightly corrupted copy), let it converge, and count the patterns whose final overlap is still
 * ≥ the threshold. Amit, Gutfreund & Sompolinsky (1985) showed that for the Hebbian rule and N → ∞ the
 * retrieval states (overlap ≈ 0.97, i.e. ~1.5% wrong bits) vanish abruptly at P/N ≈ 0.138; above it the
 * network slides into spurious states with overlap far below 0.95. At finite N the step is smeared and its
 * midpoint sits somewhat higher; the sweep estimates where recall crosses 50%.
 */

import type { CapacityPoint, MemoryRule } from '#contract/memory';
import { overlap } from './hopfield';
import { corrupt } from './corrupt';
import { createMemory } from './network';
import { mulberry32, randomPatterns } from './random';

export interface CapacityOptions {
  /** Neurons. @default 200 */
  neurons?: number;
  /** @default 'hebb' */
  rule?: MemoryRule;
  /** Smallest and largest load P/N swept, and the number of points. @default 0.02, 0.3, 15 */
  minLoad?: number;
  maxLoad?: number;
  points?: number;
  /** Independent pattern sets per point (every stored pattern of each set is probed). @default 5 */
  trials?: number;
  /** Share of bits flipped in the starting state (0 = start exactly at the stored pattern). @default 0 */
  noise?: number;
  /** A pattern counts as recalled when the converged overlap is at least this. @default 0.95 */
  threshold?: number;
  /** Sweeps allowed per recall. @default 50 */
  maxSweeps?: number;
  /** @default 1 */
  seed?: number;
  onPoint?: (done: number, total: number) => void;
}

export interface CapacityReport {
  neurons: number;
  rule: MemoryRule;
  threshold: number;
  noise: number;
  points: CapacityPoint[];
  /** Load P/N where the recall rate first falls through 0.5 (linear interpolation), or null if it never does. */
  criticalLoad: number | null;
  /** The same as a pattern count (criticalLoad · N). */
  criticalPatterns: number | null;
}

export function capacitySweep(opts: CapacityOptions = {}): CapacityReport {
  const n = opts.neurons ?? 200;
  const rule = opts.rule ?? 'hebb';
  const minLoad = opts.minLoad ?? 0.02, maxLoad = opts.maxLoad ?? 0.3, count = opts.points ?? 15;
  const trials = opts.trials ?? 5, noise = opts.noise ?? 0, threshold = opts.threshold ?? 0.95;
  const seed = opts.seed ?? 1;
  const counts = [...new Set(Array.from({ length: count }, (_, k) =>
    Math.max(1, Math.round(n * (minLoad + ((maxLoad - minLoad) * k) / Math.max(1, count - 1))))))];
  const points: CapacityPoint[] = [];
  counts.forEach((p, k) => {
    let recalled = 0, probes = 0, sumOverlap = 0;
    for (let t = 0; t < trials; t++) {
      const rand = mulberry32(seed * 1_000_003 + p * 7919 + t);
      const patterns = randomPatterns(p, n, rand);
      const memory = createMemory(rule, patterns);
      patterns.forEach((xi, mu) => {
        const cue = noise > 0 ? corrupt(xi, n, { noise, seed: Math.floor(rand() * 2 ** 31) }) : xi;
        const r = memory.recall(cue, { maxSteps: opts.maxSweeps ?? 50, seed: mu + 31 * t });
        const m = overlap(r.state, xi);
        sumOverlap += m;
        probes++;
        if (m >= threshold) recalled++;
      });
    }
    points.push({ patterns: p, loadRatio: p / n, recallRate: recalled / probes, meanOverlap: sumOverlap / probes });
    opts.onPoint?.(k + 1, counts.length);
  });
  const criticalLoad = crossing(points, 0.5);
  return { neurons: n, rule, threshold, noise, points, criticalLoad, criticalPatterns: criticalLoad === null ? null : criticalLoad * n };
}

/** First load where the recall rate falls from ≥ level to < level, interpolated linearly between the two points. */
export function crossing(points: CapacityPoint[], level: number): number | null {
  for (let k = 1; k < points.length; k++) {
    const a = points[k - 1]!, b = points[k]!;
    if (a.recallRate >= level && b.recallRate < level) {
      return a.loadRatio + ((a.recallRate - level) / (a.recallRate - b.recallRate)) * (b.loadRatio - a.loadRatio);
    }
  }
  return null;
}

export interface FiniteSizeFit {
  /** Critical load per network size (null where recall never fell through 50%). */
  sizes: { neurons: number; criticalLoad: number | null }[];
  /** α(N) = α∞ + c·N^(−ν) by least squares: the estimate of the N → ∞ critical load (theory: 0.138). */
  infiniteLoad: number | null;
  slope: number | null;
  /** ν, assumed (not fitted: three noisy points cannot pin a third parameter). */
  exponent: number | null;
}

/**
 * The assumed shift exponent: our 50%-points at N = 50, 100, 200, 400 shrink by ≈0.64 per doubling of N
 * (ν = −log2 0.64 ≈ 0.64); 2/3 rounds that.
 */
export const DEFAULT_EXPONENT = 2 / 3;

/**
 * Finite-size scaling: run the sweep at several N and extrapolate the critical load to N → ∞, assuming it
 * shifts like N^(−ν) with ν fixed (DEFAULT_EXPONENT). One N alone cannot show the classic result: at finite N the collapse is smeared and
 * sits higher, and it sharpens and moves down towards 0.138 as N grows.
 */
export function finiteSizeSweep(sizes: number[], opts: Omit<CapacityOptions, 'neurons'> & { exponent?: number } = {}): FiniteSizeFit {
  const rows = sizes.map((neurons) => ({ neurons, criticalLoad: capacitySweep({ ...opts, neurons }).criticalLoad }));
  const pts = rows.filter((r) => r.criticalLoad !== null).map((r) => ({ n: r.neurons, y: r.criticalLoad! }));
  const none = { sizes: rows, infiniteLoad: null, slope: null, exponent: null };
  if (new Set(pts.map((p) => p.n)).size < 2) return none;
  const nu = opts.exponent ?? DEFAULT_EXPONENT;
  const xs = pts.map((p) => p.n ** -nu);
  const mx = xs.reduce((a, x) => a + x, 0) / xs.length;
  const my = pts.reduce((a, p) => a + p.y, 0) / pts.length;
  const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  const c = xs.reduce((a, x, k) => a + (x - mx) * (pts[k]!.y - my), 0) / sxx;
  return { sizes: rows, infiniteLoad: my - c * mx, slope: c, exponent: nu };
}
