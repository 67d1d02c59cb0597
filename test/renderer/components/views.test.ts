// Components over a fake API: the Data view shows classes, warnings and broken files; errors say what to do.
import { mount } from '@vue/test-utils';
import type { Pinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { i18n } from '../../../src-renderer/src/i18n';
import ErrorBanner from '../../../src-renderer/src/components/ErrorBanner.vue';
import { useDatasetStore } from '../../../src-renderer/src/stores/dataset';
import DataView from '../../../src-renderer/src/views/DataView.vue';
import TrainView from '../../../src-renderer/src/views/TrainView.vue';
import { freshStudio, type FakeApi } from '../fake-api';
import { HANDLE } from '../fixtures';

// Charts draw on canvas, which happy-dom lacks; their options are tested through the stores.
const stubs = { EChart: true, ClassBalance: true, CurveChart: true, AugmentPanel: true };
let api: FakeApi;
let pinia: Pinia;
beforeEach(() => {
  ({ api, pinia } = freshStudio());
  api.answer('dataset:open', HANDLE);
  api.answer('app:backend', { active: 'cpu', attempts: [{ backend: 'cpu', ok: true, reason: 'always available' }] });
});
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('Data view', () => {
  it('starts empty, then opens the typed folder and shows class cards with thumbnails', async () => {
    const w = mount(DataView, { global: { plugins: [pinia, i18n], stubs } });
    expect(w.text()).toContain('No dataset open yet');
    await w.get('[data-test=folder-input]').setValue('/data/shapes');
    await w.get('form').trigger('submit');
    await flush();
    expect(api.calls.find((c) => c.channel === 'dataset:open')).toEqual({ channel: 'dataset:open', req: { path: '/data/shapes' } }); // the project bar asks for the recent list too
    const cards = w.findAll('[data-test=class-card]');
    expect(cards.map((c) => c.find('strong').text())).toEqual(['circles', 'squares']);
    expect(cards[0]!.findAll('img').map((i) => i.attributes('src'))).toEqual(['fake://image/abcd1234.0?size=128', 'fake://image/abcd1234.1?size=128']);
    expect(w.get('[data-test=warning]').text()).toContain('Classes are imbalanced');
    expect(w.get('[data-test=broken-files]').text()).toContain('truncated PNG');
  });

  it('disables Open while the path is empty', () => {
    const w = mount(DataView, { global: { plugins: [pinia, i18n], stubs } });
    expect(w.get('[data-test=open-folder]').attributes('disabled')).toBeDefined();
  });
});

describe('Train view', () => {
  it('asks for a dataset first, and shows the backend report', async () => {
    const w = mount(TrainView, { global: { plugins: [pinia, i18n], stubs } });
    await flush();
    expect(w.text()).toContain('Open a dataset first');
    expect(w.get('[data-test=start]').attributes('disabled')).toBeDefined();
    expect(w.text()).toContain('always available');
  });

  it('enables Start once a dataset and an architecture are chosen', async () => {
    await useDatasetStore().open('/data/shapes');
    const { useModelStore } = await import('../../../src-renderer/src/stores/model');
    useModelStore().arch = 'cnn-small';
    const w = mount(TrainView, { global: { plugins: [pinia, i18n], stubs } });
    await flush();
    expect(w.get('[data-test=start]').attributes('disabled')).toBeUndefined();
  });

  it('says which path a transfer model\'s backbone runs on', async () => {
    await useDatasetStore().open('/data/shapes');
    const { useTrainingStore } = await import('../../../src-renderer/src/stores/training');
    const t = useTrainingStore();
    t.state = 'running';
    t.backbone = { runtime: 'tfjs', cached: false, reason: 'onnxruntime-node does not load here' };
    const w = mount(TrainView, { global: { plugins: [pinia], stubs } });
    await flush();
    expect(w.get('[data-test=train-backbone]').text()).toBe('Backbone: tfjs (onnxruntime-node does not load here), every batch');
  });
});

describe('ErrorBanner', () => {
  it('shows the message, the file and a hint chosen by the error code', () => {
    const w = mount(ErrorBanner, { props: { error: { code: 'UNAUTHORIZED', message: 'Missing token', file: '/x' } } });
    expect(w.text()).toContain('Missing token');
    expect(w.text()).toContain('/x');
    expect(w.text()).toContain('hebb serve');
    expect(mount(ErrorBanner, { props: { error: null } }).text()).toBe('');
  });
});
