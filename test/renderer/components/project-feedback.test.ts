// Playground feedback and the evaluate fix: "wrong" asks for the right class and adds the file there; a mistake is
// relabelled as its prediction in one click; "train again" warm-starts from the run with fewer epochs.
import { mount } from '@vue/test-utils';
import type { Pinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ProjectState } from '#contract/project';
import { i18n } from '../../../src-renderer/src/i18n';
import FixImage from '../../../src-renderer/src/components/FixImage.vue';
import PlayCorrect from '../../../src-renderer/src/components/PlayCorrect.vue';
import { useEvaluateStore } from '../../../src-renderer/src/stores/evaluate';
import { useModelStore } from '../../../src-renderer/src/stores/model';
import { useProjectStore } from '../../../src-renderer/src/stores/project';
import { freshStudio, type FakeApi } from '../fake-api';
import { PROJECT_STATE } from '../fixtures';

const STATE: ProjectState = { ...PROJECT_STATE, canUndo: true };
let api: FakeApi;
let pinia: Pinia;
const flush = () => new Promise((r) => setTimeout(r, 10));
beforeEach(async () => {
  ({ api, pinia } = freshStudio());
  for (const c of ['project:open', 'project:relabel', 'project:exclude', 'project:show', 'project:setSettings'] as const) api.answer(c, STATE);
  api.answer('project:addImages', { ...STATE, keys: ['images/abc.png'] });
  api.answer('project:images', { total: 0, images: [] });
  api.answer('project:recent', { projects: [] });
  api.answer('train:start', { runId: 'r2', runDir: '/runs/r2' });
  await useProjectStore().open('/p/x.hebb');
});

describe('playground feedback', () => {
  it('"wrong" asks for the right class, then adds the image there', async () => {
    const w = mount(PlayCorrect, { props: { predicted: 'circles', source: { dataBase64: 'AAAA', name: 'a.png' } }, global: { plugins: [pinia, i18n] } });
    expect(w.find('[data-test=right-class]').exists()).toBe(false);
    await w.find('[data-test=mark-wrong]').trigger('click');
    expect((w.find('[data-test=right-class]').element as HTMLSelectElement).value).toBe('squares');
    await w.find('[data-test=mark-wrong-ok]').trigger('click');
    await flush();
    expect(api.calls.find((c) => c.channel === 'project:addImages')?.req).toEqual({ projectId: 'p1', class: 'squares', images: [{ dataBase64: 'AAAA', originalName: 'a.png' }] });
    expect(w.find('[data-test=marked]').text()).toBe('Added to the project as squares.');
  });

  it('a dataset image marked wrong moves to the right class; marked correct, it stays as it is', async () => {
    const w = mount(PlayCorrect, { props: { predicted: 'circles', source: { imageId: 'd1:circles/c0.png' } }, global: { plugins: [pinia, i18n] } });
    await w.find('[data-test=mark-correct]').trigger('click');
    await flush();
    expect(api.calls.some((c) => c.channel === 'project:relabel' || c.channel === 'project:addImages')).toBe(false);
    expect(w.find('[data-test=marked]').text()).toBe('Already in the project as circles: nothing to change.');
    await w.setProps({ source: { imageId: 'd1:circles/c1.png' } } as never);
    await w.find('[data-test=mark-wrong]').trigger('click');
    await w.find('[data-test=mark-wrong-ok]').trigger('click');
    await flush();
    expect(api.calls.find((c) => c.channel === 'project:relabel')?.req).toMatchObject({ images: ['d1:circles/c1.png'], class: 'squares' });
    expect(w.find('[data-test=marked]').text()).toBe('Moved to squares in the project.');
  });

  it('"correct" adds the image under the predicted class; train again warm-starts from the run', async () => {
    useEvaluateStore().runId = 'r1';
    useModelStore().arch = 'cnn-small';
    useModelStore().hyper.epochs = 9;
    const w = mount(PlayCorrect, { props: { predicted: 'circles', source: { dataBase64: 'BBBB', name: 'b.jpg' } }, global: { plugins: [pinia, i18n] } });
    await w.find('[data-test=mark-correct]').trigger('click');
    await flush();
    expect(api.calls.find((c) => c.channel === 'project:addImages')?.req).toMatchObject({ class: 'circles' });
    await w.find('[data-test=train-again-warm]').trigger('click');
    await flush();
    expect(api.calls.find((c) => c.channel === 'train:start')?.req).toMatchObject({ config: { warmStartFrom: 'r1', epochs: 3, arch: 'cnn-small' } });
  });

  it('train again from scratch names the run it retrains, and takes no weights from it', async () => {
    useEvaluateStore().runId = 'r1';
    useModelStore().arch = 'cnn-small';
    const w = mount(PlayCorrect, { props: { predicted: 'circles', source: { dataBase64: 'BBBB', name: 'b.jpg' } }, global: { plugins: [pinia, i18n] } });
    await w.find('[data-test=train-again-scratch]').trigger('click');
    await flush();
    const config = (api.calls.find((c) => c.channel === 'train:start')?.req as { config: Record<string, unknown> }).config;
    expect(config).toMatchObject({ retrainOf: 'r1', arch: 'cnn-small' });
    expect(config).not.toHaveProperty('warmStartFrom');
    // the parent is the run's fact: it never becomes a project setting
    expect(api.calls.filter((c) => c.channel === 'project:setSettings').map((c) => c.req)).not.toContainEqual(expect.objectContaining({ settings: expect.objectContaining({ retrainOf: 'r1' }) }));
  });

  it('an evaluated mistake is relabelled as its prediction in one click', async () => {
    const w = mount(FixImage, { props: { imageId: 'abcd1234.3', predicted: 'squares', path: 'circles/3.png' }, global: { plugins: [pinia, i18n] } });
    await w.find('[data-test=fix-relabel]').trigger('click');
    await flush();
    expect(api.calls.find((c) => c.channel === 'project:relabel')?.req).toEqual({ projectId: 'p1', images: ['abcd1234.3'], class: 'squares' });
    expect(w.text()).toContain('relabelled');
  });
});
