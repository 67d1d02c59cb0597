// The folder browser of the serving machine (web mode's dialog): into a folder, up, home, recent, choose, by mouse
// and by keyboard; the project bar and the Data view fill their paths from it (with a project open, it adds a source folder); the folder upload panel end to end
// over a fake core, a second run skipping what went in.
import { createHash } from 'node:crypto';
import { mount, type VueWrapper } from '@vue/test-utils';
import type { Pinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProjectApiMap, ProjectState } from '#contract/project';
import { i18n } from '../../../src-renderer/src/i18n';
import FolderBrowser from '../../../src-renderer/src/components/FolderBrowser.vue';
import FolderUpload from '../../../src-renderer/src/components/FolderUpload.vue';
import ProjectBar from '../../../src-renderer/src/components/ProjectBar.vue';
import { useProjectStore } from '../../../src-renderer/src/stores/project';
import { useUploadStore } from '../../../src-renderer/src/stores/upload-store';
import DataView from '../../../src-renderer/src/views/DataView.vue';
import { freshStudio, type FakeApi } from '../fake-api';
import { HANDLE } from '../fixtures';

type Browse = ProjectApiMap['fs:browse']['res'];
const dir = (p: string, images: number, capped = false) => ({ name: p.split('/').at(-1)!, path: p, images, capped, project: p.endsWith('.hebb') });
/** A small tree: /home/me holds data (with cat, dog) and pets.hebb. */
const TREE: Record<string, Browse['dirs']> = {
  '/home/me': [dir('/home/me/data', 12), dir('/home/me/pets.hebb', 3)],
  '/home/me/data': [dir('/home/me/data/cat', 5000, true), dir('/home/me/data/dog', 7)],
  '/home/me/data/cat': [], '/home/me/data/dog': [], '/home': [dir('/home/me', 15)], '/': [dir('/home', 15)],
};
function browse(req: { path?: string }): Browse {
  const path = req.path ?? '/home/me';
  const parent = path === '/' ? null : path.slice(0, path.lastIndexOf('/')) || '/';
  return { path, parent, home: '/home/me', recent: ['/home/me/pets.hebb'], dirs: TREE[path] ?? [] };
}

let api: FakeApi;
let pinia: Pinia;
const flush = () => new Promise((r) => setTimeout(r, 0));
beforeEach(() => {
  ({ api, pinia } = freshStudio());
  api.answer('fs:browse', browse);
  api.answer('project:recent', { projects: [] });
  api.answer('dataset:open', HANDLE);
});
const browseCalls = () => api.calls.filter((c) => c.channel === 'fs:browse').map((c) => (c.req as { path?: string }).path ?? null);
const press = (w: VueWrapper, key: string, init: KeyboardEventInit = {}) =>
  (document.activeElement as HTMLElement).dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, ...init }));
const mountBrowser = async () => {
  const w = mount(FolderBrowser, { props: { title: 'Pick' }, global: { plugins: [pinia, i18n] }, attachTo: document.body });
  await flush();
  return w;
};

describe('FolderBrowser', () => {
  it('starts at home with the recent list and folders with their image counts, a capped one marked', async () => {
    const w = await mountBrowser();
    expect(browseCalls()).toEqual([null]);
    expect(w.get('[data-test=fb-path]').text()).toBe('/home/me');
    expect(w.get('[role=dialog]').attributes('aria-modal')).toBe('true');
    expect(w.get('[role=dialog]').attributes('aria-labelledby')).toBe(w.get('h2').attributes('id'));
    expect(w.findAll('[data-test=fb-recent]').map((b) => b.text())).toEqual(['pets.hebb']);
    expect(w.findAll('[data-test=fb-dir]').map((b) => b.text())).toEqual(['data12 image(s)', 'pets.hebbproject3 image(s)']);
    await w.findAll('[data-test=fb-dir]')[0]!.trigger('click');
    await flush();
    expect(w.findAll('[data-test=fb-count]').map((c) => c.text())).toEqual(['5,000+ images', '7 image(s)']);
    w.unmount();
  });

  it('goes into a folder, up to its parent, home, and chooses the folder shown', async () => {
    const w = await mountBrowser();
    await w.findAll('[data-test=fb-dir]')[0]!.trigger('click');
    await flush();
    await w.findAll('[data-test=fb-dir]')[1]!.trigger('click');
    await flush();
    expect(w.get('[data-test=fb-path]').text()).toBe('/home/me/data/dog');
    expect(w.find('[data-test=fb-empty]').exists()).toBe(true);
    await w.get('[data-test=fb-parent]').trigger('click');
    await flush();
    expect(w.get('[data-test=fb-path]').text()).toBe('/home/me/data');
    await w.get('[data-test=fb-choose]').trigger('click');
    expect(w.emitted('choose')).toEqual([['/home/me/data']]);
    await w.get('[data-test=fb-home]').trigger('click');
    await flush();
    expect(browseCalls()).toEqual([null, '/home/me/data', '/home/me/data/dog', '/home/me/data', '/home/me']);
    w.unmount();
  });

  it('by keyboard: focus starts on the first folder, arrows move, Enter opens, Backspace goes up, Escape closes', async () => {
    const opener = document.createElement('button');
    document.body.append(opener);
    opener.focus();
    const w = await mountBrowser();
    expect(document.activeElement?.textContent).toContain('data');
    press(w, 'ArrowDown');
    expect(document.activeElement?.textContent).toContain('pets.hebb');
    press(w, 'ArrowUp');
    expect(document.activeElement?.textContent).toContain('data');
    (document.activeElement as HTMLButtonElement).click(); // Enter on a button is a click
    await flush();
    expect(w.get('[data-test=fb-path]').text()).toBe('/home/me/data');
    expect(document.activeElement?.textContent).toContain('cat');
    press(w, 'Backspace');
    await flush();
    expect(w.get('[data-test=fb-path]').text()).toBe('/home/me');
    press(w, 'Escape');
    expect(w.emitted('close')).toHaveLength(1);
    w.unmount();
    expect(document.activeElement).toBe(opener);
    opener.remove();
  });

  it('keeps Tab inside the dialog', async () => {
    const w = await mountBrowser();
    w.get<HTMLButtonElement>('[data-test=fb-choose]').element.focus();
    const e = new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, cancelable: true });
    document.activeElement!.dispatchEvent(e);
    expect(e.defaultPrevented).toBe(true);
    expect((document.activeElement as HTMLElement).dataset.test).toBe('fb-parent');
    w.unmount();
  });

  it('shows the core’s error for a folder it cannot list, and stays usable', async () => {
    api.answer('fs:browse', { code: 'PERMISSION_DENIED', message: 'Cannot list /root (permission denied)', file: '/root' }, true);
    const w = mount(FolderBrowser, { props: { title: 'Pick', start: '/root' }, global: { plugins: [pinia, i18n] } });
    await flush();
    expect(w.get('[role=alert]').text()).toContain('/root');
    expect(browseCalls()).toEqual(['/root']);
    w.unmount();
  });
});

