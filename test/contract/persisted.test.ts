// Files read back from disk are checked against their schemas: a corrupted run config, labels, preprocess or
// checkpoint manifest names the file and the field.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { TRAIN_DEFAULTS } from '#contract/engine';
import type { z } from 'zod';
import { CheckpointManifest, LabelsFile, PreprocessFile } from '#contract/run-files';
import { loadCheckpoint, readChecked, readRunConfig } from '../../src-main/engine/train/run-dir';
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

it('refuses a corrupted labels.json, preprocess.json and checkpoint manifest, naming file and field', async () => {
  const dir = tmpDirSync('hebb-persisted-');
  const cases: [string, unknown, z.ZodType, string][] = [
    ['labels.json', [], LabelsFile, 'whole value'],
    ['preprocess.json', { width: 32, height: 32, fit: 'stretch', channels: 3, rescale: 1 }, PreprocessFile, 'fit'],
    ['checkpoint.json', { epoch: -1, weightSpecs: [], optimizerSpecs: [], optimizerNames: [], state: { callbacks: {}, elapsedSeconds: 0, history: [] } }, CheckpointManifest, 'epoch'],
  ];
  for (const [name, value, schema, field] of cases) {
    const file = path.join(dir, name);
    writeFileSync(file, JSON.stringify(value));
    const err = await readChecked(file, schema).catch((e: unknown) => e) as { code: string; message: string; file: string };
    expect(err.code, name).toBe('INVALID_ARGUMENT');
    expect(err.message, name).toContain(field);
    expect(err.file, name).toBe(file);
  }
});

it('loads a checkpoint only through its checked manifest', async () => {
  const dir = tmpDirSync('hebb-persisted-');
  const ck = path.join(dir, 'checkpoints', 'epoch-0001');
  mkdirSync(ck, { recursive: true });
  writeFileSync(path.join(ck, 'checkpoint.json'), JSON.stringify({ epoch: 1, weightSpecs: 'oops', optimizerSpecs: [], optimizerNames: [], state: { callbacks: {}, elapsedSeconds: 0, history: [] } }));
  const err = await loadCheckpoint(dir, 1).catch((e: unknown) => e) as { code: string; message: string };
  expect(err.code).toBe('INVALID_ARGUMENT');
  expect(err.message).toContain('weightSpecs');
});
