// kill -9 during autosave, 20 times at random moments: the project always reopens, equal to one of its last two
// saved states (the one being written, or the one before it).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { Project } from '../../src-main/project/index';
import { makeClassTree, removeTmpDirs, tmpDir } from '../helpers/fixtures';

afterAll(removeTmpDirs);

const child = fileURLToPath(new URL('./autosave-child.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../../node_modules/tsx/dist/esm/index.mjs', import.meta.url));

/** Runs the child until it has announced `minSaves` saves, waits `delayMs` more, kills it with SIGKILL; returns what it announced. */
function runAndKill(dir: string, minSaves: number, delayMs: number): Promise<{ announced: string[]; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, ['--import', tsx, child, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '', armed = false;
    c.stdout.on('data', (d: Buffer) => {
      out += d;
      if (!armed && out.split('\n').length - 1 >= minSaves) { armed = true; setTimeout(() => c.kill('SIGKILL'), delayMs); }
    });
    c.stderr.on('data', (d: Buffer) => { err += d; });
    c.on('error', reject);
    c.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`child ended by itself (${code}): ${err}`));
      resolve({ announced: out.split('\n').filter(Boolean), signal });
    });
  });
}

it('reopens after kill -9 at 20 random moments, equal to one of the last two saved states', async () => {
  const tmp = await tmpDir('hebb-proj-crash-');
  await makeClassTree(path.join(tmp, 'data'), { a: 4, b: 4, c: 3 });
  const dir = path.join(tmp, 'p.hebb');
  const created = await Project.create(dir, [path.join(tmp, 'data')]);
  let last = JSON.stringify(created.doc);
  const seenRevisions = new Set<number>();
  for (let round = 0; round < 20; round++) {
    const { announced } = await runAndKill(dir, 1 + Math.floor(Math.random() * 20), Math.random() * 40);
    const candidates = [last, ...announced].slice(-2).map((s) => JSON.parse(s) as unknown);
    const reopened = await Project.open(dir);
    expect(candidates).toContainEqual(reopened.doc);
    seenRevisions.add(reopened.doc.revision);
    last = JSON.stringify(reopened.doc);
  }
  expect(seenRevisions.size).toBeGreaterThan(1); // the children really saved, round after round
}, 300_000);
