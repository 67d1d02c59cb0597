/**
 * The open project: new/open/save/save as/recent, every edit of its classes and images with undo and redo, the
 * Data view's image filters, and its settings. The inverse of each edit is the core's previous project document
 * (kept per edit, 100 deep), so undo restores exactly what an edit changed, a deleted class's added images
 * included; this store keeps the labelled steps the history shows and asks the core to take one back or forward.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { ProjectImage, ProjectImageFilter, ProjectState } from '#contract/project';
import { useApi } from '../api';
import { pending } from './call';
import { useDatasetStore } from './dataset';
import { applySettings, settingsOf } from './project-settings';
import { describeEdit, type Edit, type EditLabel } from './project-edits';

export type { Edit } from './project-edits';
/** "flagged" is worked out here from the scan's health warnings; the other filters are the core's. */
export type ImageFilter = ProjectImageFilter | 'flagged';
/** Steps the history keeps (the core keeps 100 documents). */
export const UNDO_LIMIT = 100;
/** Images per page of the Data view's list. */
export const IMAGES_PAGE = 60;
/** Where the renderer remembers the last project it had open, to reopen it on the next start (per origin in web mode). */
export const LAST_PROJECT_KEY = 'hebb-last-project';

export interface Step { edit: Edit; label: EditLabel }

