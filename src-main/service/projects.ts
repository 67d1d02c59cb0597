/**
 * Custody of open projects: each gets an id; each version of its effective dataset is registered as a dataset (a
 * fresh id per version, the last few kept, so an image id always names the image it named when it was handed out).
 * Image references from the page (image ids of those datasets) are turned into image keys here.
 */

import { randomBytes } from 'node:crypto';
import type { ProjectState } from '#contract/project';
import { HebbError } from '../core/errors';
import type { ScanResult } from '#contract/dataset';
import type { Project } from '../project/index';
import { handle, type DatasetRegistry, type OpenDataset } from './datasets';

/** Versions of a project's effective dataset whose image ids stay valid. */
const KEEP_VERSIONS = 8;

interface Entry {
  id: string;
  project: Project;
  /** Registered versions, newest last: dataset id → the image key of each entry. */
  versions: { datasetId: string; keys: string[] }[];
  /** The "every image" dataset (excluded ones too) behind project:images thumbnails. */
  catalog: { datasetId: string; keys: string[] } | null;
}

export interface ProjectRegistry {
  add(project: Project): string;
  get(projectId: string): Project;
  /** The open project a dataset id belongs to, if any. */
  byDataset(datasetId: string): { projectId: string; project: Project } | undefined;
  byDir(dir: string): string | undefined;
  remove(projectId: string): Promise<void>;
  all(): Project[];
  state(projectId: string): Promise<ProjectState>;
  /** Image keys or image ids (of this project's datasets) → image keys. */
  keys(projectId: string, refs: string[]): string[];
  /** Register the all-images dataset (its entries aligned with `keys`). */
  catalogDataset(projectId: string, scan: ScanResult, keys: string[]): OpenDataset;
}

const ID_RE = /^([a-f0-9]{8})\.(\d{1,9})$/;

export function createProjectRegistry(datasets: DatasetRegistry): ProjectRegistry {
  const open = new Map<string, Entry>();
  const need = (id: string): Entry => {
    const e = open.get(id);
    if (!e) throw new HebbError('NOT_FOUND', `No open project with id "${id}". Open the project again.`);
    return e;
  };
  const roots = (p: Project) => [p.dir, ...p.doc.sources.map((s) => s.path)];

  return {
    add(project) {
      const id = randomBytes(4).toString('hex');
      open.set(id, { id, project, versions: [], catalog: null });
      return id;
    },
    get: (id) => need(id).project,
    byDataset(datasetId) {
      for (const e of open.values()) {
        if (e.versions.some((v) => v.datasetId === datasetId) || e.catalog?.datasetId === datasetId) return { projectId: e.id, project: e.project };
      }
      return undefined;
    },
    byDir: (dir) => [...open.values()].find((e) => e.project.dir === dir)?.id,
    async remove(id) {
      const e = open.get(id);
      if (!e) return;
      open.delete(id);
      for (const v of e.versions) datasets.remove(v.datasetId);
      if (e.catalog) datasets.remove(e.catalog.datasetId);
      await e.project.store.close();
    },
    all: () => [...open.values()].map((e) => e.project),
    async state(id) {
      const e = need(id);
      const p = e.project;
      const eff = await p.effective();
      const ds = datasets.add(eff.scan, { roots: roots(p), slot: `${id}@${p.doc.revision}` });
      if (e.versions.at(-1)?.datasetId !== ds.id) e.versions.push({ datasetId: ds.id, keys: eff.keys });
      while (e.versions.length > KEEP_VERSIONS) datasets.remove(e.versions.shift()!.datasetId);
      const s = p.store;
      return { projectId: id, dir: p.dir, project: p.doc, dataset: handle(ds), datasetHash: eff.hash, counts: eff.counts, dirty: s.dirty, savedAt: s.savedAt, canUndo: s.canUndo, canRedo: s.canRedo };
    },
    keys(id, refs) {
      const e = need(id);
      return refs.map((r) => {
        const m = ID_RE.exec(r);
        if (!m) return r;
        const v = e.versions.find((x) => x.datasetId === m[1]) ?? (e.catalog?.datasetId === m[1] ? e.catalog : undefined);
        const key = v?.keys[Number(m[2])];
        if (!key) throw new HebbError('INVALID_ARGUMENT', `Image "${r}" is not an image of this project (or of a version of it still open)`, r);
        return key;
      });
    },
    catalogDataset(id, scan, keys) {
      const e = need(id);
      const ds = datasets.add(scan, { roots: roots(e.project), slot: `${id}@all` });
      e.catalog = { datasetId: ds.id, keys };
      return ds;
    },
  };
}
