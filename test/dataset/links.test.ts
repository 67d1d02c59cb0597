// Symlinks that leave the dataset folder: listed as such and never read (no count, no training, no quoted content),
// unless --follow-links; links that stay inside are followed as before.
import { execFile } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTSIDE_LINK_REASON } from '../../src-main/dataset/walk';
import { scanDataset } from '../../src-main/dataset/scan';
import { makeClassTree, removeTmpDirs, tmpDir, writeImage } from '../helpers/fixtures';

afterAll(removeTmpDirs);

const BIN = fileURLToPath(new URL('../../bin/hebb.js', import.meta.url));
const SECRET = 'password=hunter2 do not share';
let root: string, outside: string;

beforeAll(async () => {
  const base = await tmpDir('hebb-links-');
  root = path.join(base, 'data');
  outside = path.join(base, 'private');
  await makeClassTree(root, { cat: 2, dog: 2 });
  await fsp.mkdir(outside);
  await fsp.writeFile(path.join(outside, 'notes.txt'), SECRET);
  await writeImage(path.join(outside, 'photo.png'), { color: '#102030' });
  await makeClassTree(path.join(outside, 'more'), { bird: 2 });
  await fsp.symlink(path.join(outside, 'notes.txt'), path.join(root, 'cat', 'secret.jpg'));
  await fsp.symlink(path.join(outside, 'photo.png'), path.join(root, 'dog', 'photo.png'));
  await fsp.symlink(path.join(outside, 'more', 'bird'), path.join(root, 'bird'));
  // Inside the root: still followed.
  await fsp.symlink(path.join(root, 'cat', 'cat_0.png'), path.join(root, 'dog', 'also-cat.png'));
});

describe('symlinks leading outside the dataset', () => {
  it('are listed with the reason, not followed, not counted, and nothing of their content is quoted', async () => {
    const r = await scanDataset(root);
    expect(r.classes).toEqual(['cat', 'dog']);
    expect(r.entries.map((e) => e.path)).toEqual(['cat/cat_0.png', 'cat/cat_1.png', 'dog/also-cat.png', 'dog/dog_0.png', 'dog/dog_1.png']);
    expect(r.invalid).toEqual([
      { path: 'bird/', reason: OUTSIDE_LINK_REASON },
      { path: 'cat/secret.jpg', reason: OUTSIDE_LINK_REASON },
      { path: 'dog/photo.png', reason: OUTSIDE_LINK_REASON },
    ]);
    const report = JSON.stringify(r);
    expect(report).not.toContain('hunter2');
    expect(report).not.toContain(outside);
  });

  it('hebb scan says so too, and --follow-links follows them; the text target is described, not quoted', async () => {
    const run = async (...extra: string[]) => JSON.parse((await promisify(execFile)(process.execPath, [BIN, 'scan', root, '--json', ...extra])).stdout.trim().split('\n').pop()!);
    const plain = await run();
    expect(plain).toMatchObject({ classes: ['cat', 'dog'], images: 5 });
    expect(plain.invalid.map((f: { path: string }) => f.path)).toEqual(['bird/', 'cat/secret.jpg', 'dog/photo.png']);
    const followed = await run('--follow-links');
    expect(followed).toMatchObject({ classes: ['bird', 'cat', 'dog'], images: 8 });
    const secret = followed.invalid.find((f: { path: string }) => f.path === 'cat/secret.jpg');
    expect(secret.reason).toBe('not an image: plain text (first bytes 70 61 73 73)');
    expect(JSON.stringify(followed)).not.toContain('hunter2');
  });
});
