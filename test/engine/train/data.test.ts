// The separate --test folder: an empty class folder is a warning, a class with images the model lacks is refused.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeConfig } from '../../../src-main/engine/train/config';
import { loadJobData } from '../../../src-main/engine/train/data';
import { removeTmpDirs, tmpDir, writeImage } from '../../helpers/fixtures';
import { colourTree } from './colour-tree';

afterAll(removeTmpDirs);

let root: string;
beforeAll(async () => {
  root = await tmpDir('hebb-job-data-');
  await colourTree(path.join(root, 'data'), 4);
});

describe('loadJobData with a --test folder', () => {
  it('ignores an empty class folder the training set lacks, with a warning naming it', async () => {
    const test = path.join(root, 'test-empty');
    await colourTree(test, 2, ['red', 'blue']);
    mkdirSync(path.join(test, 'purple'));
    const data = await loadJobData(normalizeConfig({ data: path.join(root, 'data'), test, arch: 'mlp' }));
    expect(data.test.entries).toHaveLength(4);
    expect(data.test.entries.every((e) => data.labels[e.label] === e.path.split('/')[0])).toBe(true);
    expect(data.warnings).toEqual([`${test}: class folder "purple" is empty and not one of the training classes: ignored`]);
  });

  it('still refuses a test class with images that the training set lacks', async () => {
    const test = path.join(root, 'test-extra');
    await colourTree(test, 1, ['red']);
    await writeImage(path.join(test, 'purple', 'p.png'), { color: '#800080' });
    await expect(loadJobData(normalizeConfig({ data: path.join(root, 'data'), test, arch: 'mlp' }))).rejects.toThrow(/class "purple" is not one of the training classes/);
  });

  it('has no warnings when the folders agree', async () => {
    const test = path.join(root, 'test-same');
    await colourTree(test, 1);
    expect((await loadJobData(normalizeConfig({ data: path.join(root, 'data'), test, arch: 'mlp' }))).warnings).toEqual([]);
  });
});
