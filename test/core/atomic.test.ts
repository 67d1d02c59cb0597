import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic, writeJsonAtomic } from '../../src-main/core/atomic';

describe('writeFileAtomic', () => {
  it('writes the whole file and leaves no temp files behind', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hebb-atomic-'));
    const file = path.join(dir, 'sub', 'a.json');
    await writeJsonAtomic(file, { a: 1 });
    await writeFileAtomic(file, 'second');
    expect(readFileSync(file, 'utf8')).toBe('second');
    expect(readdirSync(path.dirname(file))).toEqual(['a.json']);
  });
});
