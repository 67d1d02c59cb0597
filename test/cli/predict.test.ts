// `hebb predict` on a batch with bad files: a result or a named error per file, and the exit status rule.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTmpDirs, tmpDir } from '../helpers/fixtures';
import { hebbSync } from '../helpers/hebb-cli';
import { colourTree } from '../engine/train/colour-tree';

afterAll(removeTmpDirs);

let root: string, run: string, good: string, empty: string, truncated: string;

const hebb = (args: string[]) => hebbSync(path.join(root, 'home'), args);

const count = (text: string, part: string) => text.split(part).length - 1;

beforeAll(async () => {
  root = await tmpDir('hebb-cli-predict-');
  await colourTree(path.join(root, 'data'), 6);
  run = path.join(root, 'run');
  const t = hebb(['train', '--data', path.join(root, 'data'), '--arch', 'mlp', '--epochs', '1', '--image-size', '4', '--batch-size', '4', '--out', run, '--json']);
  expect(t.json, t.stderr).toMatchObject({ ok: true });
  good = path.join(root, 'data', 'red', 'red_0.png');
  empty = path.join(root, 'empty.jpg');
  writeFileSync(empty, '');
  const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#c04020' } }).jpeg().toBuffer();
  truncated = path.join(root, 'truncated.jpg');
  writeFileSync(truncated, jpeg.subarray(0, jpeg.length >> 1));
});

describe('hebb predict with bad files among good ones', () => {
  it('returns one result and two named errors, and exits 0', () => {
    const r = hebb(['predict', '--model', run, empty, good, truncated, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const [e, g, t] = r.json.predictions as Record<string, any>[];
    expect(g).toMatchObject({ file: good, label: 'red' });
    expect(e).toEqual({ file: empty, error: { code: 'INVALID_IMAGE', message: `${empty}: empty file (0 bytes)` } });
    expect(t.file).toBe(truncated);
    expect(t.error.code).toBe('INVALID_IMAGE');
    expect(t.error.message).toMatch(/premature end of JPEG/);
    for (const p of [e, t]) expect(count(p.error.message, p.file), p.error.message).toBe(1);
    // libvips repeats its lines; each says so once here.
    const parts = (t.error.message as string).replace(/^.*cannot decode \(|\)$/g, '').split('; ');
    expect(new Set(parts).size).toBe(parts.length);
  });

  it('the human lines name each file once', () => {
    const r = hebb(['predict', '--model', run, empty, good, truncated]);
    expect(r.code).toBe(0);
    const out = r.stdout + r.stderr;
    for (const f of [empty, good, truncated]) expect(count(out, f), out).toBe(1);
    expect(r.stdout).toContain(`${empty}: error: empty file (0 bytes)`);
  });

  it('exits 1 when every file failed, or with --strict when any did', () => {
    const all = hebb(['predict', '--model', run, empty, truncated, '--json']);
    expect(all.code).toBe(1);
    expect(all.json.predictions).toHaveLength(2);
    expect(hebb(['predict', '--model', run, good, truncated, '--strict', '--json']).code).toBe(1);
    expect(hebb(['predict', '--model', run, good, '--strict', '--json']).code).toBe(0);
  });

  it('a missing file is NOT_FOUND, its path said once', () => {
    const missing = path.join(root, 'nope.png');
    const [p] = hebb(['predict', '--model', run, missing, '--json']).json.predictions;
    expect(p).toEqual({ file: missing, error: { code: 'NOT_FOUND', message: `${missing}: no such file` } });
  });
});
