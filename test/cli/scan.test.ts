// `hebb scan` as a user meets it: the human table, the JSON last line, and clear exit-1 errors.
import { execFile } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { humanSummary } from '../../src-main/cli/scan';
import { scanDataset } from '../../src-main/dataset/scan';
import { makeClassTree, removeTmpDirs, tmpDir } from '../helpers/fixtures';

afterAll(removeTmpDirs);

const hebb = fileURLToPath(new URL('../../bin/hebb.js', import.meta.url));
const run = promisify(execFile);

async function hebbScan(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [hebb, 'scan', ...args]);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

it('prints one JSON object as the last line, without entries unless asked', async () => {
  const root = await tmpDir();
  await makeClassTree(root, { cat: 2, dog: 1 });
  await fsp.writeFile(path.join(root, 'dog', 'broken.jpg'), '');
  const [plain, withEntries] = await Promise.all([hebbScan(root, '--json'), hebbScan(root, '--json', '--entries')]);
  const out = JSON.parse(plain.stdout.trim().split('\n').pop()!);
  expect(Object.keys(out).sort()).toEqual(['classes', 'counts', 'greyscale', 'ignored', 'images', 'invalid', 'splits', 'warnings']);
  expect(out).toMatchObject({ classes: ['cat', 'dog'], counts: { cat: 2, dog: 1 }, images: 3, invalid: [{ path: 'dog/broken.jpg', reason: 'empty file (0 bytes)' }] });
  expect(JSON.parse(withEntries.stdout.trim().split('\n').pop()!).entries).toHaveLength(3);
});

it('exits 1 with a clear message for a missing folder or a file', async () => {
  const root = await tmpDir();
  const missing = await hebbScan(path.join(root, 'nope'));
  expect(missing.code).toBe(1);
  expect(missing.stderr).toContain('Folder not found');
  await fsp.writeFile(path.join(root, 'f.png'), 'x');
  const file = await hebbScan(path.join(root, 'f.png'), '--json');
  expect(file.code).toBe(1);
  expect(JSON.parse(file.stdout.trim().split('\n').pop()!)).toMatchObject({ ok: false, error: { code: 'NOT_A_DIRECTORY' } });
});

it('the human summary shows counts, the broken files and the warnings', async () => {
  const root = await tmpDir();
  await makeClassTree(root, { cat: 2, empty: 0 });
  await fsp.writeFile(path.join(root, 'cat', 'notes.jpg'), 'just text');
  const text = humanSummary(await scanDataset(root));
  expect(text).toMatch(/cat\s+2\n/);
  expect(text).toMatch(/empty\s+0\n/);
  expect(text).toContain('cat/notes.jpg: not an image: plain text (first bytes 6a 75 73 74)');
  expect(text).not.toContain('just text');
  expect(text).toContain('! 1 class has no usable images: "empty"');
});

it('the human summary adds a column per split', async () => {
  const root = await tmpDir();
  await makeClassTree(path.join(root, 'train'), { cat: 3, dog: 2 });
  await makeClassTree(path.join(root, 'test'), { cat: 1, dog: 1 });
  const text = humanSummary(await scanDataset(root));
  expect(text).toContain('splits: train, test');
  expect(text).toMatch(/class\s+images\s+train\s+test\n/);
  expect(text).toMatch(/cat\s+4\s+3\s+1\n/);
  expect(text).toMatch(/total\s+7\s+5\s+2/);
});
