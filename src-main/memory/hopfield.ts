/**
 * The classic (binary) Hopfield network: weights learned by the Hebbian, Storkey or pseudo-inverse rule, and
 * asynchronous recall that walks downhill on E = -½ sᵀWs until a full sweep changes nothing.
 */

import { mulberry32, shuffle, type Spins } from './random';

export type { Spins } from './random';

/**
 * Weights as a dense symmetric N×N matrix with a zero diagonal. Float32 halves the memory of a 64×64 image
 * (4096² weights = 64 MB); every sum is still accumulated in double, and W is written symmetrically entry by
 * entry, so the energy argument (each flip lowers E) holds exactly for the stored numbers.
 */
export interface Weights {
  n: number;
  w: Float32Array;
}

/** Hebb: W = 1/N Σ_μ ξ^μ ξ^μᵀ with the self-couplings removed. */
export function storeHebb(patterns: Spins[], n: number): Weights {
  // Integer counts first (exact), one pattern at a time along contiguous rows, then scaled and mirrored.
  const counts = new Int32Array(n * n);
  for (const p of patterns) {
    for (let i = 0; i < n; i++) {
      const pi = p[i]!, row = i * n;
      for (let j = i + 1; j < n; j++) counts[row + j]! += pi * p[j]!;
    }
  }
  const w = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) w[i * n + j] = w[j * n + i] = counts[i * n + j]! / n;
  }
  return { n, w };
}

/**
 * Storkey (1997): patterns are added one at a time, each subtracting the cross-talk the previous ones would
 * cause: Δw_ij = 1/N (ξ_i ξ_j − ξ_i h_ji − h_ij ξ_j), with h_ij = Σ_{k≠i,j} w_ik ξ_k. Incremental and local
 * like Hebb, but its capacity is higher (≈N/√(2 ln N) for random patterns) and it copes better with correlation.
 */
export function storeStorkey(patterns: Spins[], n: number): Weights {
  const w = new Float64Array(n * n);
  const field = new Float64Array(n);
  for (const p of patterns) {
    for (let i = 0; i < n; i++) {
      let h = 0;
      const row = i * n;
      for (let k = 0; k < n; k++) h += w[row + k]! * p[k]!;
      field[i] = h; // diagonal is zero, so this is Σ_{k≠i}
    }
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const wij = w[i * n + j]!;
        const hij = field[i]! - wij * p[j]!; // drop k = j
        const hji = field[j]! - wij * p[i]!; // w is symmetric, so w_ji = w_ij
        const d = (p[i]! * p[j]! - p[i]! * hji - hij * p[j]!) / n;
        w[i * n + j] = w[j * n + i] = wij + d;
      }
    }
  }
  return { n, w: Float32Array.from(w) };
}

/**
 * Pseudo-inverse (projection) rule: W = 1/N X Q⁻¹ Xᵀ with Q = XᵀX / N, the projector onto the span of the
 * patterns, so every stored pattern is exactly a fixed point whatever its correlations (up to P < N linearly
 * independent patterns). The diagonal is then zeroed as usual; pattern stability survives because W_ii < 1.
 * A tiny ridge keeps Q invertible when two images binarise to the same pattern.
 */
export function storePseudoinverse(patterns: Spins[], n: number): Weights {
  const p = patterns.length;
  const q = new Float64Array(p * p);
  for (let a = 0; a < p; a++) {
    for (let b = a; b < p; b++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += patterns[a]![i]! * patterns[b]![i]!;
      q[a * p + b] = q[b * p + a] = dot / n + (a === b ? 1e-6 : 0);
    }
  }
  const qi = invert(q, p);
  // Y = X Q⁻¹ (N×P), then W = Y Xᵀ / N.
  const y = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    for (let b = 0; b < p; b++) {
      let s = 0;
      for (let a = 0; a < p; a++) s += patterns[a]![i]! * qi[a * p + b]!;
      y[i * p + b] = s;
    }
  }
  const w = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      for (let b = 0; b < p; b++) s += y[i * p + b]! * patterns[b]![j]!;
      w[i * n + j] = w[j * n + i] = s / n;
    }
  }
  return { n, w };
}

/** Gauss–Jordan inverse with partial pivoting of a small dense matrix (P×P, P = number of patterns). */
export function invert(m: Float64Array, p: number): Float64Array {
  const a = Float64Array.from(m);
  const inv = new Float64Array(p * p);
  for (let i = 0; i < p; i++) inv[i * p + i] = 1;
  for (let c = 0; c < p; c++) {
    let piv = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(a[r * p + c]!) > Math.abs(a[piv * p + c]!)) piv = r;
    if (Math.abs(a[piv * p + c]!) < 1e-12) throw new Error('pattern matrix is singular');
    if (piv !== c) for (let k = 0; k < p; k++) { swap(a, c * p + k, piv * p + k); swap(inv, c * p + k, piv * p + k); }
    const d = a[c * p + c]!;
    for (let k = 0; k < p; k++) { a[c * p + k]! /= d; inv[c * p + k]! /= d; }
    for (let r = 0; r < p; r++) {
      if (r === c) continue;
      const f = a[r * p + c]!;
      if (f === 0) continue;
      for (let k = 0; k < p; k++) { a[r * p + k]! -= f * a[c * p + k]!; inv[r * p + k]! -= f * inv[c * p + k]!; }
    }
  }
  return inv;
}

