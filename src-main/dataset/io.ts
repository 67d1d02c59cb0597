/** The file-system calls a scan makes, injectable so tests can simulate what root cannot (unreadable files). */

import { promises as fsp } from 'node:fs';

/** Read-only subset of node:fs/promises. The scan never opens anything for writing. */
export interface ScanFs {
  readdir(dir: string, opts: { withFileTypes: true; encoding: 'buffer' }): Promise<import('node:fs').Dirent<Buffer>[]>;
  stat(p: string): Promise<import('node:fs').Stats>;
  lstat(p: string): Promise<import('node:fs').Stats>;
  realpath(p: string): Promise<string>;
  open(p: string, flags: 'r'): Promise<Pick<import('node:fs/promises').FileHandle, 'read' | 'close'>>;
}

export const nodeFs: ScanFs = {
  readdir: (dir, opts) => fsp.readdir(dir, opts),
  stat: (p) => fsp.stat(p),
  lstat: (p) => fsp.lstat(p),
  realpath: (p) => fsp.realpath(p),
  open: (p, flags) => fsp.open(p, flags),
};

/** A Node errno error in plain words, for a user who never saw `EACCES`. */
export function errnoReason(err: unknown, verb = 'cannot read'): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `${verb}: permission denied`;
    case 'ENOENT':
      return `${verb}: it vanished while scanning (or is a broken link)`;
    case 'ELOOP':
      return 'symlink loop (the link points back to itself)';
    case 'EISDIR':
      return `${verb}: it is a folder`;
    case 'EIO':
      return `${verb}: input/output error (failing disk or network drive?)`;
    case 'ENAMETOOLONG':
      return `${verb}: path too long`;
    default:
      return `${verb}: ${(err as Error)?.message ?? String(err)}`;
  }
}
