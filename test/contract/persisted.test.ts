// Files read back from disk are checked against the schema: a corrupted run config names the file and the field.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { TRAIN_DEFAULTS } from '#contract/engine';
import { readRunConfig } from '../../src-main/engine/train/run-dir';
import { removeTmpDirs, tmpDirSync } from '../helpers/fixtures';

afterAll(() => removeTmpDirs());

it('reads a good run config and refuses a corrupted one, naming file and field', async () => {
  const dir = tmpDirSync('hebb-persisted-');
  mkdirSync(dir, { recursive: true });
  const config = { ...TRAIN_DEFAULTS, data: '/d', arch: 'mlp' };
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ runId: 'r', createdAt: 'now', config }));
  expect((await readRunConfig(dir)).config.learningRate).toBe(TRAIN_DEFAULTS.learningRate);
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ runId: 'r', createdAt: 'now', config: { ...config, optimizer: 'lion' } }));
  const err = await readRunConfig(dir).catch((e: unknown) => e) as { code: string; message: string; file: string };
  expect(err.code).toBe('INVALID_ARGUMENT');
  expect(err.message).toContain('config.optimizer');
  expect(err.message).toContain('"adam"');
  expect(err.file).toBe(path.join(dir, 'config.json'));
});
