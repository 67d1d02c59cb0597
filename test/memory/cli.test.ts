// `hebb memory --json` on a tiny generated image folder: the report's shape and that recall actually works.
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { register } from '../../src-main/cli/memory';
import { drawRect } from './fixtures';
import { removeTmpDirs, tmpDirSync } from '../helpers/fixtures';

afterAll(removeTmpDirs);

let dir: string;
beforeAll(async () => {
  dir = tmpDirSync('hebb-mem-cli-');
  await drawRect(path.join(dir, 'top.png'), 32, { left: 0, top: 0, width: 32, height: 10 });
  await drawRect(path.join(dir, 'left.png'), 32, { left: 0, top: 0, width: 10, height: 32 });
  await drawRect(path.join(dir, 'centre.png'), 32, { left: 8, top: 8, width: 16, height: 16 });
});
afterEach(() => { vi.restoreAllMocks(); process.exitCode = undefined; });

async function run(...args: string[]): Promise<any> {
  const out: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => { out.push(String(s)); return true; });
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const program = new Command('hebb').exitOverride();
  register(program);
  await program.parseAsync(['node', 'hebb', 'memory', ...args, '--json']);
  vi.restoreAllMocks();
  return JSON.parse(out.join('').trim().split('\n').at(-1)!);
}

it('reports per-pattern overlap, steps and the recall rate', async () => {
  for (const rule of ['hebb', 'storkey', 'pseudoinverse', 'modern']) {
    const r = await run('--patterns', dir, '--size', '12', '--rule', rule, '--noise', '0.1', '--seed', '3');
    expect(r).toMatchObject({ rule, neurons: 144, size: 12, noise: 0.1, mask: 0, seed: 3 });
    expect(r.patterns.map((p: any) => p.name)).toEqual(['centre', 'left', 'top']);
    for (const p of r.patterns) {
      expect(p).toEqual({ name: expect.any(String), overlap: expect.any(Number), cueOverlap: expect.any(Number), steps: expect.any(Number), flips: expect.any(Number), recalled: p.overlap >= 0.95 });
      expect(p.cueOverlap).toBeCloseTo(1 - (2 * 14) / 144, 4); // round(0.1·144) = 14 flips
      expect(p.steps).toBeGreaterThanOrEqual(1);
    }
    expect(r.recallRate).toBe(r.patterns.filter((p: any) => p.recalled).length / 3);
    if (rule === 'pseudoinverse' || rule === 'modern') expect(r.recallRate).toBe(1);
  }
});

it('recalls from a half-masked cue', async () => {
  const r = await run('--patterns', dir, '--size', '12', '--rule', 'modern', '--noise', '0', '--mask', '0.5');
  // The dark bottom half of 'top' is unchanged by a −1 mask; the other two lose their lower half.
  expect(r.patterns.map((p: any) => p.cueOverlap < 1)).toEqual([true, true, false]);
  expect(r.recallRate).toBe(1);
});

it('runs a small capacity sweep', async () => {
  const r = await run('--capacity', '--neurons', '40', '--trials', '1');
  expect(r).toMatchObject({ neurons: 40, rule: 'hebb', threshold: 0.95 });
  expect(r.points[0]).toEqual({ patterns: 1, loadRatio: 0.025, recallRate: 1, meanOverlap: 1 });
  expect(r.points.length).toBeGreaterThan(5);
});

it('prints a JSON error for a missing folder and bad flags', async () => {
  expect(await run('--patterns', path.join(dir, 'nope'), '--size', '8')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  expect(await run('--patterns', dir, '--rule', 'magic')).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  expect(await run('--patterns', dir, '--noise', '2')).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  expect(process.exitCode).toBe(1);
});
