// The studio in Chinese and by keyboard: language choice and memory, Intl formats, translated core errors,
// the confusion-matrix grid under the arrow keys, and the training live region's pace.
import { mount } from '@vue/test-utils';
import type { Pinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import ConfusionMatrix from '../../../src-renderer/src/components/charts/ConfusionMatrix.vue';
import ErrorBanner from '../../../src-renderer/src/components/ErrorBanner.vue';
import { fmtDuration, fmtPct, i18n, locale, matchLocale, setLocale, t } from '../../../src-renderer/src/i18n';
import { useTrainingStore } from '../../../src-renderer/src/stores/training';
import TrainView from '../../../src-renderer/src/views/TrainView.vue';
import { freshStudio } from '../fake-api';

const stubs = { EChart: true, ClassBalance: true, CurveChart: true, AugmentPanel: true };
let pinia: Pinia;
beforeEach(() => {
  const fresh = freshStudio();
  pinia = fresh.pinia;
  fresh.api.answer('app:backend', { active: 'cpu', attempts: [{ backend: 'cpu', ok: true, reason: 'always available' }] });
});

describe('language', () => {
  it('follows the browser: any Chinese reads zh-CN, anything else English', () => {
    expect(matchLocale(['zh-TW', 'en'])).toBe('zh-CN');
    expect(matchLocale(['fr-FR', 'en-GB'])).toBe('en');
    expect(matchLocale(['de'])).toBe('en');
  });

  it('switches the words, the page language and the stored choice', () => {
    setLocale('zh-CN');
    expect(locale.value).toBe('zh-CN');
    expect(t('train.start')).toBe('▶ 开始训练');
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(localStorage.getItem('hebb.locale')).toBe('zh-CN');
  });

  it('formats numbers, percentages and durations per locale', () => {
    expect(fmtPct(0.925)).toBe('92.5%');
    expect(fmtDuration(65)).toMatch(/1\s*min.*5\s*sec/);
    setLocale('zh-CN');
    expect(fmtDuration(65)).toMatch(/1\s*分钟.*5\s*秒/);
    expect(fmtPct(null)).toBe('—');
  });
});

describe('ErrorBanner', () => {
  it('words a core error by its code and fields in Chinese, keeping the English message as a detail', () => {
    setLocale('zh-CN');
    const w = mount(ErrorBanner, { props: { error: { code: 'EXPORT_UNSUPPORTED_LAYER', message: 'Layer conv9 cannot be exported to Keras', detail: { layer: 'conv9' } } }, global: { plugins: [i18n] } });
    expect(w.text()).toContain('此层无法导出');
    expect(w.text()).toContain('层：conv9');
    expect(w.get('details').text()).toContain('cannot be exported');
  });
});

describe('confusion matrix', () => {
  const labels = ['cat', 'dog', 'fox'];
  const matrix = [[5, 1, 0], [2, 7, 0], [0, 0, 4]];

  it('is one tab stop that the arrow keys move, announcing true, predicted and count', async () => {
    const w = mount(ConfusionMatrix, { props: { labels, matrix }, attachTo: document.body, global: { plugins: [i18n] } });
    const focusable = () => w.findAll('[data-test=confusion-cell]').filter((c) => c.attributes('tabindex') === '0');
    expect(focusable()).toHaveLength(1);
    expect(focusable()[0]!.attributes('aria-label')).toBe('true cat, predicted cat, 5 images');
    await w.get('[data-test=confusion-grid]').trigger('keydown', { key: 'ArrowDown' });
    await w.get('[data-test=confusion-grid]').trigger('keydown', { key: 'ArrowRight' });
    expect(focusable()[0]!.attributes('aria-label')).toBe('true dog, predicted dog, 7 images');
    expect(document.activeElement?.getAttribute('data-cell')).toBe('1-1');
    await w.get('[data-test=confusion-grid]').trigger('keydown', { key: 'ArrowLeft' });
    await w.get('[data-test=confusion-grid]').trigger('keydown', { key: 'Enter' });
    expect(w.emitted('cell')).toEqual([[1, 0]]);
    // Moving past the edge stays on the edge.
    for (let i = 0; i < 5; i++) await w.get('[data-test=confusion-grid]').trigger('keydown', { key: 'ArrowUp' });
    expect(focusable()[0]!.attributes('data-cell')).toBe('0-0');
    w.unmount();
  });

  it('speaks Chinese cell names, and shows every count as text', () => {
    setLocale('zh-CN');
    const w = mount(ConfusionMatrix, { props: { labels, matrix }, global: { plugins: [i18n] } });
    expect(w.get('[data-cell="1-0"]').attributes('aria-label')).toBe('真实 dog，预测 cat，2 张图像');
    expect(w.findAll('[data-test=confusion-cell]').map((c) => c.text().replace('✓', ''))).toEqual(['5', '1', '0', '2', '7', '0', '0', '0', '4']);
  });
});

describe('training live region', () => {
  it('speaks once per finished epoch, not per batch', async () => {
    const w = mount(TrainView, { global: { plugins: [pinia, i18n], stubs } });
    const tr = useTrainingStore();
    const live = () => w.get('[data-test=train-live]').text();
    tr.series = { batchLoss: [], batchAcc: [], learningRate: [], epochs: [{ epoch: 1, loss: 0.5, accuracy: 0.8, valLoss: 0.6, valAccuracy: 0.75 } as never] };
    await w.vm.$nextTick();
    const first = live();
    expect(first).toContain('Epoch 1');
    expect(first).toContain('75.0%');
    tr.last = { epoch: 2, batch: 3, batchesPerEpoch: 10, loss: 0.4, accuracy: 0.8, learningRate: 0.001, imagesPerSecond: 100 } as never;
    await w.vm.$nextTick();
    expect(live()).toBe(first);
    expect(w.get('[data-test=train-live]').attributes('aria-live')).toBe('polite');
  });
});
