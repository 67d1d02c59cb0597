import { describe, expect, it } from 'vitest';
import { number, positive, share, wholeNumber } from '../../src-main/cli/parse';

describe('CLI option parsing', () => {
  it('accepts good values', () => {
    expect(wholeNumber('epochs', '12', 1)).toBe(12);
    expect(number('lr', '1e-3')).toBe(0.001);
    expect(share('noise', '0.25')).toBe(0.25);
    expect(positive('beta', '0.5')).toBe(0.5);
  });
  it('names the flag and the value it refused', () => {
    expect(() => wholeNumber('epochs', '2.5', 1)).toThrow('--epochs must be a whole number ≥ 1, got "2.5"');
    expect(() => wholeNumber('steps', '0', 1)).toThrow('--steps must be a whole number ≥ 1, got "0"');
    expect(() => number('lr', 'fast')).toThrow('--lr must be a number, got "fast"');
    expect(() => number('lr', '')).toThrow('--lr must be a number');
    expect(() => share('noise', '1.5')).toThrow('--noise must be between 0 and 1, got "1.5"');
    expect(() => positive('beta', '0')).toThrow('--beta must be a positive number, got "0"');
  });
});
