// Custody of paths: ids, not paths; only scanned files under an opened root resolve, symlinks out are refused.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImageEntry, ScanResult } from '#contract/dataset';
import { createDatasetRegistry } from '../../src-main/service/datasets';
import { removeTmpDirs, tmpDirSync } from '../helpers/fixtures';

afterAll(removeTmpDirs);

function scanOf(root: string, paths: string[]): ScanResult {
  const entries: ImageEntry[] = paths.map((p) => ({ path: p, label: 0, width: 1, height: 1, channels: 3, format: 'png', size: 1, mtimeMs: 0 }));
  return { root, classes: ['a'], counts: { a: entries.length }, images: entries.length, invalid: [], ignored: [], warnings: [], splits: [], greyscale: false, entries };
}

describe('dataset registry', () => {
  const tmp = tmpDirSync('hebb-reg-');
  const root = path.join(tmp, 'data');
  mkdirSync(path.join(root, 'a'), { recursive: true });
  writeFileSync(path.join(root, 'a', 'x.png'), 'x');
  writeFileSync(path.join(tmp, 'secret.png'), 's');
  symlinkSync(path.join(tmp, 'secret.png'), path.join(root, 'a', 'link.png'));

  const reg = createDatasetRegistry();
  const ds = reg.add(scanOf(root, ['a/x.png', '../secret.png', 'a/link.png']));

  it('resolves an image id to its file inside the root', async () => {
    expect(reg.imageId(ds, 'a/x.png')).toBe(`${ds.id}.0`);
    expect((await reg.resolveImage(`${ds.id}.0`)).file).toBe(path.join(root, 'a', 'x.png'));
  });

  it('refuses traversal, symlinks out of the root, unknown ids and raw paths', async () => {
    await expect(reg.resolveImage(`${ds.id}.1`)).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    await expect(reg.resolveImage(`${ds.id}.2`)).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    await expect(reg.resolveImage(`${ds.id}.9`)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(reg.resolveImage('../../etc/passwd')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(reg.resolveImage('ffffffff.0')).rejects.toMatchObject({ code: 'UNKNOWN_DATASET' });
  });

  it('reuses the id when the same folder is opened again', () => {
    expect(reg.add(scanOf(root, ['a/x.png'])).id).toBe(ds.id);
  });
});
