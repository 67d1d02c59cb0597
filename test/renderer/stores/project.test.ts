// The project store: edits become undo steps (newest first back), redo is cleared by a new edit, the history
// keeps ≥ 50 steps, merge sends its classes, and an exclusion while training leaves the running run's copy alone.
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ProjectState } from '#contract/project';
import { setApi } from '../../../src-renderer/src/api';
import { useDatasetStore } from '../../../src-renderer/src/stores/dataset';
import { useModelStore } from '../../../src-renderer/src/stores/model';
import { LAST_PROJECT_KEY, UNDO_LIMIT, useProjectStore } from '../../../src-renderer/src/stores/project';
import { useTrainingStore } from '../../../src-renderer/src/stores/training';
import { fakeApi, type FakeApi } from '../fake-api';
import { HANDLE } from '../fixtures';

/** A tiny core: a document per version, undo/redo over them, as the real one does. */
function fakeCore(api: FakeApi) {
  let version = 0;
  const past: ProjectState[] = [];
  let future: ProjectState[] = [];
  const mk = (classes: string[], excluded: string[], settings: object = {}): ProjectState => ({
    projectId: 'p1', dir: '/p/cats.hebb', datasetHash: `h${version}`, dirty: true, savedAt: null, canUndo: past.length > 0, canRedo: future.length > 0,
    project: { schemaVersion: 2, name: 'cats', sources: [], classes, aliases: {}, overrides: {}, exclusions: excluded, added: [], settings, runs: [], revision: version },
    dataset: { ...HANDLE, id: `ds-v${version}`, scan: { ...HANDLE.scan, classes } },
    counts: { classes, counts: Object.fromEntries(classes.map((c) => [c, 1])), images: classes.length, excluded: excluded.length, overrides: 0, added: 0 },
  });
  let cur = mk(['circles', 'squares'], []);
  const edit = (f: (s: ProjectState) => ProjectState) => () => {
    past.push(cur); future = []; version++;
    cur = f(cur); cur = { ...cur, canUndo: true, canRedo: false };
    return cur;
  };
  api.answer('project:open', () => cur);
  api.answer('project:recent', { projects: [] });
  api.answer('project:images', { total: 0, images: [] });
  api.answer('project:show', () => cur);
  api.answer('project:addClass', (r) => edit((s) => mk([...s.counts.classes, r.name], s.project.exclusions))());
  api.answer('project:renameClass', (r) => edit((s) => mk(s.counts.classes.map((c) => (c === r.from ? r.to : c)), s.project.exclusions))());
  api.answer('project:mergeClasses', (r) => edit((s) => mk([...s.counts.classes.filter((c) => !r.from.includes(c) && c !== r.into), r.into], s.project.exclusions))());
  api.answer('project:exclude', (r) => edit((s) => mk(s.counts.classes, [...s.project.exclusions, ...r.images]))());
  api.answer('project:setSettings', (r) => edit((s) => mk(s.counts.classes, s.project.exclusions, r.settings))());
  api.answer('project:undo', () => { future.push(cur); cur = { ...past.pop()!, canUndo: past.length > 0, canRedo: true }; return cur; });
  api.answer('project:redo', () => { past.push(cur); cur = { ...future.pop()!, canUndo: true, canRedo: future.length > 0 }; return cur; });
  return { current: () => cur };
}

let api: FakeApi;
let core: ReturnType<typeof fakeCore>;
beforeEach(async () => {
  setActivePinia(createPinia());
  api = fakeApi();
  setApi(api);
  core = fakeCore(api);
  expect(await useProjectStore().open('/p/cats.hebb')).toBe(true);
});

