// The Evaluate view's top-k tile appears only when it can say something: with k classes or fewer it is always 100%.
import { mount } from '@vue/test-utils';
import type { Pinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { i18n } from '../../../src-renderer/src/i18n';
import { useDatasetStore } from '../../../src-renderer/src/stores/dataset';
import { useEvaluateStore } from '../../../src-renderer/src/stores/evaluate';
import EvaluateView from '../../../src-renderer/src/views/EvaluateView.vue';
import { freshStudio } from '../fake-api';
import { HANDLE } from '../fixtures';

let pinia: Pinia;
beforeEach(() => {
  const fresh = freshStudio();
  pinia = fresh.pinia;
  fresh.api.answer('runs:list', []);
});

const report = (labels: string[], k: number) => ({
  accuracy: 0.5, topKAccuracy: { k, accuracy: 0.9 }, labels, confusionMatrix: labels.map((_, i) => labels.map((__, j) => (i === j ? 1 : 0))),
  perClass: [], correct: {}, mistakes: [],
});

describe('Evaluate view', () => {
  it('shows top-3 with four classes and hides it with three', async () => {
    useDatasetStore().handle = HANDLE;
    const ev = useEvaluateStore();
    ev.report = report(['a', 'b', 'c', 'd'], 3);
    const w = mount(EvaluateView, { global: { plugins: [pinia, i18n], stubs: { RunPicker: true, EChart: true } } });
    await w.vm.$nextTick();
    expect(w.get('[data-test=eval-topk]').text()).toContain('90.0%');
    ev.report = report(['a', 'b', 'c'], 3);
    await w.vm.$nextTick();
    expect(w.find('[data-test=eval-topk]').exists()).toBe(false);
    expect(w.get('[data-test=eval-accuracy]').text()).toBe('50.0%');
  });
});
