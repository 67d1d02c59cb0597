// The leak check's own logic: a run's private TMPDIR, and which leftovers count as ours.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { afterAll, expect, it, vi } from 'vitest';
import { removeTmpDirs, tmpDirSync } from '../helpers/fixtures';
import setup, { leftovers } from './tmp-leaks';

afterAll(removeTmpDirs);

it('lists only hebb-* entries, sorted', () => {
  const dir = tmpDirSync('hebb-leaks-');
  mkdirSync(`${dir}/hebb-b`);
  writeFileSync(`${dir}/hebb-a`, '');
  mkdirSync(`${dir}/v8-compile-cache`);
  expect(leftovers(dir)).toEqual(['hebb-a', 'hebb-b']);
});

it('gives the run a TMPDIR of its own, and on teardown removes it, restores TMPDIR and sets a failing exit code on a leak', () => {
  const before = process.env.TMPDIR;
  const code = process.exitCode;
  const teardown = setup();
  const root = process.env.TMPDIR!;
  expect(root).not.toBe(before);
  expect(os.tmpdir()).toBe(root);
  mkdirSync(`${root}/hebb-left-`);
  const said = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    teardown();
    expect(process.exitCode).toBe(1);
    expect(said).toHaveBeenCalledWith(expect.stringContaining('tests left 1 temp folder(s) behind'));
    expect(said.mock.calls[0]![0]).toContain('hebb-left-');
  } finally {
    process.exitCode = code;
    said.mockRestore();
  }
  expect(process.env.TMPDIR).toBe(before);
  expect(readdirSync(os.tmpdir())).not.toContain(root.split('/').pop());
});
