/** Seeded randomness for the memory lab (patterns, corruption, update order), so every experiment replays exactly. */

import { shuffle } from '../core/random';

/** ±1 states and patterns, one neuron per entry (declared here, below hopfield.ts, which re-exports it). */
export type Spins = Int8Array;

export { mulberry32, shuffle } from '../core/random';

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
