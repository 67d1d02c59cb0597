/** Cues for recall: a stored pattern with a share of its pixels flipped and/or a band of the image hidden. */

import type { Spins } from './hopfield';
import { mulberry32, sampleIndices } from './random';

export interface CorruptOptions {
  /** Share of pixels flipped, chosen uniformly without replacement (exactly round(noise·N) of them). @default 0 */
  noise?: number;
  /**
   * Share of the image hidden, as whole rows from the bottom up (round(mask·S) rows of an S×S image): the
   * "recall a face from its upper half" cue. @default 0
   */
  mask?: number;
  /** What hidden pixels become: 'off' sets them to −1 (dark), 'random' to coin flips. @default 'off' */
  maskFill?: 'off' | 'random';
  /** @default 0 */
  seed?: number;
}

/** Corrupt a copy of `pattern` (row-major side×side); the mask is applied first, then the flips. */
export function corrupt(pattern: Spins, side: number, opts: CorruptOptions = {}): Spins {
  const n = pattern.length;
  const rand = mulberry32(opts.seed ?? 0);
  const cue = Int8Array.from(pattern);
  const mask = clamp01(opts.mask ?? 0);
  const rows = Math.round(mask * side);
  for (let i = (side - rows) * side; i < n; i++) cue[i] = opts.maskFill === 'random' ? (rand() < 0.5 ? -1 : 1) : -1;
  const noise = clamp01(opts.noise ?? 0);
  for (const i of sampleIndices(n, Math.round(noise * n), rand)) cue[i] = -cue[i]! as -1 | 1;
  return cue;
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}
