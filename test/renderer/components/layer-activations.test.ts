// "What each layer sees" on the Playground: nothing is fetched until the card is opened; opening asks once for the
// image on screen and shows one captioned figure per layer; a new image refetches while open (one request at a time,
// the latest image after it), not while closed; a failure shows the error banner.
import { mount } from '@vue/test-utils';
import type { Pinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Req, Res } from '#contract/api';
import LayerActivations from '../../../src-renderer/src/components/LayerActivations.vue';
import { i18n } from '../../../src-renderer/src/i18n';
import { useEvaluateStore } from '../../../src-renderer/src/stores/evaluate';
import { freshStudio, type FakeApi } from '../fake-api';

let api: FakeApi;
let pinia: Pinia;
const settle = async () => { for (let i = 0; i < 10; i++) await Promise.resolve(); };
const asked = () => api.calls.filter((c) => c.channel === 'predict:activations').map((c) => c.req);
const grid = { cols: 4, rows: 4, cellWidth: 48, cellHeight: 48, width: 195, height: 195 };
const layer = (name: string, type: string, shape: number[]) => ({ name, type, shape, channels: [2, 0, 1], means: [3, 1, 0.5], grid, pngBase64: 'iVBO' });
const MAPS: Res<'predict:activations'> = {
  layers: [layer('conv1', 'Conv2D', [6, 6, 32]), layer('conv1_pool', 'MaxPooling2D', [3, 3, 32])], layersInModel: 6, eligible: 2, truncated: false,
};

beforeEach(() => {
  ({ api, pinia } = freshStudio());
  api.answer('predict:image', { file: '', label: 'circles', probabilities: [0.8, 0.2], saliencyPngBase64: null });
  api.answer('predict:activations', MAPS);
  useEvaluateStore().runId = 'r1';
});

const card = () => mount(LayerActivations, { global: { plugins: [pinia, i18n] } });

describe('LayerActivations', () => {
  it('fetches only when opened, once for the image on screen, and shows one captioned figure per layer', async () => {
    const ev = useEvaluateStore();
    await ev.predict({ imageId: 'abcd1234.0' }, 'fake://a');
    const w = card();
    await settle();
    expect(asked()).toEqual([]);
    await w.get('[data-test=layers-toggle]').trigger('click');
    await settle();
    expect(asked()).toEqual([{ runId: 'r1', imageId: 'abcd1234.0' }]);
    const figs = w.findAll('[data-test=layer-map]');
    expect(figs).toHaveLength(2);
    expect(figs[0]!.get('figcaption').text()).toContain('conv1 · Conv2D · 6×6×32');
    expect(figs[0]!.get('figcaption').text()).toContain('channels 2, 0, 1 of 32');
    expect(figs[1]!.get('img').attributes('alt')).toContain('conv1_pool');
    expect(figs[1]!.get('img').attributes('src')).toBe('data:image/png;base64,iVBO');
    expect(w.get('[data-test=layers-toggle]').attributes('aria-expanded')).toBe('true');
  });

  it('refetches when the image changes while open, and not while closed', async () => {
    const ev = useEvaluateStore();
    await ev.predict({ imageId: 'abcd1234.0' }, 'fake://a');
    const w = card();
    await w.get('[data-test=layers-toggle]').trigger('click');
    await settle();
    await ev.predict({ pngBase64: 'AAAA' }, 'data:x');
    await settle();
    expect(asked()).toEqual([{ runId: 'r1', imageId: 'abcd1234.0' }, { runId: 'r1', pngBase64: 'AAAA' }]);
    await w.get('[data-test=layers-toggle]').trigger('click'); // close
    await ev.predict({ imageId: 'abcd1234.1' }, 'fake://b');
    await settle();
    expect(asked()).toHaveLength(2);
    await w.get('[data-test=layers-toggle]').trigger('click'); // open again: the new image
    await settle();
    expect(asked().at(-1)).toEqual({ runId: 'r1', imageId: 'abcd1234.1' });
    expect(asked()).toHaveLength(3);
  });

  it('asks one at a time: images arriving while a request is out wait for it, and only the latest is asked', async () => {
    let release: () => void = () => undefined;
    api.answer('predict:activations', (_req: Req<'predict:activations'>) => new Promise<Res<'predict:activations'>>((r) => { release = () => r(MAPS); }));
    const ev = useEvaluateStore();
    await ev.predict({ pngBase64: 'F0' }, 'data:0');
    const w = card();
    await w.get('[data-test=layers-toggle]').trigger('click');
    await settle();
    expect(w.find('[data-test=layers-loading]').exists()).toBe(true);
    await ev.predict({ pngBase64: 'F1' }, 'data:1');
    await ev.predict({ pngBase64: 'F2' }, 'data:2');
    await settle();
    expect(asked().map((r) => (r as { pngBase64: string }).pngBase64)).toEqual(['F0']);
    release();
    await settle();
    expect(asked().map((r) => (r as { pngBase64: string }).pngBase64)).toEqual(['F0', 'F2']);
    release();
    await settle();
    expect(w.find('[data-test=layers-loading]').exists()).toBe(false);
    expect(w.findAll('[data-test=layer-map]')).toHaveLength(2);
  });

  it('shows the error banner when the maps cannot be made, and a note for a model without maps', async () => {
    api.answer('predict:activations', { code: 'UNKNOWN_RUN', message: 'No run "r1".' }, true);
    const ev = useEvaluateStore();
    await ev.predict({ imageId: 'abcd1234.0' }, 'fake://a');
    const w = card();
    await w.get('[data-test=layers-toggle]').trigger('click');
    await settle();
    expect(w.get('[role=alert]').attributes('data-code')).toBe('UNKNOWN_RUN');
    await w.get('[data-test=layers-toggle]').trigger('click');
    await w.get('[data-test=layers-toggle]').trigger('click'); // closed and opened again: asked again
    await settle();
    expect(asked()).toHaveLength(2);
    api.answer('predict:activations', { layers: [], layersInModel: 4, eligible: 0, truncated: false });
    await ev.predict({ imageId: 'abcd1234.1' }, 'fake://b');
    await settle();
    expect(w.find('[role=alert]').exists()).toBe(false);
    expect(w.find('[data-test=layers-none]').exists()).toBe(true);
  });
});