describe('where a server path is asked for', () => {
  it('the project bar keeps its typed path and fills it from Browse…', async () => {
    const w = mount(ProjectBar, { global: { plugins: [pinia, i18n] }, attachTo: document.body });
    await w.get('[data-test=project-path]').setValue('/typed/x.hebb');
    expect(w.get('[data-test=project-open]').attributes('disabled')).toBeUndefined();
    await w.get('[data-test=browse]').trigger('click');
    await flush();
    expect(browseCalls()).toEqual(['/typed/x.hebb']);
    await w.get('[data-test=fb-recent]').trigger('click');
    await flush();
    await w.get('[data-test=fb-choose]').trigger('click');
    expect(w.find('[data-test=folder-browser]').exists()).toBe(false);
    expect((w.get('[data-test=project-path]').element as HTMLInputElement).value).toBe('/home/me/pets.hebb');
    await flush();
    expect(document.activeElement).toBe(w.get('[data-test=project-path]').element); // ready for a new project's name
    api.answer('project:open', { code: 'NOT_FOUND', message: 'x' }, true);
    await w.get('[data-test=project-open]').trigger('click');
    expect(api.calls.find((c) => c.channel === 'project:open')?.req).toEqual({ path: '/home/me/pets.hebb' });
    w.unmount();
  });

  it('the Data view opens the dataset folder chosen in the browser', async () => {
    const w = mount(DataView, { global: { plugins: [pinia, i18n], stubs: { EChart: true, ClassBalance: true, AugmentPanel: true } } });
    await w.get('[data-test=browse-data]').trigger('click');
    await flush();
    await w.findAll('[data-test=fb-dir]')[0]!.trigger('click');
    await flush();
    await w.get('[data-test=fb-choose]').trigger('click');
    await flush();
    expect(api.calls.find((c) => c.channel === 'dataset:open')?.req).toEqual({ path: '/home/me/data' });
    expect(w.find('[data-test=folder-browser]').exists()).toBe(false);
  });
});

