// Model (catalogue + config), evaluation cells, and the memory lab's deterministic corruption.
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { setApi } from '../../../src-renderer/src/api';
import { useEvaluateStore } from '../../../src-renderer/src/stores/evaluate';
import { corrupt, useMemoryStore } from '../../../src-renderer/src/stores/memory';
import { useModelStore } from '../../../src-renderer/src/stores/model';
import { fakeApi, type FakeApi } from '../fake-api';
import { ARCHS, describe as describeArch } from '../fixtures';

let api: FakeApi;
beforeEach(() => {
  setActivePinia(createPinia());
  api = fakeApi();
  setApi(api);
});

describe('model store', () => {
  it('lists architectures for the input and describes the first', async () => {
    api.answer('model:list', ARCHS);
    api.answer('model:describe', (req) => describeArch(req.arch));
    const m = useModelStore();
    m.size = 32;
    await m.list();
    expect(api.calls[0]).toEqual({ channel: 'model:list', req: { width: 32, height: 32, channels: 3, classes: 2 } });
    expect(m.arch).toBe('mlp');
    expect(m.described?.layers[0]?.name).toBe('conv1');
  });

  it('keeps the answer of the latest request when answers arrive out of order', async () => {
    const slow: ((v: unknown) => void)[] = [];
    const m = useModelStore();
    m.arch = 'mlp';
    api.call = ((channel: string, req: { width: number }) => new Promise((resolve) => {
      const value = channel === 'model:list' ? ARCHS.map((a) => ({ ...a, params: req.width })) : describeArch('mlp');
      slow.push(() => resolve({ ok: true, value } as never));
    })) as typeof api.call;
    m.size = 64;
    const first = m.list();
    m.size = 16;
    const second = m.list();
    slow[1]!(null); // the 16×16 list answers first…
    await new Promise((r) => setTimeout(r, 0));
    slow[0]!(null); // …then the stale 64×64 one
    await Promise.all([first, new Promise((r) => setTimeout(r, 0))]);
    slow.slice(2).forEach((f) => f(null));
    await second;
    expect(m.archs[0]?.params).toBe(16);
  });

  it('sends custom layers only for the custom architecture, and arch options only when changed', async () => {
    const m = useModelStore();
    m.arch = 'cnn-small';
    expect(m.config).not.toHaveProperty('layers');
    expect(m.config.archOptions).toEqual({});
    m.arch = 'custom';
    m.hyper.dropout = 0.3;
    expect(m.config.layers?.length).toBeGreaterThan(0);
    expect(m.config.archOptions).toEqual({ dropout: 0.3 });
  });
});

describe('evaluate store', () => {
  it('lists the mistakes behind an off-diagonal cell and the correct images on the diagonal', async () => {
    api.answer('eval:run', {
      accuracy: 0.75, topKAccuracy: { k: 2, accuracy: 1 }, labels: ['a', 'b'], confusionMatrix: [[1, 1], [0, 2]],
      perClass: [], correct: { a: ['d.0'], b: ['d.2', 'd.3'] },
      mistakes: [{ path: 'a/1.png', trueLabel: 'a', predictedLabel: 'b', probability: 0.8, imageId: 'd.1' }],
    });
    const ev = useEvaluateStore();
    ev.runId = 'r1';
    await ev.evaluate('d');
    expect(api.calls[0]?.req).toEqual({ runId: 'r1', datasetId: 'd', split: 'val' });
    ev.cell = { row: 0, col: 1 };
    expect(ev.cellItems?.map((c) => c.imageId)).toEqual(['d.1']);
    ev.cell = { row: 1, col: 1 };
    expect(ev.cellItems?.map((c) => c.imageId)).toEqual(['d.2', 'd.3']);
    ev.cell = { row: 1, col: 0 };
    expect(ev.cellItems).toEqual([]);
  });
});

describe('memory capacity', () => {
  it('keeps the rule the curve was measured with when the picker moves on', async () => {
    api.answer('memory:capacity', [{ patterns: 4, loadRatio: 0.02, recallRate: 1, neurons: 200 }]);
    const mem = useMemoryStore();
    mem.rule = 'hebb';
    await mem.measureCapacity();
    expect(api.calls.at(-1)?.req).toMatchObject({ rule: 'hebb' });
    mem.rule = 'modern';
    expect(mem.capacityRule).toBe('hebb');
  });
});

describe('memory corruption', () => {
  it('flips about the asked share of pixels, the same way for the same seed', () => {
    const p = Array.from({ length: 1000 }, (_, i) => (i % 2 ? 1 : -1));
    const a = corrupt(p, 0.2, 3);
    expect(corrupt(p, 0.2, 3)).toEqual(a);
    const flipped = a.filter((v, i) => v !== p[i]).length;
    expect(flipped).toBeGreaterThan(150);
    expect(flipped).toBeLessThan(250);
    expect(corrupt(p, 0, 3)).toEqual(p);
  });
});
