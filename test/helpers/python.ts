/**
 * Debian's Python for the reference tests (torch, torchvision, PIL…): which modules are missing, without importing
 * them, and whether that is a skip (a machine with only Node) or a failure (CI, HEBB_REQUIRE_REFERENCES=1).
 */

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** The interpreter with Debian's python3-torch & co (the `python3` on PATH here is a different one). */
export const PYTHON = process.env.HEBB_PYTHON ?? '/usr/bin/python3';

/** The Debian package that provides each Python module the references import (what .ci/run installs). */
export const DEBIAN_PACKAGE: Record<string, string> = {
  torch: 'python3-torch',
  torchvision: 'python3-torchvision',
  PIL: 'python3-pil',
  numpy: 'python3-numpy',
  scipy: 'python3-scipy',
  'scipy.ndimage': 'python3-scipy',
  onnx: 'python3-onnx',
  h5py: 'python3-h5py',
};

/** What scripts/reference/keras_check.py imports: the keras export's parity check needs all three. */
export const KERAS_REFERENCE = ['h5py', 'numpy', 'torch'];

/** Which of `modules` the interpreter cannot find; every one when the interpreter itself cannot run. */
export type ModuleProbe = (modules: string[]) => string[];

/** find_spec locates a package without importing it (torch takes seconds to import). */
export const probePython: ModuleProbe = (modules) => {
  const check = `import importlib.util as u, json; print(json.dumps([m for m in ${JSON.stringify(modules)} if u.find_spec(m) is None]))`;
  try {
    return JSON.parse(execFileSync(PYTHON, ['-c', check], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as string[];
  } catch {
    return modules;
  }
};

/**
 * The one-line skip reason naming the missing Debian packages, or null when every module is there. With
 * HEBB_REQUIRE_REFERENCES=1 (set by .ci/run, which installs them) a missing reference throws instead: there a
 * skipped comparison would be a silent pass.
 */
export function referenceSkip(modules: string[], env: NodeJS.ProcessEnv = process.env, probe: ModuleProbe = probePython): string | null {
  const lacking = probe(modules);
  if (lacking.length === 0) return null;
  const packages = [...new Set(lacking.map((m) => DEBIAN_PACKAGE[m] ?? `the Python module ${m}`))];
  const who = existsSync(PYTHON) ? `${PYTHON} lacks` : `${PYTHON} is not installed; the reference needs`;
  const reason = `${who} ${packages.join(', ')} (apt-get install ${packages.filter((p) => p.startsWith('python3-')).join(' ')})`.replace(/ \(apt-get install \)$/, '');
  if (env.HEBB_REQUIRE_REFERENCES === '1') throw new Error(`HEBB_REQUIRE_REFERENCES=1 but ${reason}`);
  return reason;
}

/** referenceSkip plus the one line a skipping test prints: `skipping <what>: <reason>`. */
export function pythonMissing(modules: string[], what = 'the Python reference comparison'): string | null {
  const reason = referenceSkip(modules);
  if (reason) console.warn(`skipping ${what}: ${reason}`);
  return reason;
}
