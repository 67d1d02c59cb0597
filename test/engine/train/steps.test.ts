import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeConfig } from '../../../src-main/engine/train/config';
import { fitEpochs, sessionConfig } from '../../../src-main/engine/train/steps/config';
import { tmpDir } from '../../helpers/fixtures';

let root: string;
beforeAll(async () => { root = await tmpDir('hebb-steps-'); });
afterAll(async () => { await fs.rm(root, { recursive: true, force: true }); });

describe('job steps: the session config', () => {
  it('a resume of a folder that holds no run is NOT_FOUND, naming it', async () => {
    const dir = path.join(root, 'not-a-run');
    await fs.mkdir(dir);
    await expect(sessionConfig({ data: '/d', arch: 'mlp' }, { runDir: dir, resume: true })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining(dir) });
  });

  it('a resume keeps the saved config (only the backend is chosen anew) and its epochs are never refitted', async () => {
    const dir = path.join(root, 'run');
    await fs.mkdir(dir);
    const saved = normalizeConfig({ data: '/d', arch: 'transfer-mobilenetv2', epochs: 7 });
    await fs.writeFile(path.join(dir, 'config.json'), JSON.stringify({ runId: 'run', createdAt: 'x', config: saved }));
    await fs.writeFile(path.join(dir, 'labels.json'), JSON.stringify(['a', 'b']));
    const s = await sessionConfig({ backend: 'cpu' } as never, { runDir: dir, resume: true });
    expect(s).toMatchObject({ resuming: true, labels: ['a', 'b'], cfg: { ...saved, backend: 'cpu' } });
    const notes: string[] = [];
    expect(fitEpochs({ backend: 'cpu' } as never, s, 10, (n) => notes.push(n)).epochs).toBe(7);
    expect(notes).toEqual([]);
  });

  it('a new transfer run without epochs on a small set gets enough for its steps, and says why', async () => {
    const input = { data: '/d', arch: 'transfer-mobilenetv2' };
    const s = await sessionConfig(input, { runDir: path.join(root, 'new') });
    const notes: string[] = [];
    expect(fitEpochs(input, s, 57, (n) => notes.push(n)).epochs).toBe(50);
    expect(notes).toEqual(['50 epochs instead of 10: transfer-mobilenetv2 trains for at least 100 optimizer steps, and 57 training images at batch 32 make 2 per epoch (set epochs to choose).']);
  });
});
