// `--backend webgpu` as a user meets it in doctor, bench and train: the Dawn adapter when one exists, else exit 1 with Dawn's reason.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeDawn } from '../../src-main/engine/backend/webgpu';
import { removeTmpDirs, tmpDir } from '../helpers/fixtures';
import { colourTree } from '../engine/train/colour-tree';

const BIN = fileURLToPath(new URL('../../bin/hebb.js', import.meta.url));
let root: string;
let reason: string | null; // null: this machine has an adapter, and the forced rung must work

beforeAll(async () => {
  root = await tmpDir('hebb-cli-webgpu-');
  await colourTree(path.join(root, 'data'), 4);
  const p = await probeDawn();
  reason = p.ok ? null : p.reason;
});
afterAll(removeTmpDirs);

function hebb(args: string[]): { code: number | null; json: Record<string, any>; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args, '--backend', 'webgpu', '--json'], { env: { ...process.env, HEBB_HOME: path.join(root, 'home') }, encoding: 'utf8', timeout: 120_000 });
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  return { code: r.status, json: last.startsWith('{') ? JSON.parse(last) : {}, stderr: r.stderr };
}

function expectRefused(r: ReturnType<typeof hebb>): void {
  expect(r.code, r.stderr).toBe(1);
  expect(JSON.stringify(r.json) + r.stderr).toContain(`backend 'webgpu' cannot be used — webgpu: ${reason}`);
}

describe('--backend webgpu', () => {
  it('hebb doctor reports the adapter, or refuses with the reason', () => {
    const r = hebb(['doctor']);
    if (reason === null) return expect(r.json).toMatchObject({ active: 'webgpu', environment: { webgpu: { ok: true } } });
    expectRefused(r);
    expect(r.json).toMatchObject({ ok: false, error: { code: 'BACKEND_UNAVAILABLE' } });
  });

  it('hebb doctor (auto) lists the WebGPU rung with its adapter facts', () => {
    const r = spawnSync(process.execPath, [BIN, 'doctor', '--json'], { encoding: 'utf8', timeout: 120_000 });
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(out.attempts.map((a: { backend: string }) => a.backend).slice(0, 2)).toEqual(['tensorflow-gpu', 'webgpu']);
    if (reason !== null) expect(out.attempts[1]).toEqual({ backend: 'webgpu', ok: false, reason });
    expect(out.environment.webgpu).toMatchObject(reason === null ? { ok: true, adapter: { limits: {} } } : { ok: false, reason });
  });

  it('hebb bench refuses without an adapter', () => {
    const r = hebb(['bench', '--model', 'mlp', '--steps', '2', '--warmup', '0']);
    if (reason === null) return expect(r.json).toMatchObject({ backend: 'webgpu' });
    expectRefused(r);
  });

  it('hebb train refuses without an adapter', () => {
    const r = hebb(['train', '--data', path.join(root, 'data'), '--arch', 'mlp', '--epochs', '1', '--image-size', '4', '--out', path.join(root, 'run')]);
    if (reason === null) return expect(r.json).toMatchObject({ status: 'completed', backend: 'webgpu' });
    expectRefused(r);
  });
});
