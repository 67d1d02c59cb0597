/** Our own version and folder, from the nearest package.json above this module: works from src-main/ (tsx) and out/main/ (bundled). */

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Our package's folder (where resources/ lives, in the repo and inside the packaged app), or null. */
export function packageRoot(from: string = import.meta.url): string | null {
  let dir = path.dirname(fileURLToPath(from));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'hebb-studio') return dir;
    }
    const up = path.dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

export function packageVersion(from: string = import.meta.url): string {
  const root = packageRoot(from);
  const pkg = root ? (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version?: string }) : {};
  return pkg.version ?? '0.0.0';
}
