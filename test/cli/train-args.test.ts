// `hebb train`'s refusals come before any work (no backend, no run directory), and --layers feeds the custom arch.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_IMAGE_SIDE } from '#contract/engine';
import { ARCHITECTURES } from '../../src-main/engine/arch/registry';
import { removeTmpDirs, tmpDir } from '../helpers/fixtures';
import { hebbSync } from '../helpers/hebb-cli';
import { colourTree } from '../engine/train/colour-tree';

afterAll(removeTmpDirs);

let root: string;
let data: string;

beforeAll(async () => {
  root = await tmpDir('hebb-cli-args-');
  data = path.join(root, 'data');
  await colourTree(data, 6);
});

const hebb = (args: string[]) => hebbSync(path.join(root, 'home'), args);
const train = (out: string, ...extra: string[]) => hebb(['train', '--data', data, '--epochs', '1', '--image-size', '4', '--batch-size', '4', '--out', path.join(root, out), '--json', ...extra]);

describe('hebb train refuses before any work', () => {
  it('an unknown --arch, in one short line listing the choices', () => {
    const r = train('r-alexnet', '--arch', 'alexnet');
    expect(r.code).toBe(1);
    expect(r.json.error).toEqual({ code: 'INVALID_ARGUMENT', message: `unknown architecture 'alexnet': choose one of ${ARCHITECTURES.map((a) => a.id).join(', ')}` });
    expect(r.stdout + r.stderr).not.toMatch(/backend/i);
    expect(existsSync(path.join(root, 'r-alexnet'))).toBe(false);
  });

  it('an --image-size above the limit, naming the limit', () => {
    const r = train('r-huge', '--arch', 'mlp', '--image-size', '100000');
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('INVALID_ARGUMENT');
    expect(r.json.error.message).toContain(`at most ${MAX_IMAGE_SIDE} pixels a side`);
    expect(r.json.error.message).toContain('100000×100000');
    expect(existsSync(path.join(root, 'r-huge'))).toBe(false);
  });

  it("--arch custom without --layers, and --layers that cannot be read or is not a list", () => {
    expect(train('r-c0', '--arch', 'custom').json.error.message).toMatch(/layers .*--layers FILE\|JSON/);
    const missing = path.join(root, 'no-such-layers.json');
    const r = train('r-c1', '--arch', 'custom', '--layers', missing);
    expect(r.json.error).toMatchObject({ code: 'INVALID_ARGUMENT', file: missing });
    expect(r.json.error.message).toBe(`--layers: cannot read ${missing} (ENOENT)`);
    expect(train('r-c2', '--arch', 'custom', '--layers', '[{"type":').json.error.message).toMatch(/^--layers: the value is not JSON/);
    const obj = path.join(root, 'object.json');
    writeFileSync(obj, '{"type":"dense"}');
    expect(train('r-c3', '--arch', 'custom', '--layers', obj).json.error.message).toContain(`${obj} must be a JSON list of layers`);
    for (const d of ['r-c0', 'r-c1', 'r-c2', 'r-c3']) expect(existsSync(path.join(root, d)), d).toBe(false);
  });
});

describe('the custom architecture from the command line', () => {
  it('train --help lists every registered architecture, custom included, and --layers', () => {
    const help = hebb(['train', '--help']).stdout.replace(/\s+/g, ' ');
    expect(help).toContain(`(${ARCHITECTURES.map((a) => a.id).join(', ')})`);
    expect(help).toContain('custom');
    expect(help).toContain('--layers <file|json>');
  });

  it('trains the stack given by --layers FILE and by --layers JSON', () => {
    const layers = [{ type: 'flatten' }, { type: 'dense', units: 6, activation: 'relu' }];
    const file = path.join(root, 'layers.json');
    writeFileSync(file, JSON.stringify(layers));
    for (const [out, value] of [['r-file', file], ['r-json', JSON.stringify(layers)]] as const) {
      const r = train(out, '--arch', 'custom', '--layers', value);
      expect(r.json, r.stderr).toMatchObject({ ok: true, status: 'completed' });
      const config = JSON.parse(readFileSync(path.join(root, out, 'config.json'), 'utf8'));
      expect(JSON.stringify(config)).toContain('"units":6');
    }
  });
});
