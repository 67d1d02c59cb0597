/**
 * Every image a project can see, excluded or not: its sources' scans (read-only, headers only) and the images it
 * added, each under its image key with its folder's class. Scans are kept between edits; `sync` scans a source
 * or probes an added image only when the document names one the catalog lacks.
 */

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { ImageEntry, InvalidFile, ScanResult } from '#contract/dataset';
import type { ProjectFile } from '#contract/project';
import { scanDataset } from '../dataset/scan';
import { nodeFs } from '../dataset/io';
import { probeImage } from '../dataset/probe';
import { addedKey, entryPath, keyFile, sourceKey } from './keys';

export interface CatalogImage {
  key: string;
  /** Absolute path of the file. */
  file: string;
  /** The class its folder gives it; null for an added image. */
  folderClass: string | null;
  /** The scan's entry with `path` relative to the project folder; `label` is filled in by the effective dataset. */
  entry: Omit<ImageEntry, 'label'>;
}

export class Catalog {
  /** Source id → its folder and scan. */
  readonly scans = new Map<string, { path: string; scan: ScanResult }>();
  /** Added image key → probe result (null: missing or unreadable, with why). */
  private readonly added = new Map<string, { info: Omit<ImageEntry, 'label' | 'path'> } | { reason: string }>();
  private readonly hashes = new Map<string, Promise<string | null>>();

  constructor(readonly projectDir: string) {}

  /** Scan sources and probe added images the document names and the catalog has not seen; forget dropped sources. */
  async sync(doc: ProjectFile, onProgress?: (done: number, total: number) => void): Promise<void> {
    for (const id of [...this.scans.keys()]) {
      const src = doc.sources.find((s) => s.id === id);
      if (!src || src.path !== this.scans.get(id)!.path) this.scans.delete(id);
    }
    for (const s of doc.sources) {
      if (!this.scans.has(s.id)) this.scans.set(s.id, { path: s.path, scan: await scanDataset(s.path, { onProgress }) });
    }
    for (const a of doc.added) {
      const key = addedKey(a);
      if (this.added.has(key)) continue;
      const p = await probeImage(keyFile(this.projectDir, doc.sources, key)!, nodeFs);
      this.added.set(key, p.ok ? { info: p.info } : { reason: p.reason });
    }
  }

  /** Forget a source's scan so the next sync reads its folder again (the folder changed on disk). */
  rescan(sourceId?: string): void {
    if (sourceId) this.scans.delete(sourceId);
    else this.scans.clear();
  }

  /** The images `doc` names that exist and can be used, keyed; plus the files that cannot. */
  images(doc: ProjectFile): { images: Map<string, CatalogImage>; invalid: InvalidFile[]; ignored: string[] } {
    const images = new Map<string, CatalogImage>();
    const invalid: InvalidFile[] = [];
    const ignored: string[] = [];
    const rel = (file: string) => entryPath(this.projectDir, file);
    for (const s of doc.sources) {
      const got = this.scans.get(s.id);
      if (!got) continue;
      const { scan } = got;
      for (const e of scan.entries) {
        const key = sourceKey(s.id, e.path);
        const file = keyFile(this.projectDir, doc.sources, key)!;
        const { label, ...rest } = e;
        images.set(key, { key, file, folderClass: scan.classes[label]!, entry: { ...rest, path: rel(file) } });
      }
      for (const f of scan.invalid) invalid.push({ ...f, path: rel(keyFile(this.projectDir, doc.sources, sourceKey(s.id, f.path))!) });
      for (const f of scan.ignored) ignored.push(rel(keyFile(this.projectDir, doc.sources, sourceKey(s.id, f))!));
    }
    for (const a of doc.added) {
      const key = addedKey(a);
      const p = this.added.get(key);
      if (!p) continue;
      if ('reason' in p) invalid.push({ path: key, reason: `added image: ${p.reason}` });
      else images.set(key, { key, file: keyFile(this.projectDir, doc.sources, key)!, folderClass: null, entry: { ...p.info, path: key } });
    }
    return { images, invalid, ignored };
  }

  /** sha256 of a file's bytes, computed once per file, size and mtime. */
  contentHash(img: CatalogImage): Promise<string | null> {
    const k = `${img.file}\0${img.entry.size}\0${img.entry.mtimeMs}`;
    let h = this.hashes.get(k);
    if (!h) {
      h = new Promise((resolve) => {
        const hash = createHash('sha256');
        createReadStream(img.file).on('data', (c) => hash.update(c)).on('error', () => resolve(null)).on('end', () => resolve(hash.digest('hex')));
      });
      this.hashes.set(k, h);
    }
    return h;
  }
}
