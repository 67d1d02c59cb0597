import { spawn, spawnSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRunLog } from '../../src-main/engine/train/callbacks/run-log';
import { removeTmpDirs, tmpDir } from '../helpers/fixtures';
import { colourTree } from '../engine/train/colour-tree';

afterAll(removeTmpDirs);

const BIN = fileURLToPath(new URL('../../bin/hebb.js', import.meta.url));
let root: string;
let data: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  root = await tmpDir('hebb-cli-train-');
  data = path.join(root, 'data');
  await colourTree(data, 24);
  await colourTree(path.join(root, 'held-out'), 5);
  env = { ...process.env, HEBB_HOME: path.join(root, 'home') };
});

function hebb(args: string[]): { code: number | null; json: Record<string, unknown>; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 120_000 });
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  return { code: r.status, json: last.startsWith('{') ? JSON.parse(last) : {}, stderr: r.stderr };
}

const trainArgs = (out: string, epochs: number) => ['train', '--data', data, '--arch', 'mlp', '--epochs', String(epochs), '--image-size', '4', '--batch-size', '4', '--lr', '0.02', '--optimizer', 'momentum', '--out', out, '--json'];

describe('hebb train | eval | predict', () => {
  it('trains to a run dir whose final JSON line carries the numbers, then evaluates and predicts with it', () => {
    const out = path.join(root, 'run');
    const heldOut = path.join(root, 'held-out');
    const t = hebb([...trainArgs(out, 4), '--test', heldOut]);
    expect(t.code, t.stderr).toBe(0);
    expect(t.json).toMatchObject({ ok: true, status: 'completed', runDir: out, epochsDone: 4 });
    expect(t.json.testAccuracy as number).toBeGreaterThanOrEqual(0.9);
    expect(['wasm', 'cpu', 'tensorflow', 'tensorflow-gpu']).toContain(t.json.backend);
    expect(t.json.valAccuracy as number).toBeGreaterThanOrEqual(0.9);
    expect(t.json.imagesPerSecond as number).toBeGreaterThan(0);

    const e = hebb(['eval', '--model', out, '--data', data, '--json']);
    expect(e.code, e.stderr).toBe(0);
    expect(e.json.accuracy as number).toBeGreaterThanOrEqual(0.9);
    expect(e.json.confusionMatrix).toHaveLength(3);
    expect((e.json.confusionMatrix as number[][]).flat().reduce((a, b) => a + b)).toBe(72);
    expect((e.json.perClass as { label: string; support: number }[]).map((c) => [c.label, c.support])).toEqual([['blue', 24], ['green', 24], ['red', 24]]);
    expect(e.json).toHaveProperty('mistakes');
    expect(e.json.topKAccuracy).toMatchObject({ k: 3, accuracy: 1 });

    const files = [path.join(data, 'red', 'red_3.png'), path.join(data, 'blue', 'blue_5.png')];
    const p = hebb(['predict', '--model', out, ...files, '--json']);
    expect(p.code, p.stderr).toBe(0);
    const preds = p.json.predictions as { file: string; label: string; probabilities: number[] }[];
    expect(preds.map((x) => [x.file, x.label])).toEqual([[files[0], 'red'], [files[1], 'blue']]);
    for (const x of preds) expect(x.probabilities.reduce((a, b) => a + b)).toBeCloseTo(1, 4);
  });

  it('survives kill -9 mid-run: the run dir stays readable and --resume finishes it', async () => {
    const out = path.join(root, 'killed');
    const epochs = 20;
    const child = spawn(process.execPath, [BIN, ...trainArgs(out, epochs)], { env, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((r) => child.once('exit', (_code, signal) => r(signal)));
    const marker = path.join(out, 'checkpoints', 'epoch-0002', 'COMPLETE');
    const timer = setInterval(() => { if (existsSync(marker)) { clearInterval(timer); child.kill('SIGKILL'); } }, 5);
    const signal = await exited;
    clearInterval(timer);
    expect(signal, 'training ended before it could be killed').toBe('SIGKILL');
    expect(existsSync(path.join(out, 'summary.json'))).toBe(false);
    for (const f of ['config.json', 'labels.json', 'preprocess.json']) JSON.parse(await fs.readFile(path.join(out, f), 'utf8'));
    expect((await readRunLog(path.join(out, 'metrics.jsonl'))).length).toBeGreaterThan(0);

    const r = hebb(['train', '--resume', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ ok: true, status: 'completed', epochsDone: epochs, runDir: out, testAccuracy: null });
    const log = await readRunLog(path.join(out, 'metrics.jsonl'));
    const epochsLogged = log.filter((x) => x.type === 'epoch').map((x) => x.epoch);
    expect(epochsLogged).toEqual(Array.from({ length: epochs }, (_, i) => i + 1));
    expect(log.at(-1)).toMatchObject({ type: 'end', status: 'completed' });
    expect(hebb(['predict', '--model', out, path.join(data, 'green', 'green_1.png'), '--json']).json.predictions).toHaveLength(1);
  });

  it('a folder that cannot train exits 1 with a JSON error naming it', async () => {
    const bad = path.join(root, 'one-class');
    await colourTree(bad, 2, ['red']);
    const r = hebb(['train', '--data', bad, '--arch', 'mlp', '--epochs', '1', '--out', path.join(root, 'bad-run'), '--json']);
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ ok: false, error: { code: 'DATASET_EMPTY' } });
    expect(String((r.json.error as { message: string }).message)).toContain(bad);
  });
});
