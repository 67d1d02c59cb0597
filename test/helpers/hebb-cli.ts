/** The built `hebb` CLI run as a user runs it, in a child process with its own HEBB_HOME. */
import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const HEBB_BIN = fileURLToPath(new URL('../../bin/hebb.js', import.meta.url));

export interface HebbResult {
  /** Exit status (null when killed). */
  code: number | null;
  /** The last stdout line parsed when it is a JSON object (what `--json` prints), else {}. */
  // eslint-style strictness would only add casts: tests reach into whatever a command printed.
  json: Record<string, any>;
  stdout: string;
  stderr: string;
}

function result(code: number | null, stdout: string, stderr: string): HebbResult {
  const last = stdout.trim().split('\n').at(-1) ?? '';
  return { code, json: last.startsWith('{') ? JSON.parse(last) as Record<string, unknown> : {}, stdout, stderr };
}

const env = (home: string) => ({ ...process.env, HEBB_HOME: home });

/** Blocks the test's thread: for a sequence of short commands whose order matters. */
export function hebbSync(home: string, args: string[]): HebbResult {
  const r = spawnSync(process.execPath, [HEBB_BIN, ...args], { env: env(home), encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20 });
  return result(r.status, r.stdout, r.stderr);
}

export function hebbAsync(home: string, args: string[]): Promise<HebbResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [HEBB_BIN, ...args], { env: env(home), maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve(result(err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr));
    });
  });
}
