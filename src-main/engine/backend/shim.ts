/** Puts back the two `util` helpers tfjs-node(-gpu) 4.22 calls and Node ≥ 23 (Electron ≥ 40) removed, before it loads. */

import nodeUtil from 'node:util';

type UtilLike = Record<string, unknown>;

/**
 * Add `isArray` / `isNullOrUndefined` to `util` when they are missing; never replaces an existing one.
 * @returns the names that were added (empty on Node ≤ 22, where both still exist).
 */
export function applyUtilShim(util: UtilLike = nodeUtil as unknown as UtilLike): string[] {
  const added: string[] = [];
  if (typeof util.isArray !== 'function') {
    util.isArray = Array.isArray;
    added.push('isArray');
  }
  if (typeof util.isNullOrUndefined !== 'function') {
    util.isNullOrUndefined = (v: unknown): boolean => v === null || v === undefined;
    added.push('isNullOrUndefined');
  }
  return added;
}
