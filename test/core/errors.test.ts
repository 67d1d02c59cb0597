import { describe, expect, it } from 'vitest';
import { HebbError, toResult } from '../../src-main/core/errors';

describe('toResult', () => {
  it('wraps a value', async () => {
    expect(await toResult(() => 42)).toEqual({ ok: true, value: 42 });
  });
  it('keeps a HebbError code and file', async () => {
    const r = await toResult(() => { throw new HebbError('INVALID_IMAGE', 'truncated JPEG', 'cat/1.jpg'); });
    expect(r).toEqual({ ok: false, error: { code: 'INVALID_IMAGE', message: 'truncated JPEG', file: 'cat/1.jpg' } });
  });
  it('maps Node errno codes', async () => {
    const { promises: fs } = await import('node:fs');
    const r = await toResult(() => fs.readFile('/definitely/not/here'));
    expect(r.ok).toBe(false);
    if (!r.ok) { expect(r.error.code).toBe('NOT_FOUND'); expect(r.error.file).toBe('/definitely/not/here'); }
  });
});
