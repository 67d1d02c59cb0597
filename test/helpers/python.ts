/** Debian's Python for the reference tests (torch, torchvision, PIL…): which modules are missing, without importing them. */

import { execFileSync } from 'node:child_process';

/** The interpreter with Debian's python3-torch & co (the `python3` on PATH here is a different one). */
export const PYTHON = '/usr/bin/python3';

/**
 * null when every module is there, else why not. find_spec locates a package without importing it (torch takes
 * seconds to import); a broken install then fails the test that uses it rather than skipping it.
 */
export function pythonMissing(modules: string[]): string | null {
  const check = `import importlib.util as u; print(all(u.find_spec(m) is not None for m in ${JSON.stringify(modules)}))`;
  try {
    return execFileSync(PYTHON, ['-c', check], { encoding: 'utf8' }).trim() === 'True' ? null : `${PYTHON} lacks one of ${modules.join(', ')}`;
  } catch (err) {
    return `${PYTHON} cannot run (${String((err as Error).message).split('\n')[0]})`;
  }
}
