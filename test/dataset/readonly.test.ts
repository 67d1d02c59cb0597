// The user's folder is read-only to us: a scan of the salted tree changes no byte, name, mode or mtime, and adds nothing.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { scanDataset } from '../../src-main/dataset/scan';
import { buildBadInputTree, fingerprintTree, makeClassTree, removeTmpDirs, tmpDir } from '../helpers/fixtures';

afterAll(removeTmpDirs);

it('scanning the salted bad-input tree leaves it exactly as it was', async () => {
  const root = await tmpDir();
  await buildBadInputTree(root);
  await makeClassTree(path.join(root, 'c'), { x: 0 }); // an empty nested folder too
  await fsp.copyFile(path.join(root, 'a', 'ok.png'), path.join(root, 'b', 'copy_of_ok.png')); // so duplicate hashing reads files
  // Old mtimes, so a write in the same clock tick could not hide.
  const old = new Date('2020-01-02T03:04:05Z');
  await fsp.utimes(path.join(root, 'a', 'ok.png'), old, old);
  await fsp.chmod(path.join(root, 'a', 'cmyk.jpg'), 0o444);

  const before = await fingerprintTree(root);
  const result = await scanDataset(root);
  const after = await fingerprintTree(root);

  expect(result.warnings.map((w) => w.kind)).toContain('duplicate-across-classes');
  expect(after.paths).toEqual(before.paths); // nothing new appeared, nothing vanished
  expect(after.hash).toBe(before.hash);
});

it('the fingerprint does notice a change (so the test above can fail)', async () => {
  const root = await tmpDir();
  await makeClassTree(root, { a: 1 });
  const before = await fingerprintTree(root);
  await fsp.utimes(path.join(root, 'a', 'a_0.png'), new Date(), new Date(Date.now() + 5000));
  expect((await fingerprintTree(root)).hash).not.toBe(before.hash);
  await fsp.writeFile(path.join(root, 'a', '.cache'), '');
  expect((await fingerprintTree(root)).paths.length).toBe(before.paths.length + 1);
});
