// `hebb doctor` as a user meets it: the ladder report as one JSON line, and a clear exit 1 for a backend that cannot load.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const hebb = fileURLToPath(new URL('../../bin/hebb.js', import.meta.url));
const run = promisify(execFile);

async function doctor(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [hebb, 'doctor', ...args]);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const lastJson = (stdout: string): Record<string, any> => JSON.parse(stdout.trim().split('\n').pop()!);

it('reports every rung tried with a reason, the active backend and the machine facts', async () => {
  const r = await doctor('--json', '--arch', 'mlp');
  expect(r.code).toBe(0);
  const out = lastJson(r.stdout);
  expect(out.attempts[0]).toMatchObject({ backend: 'tensorflow-gpu' });
  expect(out.attempts.at(-1)).toMatchObject({ backend: out.active, ok: true, reason: expect.stringMatching(/passed a one-step training probe/) });
  expect(out.attempts.slice(0, -1).every((a: { ok: boolean; reason: string }) => !a.ok && a.reason.length > 10)).toBe(true);
  expect(out).toMatchObject({ probe: 'mlp', environment: { node: process.versions.node } });
});

it('a forced backend that cannot load exits 1 and says why', async () => {
  const r = await doctor('--backend', 'tensorflow-gpu', '--json');
  // On a machine with a working GPU stack this passes instead; here the optional package is absent.
  if (r.code === 0) return expect(lastJson(r.stdout).active).toBe('tensorflow-gpu');
  expect(r.code).toBe(1);
  expect(lastJson(r.stdout)).toMatchObject({ ok: false, error: { code: 'BACKEND_UNAVAILABLE' } });
  expect(r.stderr).toMatch(/backend 'tensorflow-gpu' cannot be used — tensorflow-gpu: /);
});
