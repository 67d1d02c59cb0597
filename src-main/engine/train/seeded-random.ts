/**
 * Reproducible randomness inside tfjs. Initialisers take a seed (the architecture builder passes it), but dropout
 * and other random ops without a seed draw their seed from Math.random. While training we swap Math.random for a
 * PRNG re-seeded from (seed, epoch) at every epoch start: same seed + same data = same numbers on the same
 * backend, and a resumed run replays the rest of its epochs exactly. The original is restored afterwards.
 */

import { mulberry32 } from '../../core/random';

const original = Math.random;

export function seedMathRandom(seed: number, epoch: number): void {
  Math.random = mulberry32((Math.imul(seed, 0x9e3779b1) ^ Math.imul(epoch + 1, 0x85ebca6b)) >>> 0);
}

export function restoreMathRandom(): void {
  Math.random = original;
}
