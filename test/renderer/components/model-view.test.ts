// The Model view words each architecture from the catalogues in the chosen language, and an architecture that
// cannot take the input says what it needs and fixes it in one click.
import { mount } from '@vue/test-utils';
import type { Pinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ArchitectureInfo } from '#contract/engine';
import { i18n, setLocale } from '../../../src-renderer/src/i18n';
import { useModelStore } from '../../../src-renderer/src/stores/model';
import ModelView from '../../../src-renderer/src/views/ModelView.vue';
import { freshStudio, type FakeApi } from '../fake-api';
import { describe as describeArch } from '../fixtures';

const TRANSFER_INPUT = { recommended: [224, 224] as [number, number], minimum: 32, range: [0, 1] as [number, number], pretrained: true };
/** What model:list answers: the backbone builds only from 32 px up, as the engine's listArchitectures says. */
const list = (req: { width: number }): ArchitectureInfo[] => [
  { id: 'cnn-small', params: 5000, layers: [] },
  req.width >= 32
    ? { id: 'transfer-mobilenetv2', params: 2_300_000, input: TRANSFER_INPUT, layers: [] }
    : { id: 'transfer-mobilenetv2', params: -1, unavailable: 'transfer-mobilenetv2 needs images of at least 32×32', input: TRANSFER_INPUT, layers: [] },
];

let api: FakeApi;
let pinia: Pinia;
beforeEach(() => {
  ({ api, pinia } = freshStudio());
  api.answer('model:list', list);
  api.answer('model:describe', (req) => describeArch(req.arch));
});
const flush = async () => { for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0)); };

describe('Model view', () => {
  it('names and describes each architecture in the chosen language', async () => {
    useModelStore().size = 28;
    const w = mount(ModelView, { global: { plugins: [pinia, i18n], stubs: { Concept: true, LayerEditor: true } } });
    await flush();
    expect(w.get('[data-test=arch-cnn-small] strong').text()).toBe('Small CNN');
    expect(w.get('[data-test=arch-cnn-small] p').text()).toContain('A strong default for digits');
    setLocale('zh-CN');
    await flush();
    expect(w.get('[data-test=arch-cnn-small] strong').text()).toBe('小型 CNN');
    expect(w.get('[data-test=arch-transfer-mobilenetv2]').text()).toContain('输入至少需要 32×32；推荐 224×224。');
    expect(w.get('[data-test=arch-custom] strong').text()).toBe('自定义');
  });

  it('says what an architecture needs instead of the CLI\'s advice, and switches the input and picks it', async () => {
    const model = useModelStore();
    model.size = 28;
    const w = mount(ModelView, { global: { plugins: [pinia, i18n], stubs: { Concept: true, LayerEditor: true } } });
    await flush();
    const card = w.get('[data-test=arch-transfer-mobilenetv2]');
    expect(card.attributes('role')).toBeUndefined(); // not a radio until it can be picked
    expect(card.get('[data-test=arch-needs]').text()).toBe('Needs an input of at least 32×32; 224×224 is recommended.');
    expect(card.text()).not.toContain('--image-size');
    await card.get('[data-test=arch-fix-transfer-mobilenetv2]').trigger('click');
    await flush();
    expect(model.size).toBe(224);
    expect(model.arch).toBe('transfer-mobilenetv2');
    expect(api.calls.filter((c) => c.channel === 'model:list').at(-1)?.req).toMatchObject({ width: 224, height: 224 });
    const picked = w.get('[data-test=arch-transfer-mobilenetv2]');
    expect(picked.element.tagName).toBe('BUTTON');
    expect(picked.attributes('aria-checked')).toBe('true');
    expect(w.find('[data-test=arch-fix-transfer-mobilenetv2]').exists()).toBe(false);
  });
});
