import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTmpDirs, tmpDir } from '../helpers/fixtures';

afterAll(removeTmpDirs);

const BIN = fileURLToPath(new URL('../../bin/hebb.js', import.meta.url));
let home: string;

beforeAll(async () => {
  home = await tmpDir('hebb-cli-cache-');
  const dir = path.join(home, 'cache', 'preprocess', 'v1', 'ab');
  await fs.mkdir(dir, { recursive: true });
  for (const n of ['a', 'b']) await fs.writeFile(path.join(dir, `${n}.bin`), Buffer.alloc(1024));
});

function hebb(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'cache', ...args], { env: { ...process.env, HEBB_HOME: home }, encoding: 'utf8' });
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  return { code: r.status, json: last.startsWith('{') ? JSON.parse(last) : null, stderr: r.stderr };
}

describe('hebb cache', () => {
  it('reports, trims to a size, clears, and refuses a size it cannot read', () => {
    expect(hebb(['--json']).json).toMatchObject({ dir: path.join(home, 'cache'), entries: 2, bytes: 2048 });
    expect(hebb(['--trim', '1K', '--json']).json).toMatchObject({ entries: 1, bytes: 1024, trimmed: { removed: 1, bytesFreed: 1024 } });
    expect(hebb(['--clear', '--json']).json).toMatchObject({ entries: 0, bytes: 0, cleared: true });
    const bad = hebb(['--trim', 'lots']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/"lots" is not a size/);
  });
});
