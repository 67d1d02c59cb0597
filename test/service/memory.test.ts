// The memory lab's service handlers over a fake image resolver: store dataset images, recall step by step, sweep.
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MAX_MEMORIES, memoryHandlers, thin, type MemoryContext } from '../../src-main/service/memory';
import { HebbError } from '../../src-main/core/errors';
import { drawRect } from '../memory/fixtures';
import { removeTmpDirs, tmpDirSync } from '../helpers/fixtures';

afterAll(removeTmpDirs);

let files: Record<string, string>;
const ctx: MemoryContext = {
  datasets: {
    async resolveImage(id) {
      if (!files[id]) throw new HebbError('NOT_FOUND', `no image ${id}`);
      return { file: files[id]! };
    },
  },
};

beforeAll(async () => {
  const dir = tmpDirSync('hebb-mem-svc-');
  files = { 'aaaaaaaa.0': path.join(dir, 'top.png'), 'aaaaaaaa.1': path.join(dir, 'left.png') };
  await drawRect(files['aaaaaaaa.0']!, 32, { left: 0, top: 0, width: 32, height: 12 });
  await drawRect(files['aaaaaaaa.1']!, 32, { left: 0, top: 0, width: 12, height: 32 });
});

it('stores images by id and recalls a noisy cue, energy falling step by step', async () => {
  const h = memoryHandlers(ctx);
  const stored = await h['memory:store']({ imageIds: ['aaaaaaaa.0', 'aaaaaaaa.1'], size: 16, rule: 'storkey' });
  expect(stored.neurons).toBe(256);
  expect(stored.patterns).toHaveLength(2);
  expect(stored.patterns[0]!.every((v) => v === 1 || v === -1)).toBe(true);
  const cue = stored.patterns[1]!.map((v, i) => (i % 5 === 0 ? -v : v));
  const r = await h['memory:recall']({ memoryId: stored.memoryId, cue, maxSteps: 20 });
  expect(r.steps.length).toBeGreaterThan(2);
  expect(r.steps.length).toBeLessThanOrEqual(64);
  expect(r.steps[0]!.state).toEqual(cue);
  for (let k = 1; k < r.steps.length; k++) expect(r.steps[k]!.energy).toBeLessThanOrEqual(r.steps[k - 1]!.energy + 1e-9);
  expect(r.steps.at(-1)!.state).toEqual(stored.patterns[1]);
  expect(r.report.patterns.map((p) => p.name)).toEqual(['aaaaaaaa.0', 'aaaaaaaa.1']);
  expect(r.report.patterns[1]).toMatchObject({ overlap: 1, recalled: true });
  expect(r.report.patterns[0]!.recalled).toBe(false);
  expect(r.report.recallRate).toBe(1);
});

it('refuses unknown images, memories, bad sizes and wrong-length cues', async () => {
  const h = memoryHandlers(ctx);
  await expect(h['memory:store']({ imageIds: ['ffffffff.9'], size: 16, rule: 'hebb' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  await expect(h['memory:store']({ imageIds: ['aaaaaaaa.0'], size: 1000, rule: 'hebb' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  await expect(h['memory:store']({ imageIds: ['aaaaaaaa.0'], size: 16, rule: 'magic' as never })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  await expect(h['memory:recall']({ memoryId: 'nope', cue: [], maxSteps: 5 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  const { memoryId } = await h['memory:store']({ imageIds: ['aaaaaaaa.0'], size: 8, rule: 'modern' });
  await expect(h['memory:recall']({ memoryId, cue: [1, -1], maxSteps: 5 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
});

it('forgets the oldest memory beyond the limit', async () => {
  const h = memoryHandlers(ctx);
  const ids: string[] = [];
  for (let k = 0; k <= MAX_MEMORIES; k++) ids.push((await h['memory:store']({ imageIds: ['aaaaaaaa.0'], size: 4, rule: 'hebb' })).memoryId);
  const cue = new Array(16).fill(1);
  await expect(h['memory:recall']({ memoryId: ids[0]!, cue, maxSteps: 5 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  await expect(h['memory:recall']({ memoryId: ids.at(-1)!, cue, maxSteps: 5 })).resolves.toBeTruthy();
});

it('sweeps capacity for the UI', async () => {
  const pts = await memoryHandlers(ctx)['memory:capacity']({ neurons: 40, rule: 'hebb', seed: 2 });
  expect(pts[0]).toMatchObject({ patterns: 1, recallRate: 1, neurons: 40 });
  expect(pts.at(-1)!.loadRatio).toBeCloseTo(0.3, 9);
  // A 24×24 image memory (576 neurons) gets its curve from a 200-neuron network, and says so.
  const big = await memoryHandlers(ctx)['memory:capacity']({ neurons: 576, rule: 'hebb', seed: 1 });
  expect(big.every((p) => p.neurons === 200)).toBe(true);
  expect(big.at(-1)!.patterns).toBe(60);
  await expect(memoryHandlers(ctx)['memory:capacity']({ neurons: 5000, rule: 'hebb', seed: 2 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
});

it('thins long step lists keeping both ends', () => {
  const t = thin(Array.from({ length: 100 }, (_, i) => i), 5);
  expect(t).toEqual([0, 25, 50, 74, 99]);
});
