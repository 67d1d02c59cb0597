/** Option values from the command line, checked once: each failure names the flag and the value it got. */

import { HebbError } from '../core/errors';

const bad = (name: string, what: string, v: string): HebbError =>
  new HebbError('INVALID_ARGUMENT', `--${name} must be ${what}, got "${v}"`);

export function wholeNumber(name: string, v: string, min: number): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isInteger(n) || n < min) throw bad(name, `a whole number ≥ ${min}`, v);
  return n;
}

export function number(name: string, v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw bad(name, 'a number', v);
  return n;
}

/** A share of a whole, 0 to 1 inclusive. */
export function share(name: string, v: string): number {
  const n = number(name, v);
  if (n < 0 || n > 1) throw bad(name, 'between 0 and 1', v);
  return n;
}

export function positive(name: string, v: string): number {
  const n = number(name, v);
  if (n <= 0) throw bad(name, 'a positive number', v);
  return n;
}
