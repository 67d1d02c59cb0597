/**
 * Custody of dataset paths: folders are opened here, scanned, and handed back as ids; images are named by
 * `<datasetId>.<index>` so no path ever travels to the UI and back. Only files the scan listed under an opened
 * root can be resolved, which makes path traversal impossible by construction (and re-checked on disk).
 */

import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { DatasetHandle } from '#contract/api';
import type { ScanResult } from '#contract/dataset';
import { HebbError } from '../core/errors';

export interface OpenDataset {
  id: string;
  root: string;
  scan: ScanResult;
  /** Relative path → index into scan.entries, for mapping evaluation results back to image ids. */
  byPath: Map<string, number>;
  /** Folders its images may lie in (a project's folder and its sources); just `root` for a plain folder. */
  roots: string[];
  /** Datasets sharing a root are told apart by slot (a project registers each version of its effective dataset). */
  slot?: string;
}

export interface AddOptions {
  roots?: string[];
  slot?: string;
}

export interface DatasetRegistry {
  add(scan: ScanResult, o?: AddOptions): OpenDataset;
  remove(id: string): void;
  get(id: string): OpenDataset;
  /** The dataset opened for this root, if any (re-opening a folder reuses its id). */
  findByRoot(root: string): OpenDataset | undefined;
  imageId(ds: OpenDataset, relPath: string): string | null;
  /** Absolute path of an image id, verified to be a real file inside its dataset root. */
  resolveImage(imageId: string): Promise<{ file: string; ds: OpenDataset; index: number }>;
}

const ID_RE = /^([a-f0-9]{8})\.(\d{1,9})$/;

export function createDatasetRegistry(): DatasetRegistry {
  const byId = new Map<string, OpenDataset>();

  function get(id: string): OpenDataset {
    const ds = byId.get(id);
    if (!ds) throw new HebbError('UNKNOWN_DATASET', `No open dataset with id "${id}". Open the folder again.`);
    return ds;
  }

  return {
    add(scan, o = {}) {
      const existing = [...byId.values()].find((d) => d.root === scan.root && d.slot === o.slot);
      const id = existing?.id ?? randomBytes(4).toString('hex');
      const ds: OpenDataset = { id, root: scan.root, scan, byPath: new Map(scan.entries.map((e, i) => [e.path, i])), roots: o.roots ?? [scan.root], ...(o.slot ? { slot: o.slot } : {}) };
      byId.set(id, ds);
      return ds;
    },
    remove: (id) => { byId.delete(id); },
    get,
    findByRoot: (root) => [...byId.values()].find((d) => d.root === path.resolve(root) && !d.slot),
    imageId(ds, relPath) {
      const i = ds.byPath.get(relPath.split(path.sep).join('/'));
      return i === undefined ? null : `${ds.id}.${i}`;
    },
    async resolveImage(imageId) {
      const m = ID_RE.exec(imageId);
      if (!m) throw new HebbError('NOT_FOUND', `Not an image id: "${imageId.slice(0, 40)}"`);
      const ds = get(m[1]!);
      const index = Number(m[2]);
      const entry = ds.scan.entries[index];
      if (!entry) throw new HebbError('NOT_FOUND', `Dataset ${ds.id} has no image #${index}`);
      const file = path.resolve(ds.root, entry.path);
      // Belt and braces: a symlink inside the dataset must not lead outside it.
      const [realRoots, realFile] = await Promise.all([Promise.all(ds.roots.map((r) => fs.realpath(r).catch(() => r))), fs.realpath(file)]);
      if (!realRoots.some((r) => isInside(r, realFile))) throw new HebbError('PERMISSION_DENIED', 'Image lies outside its dataset folder', entry.path);
      return { file: realFile, ds, index };
    },
  };
}

export function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** Thumbnails per class in a DatasetHandle. */
const SAMPLES_PER_CLASS = 8;

export function handle(ds: OpenDataset): DatasetHandle {
  const { entries, ...scan } = ds.scan;
  const samples: Record<string, string[]> = Object.fromEntries(scan.classes.map((c) => [c, []]));
  entries.forEach((e, i) => {
    const list = samples[scan.classes[e.label]!]!;
    if (list.length < SAMPLES_PER_CLASS) list.push(`${ds.id}.${i}`);
  });
  return { id: ds.id, scan, samples };
}

