/**
 * Lazy access to the engine modules that other parts of the core provide. Loading on first use keeps the
 * server's start-up light (no tfjs until a model is needed) and turns a module that is missing from this
 * build into a clear "not available yet" error for the UI instead of a crash at start-up.
 */

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HebbError } from '../core/errors';

const cache = new Map<string, Promise<unknown>>();

/** Import the first of `candidates` (relative to src-main/, no extension) that exists, or throw a HebbError naming the missing feature. */
export function loadModule<T>(feature: string, ...candidates: string[]): Promise<T> {
  const rel = candidates.find((c) => existsSync(fileURLToPath(new URL(`../${c}.ts`, import.meta.url))));
  if (!rel) {
    return Promise.reject(new HebbError('INTERNAL', `${feature} is not available yet in this build of Hebb Studio (missing src-main/${candidates[0]}.ts).`));
  }
  let p = cache.get(rel);
  if (!p) {
    const file = fileURLToPath(new URL(`../${rel}.ts`, import.meta.url));
    p = import(/* @vite-ignore */ file);
    p.catch(() => cache.delete(rel));
    cache.set(rel, p);
  }
  return p as Promise<T>;
}
