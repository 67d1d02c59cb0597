/**
 * The modern (dense) Hopfield network of Ramsauer et al. (2020), "Hopfield Networks is All You Need": the
 * state moves to ξ ← X softmax(β Xᵀ ξ), an attention read-out over the stored patterns (the columns of X).
 * Its capacity grows exponentially with N, so it separates many strongly correlated images that the classic
 * network merges into one spurious blend.
 */

import type { Snapshot, Spins } from './hopfield';

export interface ModernOptions {
  /**
   * Inverse temperature. @default 64 / N — a gap of 0.05 in normalised overlap between the best and the
   * second-best stored pattern (0.05·N in the dot product) weighs them e^3.2 ≈ 25 : 1 on the first step, and
   * each step sharpens further; small enough that a heavily corrupted cue still moves towards a blend of
   * candidates instead of freezing on a poor first guess.
   */
  beta?: number;
  /** Stop after this many updates. @default 50 */
  maxSteps?: number;
  /** Converged when no component moves more than this. @default 1e-6 */
  tolerance?: number;
}

export interface ModernTrace {
  /** sign(ξ) of the fixed point (0 → +1 never happens in practice; ties keep +1). */
  state: Spins;
  /** The continuous fixed point ξ* ∈ [−1, 1]^N. */
  continuous: Float64Array;
  steps: number;
  converged: boolean;
  /** E(ξ) = −β⁻¹ log Σ_μ exp(β ξ^μ·ξ) + ½ ξ·ξ (+ constants), non-increasing under the update (CCCP). */
  energies: number[];
  snapshots: Snapshot[];
  /** Softmax weight on each stored pattern at the fixed point. */
  attention: Float64Array;
}

export function defaultBeta(n: number): number {
  return 64 / n;
}

/** Iterate the attention update from `cue` to its fixed point. */
export function recallModern(patterns: Spins[], cue: Spins, opts: ModernOptions = {}): ModernTrace {
  const n = cue.length;
  const beta = opts.beta ?? defaultBeta(n);
  const maxSteps = opts.maxSteps ?? 50;
  const tol = opts.tolerance ?? 1e-6;
  let xi = Float64Array.from(cue);
  let att = attention(patterns, xi, beta);
  const energies = [att.energy];
  const snapshots: Snapshot[] = [{ update: 0, energy: att.energy, state: signs(xi) }];
  let steps = 0;
  let converged = false;
  while (steps < maxSteps) {
    steps++;
    const next = new Float64Array(n);
    for (let mu = 0; mu < patterns.length; mu++) {
      const a = att.weights[mu]!;
      if (a < 1e-300) continue;
      const p = patterns[mu]!;
      for (let i = 0; i < n; i++) next[i]! += a * p[i]!;
    }
    let moved = 0;
    for (let i = 0; i < n; i++) moved = Math.max(moved, Math.abs(next[i]! - xi[i]!));
    xi = next;
    att = attention(patterns, xi, beta);
    energies.push(att.energy);
    snapshots.push({ update: steps, energy: att.energy, state: signs(xi) });
    if (moved <= tol) { converged = true; break; }
  }
  return { state: signs(xi), continuous: xi, steps, converged, energies, snapshots, attention: att.weights };
}

/** softmax(β Xᵀ ξ) and the energy at ξ, computed with the max subtracted so large β·N never overflows. */
function attention(patterns: Spins[], xi: Float64Array, beta: number): { weights: Float64Array; energy: number } {
  const logits = new Float64Array(patterns.length);
  let max = -Infinity;
  for (let mu = 0; mu < patterns.length; mu++) {
    const p = patterns[mu]!;
    let dot = 0;
    for (let i = 0; i < xi.length; i++) dot += p[i]! * xi[i]!;
    logits[mu] = beta * dot;
    if (logits[mu]! > max) max = logits[mu]!;
  }
  let sum = 0;
  for (let mu = 0; mu < logits.length; mu++) sum += (logits[mu] = Math.exp(logits[mu]! - max));
  for (let mu = 0; mu < logits.length; mu++) logits[mu]! /= sum;
  let sq = 0;
  for (let i = 0; i < xi.length; i++) sq += xi[i]! * xi[i]!;
  const lse = max + Math.log(sum);
  return { weights: logits, energy: -lse / beta + 0.5 * sq };
}

function signs(x: Float64Array): Spins {
  const s = new Int8Array(x.length);
  for (let i = 0; i < x.length; i++) s[i] = x[i]! < 0 ? -1 : 1;
  return s;
}