describe('project store', () => {
  it('opens a project as the open dataset', () => {
    const p = useProjectStore();
    expect(p.classes).toEqual(['circles', 'squares']);
    expect(useDatasetStore().handle?.id).toBe('ds-v0');
  });

  it('undoes the newest edit first, redoes it, and a new edit clears redo', async () => {
    const p = useProjectStore();
    await p.edit.addClass('triangles');
    await p.edit.renameClass('circles', 'rounds');
    expect(p.classes).toEqual(['rounds', 'squares', 'triangles']);
    expect(p.done.map((s) => s.label.key)).toEqual(['project.edit.addClass', 'project.edit.renameClass']);
    expect(await p.undo()).toBe(true);
    expect(p.classes).toEqual(['circles', 'squares', 'triangles']);
    expect(p.canRedo).toBe(true);
    expect(await p.redo()).toBe(true);
    expect(p.classes).toEqual(['rounds', 'squares', 'triangles']);
    await p.undo();
    await p.edit.addClass('stars');
    expect(p.canRedo).toBe(false);
    expect(p.undone).toEqual([]);
    await p.undo(); await p.undo();
    expect(p.classes).toEqual(['circles', 'squares']);
    expect(p.canUndo).toBe(false);
    expect(await p.undo()).toBe(false);
  });

  it('keeps at least 50 steps and undoes them all', async () => {
    const p = useProjectStore();
    for (let i = 0; i < 55; i++) await p.edit.addClass(`c${i}`);
    expect(p.done.length).toBe(55);
    expect(UNDO_LIMIT).toBeGreaterThanOrEqual(50);
    for (let i = 0; i < 55; i++) expect(await p.undo()).toBe(true);
    expect(p.classes).toEqual(['circles', 'squares']);
  });

  it('merges classes into one and undo splits them again', async () => {
    const p = useProjectStore();
    await p.edit.mergeClasses(['circles', 'squares'], 'shapes');
    expect(api.calls.at(-2)).toMatchObject({ channel: 'project:mergeClasses', req: { projectId: 'p1', from: ['circles', 'squares'], into: 'shapes' } });
    expect(p.classes).toEqual(['shapes']);
    await p.undo();
    expect(p.classes).toEqual(['circles', 'squares']);
  });

  it('an exclusion while training runs leaves the running run with what it started with', async () => {
    api.answer('train:start', { runId: 'r1', runDir: '/runs/r1' });
    const model = useModelStore();
    model.arch = 'cnn-small';
    const t = useTrainingStore();
    expect(await t.start()).toBe(true);
    const started = JSON.parse(JSON.stringify(t.startedWith));
    expect(started.datasetId).toBe(core.current().dataset.id);
    const p = useProjectStore();
    await p.edit.exclude(['ds-v1.0']);
    useDatasetStore().split.val = 0.4; // a later setting must not reach the running run's config either
    expect(useDatasetStore().handle?.id).not.toBe(started.datasetId);
    expect(t.startedWith).toEqual(started);
    expect(t.startedWith!.config.split.val).toBe(0.2);
    expect(t.state).toBe('running');
    expect(api.calls.filter((c) => c.channel === 'train:start')).toHaveLength(1);
  });

  it('saves the model settings into the project before a run starts', async () => {
    api.answer('train:start', { runId: 'r1', runDir: '/runs/r1' });
    useModelStore().arch = 'mlp';
    await useTrainingStore().start();
    expect(core.current().project.settings).toMatchObject({ arch: 'mlp' });
  });
});

describe('reopening the last project', () => {
  it('reopens the project open when the studio last closed, once', async () => {
    expect(localStorage.getItem(LAST_PROJECT_KEY)).toBe('/p/cats.hebb');
    setActivePinia(createPinia());
    api.calls.length = 0;
    const p = useProjectStore();
    expect(await p.resume()).toBe(true);
    expect(api.calls.filter((c) => c.channel === 'project:open').map((c) => c.req)).toEqual([{ path: '/p/cats.hebb' }]);
    expect(p.classes).toEqual(['circles', 'squares']);
    expect(await p.resume()).toBe(false); // already open: nothing to do
    expect(api.calls.filter((c) => c.channel === 'project:open')).toHaveLength(1);
  });

  it('forgets a last project that no longer opens, without an error', async () => {
    setActivePinia(createPinia());
    api.answer('project:open', { code: 'NOT_FOUND', message: 'project:open: /p/cats.hebb: no project.json' } as never, true);
    const p = useProjectStore();
    expect(await p.resume()).toBe(false);
    expect(localStorage.getItem(LAST_PROJECT_KEY)).toBeNull();
    expect(p.error).toBeNull();
  });
});

describe('the image list', () => {
  const img = (n: number) => ({ key: `s1/c/${n}.png`, imageId: `ds:${n}`, class: 'circles', folderClass: 'circles', excluded: false, edited: false, added: false });
  it('pages on with "more", and a slow listing from before an edit does not overwrite the newer one', async () => {
    const p = useProjectStore();
    api.answer('project:images', (r) => ({ total: 130, images: Array.from({ length: Math.min(r.limit ?? 100, 130 - (r.offset ?? 0)) }, (_, i) => img((r.offset ?? 0) + i)) }));
    await p.loadImages();
    expect(p.images).toHaveLength(60);
    await p.loadMore();
    await p.loadMore();
    expect(p.images.map((i) => i.key)).toEqual(Array.from({ length: 130 }, (_, i) => `s1/c/${i}.png`));
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    api.answer('project:images', async () => { await gate; return { total: 1, images: [img(999)] }; });
    const slow = p.loadImages();
    api.answer('project:images', { total: 2, images: [img(1), img(2)] });
    await p.loadImages();
    release();
    await slow;
    expect(p.images.map((i) => i.key)).toEqual(['s1/c/1.png', 's1/c/2.png']);
  });
});