function swap(x: Float64Array, i: number, j: number): void {
  const t = x[i]!;
  x[i] = x[j]!;
  x[j] = t;
}

/** E = -½ sᵀWs (no biases: our patterns are ±1 images and the rules above learn none). */
export function energy({ n, w }: Weights, s: Spins): number {
  let e = 0;
  for (let i = 0; i < n; i++) {
    let h = 0;
    const row = i * n;
    for (let j = 0; j < n; j++) h += w[row + j]! * s[j]!;
    e += s[i]! * h;
  }
  return -0.5 * e;
}

export interface RecallOptions {
  /** Give up after this many full sweeps. @default 100 */
  maxSweeps?: number;
  /** Seeds the random update order (a fresh permutation each sweep). @default 0 */
  seed?: number;
  /** Record a state snapshot every this many single-neuron updates, for step-by-step display (0 = per sweep only). @default 0 */
  snapshotEvery?: number;
}

export interface Snapshot { update: number; energy: number; state: Spins }

export interface RecallTrace {
  state: Spins;
  /** Full sweeps run, including the final one that changed nothing (when converged). */
  sweeps: number;
  /** Single-neuron state changes in total. */
  flips: number;
  converged: boolean;
  /** Energy at the start and after every sweep. */
  energies: number[];
  /** Snapshots at the start, every `snapshotEvery` updates (if set) and after every sweep. */
  snapshots: Snapshot[];
}

/** Fields smaller than this count as zero (a tie), so float rounding of an exact 0 cannot flip a neuron. */
const TIE = 1e-9;

/**
 * Asynchronous dynamics: neurons update one at a time in a random order, s_i ← sign(h_i) with h = Ws, keeping
 * the current value on a tie (so ties cannot cycle). Each flip changes E by −2|h_i| < 0. The fields are kept
 * up to date incrementally (a flip of s_i adds 2 s_i W_:i to h), so a quiet sweep costs O(N), not O(N²).
 */
export function recall(weights: Weights, cue: Spins, opts: RecallOptions = {}): RecallTrace {
  const { n, w } = weights;
  const maxSweeps = opts.maxSweeps ?? 100;
  const every = opts.snapshotEvery ?? 0;
  const rand = mulberry32(opts.seed ?? 0);
  const s = Int8Array.from(cue);
  const h = fields(weights, s);
  let e = 0;
  for (let i = 0; i < n; i++) e -= 0.5 * s[i]! * h[i]!;
  const energies = [e];
  const snapshots: Snapshot[] = [{ update: 0, energy: e, state: Int8Array.from(s) }];
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let flips = 0, updates = 0, sweeps = 0;
  let converged = false;
  while (sweeps < maxSweeps) {
    sweeps++;
    shuffle(order, rand);
    let changed = 0;
    for (let k = 0; k < n; k++) {
      const i = order[k]!;
      const hi = h[i]!;
      const next = hi > TIE ? 1 : hi < -TIE ? -1 : s[i]!;
      if (next !== s[i]) {
        e -= 2 * Math.abs(hi); // ΔE = −Δs_i·h_i with |Δs_i| = 2 and the sign of h_i
        s[i] = next;
        const d = 2 * next, row = i * n;
        for (let j = 0; j < n; j++) h[j]! += d * w[row + j]!; // W symmetric: column i = row i
        changed++;
      }
      updates++;
      if (every > 0 && updates % every === 0 && k !== n - 1) snapshots.push({ update: updates, energy: e, state: Int8Array.from(s) });
    }
    flips += changed;
    energies.push(e);
    snapshots.push({ update: updates, energy: e, state: Int8Array.from(s) });
    if (changed === 0) { converged = true; break; }
  }
  return { state: s, sweeps, flips, converged, energies, snapshots };
}

/** h = W s, accumulated in double. */
export function fields({ n, w }: Weights, s: Spins): Float64Array {
  const h = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    const row = i * n;
    for (let j = 0; j < n; j++) sum += w[row + j]! * s[j]!;
    h[i] = sum;
  }
  return h;
}

/** m = 1/N Σ s_i ξ_i: 1 for a perfect recall, −1 for the inverted pattern, ≈0 for an unrelated state. */
export function overlap(a: Spins, b: Spins): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s / a.length;
}
