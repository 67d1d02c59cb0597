/**
 * The open project's document in memory: every edit replaces it (documents are never mutated), keeps the previous
 * ones for undo, and schedules a debounced autosave. Saves run one at a time; each announces the exact document it
 * is about to write (onWillSave), so a crash leaves the last announced or the one before it on disk.
 */

import type { ProjectFile } from '#contract/project';
import { writeProject } from './file';

export interface DocStoreOptions {
  /** Quiet time after the last edit before it is written. @default 400 */
  autosaveMs?: number;
  /** Edits undo can take back. @default 100 */
  undoLimit?: number;
  /** Called with the document a save is about to write, before any byte is written. */
  onWillSave?: (doc: ProjectFile) => void;
  /** Called when an autosave fails (explicit saves reject instead). */
  onError?: (err: unknown) => void;
}

export class DocStore {
  private current: ProjectFile;
  private saved: ProjectFile;
  private readonly past: ProjectFile[] = [];
  private future: ProjectFile[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  savedAt: string | null = null;

  constructor(public dir: string, doc: ProjectFile, private readonly o: DocStoreOptions = {}) {
    this.current = doc;
    this.saved = doc;
  }

  get doc(): ProjectFile { return this.current; }
  get dirty(): boolean { return this.current !== this.saved; }
  get canUndo(): boolean { return this.past.length > 0; }
  get canRedo(): boolean { return this.future.length > 0; }

  /** Replace the document with an edited one (no-op when the edit changed nothing). */
  apply(next: ProjectFile): void {
    if (JSON.stringify(next) === JSON.stringify(this.current)) return;
    this.past.push(this.current);
    if (this.past.length > (this.o.undoLimit ?? 100)) this.past.shift();
    this.future = [];
    this.set({ ...next, revision: this.current.revision + 1 });
  }

  /** Record runs: not an edit (undo never takes a run back), so the undo history is left as it is. */
  setRuns(runs: ProjectFile['runs']): void {
    this.set({ ...this.current, runs, revision: this.current.revision + 1 });
  }

  undo(): boolean {
    const prev = this.past.pop();
    if (!prev) return false;
    this.future.push(this.current);
    this.set({ ...prev, runs: this.current.runs, revision: this.current.revision + 1 }); // runs happened: undo does not forget them
    return true;
  }

  redo(): boolean {
    const next = this.future.pop();
    if (!next) return false;
    this.past.push(this.current);
    this.set({ ...next, runs: this.current.runs, revision: this.current.revision + 1 });
    return true;
  }

  /** Write now if anything changed; resolves once the document as of this call is on disk. */
  save(): Promise<void> {
    if (this.timer) { clearTimeout(this.timer); this.timer = null; }
    const job = this.writing.then(() => this.writeCurrent());
    this.writing = job.catch(() => undefined);
    return job;
  }

  /** Points the store at another folder (save as); the next save writes there. */
  moveTo(dir: string): void {
    this.dir = dir;
    this.saved = { ...this.saved }; // a fresh identity: dirty until written at the new place
  }

  /** Flush pending edits and stop the timer. */
  async close(): Promise<void> { await this.save(); }

  private set(doc: ProjectFile): void {
    this.current = doc;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => { this.timer = null; this.save().catch((err) => this.o.onError?.(err)); }, this.o.autosaveMs ?? 400);
  }

  private async writeCurrent(): Promise<void> {
    const doc = this.current;
    if (doc === this.saved) return;
    this.o.onWillSave?.(doc);
    await writeProject(this.dir, doc);
    this.saved = doc;
    this.savedAt = new Date().toISOString();
  }
}
