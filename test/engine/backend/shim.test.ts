import nodeUtil from 'node:util';
import { describe, expect, it } from 'vitest';
import { applyUtilShim } from '../../../src-main/engine/backend/shim';

describe('applyUtilShim', () => {
  it('adds isArray and isNullOrUndefined when they are missing (Node ≥ 23)', () => {
    const util: Record<string, unknown> = { ...nodeUtil };
    delete util.isArray;
    delete util.isNullOrUndefined;
    expect(applyUtilShim(util)).toEqual(['isArray', 'isNullOrUndefined']);
    const isArray = util.isArray as (v: unknown) => boolean;
    const isNull = util.isNullOrUndefined as (v: unknown) => boolean;
    expect(isArray([1])).toBe(true);
    expect(isArray({ length: 1 })).toBe(false);
    expect(isNull(null)).toBe(true);
    expect(isNull(undefined)).toBe(true);
    expect(isNull(0)).toBe(false);
    expect(isNull('')).toBe(false);
  });

  it('leaves existing functions alone and reports nothing added', () => {
    const mine = (): boolean => true;
    const util: Record<string, unknown> = { isArray: mine, isNullOrUndefined: mine };
    expect(applyUtilShim(util)).toEqual([]);
    expect(util.isArray).toBe(mine);
  });

  it('adds only the one that is missing', () => {
    const util: Record<string, unknown> = { isArray: Array.isArray };
    expect(applyUtilShim(util)).toEqual(['isNullOrUndefined']);
  });
});
