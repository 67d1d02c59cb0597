/**
 * An open project: its document store (edits, undo, autosave), its catalog of images and, derived from both, the
 * effective dataset (recomputed once per document version). New and open live here; edits go through `edit`.
 */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { PROJECT_SCHEMA_VERSION, type ProjectFile } from '#contract/project';
import { HebbError } from '../core/errors';
import { Catalog } from './catalog';
import { addSource, type EditView } from './edits';
import { effectiveDataset, type EffectiveDataset } from './effective';
import { isProjectDir, readProject, writeProject } from './file';
import { DocStore, type DocStoreOptions } from './store';

export interface OpenOptions extends DocStoreOptions {
  onProgress?: (done: number, total: number) => void;
}

export class Project {
  private memo: { doc: ProjectFile; eff: Promise<EffectiveDataset> } | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(readonly store: DocStore, private catalog: Catalog, private readonly opts: OpenOptions) {}

  get dir(): string { return this.store.dir; }
  get doc(): ProjectFile { return this.store.doc; }

  /** Creates `dir` (which must not exist yet, or be empty) with project.json referencing the source folders. */
  static async create(dir: string, sources: string[], o: OpenOptions & { name?: string } = {}): Promise<Project> {
    const abs = path.resolve(dir);
    const names = await fs.readdir(abs).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [] as string[];
      if (err.code === 'ENOTDIR') throw new HebbError('NOT_A_DIRECTORY', `${abs} is a file; a project is a folder`, abs);
      throw err;
    });
    if (names.length) throw new HebbError('INVALID_ARGUMENT', `${abs} already exists and is not empty${names.includes('project.json') ? ' (it is a project: open it instead)' : ''}`, abs);
    let doc: ProjectFile = {
      schemaVersion: PROJECT_SCHEMA_VERSION, name: o.name ?? path.basename(abs).replace(/\.hebb$/, ''), sources: [], classes: [],
      aliases: {}, overrides: {}, exclusions: [], added: [], settings: {}, runs: [], revision: 0,
    };
    for (const s of sources) doc = addSource(doc, abs, s);
    const catalog = new Catalog(abs);
    await catalog.sync(doc, o.onProgress); // a source that is not a dataset is refused before anything is written
    await fs.mkdir(abs, { recursive: true });
    const eff = await effectiveDataset(doc, catalog);
    doc = { ...doc, classes: eff.scan.classes };
    await writeProject(abs, doc);
    return new Project(new DocStore(abs, doc, o), catalog, o);
  }

  static async open(dir: string, o: OpenOptions = {}): Promise<Project> {
    const abs = path.resolve(dir);
    const { doc } = await readProject(abs);
    const catalog = new Catalog(abs);
    await catalog.sync(doc, o.onProgress);
    return new Project(new DocStore(abs, doc, o), catalog, o);
  }

  static isProject = isProjectDir;

  /** The effective dataset of the current document (of `doc` when given: a snapshot's). */
  async effective(doc: ProjectFile = this.doc): Promise<EffectiveDataset> {
    if (this.memo?.doc === doc) return this.memo.eff;
    const eff = this.catalog.sync(doc, this.opts.onProgress).then(() => effectiveDataset(doc, this.catalog));
    if (doc === this.doc) this.memo = { doc, eff };
    eff.catch(() => { if (this.memo?.eff === eff) this.memo = null; });
    return eff;
  }

  async view(): Promise<EditView> {
    const eff = await this.effective();
    return { all: eff.all, classes: eff.scan.classes };
  }

  /** Apply an edit to the current document (it throws, naming what is wrong, and changes nothing on bad input). */
  edit(fn: (doc: ProjectFile, view: EditView) => ProjectFile | Promise<ProjectFile>): Promise<void> {
    return this.serial(async () => {
      const next = await fn(this.doc, await this.view());
      await this.catalog.sync(next, this.opts.onProgress);
      this.store.apply(next);
    });
  }

  /** Add a run to the project's list (after any edit in flight). */
  recordRun(run: ProjectFile['runs'][number]): Promise<void> {
    return this.serial(() => this.store.setRuns([...this.doc.runs, run]));
  }

  /** Drop a run that never started (refused before it wrote its folder): the project must not count a ghost. */
  forgetRun(runId: string): Promise<void> {
    return this.serial(() => this.store.setRuns(this.doc.runs.filter((r) => r.runId !== runId)));
  }

  /** One change at a time: each starts from the document the last one left, and a failed one does not stop the next. */
  private serial(task: () => void | Promise<void>): Promise<void> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Read the source folders again (files changed on disk). */
  async rescan(): Promise<void> {
    this.catalog.rescan();
    this.memo = null;
    await this.catalog.sync(this.doc, this.opts.onProgress);
  }

  /** Save as: copy the project's own files to `dir` and continue there; the old folder stays as it was last saved. */
  async moveTo(dir: string): Promise<void> {
    const abs = path.resolve(dir);
    if (path.relative(this.dir, abs) === '') return;
    const names = await fs.readdir(abs).catch(() => [] as string[]);
    if (names.length) throw new HebbError('INVALID_ARGUMENT', `${abs} already exists and is not empty`, abs);
    for (const s of this.doc.sources) addSource({ ...this.doc, sources: [] }, abs, s.path); // the new place must not nest with a source
    await fs.mkdir(abs, { recursive: true });
    await fs.cp(path.join(this.dir, 'images'), path.join(abs, 'images'), { recursive: true }).catch((err: NodeJS.ErrnoException) => { if (err.code !== 'ENOENT') throw err; });
    await this.store.save();
    this.store.moveTo(abs);
    const catalog = new Catalog(abs);
    await catalog.sync(this.doc);
    this.catalog = catalog;
    this.memo = null;
    await this.store.save();
  }
}
