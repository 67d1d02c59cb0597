// `hebb serve`: refuses to start without a built page, and SIGTERM closes sockets and workers and exits cleanly.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { removeTmpDirs, tmpDir } from '../helpers/fixtures';
import { colourTree } from '../engine/train/colour-tree';

afterAll(removeTmpDirs);

const BIN = fileURLToPath(new URL('../../bin/hebb.js', import.meta.url));
let root: string, web: string, env: NodeJS.ProcessEnv;

beforeAll(async () => {
  root = await tmpDir('hebb-cli-serve-');
  web = path.join(root, 'web');
  mkdirSync(web);
  writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>t</title>');
  await colourTree(path.join(root, 'data'), 16);
  mkdirSync(path.join(root, 'tmp'));
  // The child's own TMPDIR, so what it leaves behind is visible here.
  env = { ...process.env, HEBB_HOME: path.join(root, 'home'), TMPDIR: path.join(root, 'tmp') };
});

describe('hebb serve', () => {
  it('refuses to start when the page is not built, naming the command to run', () => {
    const empty = path.join(root, 'no-page');
    mkdirSync(empty);
    const r = spawnSync(process.execPath, [BIN, 'serve', '--port', '0', '--no-open', '--web', empty, '--json'], { env, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
    expect(out).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', file: empty } });
    expect(out.error.message).toContain('npm run build:web');
  });

  it('on SIGTERM during a training run: closes the socket, ends the workers and exits 0, leaving no temp folder', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--no-open', '--web', web, '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    let stdout = '';
    const { port, token } = await new Promise<{ port: number; token: string }>((resolve, reject) => {
      child.stdout.on('data', (d) => { stdout += d; if (stdout.includes('\n')) resolve(JSON.parse(stdout.split('\n')[0]!)); });
      child.on('exit', () => reject(new Error(`serve exited early: ${stdout}`)));
    });
    const api = async (channel: string, body: unknown) => (await (await fetch(`http://127.0.0.1:${port}/api/${channel}?token=${token}`, { method: 'POST', body: JSON.stringify(body) })).json()) as { ok: boolean; value: any };

    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${token}`);
    const closed = new Promise<void>((resolve) => ws.on('close', () => resolve()));
    await new Promise((resolve) => ws.on('open', resolve));
    const training = new Promise<void>((resolve) => ws.on('message', (m) => { if (String(m).includes('"train:batch"')) resolve(); }));

    const ds = await api('dataset:open', { path: path.join(root, 'data') });
    expect(ds.ok).toBe(true);
    const started = await api('train:start', { datasetId: ds.value.id, config: { arch: 'mlp', epochs: 500, imageWidth: 4, imageHeight: 4, batchSize: 2, backend: 'cpu' } });
    expect(started.ok).toBe(true);
    await training;

    child.kill('SIGTERM');
    await closed;
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(readdirSync(path.join(root, 'tmp')).filter((n) => n.startsWith('hebb-'))).toEqual([]);
  });
});
