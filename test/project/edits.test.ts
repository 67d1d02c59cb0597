// The edit semantics of a project: rename, merge and delete of classes (folder classes and added images alike),
// relabel, exclude/include, add, undo/redo (runs are never undone), autosave, and the snapshot a run keeps.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { Project, edits, loadDataset, storeImage, writeSnapshot } from '../../src-main/project/index';
import { loadJobData } from '../../src-main/engine/train/data';
import { normalizeConfig } from '../../src-main/engine/train/config';
import { makeClassTree, removeTmpDirs, tmpDir } from '../helpers/fixtures';

afterAll(removeTmpDirs);

let p: Project;
let data = '';
const counts = async () => (await p.effective()).counts.counts;
const png = (color: string) => sharp({ create: { width: 6, height: 6, channels: 3, background: color } }).png().toBuffer();

beforeEach(async () => {
  const tmp = await tmpDir('hebb-proj-edits-');
  data = path.join(tmp, 'data');
  await makeClassTree(data, { cat: 3, dog: 3, fox: 2 });
  p = await Project.create(path.join(tmp, 'p.hebb'), [data], { autosaveMs: 60_000 });
});

describe('class edits', () => {
  it('renames a folder class without touching the folder, and refuses a name in use', async () => {
    await p.edit((d, v) => edits.renameClass(d, v, 'cat', 'kitten'));
    expect(await counts()).toEqual({ dog: 3, fox: 2, kitten: 3 });
    expect(p.doc.aliases).toEqual({ cat: 'kitten' });
    await expect(p.edit((d, v) => edits.renameClass(d, v, 'kitten', 'dog'))).rejects.toThrow('Class "dog" already exists');
    await expect(p.edit((d, v) => edits.renameClass(d, v, 'bird', 'x'))).rejects.toThrow('No class "bird"');
    await p.edit((d, v) => edits.renameClass(d, v, 'kitten', 'cat')); // back to the folder's own name: no alias left
    expect(p.doc.aliases).toEqual({});
    expect(await fsp.readdir(data)).toEqual(['cat', 'dog', 'fox']);
  });

  it('merges classes, relabels included, into a new or an existing class', async () => {
    await p.edit(async (d, v) => edits.relabel(d, v, ['s1/cat/cat_0.png'], 'fox'));
    await p.edit((d, v) => edits.mergeClasses(d, v, ['cat', 'dog'], 'pet'));
    expect(await counts()).toEqual({ fox: 3, pet: 5 });
    await p.edit((d, v) => edits.mergeClasses(d, v, ['fox'], 'pet'));
    expect(await counts()).toEqual({ pet: 8 });
    expect((await p.effective()).scan.classes).toEqual(['pet']);
  });

  it('deletes a class: its source images are excluded, its added images leave, relabels into it go too', async () => {
    const added = await storeImage(p.dir, await png('#123456'), 'dog', 'a.png');
    await p.edit((d, v) => edits.addImages(d, v, [added]));
    await p.edit((d, v) => edits.relabel(d, v, ['s1/cat/cat_0.png'], 'dog'));
    expect(await counts()).toEqual({ cat: 2, dog: 5, fox: 2 });
    await p.edit((d, v) => edits.deleteClass(d, v, 'dog'));
    expect(await counts()).toEqual({ cat: 2, fox: 2 });
    expect(p.doc.exclusions.sort()).toEqual(['s1/cat/cat_0.png', 's1/dog/dog_0.png', 's1/dog/dog_1.png', 's1/dog/dog_2.png']);
    expect(p.doc.added).toEqual([]);
    expect(p.doc.overrides).toEqual({});
    // undo brings all of it back (the added file was never deleted)
    expect(p.store.undo()).toBe(true);
    expect(await counts()).toEqual({ cat: 2, dog: 5, fox: 2 });
  });

  it('keeps an added empty class until it is deleted', async () => {
    await p.edit((d, v) => edits.addClass(d, v, 'owl'));
    expect(await counts()).toEqual({ cat: 3, dog: 3, fox: 2, owl: 0 });
    await expect(p.edit((d, v) => edits.addClass(d, v, 'a/b'))).rejects.toThrow('cannot contain /');
    await p.edit((d, v) => edits.deleteClass(d, v, 'owl'));
    expect((await p.effective()).scan.classes).toEqual(['cat', 'dog', 'fox']);
  });
});

