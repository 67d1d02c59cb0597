/** Seeded randomness shared by shuffles, augmentation, dropout and the memory lab, so every run replays exactly. */

/** 32-bit FNV-1a over the parts joined with NUL, then a murmur3 avalanche; stable across platforms and runs. */
export function hashSeed(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  const s = parts.join('\0');
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // Final avalanche (murmur3 fmix32) so nearby inputs give unrelated seeds.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** mulberry32 whose 32-bit state can be read and set: what a checkpoint saves to continue a stream of draws exactly. */
export class Mulberry32 {
  state: number;
  constructor(seed: number) { this.state = seed >>> 0; }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A whole number in [1, 2^31): a seed for tfjs ops, which treat 0 as "no seed". */
  seed(): number { return 1 + Math.floor(this.next() * 0x7ffffffe); }
}

/** mulberry32: a fast 32-bit generator returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  const g = new Mulberry32(seed);
  return () => g.next();
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

/** Fisher–Yates permutation of 0..n-1 driven by `seed`. */
export function permutation(n: number, seed: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  shuffle(order, mulberry32(seed));
  return order;
}
