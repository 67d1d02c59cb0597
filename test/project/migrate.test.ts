// Hand-written older project.json files (schema 0 and 1) are migrated on open with the original kept byte for
// byte; a newer schema is refused with its version named; a bad field is named.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_SCHEMA_VERSION } from '../../src-shared/contract/project';
import { Project } from '../../src-main/project/index';
import { makeClassTree, removeTmpDirs, tmpDir } from '../helpers/fixtures';

afterAll(removeTmpDirs);

let tmp = '', data = '';
beforeAll(async () => {
  tmp = await tmpDir('hebb-proj-migrate-');
  data = path.join(tmp, 'data');
  await makeClassTree(data, { cat: 3, dog: 3 });
});

async function projectWith(name: string, text: string): Promise<string> {
  const dir = path.join(tmp, name);
  await fsp.mkdir(dir, { recursive: true });
  await fsp.writeFile(path.join(dir, 'project.json'), text);
  return dir;
}

describe('project.json migration', () => {
  it('migrates schema 1, keeps project.json.v1.bak, and applies its edits', async () => {
    const v1 = JSON.stringify({
      schemaVersion: 1, name: 'pets', sources: [data], classes: ['cat', 'dog'],
      overrides: { '0/cat/cat_0.png': 'dog' }, exclusions: ['0/dog/dog_0.png'], images: [], settings: { arch: 'mlp', epochs: 3 },
    }, null, 1);
    const dir = await projectWith('v1.hebb', v1);
    const p = await Project.open(dir);
    expect(p.doc).toMatchObject({
      schemaVersion: PROJECT_SCHEMA_VERSION, name: 'pets', sources: [{ id: 's1', path: data }],
      overrides: { 's1/cat/cat_0.png': 'dog' }, exclusions: ['s1/dog/dog_0.png'], settings: { arch: 'mlp', epochs: 3 }, runs: [],
    });
    expect((await p.effective()).counts).toMatchObject({ counts: { cat: 2, dog: 3 }, excluded: 1, overrides: 1 });
    expect(await fsp.readFile(path.join(dir, 'project.json.v1.bak'), 'utf8')).toBe(v1);
    expect(JSON.parse(await fsp.readFile(path.join(dir, 'project.json'), 'utf8')).schemaVersion).toBe(PROJECT_SCHEMA_VERSION);
    // Opening again reads the migrated file and leaves the backup alone.
    await Project.open(dir);
    expect(await fsp.readFile(path.join(dir, 'project.json.v1.bak'), 'utf8')).toBe(v1);
  });

  it('migrates the pre-release schema 0 (no schemaVersion, one data folder)', async () => {
    const v0 = JSON.stringify({ name: 'old', data, labels: { 'dog/dog_1.png': 'cat' }, excluded: ['cat/cat_2.png'] });
    const dir = await projectWith('v0.hebb', v0);
    const p = await Project.open(dir);
    expect(p.doc.sources).toEqual([{ id: 's1', path: data }]);
    expect((await p.effective()).counts).toEqual({ classes: ['cat', 'dog'], counts: { cat: 3, dog: 2 }, images: 5, excluded: 1, overrides: 1, added: 0 });
    expect(await fsp.readFile(path.join(dir, 'project.json.v0.bak'), 'utf8')).toBe(v0);
  });

  it('refuses a newer schema, naming its version, and leaves the file alone', async () => {
    const newer = JSON.stringify({ schemaVersion: PROJECT_SCHEMA_VERSION + 5, name: 'future' });
    const dir = await projectWith('newer.hebb', newer);
    await expect(Project.open(dir)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT', message: expect.stringContaining(`project schema version ${PROJECT_SCHEMA_VERSION + 5}`),
      detail: { schemaVersion: PROJECT_SCHEMA_VERSION + 5, supported: PROJECT_SCHEMA_VERSION },
    });
    expect(await fsp.readFile(path.join(dir, 'project.json'), 'utf8')).toBe(newer);
    expect(await fsp.readdir(dir)).toEqual(['project.json']);
  });

  it('names the field that is wrong, and what is not JSON', async () => {
    const bad = await projectWith('bad.hebb', JSON.stringify({ schemaVersion: 2, name: 'x', sources: [{ id: 'one', path: data }], classes: [], overrides: {}, exclusions: [], added: [], settings: {}, runs: [], revision: 0 }));
    await expect(Project.open(bad)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('sources.0.id'), detail: { field: 'sources.0.id' } });
    const torn = await projectWith('torn.hebb', '{"schemaVersion": 2, "na');
    await expect(Project.open(torn)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('not valid JSON') });
    await expect(Project.open(path.join(tmp, 'data'))).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('not a Hebb project') });
  });
});
