/**
 * Reproducible randomness inside tfjs. Initialisers take a seed (the architecture builder passes it), but dropout
 * and other random ops without a seed draw their seed from Math.random. While training we swap Math.random for a
 * PRNG re-seeded from (seed, epoch) at every epoch start: same seed + same data = same numbers on the same
 * backend, and a resumed run replays the rest of its epochs exactly. The original is restored afterwards.
 */

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

const original = Math.random;

export function seedMathRandom(seed: number, epoch: number): void {
  Math.random = mulberry32((Math.imul(seed, 0x9e3779b1) ^ Math.imul(epoch + 1, 0x85ebca6b)) >>> 0);
}

export function restoreMathRandom(): void {
  Math.random = original;
}
