import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot, packageVersion } from '../../src-main/core/version';
import { removeTmpDirs, tmpDirSync } from '../helpers/fixtures';

afterAll(removeTmpDirs);

describe('packageVersion', () => {
  it('finds our package.json from a bundled location two folders down, skipping other packages', () => {
    const root = tmpDirSync('hebb-version-');
    writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'hebb-studio', version: '9.8.7' }));
    mkdirSync(path.join(root, 'out', 'main'), { recursive: true });
    writeFileSync(path.join(root, 'out', 'package.json'), JSON.stringify({ name: 'something-else', version: '1.0.0' }));
    expect(packageVersion(pathToFileURL(path.join(root, 'out', 'main', 'index.js')).href)).toBe('9.8.7');
    expect(packageRoot(pathToFileURL(path.join(root, 'out', 'main', 'index.js')).href)).toBe(root);
  });
  it('reads the real version from the source tree', async () => {
    const pkg = (await import('../../package.json', { with: { type: 'json' } })).default as { version: string };
    expect(packageVersion()).toBe(pkg.version);
  });
});
