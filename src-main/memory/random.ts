/** Seeded randomness for the memory lab (patterns, corruption, update order), so every experiment replays exactly. */

import type { Spins } from './hopfield';

/** mulberry32: a fast 32-bit generator returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** In-place Fisher–Yates shuffle. */
export function shuffle(order: Uint32Array, rand: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
}

/** `count` random ±1 patterns of `n` neurons, each entry an independent fair coin. */
export function randomPatterns(count: number, n: number, rand: () => number): Spins[] {
  return Array.from({ length: count }, () => {
    const p = new Int8Array(n);
    for (let i = 0; i < n; i++) p[i] = rand() < 0.5 ? -1 : 1;
    return p;
  });
}

/** `k` distinct indices out of 0..n-1, in random order. */
export function sampleIndices(n: number, k: number, rand: () => number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  shuffle(order, rand);
  return order.subarray(0, Math.min(k, n));
}
