/**
 * vitest globalSetup: the whole run gets a temp folder of its own (TMPDIR, inherited by the test workers and the
 * CLIs they spawn), and any `hebb-*` folder still in it at the end fails the run, by name. A private TMPDIR keeps
 * the check exact while other runs share /tmp.
 */

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The `hebb-*` entries a run left behind in `dir` (other libraries' temp files are not ours to judge). */
export function leftovers(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.startsWith('hebb-')).sort();
}

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const root = mkdtempSync(path.join(os.tmpdir(), 'vitest-run-'));
  process.env.TMPDIR = root;
  return () => {
    const left = leftovers(root);
    rmSync(root, { recursive: true, force: true });
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    if (left.length) {
      // An error thrown from teardown is printed but does not change vitest's exit status: set it ourselves.
      console.error(`tests left ${left.length} temp folder(s) behind (removed now; use tmpDir/removeTmpDirs from test/helpers/fixtures.ts): ${left.join(', ')}`);
      process.exitCode = 1;
    }
  };
}