describe('image edits', () => {
  it('relabels (back to the folder class drops the override), excludes and includes, naming unknown images', async () => {
    await p.edit((d, v) => edits.relabel(d, v, ['s1/cat/cat_0.png', 's1/cat/cat_1.png'], 'dog'));
    expect(p.doc.overrides).toEqual({ 's1/cat/cat_0.png': 'dog', 's1/cat/cat_1.png': 'dog' });
    await p.edit((d, v) => edits.relabel(d, v, ['s1/cat/cat_1.png'], 'cat'));
    expect(p.doc.overrides).toEqual({ 's1/cat/cat_0.png': 'dog' });
    await p.edit((d, v) => edits.exclude(d, v, ['s1/fox/fox_0.png', 's1/fox/fox_0.png']));
    expect((await p.effective()).counts).toMatchObject({ counts: { cat: 2, dog: 4, fox: 1 }, excluded: 1, overrides: 1 });
    await p.edit((d, v) => edits.include(d, v, ['s1/fox/fox_0.png']));
    expect(await counts()).toEqual({ cat: 2, dog: 4, fox: 2 });
    await expect(p.edit((d, v) => edits.exclude(d, v, ['s1/fox/nope.png']))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', file: 's1/fox/nope.png' });
  });

  it('stores added images content-addressed and refuses what is not PNG or JPEG', async () => {
    const bytes = await png('#abcdef');
    const a = await storeImage(p.dir, bytes, 'fox', 'x.png');
    const b = await storeImage(p.dir, bytes, 'cat', 'y.png');
    expect(a.sha256).toBe(b.sha256);
    await p.edit((d, v) => edits.addImages(d, v, [a]));
    await p.edit((d, v) => edits.addImages(d, v, [b])); // same bytes: moved, not added twice
    expect(p.doc.added).toHaveLength(1);
    expect(await counts()).toEqual({ cat: 4, dog: 3, fox: 2 });
    expect(await fsp.readFile(path.join(p.dir, 'images', `${a.sha256}.png`))).toEqual(bytes);
    await expect(storeImage(p.dir, Buffer.from('GIF89a....'), 'cat', 'anim.gif')).rejects.toThrow('anim.gif: a project adds PNG or JPEG images; this is a GIF image');
    await expect(p.edit((d, v) => edits.addImages(d, v, [{ ...a, class: 'bird' }]))).rejects.toThrow('No class "bird"');
  });
});

describe('undo, autosave, snapshots', () => {
  it('undoes and redoes the last 50+ edits; recorded runs survive undo', async () => {
    const keys = [...(await p.view()).all.keys()];
    const states = [JSON.stringify(await counts())];
    for (let i = 0; i < 60; i++) {
      await p.edit((d, v) => (d.exclusions.includes(keys[i % keys.length]!) ? edits.include(d, v, [keys[i % keys.length]!]) : edits.exclude(d, v, [keys[i % keys.length]!])));
      states.push(JSON.stringify(await counts()));
    }
    await p.recordRun({ runId: 'r1', datasetHash: 'h', createdAt: 'now' });
    for (let i = 59; i >= 0; i--) {
      expect(p.store.undo()).toBe(true);
      expect(JSON.stringify(await counts())).toBe(states[i]);
    }
    expect(p.doc.runs.map((r) => r.runId)).toEqual(['r1']);
    expect(p.store.undo()).toBe(false);
    for (let i = 1; i <= 60; i++) { p.store.redo(); expect(JSON.stringify(await counts())).toBe(states[i]); }
    expect(p.store.canRedo).toBe(false);
  });

  it('writes edits on save (and on the debounced autosave), atomically, with nothing left beside project.json', async () => {
    const quick = await Project.open(p.dir, { autosaveMs: 5 });
    await quick.edit((d, v) => edits.exclude(d, v, ['s1/dog/dog_0.png']));
    expect(quick.store.dirty).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    await quick.store.save(); // waits for an autosave in flight, writes nothing new
    expect(quick.store.dirty).toBe(false);
    expect((await Project.open(p.dir)).doc.exclusions).toEqual(['s1/dog/dog_0.png']);
    expect((await fsp.readdir(p.dir)).sort()).toEqual(['project.json']);
  });

  it('a run keeps the snapshot it started from while the project is edited', async () => {
    const snap = await writeSnapshot(p.dir, await p.effective());
    const cfg = normalizeConfig({ data: snap, arch: 'mlp', split: { val: 0, test: 0, seed: 1 } });
    const before = await loadJobData(cfg);
    await p.edit((d, v) => edits.exclude(d, v, ['s1/cat/cat_0.png', 's1/dog/dog_0.png']));
    await p.edit((d, v) => edits.relabel(d, v, ['s1/fox/fox_0.png'], 'cat'));
    await p.store.save();
    const during = await loadJobData(cfg); // what a resumed run (or a late reader) sees: still the snapshot
    expect(during.train.map((e) => [e.path, e.label])).toEqual(before.train.map((e) => [e.path, e.label]));
    expect(during.train).toHaveLength(8);
    expect(during.root).toBe(p.dir);
    expect(during.datasetHash).toBe(before.datasetHash);
    const now = await loadDataset(p.dir);
    expect(now.images).toBe(6);
    expect(now.datasetHash).not.toBe(before.datasetHash);
    expect(now.counts).toEqual({ cat: 3, dog: 2, fox: 1 });
  });
});
