/**
 * project.json on disk: read (migrating older schemas, keeping the original as project.json.v<N>.bak) and write
 * durably: temp file, fsync, rename over the old one, fsync the folder. A kill at any moment leaves either the old
 * or the new file, never a torn one; temp files a killed writer left behind are removed on the next open.
 */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { PROJECT_FILE, type ProjectFile } from '#contract/project';
import { writeFileAtomic } from '../core/atomic';
import { HebbError } from '../core/errors';
import { migrateProject } from './migrate';

export const projectFile = (dir: string): string => path.join(dir, PROJECT_FILE);
export const backupFile = (dir: string, version: number): string => path.join(dir, `${PROJECT_FILE}.v${version}.bak`);

export async function isProjectDir(dir: string): Promise<boolean> {
  return fs.stat(projectFile(dir)).then((s) => s.isFile(), () => false);
}

export async function readProject(dir: string): Promise<{ doc: ProjectFile; fromVersion: number }> {
  const file = projectFile(dir);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new HebbError('NOT_FOUND', `${dir} is not a Hebb project (it has no ${PROJECT_FILE})`, dir);
    throw err;
  }
  let raw: unknown;
  try { raw = JSON.parse(text); } catch (err) {
    throw new HebbError('INVALID_ARGUMENT', `${file} is not valid JSON (${(err as Error).message})`, file);
  }
  const out = migrateProject(raw, file);
  await removeStaleTemps(dir);
  if (out.fromVersion !== out.doc.schemaVersion) {
    const bak = backupFile(dir, out.fromVersion);
    const had = await fs.stat(bak).then(() => true, () => false);
    if (!had) await writeFileAtomic(bak, text); // the original, byte for byte, once
    await writeProject(dir, out.doc);
  }
  return out;
}

export async function writeProject(dir: string, doc: ProjectFile): Promise<void> {
  await writeFileAtomic(projectFile(dir), JSON.stringify(doc, null, 2) + '\n');
  await syncDir(dir);
}

/** Makes the rename itself durable (POSIX); Windows cannot open a folder for fsync and needs no such step. */
async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const h = await fs.open(dir, 'r');
  try { await h.sync(); } finally { await h.close(); }
}

const TEMP_RE = new RegExp(`^${PROJECT_FILE.replace('.', '\\.')}\\.\\d+\\.[a-f0-9]+\\.tmp$`);

async function removeStaleTemps(dir: string): Promise<void> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => TEMP_RE.test(n) && !n.includes(`.${process.pid}.`)).map((n) => fs.rm(path.join(dir, n), { force: true })));
}
