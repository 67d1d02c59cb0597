/** The recent-projects list (newest first, at most 10), kept in the app-data folder, written atomically. */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { appDataDir } from '../core/paths';
import { writeJsonAtomic } from '../core/atomic';

export interface Recent { path: string; name: string; openedAt: string }

const MAX_RECENT = 10;
const file = () => path.join(appDataDir(), 'recent-projects.json');

export async function readRecent(): Promise<Recent[]> {
  try {
    const v = JSON.parse(await fs.readFile(file(), 'utf8')) as unknown;
    return Array.isArray(v) ? v.filter((r): r is Recent => !!r && typeof r.path === 'string' && typeof r.name === 'string' && typeof r.openedAt === 'string') : [];
  } catch { return []; }
}

export async function rememberRecent(dir: string, name: string): Promise<void> {
  const list = (await readRecent()).filter((r) => r.path !== dir);
  await writeJsonAtomic(file(), [{ path: dir, name, openedAt: new Date().toISOString() }, ...list].slice(0, MAX_RECENT));
}