export const useProjectStore = defineStore('project', () => {
  const state = shallowRef<ProjectState | null>(null);
  const recent = ref<{ path: string; name: string; openedAt: string }[]>([]);
  const done = ref<Step[]>([]);
  const undone = ref<Step[]>([]);
  const filter = ref<ImageFilter>('all');
  const classFilter = ref<string | null>(null);
  const images = ref<ProjectImage[]>([]);
  const total = ref(0);
  const opening = pending();
  const editing = pending();
  const listing = pending();

  const id = computed(() => state.value?.projectId ?? null);
  const classes = computed(() => state.value?.counts.classes ?? []);
  const counts = computed(() => state.value?.counts.counts ?? {});
  const runs = computed(() => state.value?.project.runs ?? []);
  const canUndo = computed(() => !!state.value?.canUndo && done.value.length > 0);
  const canRedo = computed(() => !!state.value?.canRedo && undone.value.length > 0);

  /** Every view works on the project's effective dataset, as if it were an opened folder. */
  function adopt(s: ProjectState): void {
    state.value = s;
    const ds = useDatasetStore();
    ds.handle = s.dataset;
    ds.path = s.dir;
  }

  async function opened(p: Promise<import('#contract/errors').Result<ProjectState>>): Promise<boolean> {
    const s = await opening.run(p);
    if (!s) return false;
    done.value = [];
    undone.value = [];
    adopt(s);
    applySettings(s.project.settings);
    localStorage.setItem(LAST_PROJECT_KEY, s.dir);
    await Promise.all([loadImages(), loadRecent()]);
    return true;
  }

  const create = (path: string, sources: string[], name?: string) =>
    opened(useApi().call('project:new', { path, sources, ...(name ? { name } : {}) }));
  const open = (path: string) => opened(useApi().call('project:open', { path }));

  async function save(): Promise<boolean> {
    if (!id.value) return false;
    await saveSettings();
    const s = await opening.run(useApi().call('project:save', { projectId: id.value }));
    if (s) adopt(s);
    return !!s;
  }
  async function saveAs(path: string): Promise<boolean> {
    if (!id.value) return false;
    const s = await opening.run(useApi().call('project:saveAs', { projectId: id.value, path }));
    if (s) { adopt(s); await loadRecent(); }
    return !!s;
  }
  /**
   * Reopen the project open when the studio last closed, as a document app does. A project that has moved or gone
   * is forgotten without an error: the recent list still names it, and opening it from there says why it fails.
   */
  async function resume(): Promise<boolean> {
    const last = localStorage.getItem(LAST_PROJECT_KEY);
    if (!last || id.value) return false;
    const r = await useApi().call('project:open', { path: last });
    if (!r.ok) { localStorage.removeItem(LAST_PROJECT_KEY); return false; }
    return opened(Promise.resolve(r));
  }
  async function loadRecent(): Promise<void> {
    const r = await useApi().call('project:recent', undefined);
    if (r.ok) recent.value = r.value.projects;
  }
  /** Re-read the project (a run it started was recorded by the core). */
  async function refresh(): Promise<void> {
    if (!id.value) return;
    const r = await useApi().call('project:show', { projectId: id.value });
    if (r.ok) adopt(r.value);
  }

  /** The model store's settings, written when they differ from the project's (an edit the history records). */
  async function saveSettings(): Promise<void> {
    const s = state.value;
    if (!s) return;
    const settings = settingsOf();
    if (JSON.stringify(settings) === JSON.stringify(s.project.settings)) return;
    await apply({ kind: 'settings', settings, previous: s.project.settings });
  }

  async function send(e: Edit): Promise<ProjectState | null> {
    const projectId = id.value!;
    const api = useApi();
    switch (e.kind) {
      case 'addSource': return editing.run(api.call('project:addSource', { projectId, path: e.path }));
      case 'addClass': return editing.run(api.call('project:addClass', { projectId, name: e.name }));
      case 'renameClass': return editing.run(api.call('project:renameClass', { projectId, from: e.from, to: e.to }));
      case 'deleteClass': return editing.run(api.call('project:deleteClass', { projectId, name: e.name }));
      case 'mergeClasses': return editing.run(api.call('project:mergeClasses', { projectId, from: e.from, into: e.into }));
      case 'relabel': return editing.run(api.call('project:relabel', { projectId, images: e.images, class: e.to }));
      case 'exclude': return editing.run(api.call('project:exclude', { projectId, images: e.images }));
      case 'include': return editing.run(api.call('project:include', { projectId, images: e.images }));
      case 'settings': return editing.run(api.call('project:setSettings', { projectId, settings: e.settings }));
      case 'addImages': {
        const r = await editing.run(api.call('project:addImages', { projectId, class: e.class, images: e.files }));
        // The history keeps the count and keys, not the bytes (redo goes through the core): an upload's
        // batches would otherwise stay in memory 100 steps deep.
        if (r) { e.keys = r.keys; e.files = []; }
        return r;
      }
    }
  }

  /** Make one edit; on success it becomes the newest undo step and the redo list is cleared. */
  async function apply(e: Edit): Promise<boolean> {
    if (!id.value) return false;
    const s = await send(e);
    if (!s) return false;
    done.value = [...done.value, { edit: e, label: describeEdit(e) }].slice(-UNDO_LIMIT);
    undone.value = [];
    adopt(s);
    await loadImages();
    return true;
  }

  async function step(from: typeof done, to: typeof done, channel: 'project:undo' | 'project:redo'): Promise<boolean> {
    const last = from.value.at(-1);
    if (!id.value || !last) return false;
    const s = await editing.run(useApi().call(channel, { projectId: id.value }));
    if (!s) return false;
    from.value = from.value.slice(0, -1);
    to.value = [...to.value, last];
    adopt(s);
    if (last.edit.kind === 'settings') applySettings(s.project.settings);
    await loadImages();
    return true;
  }
  const undo = () => step(done, undone, 'project:undo');
  const redo = () => step(undone, done, 'project:redo');

  /** Image keys the scan's health warnings name (duplicates, tiny images…): the "flagged" filter. */
  const flaggedPaths = computed(() => new Set((state.value?.dataset.scan.warnings ?? []).flatMap((w) => w.items ?? [])));
  const isFlagged = (img: ProjectImage) => flaggedPaths.value.has(img.key.replace(/^s\d+\//, '')) || flaggedPaths.value.has(img.key);

  let listed = 0;
  /**
   * The images the Data view lists under the current filter: the first page, or with `more` the next one appended
   * ("flagged" is filtered here, from the first 500). Only the latest request's answer lands, so a slow listing
   * that started before an edit cannot overwrite the list the edit produced.
   */
  async function loadImages(more = false): Promise<void> {
    const seq = ++listed;
    if (!id.value) { images.value = []; total.value = 0; return; }
    const f = filter.value;
    const flagged = f === 'flagged';
    const offset = more ? images.value.length : 0;
    const r = await listing.run(useApi().call('project:images', {
      projectId: id.value, filter: flagged ? 'all' : f, offset: flagged ? 0 : offset, limit: flagged ? 500 : IMAGES_PAGE,
      ...(classFilter.value ? { class: classFilter.value } : {}),
    }));
    if (!r || seq !== listed) return;
    const hits = flagged ? r.images.filter(isFlagged) : r.images;
    const page = flagged ? hits.slice(offset, offset + IMAGES_PAGE) : hits;
    images.value = more ? [...images.value, ...page] : page;
    total.value = flagged ? hits.length : r.total;
  }
  const loadMore = () => loadImages(true);

  const edit = {
    /** Another folder the project reads (never writes); its subfolders' classes join the project's. */
    addSource: (path: string) => apply({ kind: 'addSource', path }),
    addClass: (name: string) => apply({ kind: 'addClass', name }),
    renameClass: (from: string, to: string) => apply({ kind: 'renameClass', from, to }),
    deleteClass: (name: string) => apply({ kind: 'deleteClass', name }),
    mergeClasses: (from: string[], into: string) => apply({ kind: 'mergeClasses', from, into }),
    /** `imgs`: image keys or image ids (of the project's dataset, its listing or an evaluation). */
    relabel: (imgs: string[], to: string) => apply({ kind: 'relabel', images: imgs, to }),
    exclude: (imgs: string[]) => apply({ kind: 'exclude', images: imgs }),
    include: (imgs: string[]) => apply({ kind: 'include', images: imgs }),
    addImages: (cls: string, files: { dataBase64: string; originalName: string }[]) => apply({ kind: 'addImages', class: cls, files }),
  };

  return {
    state, recent, done, undone, filter, classFilter, images, total, id, classes, counts, runs, canUndo, canRedo,
    busy: opening.busy, error: opening.error, editBusy: editing.busy, editError: editing.error, listBusy: listing.busy, listError: listing.error,
    create, open, resume, save, saveAs, loadRecent, refresh, saveSettings, apply, undo, redo, loadImages, loadMore, edit,
  };
});
