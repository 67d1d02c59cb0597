/**
 * `fs:browse`: the serving machine's folders for web mode, which has no native dialog: directories only (never a
 * file's name), hidden ones left out, each with how many images lie in it and two levels below (counting stops at
 * a cap so a huge tree answers quickly).
 */

import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ProjectApiMap } from '#contract/project';
import { HebbError } from '../core/errors';
import { isHiddenOrSystem, isImageName } from '../dataset/names';
import { readRecent } from './recent';

/** Directory entries looked at per listed folder (its own and its subfolders'). @default 5000 */
const COUNT_BUDGET = 5000;
const MAX_DIRS = 1000;

interface Budget { left: number; images: number }

async function countImages(dir: string, depth: number, budget: Budget): Promise<void> {
  if (budget.left <= 0) return;
  const ents = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of ents) {
    if (--budget.left <= 0) return;
    if (e.isFile() && isImageName(e.name)) budget.images++;
    else if (e.isDirectory() && depth > 0 && !isHiddenOrSystem(e.name)) await countImages(path.join(dir, e.name), depth - 1, budget);
  }
}

export async function browse(req: ProjectApiMap['fs:browse']['req']): Promise<ProjectApiMap['fs:browse']['res']> {
  const home = os.homedir();
  const dir = path.resolve(req.path?.trim() || home);
  let ents;
  try {
    ents = await fs.readdir(dir, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new HebbError('NOT_FOUND', `Folder not found: ${dir}`, dir);
    if (code === 'ENOTDIR') throw new HebbError('NOT_A_DIRECTORY', `${dir} is a file, not a folder`, dir);
    if (code === 'EACCES' || code === 'EPERM') throw new HebbError('PERMISSION_DENIED', `Cannot list ${dir} (permission denied)`, dir);
    throw err;
  }
  const names = ents.filter((e) => e.isDirectory() && !isHiddenOrSystem(e.name)).map((e) => e.name).sort((a, b) => a.localeCompare(b)).slice(0, MAX_DIRS);
  const dirs = await Promise.all(names.map(async (name) => {
    const p = path.join(dir, name);
    const budget: Budget = { left: COUNT_BUDGET, images: 0 };
    await countImages(p, 2, budget);
    const project = await fs.stat(path.join(p, 'project.json')).then((s) => s.isFile(), () => false);
    return { name, path: p, images: budget.images, capped: budget.left <= 0, project };
  }));
  const parent = path.dirname(dir) === dir ? null : path.dirname(dir);
  const recent = (await readRecent()).map((r) => r.path);
  return { path: dir, parent, home, recent, dirs };
}