describe('ProjectSources', () => {
  it('with a project open, the Data view adds a source folder chosen in the browser (an undoable edit) instead of opening a dataset', async () => {
    const base: ProjectState = {
      projectId: 'p1', dir: '/p/x.hebb', datasetHash: 'h', dirty: false, savedAt: null, canUndo: false, canRedo: false,
      project: { schemaVersion: 2, name: 'x', sources: [], classes: [], aliases: {}, overrides: {}, exclusions: [], added: [], settings: {}, runs: [], revision: 1 },
      dataset: HANDLE, counts: { classes: [], counts: {}, images: 0, excluded: 0, overrides: 0, added: 0 },
    };
    api.answer('project:open', base);
    api.answer('project:images', { total: 0, images: [] });
    api.answer('project:addSource', (r) => ({ ...base, canUndo: true, project: { ...base.project, sources: [{ id: 's1', path: r.path }], classes: ['cat', 'dog'] } }));
    await useProjectStore().open('/p/x.hebb');
    const w = mount(DataView, { global: { plugins: [pinia, i18n], stubs: { EChart: true, ClassBalance: true, AugmentPanel: true, WebcamCapture: true } } });
    await flush();
    expect(w.find('[data-test=folder-input]').exists()).toBe(false);
    expect(w.get('[data-test=project-sources]').text()).toContain('No folders yet');
    await w.get('[data-test=browse-source]').trigger('click');
    await flush();
    await w.findAll('[data-test=fb-dir]')[0]!.trigger('click');
    await flush();
    await w.get('[data-test=fb-choose]').trigger('click');
    await flush();
    expect(api.calls.find((c) => c.channel === 'project:addSource')?.req).toEqual({ projectId: 'p1', path: '/home/me/data' });
    expect(api.calls.some((c) => c.channel === 'dataset:open')).toBe(false);
    expect(w.findAll('[data-test=project-source]').map((li) => li.text())).toEqual(['/home/me/data']);
    expect(useProjectStore().done.at(-1)?.label).toEqual({ key: 'project.edit.addSource', params: { path: '/home/me/data' } });
  });
});

describe('FolderUpload', () => {
  const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  const file = (rel: string, body: string | number[] = rel) =>
    Object.assign(new File([new Uint8Array(typeof body === 'string' ? [...PNG, ...new TextEncoder().encode(body)] : body)], rel.split('/').at(-1)!), { webkitRelativePath: rel });

  it('uploads a picked folder class by class with a progress bar; the same folder again sends nothing new', async () => {
    const base: ProjectState = {
      projectId: 'p1', dir: '/p/x.hebb', datasetHash: 'h', dirty: false, savedAt: null, canUndo: false, canRedo: false,
      project: { schemaVersion: 2, name: 'x', sources: [], classes: ['cat'], aliases: {}, overrides: {}, exclusions: [], added: [], settings: {}, runs: [], revision: 1 },
      dataset: HANDLE, counts: { classes: ['cat'], counts: { cat: 0 }, images: 0, excluded: 0, overrides: 0, added: 0 },
    };
    let state = base;
    const withClass = (name: string) => (state = { ...state, counts: { ...state.counts, classes: [...state.counts.classes, name] }, project: { ...state.project, classes: [...state.project.classes, name] } });
    api.answer('project:open', () => state);
    api.answer('project:images', { total: 0, images: [] });
    api.answer('project:addClass', (req) => withClass(req.name));
    api.answer('project:addImages', (req) => {
      const added = req.images.map((i) => ({ sha256: createHash('sha256').update(Buffer.from(i.dataBase64, 'base64')).digest('hex'), ext: 'png' as const, class: req.class, originalName: i.originalName ?? '', addedAt: '' }));
      state = { ...state, project: { ...state.project, added: [...state.project.added, ...added] } };
      return { ...state, keys: added.map((a) => `images/${a.sha256}.png`) };
    });
    await useProjectStore().open('/p/x.hebb');
    const w = mount(FolderUpload, { global: { plugins: [pinia, i18n] } });
    const input = w.get<HTMLInputElement>('[data-test=upload-input]');
    expect(input.attributes('webkitdirectory')).toBeDefined();
    const files = [file('pets/cat/a.png'), file('pets/dog/b.png'), file('pets/loose.png'), file('pets/readme.txt', [1, 2]), file('pets/dog/fake.png', [60, 104])];
    Object.defineProperty(input.element, 'files', { value: files, configurable: true });
    await input.trigger('change');
    // Hashing and reading files is asynchronous: wait for the upload to finish, however busy the machine is.
    await vi.waitFor(() => expect(w.find('[data-test=upload-summary]').text()).toMatch(/^Upload finished/), { timeout: 10_000 });
    const sends = () => api.calls.filter((c) => c.channel === 'project:addImages').map((c) => c.req as { class: string; images: { originalName: string }[] });
    expect(sends().map((s) => [s.class, s.images.map((i) => i.originalName)])).toEqual([['cat', ['cat/a.png', 'loose.png']], ['dog', ['dog/b.png']]]);
    expect(api.calls.filter((c) => c.channel === 'project:addClass').map((c) => c.req)).toEqual([{ projectId: 'p1', name: 'dog' }]);
    const bar = w.get('[data-test=upload-progress]');
    expect([bar.attributes('value'), bar.attributes('max'), bar.attributes('aria-label')]).toEqual(['4', '4', 'Upload progress']);
    expect(w.get('[data-test=upload-summary]').text()).toBe('Upload finished. 3 sent, 0 already in the project, 1 non-image file(s) skipped, 1 left out.');
    expect(w.get('[data-test=upload-rejected]').text()).toContain('dog/fake.png — not a PNG or JPEG image');
    expect(useProjectStore().done.at(-1)?.edit).toMatchObject({ kind: 'addImages', files: [] }); // the history keeps no bytes
    await useUploadStore().retry();
    await flush();
    expect(sends()).toHaveLength(2);
    expect(w.get('[data-test=upload-summary]').text()).toContain('0 sent, 3 already in the project');
  });
});
