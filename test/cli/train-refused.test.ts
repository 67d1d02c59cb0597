import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tmpDir } from '../helpers/fixtures';
import { hebbSync } from '../helpers/hebb-cli';
import { colourTree } from '../engine/train/colour-tree';

let root: string;

beforeAll(async () => {
  root = await tmpDir('hebb-cli-refused-');
  await colourTree(path.join(root, 'data'), 4);
});
afterAll(async () => { await fs.rm(root, { recursive: true, force: true }); });

const hebb = (args: string[]) => hebbSync(path.join(root, 'home'), args);

/** Every file under dir (relative path → bytes, as hex), folders included as entries. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
    const p = path.join(e.parentPath, e.name);
    out[path.relative(dir, p)] = e.isFile() ? (await fs.readFile(p)).toString('hex') : 'dir';
  }
  return out;
}

describe('hebb train --out EXISTING_RUN', () => {
  it('is refused and writes nothing: the run folder is byte for byte as before', async () => {
    const out = path.join(root, 'run');
    const args = ['train', '--data', path.join(root, 'data'), '--arch', 'mlp', '--epochs', '1', '--image-size', '4', '--out', out, '--json'];
    expect(hebb(args).code).toBe(0);
    const before = await snapshot(out);
    expect(Object.keys(before)).toContain('metrics.jsonl');
    const again = hebb(args);
    expect(again.code).toBe(1);
    expect(again.json).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(String((again.json.error as { message: string }).message)).toContain('--resume');
    expect(await snapshot(out)).toEqual(before);
  });
});
