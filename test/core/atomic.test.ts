import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileAtomic, writeJsonAtomic } from '../../src-main/core/atomic';
import { removeTmpDirs, tmpDirSync } from '../helpers/fixtures';

afterAll(removeTmpDirs);

describe('writeFileAtomic', () => {
  it('writes the whole file and leaves no temp files behind', async () => {
    const dir = tmpDirSync('hebb-atomic-');
    const file = path.join(dir, 'sub', 'a.json');
    await writeJsonAtomic(file, { a: 1 });
    await writeFileAtomic(file, 'second');
    expect(readFileSync(file, 'utf8')).toBe('second');
    expect(readdirSync(path.dirname(file))).toEqual(['a.json']);
  });
});
