// The Playground's live camera and paste: a few predictions a second of the frame on screen, each markable like a
// file (a correct frame joins the project under the predicted class); naming the right class holds the frame still,
// and so does a mark for a moment; a pasted image is predicted like a dropped one; leaving the view stops the camera.
import { mount, type VueWrapper } from '@vue/test-utils';
import type { Pinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../../../src-renderer/src/i18n';
import { useAppStore } from '../../../src-renderer/src/stores/app';
import { useEvaluateStore } from '../../../src-renderer/src/stores/evaluate';
import { useProjectStore } from '../../../src-renderer/src/stores/project';
import PlaygroundView from '../../../src-renderer/src/views/PlaygroundView.vue';
import { freshStudio, type FakeApi } from '../fake-api';
import { fakeCamera, PROJECT_STATE } from '../fixtures';

const STATE = PROJECT_STATE;
let api: FakeApi;
let pinia: Pinia;
let frame = 0;
const stopped = vi.fn();
const settle = async () => { for (let i = 0; i < 10; i++) await Promise.resolve(); };
const predicted = () => api.calls.filter((c) => c.channel === 'predict:image').map((c) => (c.req as { pngBase64?: string }).pngBase64);

beforeEach(async () => {
  ({ api, pinia } = freshStudio());
  frame = 0;
  stopped.mockClear();
  for (const c of ['project:open', 'project:show'] as const) api.answer(c, STATE);
  api.answer('project:images', { total: 0, images: [] });
  api.answer('project:recent', { projects: [] });
  api.answer('runs:list', { runs: [] } as never);
  api.answer('project:addImages', { ...STATE, keys: ['images/k.jpg'] });
  api.answer('predict:image', { file: '', label: 'circles', probabilities: [0.8, 0.2], saliencyPngBase64: null, topK: [{ label: 'circles', probability: 0.8 }, { label: 'squares', probability: 0.2 }] });
  fakeCamera(() => `F${frame++}`, stopped);
  await useProjectStore().open('/p/x.hebb');
  useEvaluateStore().runId = 'r1';
  useAppStore().view = 'playground';
});
afterEach(() => { vi.useRealTimers(); vi.restoreAllMocks(); });

const view = () => mount(PlaygroundView, { global: { plugins: [pinia, i18n], stubs: { EChart: true, RunPicker: true } }, attachTo: document.body });
/** Time passes half a second at a time, each prediction answered before the next frame is due. */
async function tick(w: VueWrapper, ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 500) {
    vi.advanceTimersByTime(500);
    await settle();
    await w.vm.$nextTick();
  }
}

describe('Playground live camera', () => {
  it('predicts the frame on screen twice a second; a frame marked correct joins the project; naming the right class holds it', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const w = view();
    await w.get('[data-test=play-camera-on]').trigger('click');
    await settle();
    expect(w.find('[data-test=play-live]').exists()).toBe(true);
    await tick(w, 1000);
    expect(predicted()).toEqual(['F0', 'F1']);
    await w.get('[data-test=mark-correct]').trigger('click');
    await settle();
    expect(api.calls.find((c) => c.channel === 'project:addImages')?.req).toEqual({ projectId: 'p1', class: 'circles', images: [{ dataBase64: 'F1', originalName: 'webcam.jpg' }] });
    await tick(w, 1000); // the mark holds the frame a moment (1.5 s)
    expect(predicted()).toHaveLength(2);
    await tick(w, 500);
    expect(predicted()).toHaveLength(3);
    await w.get('[data-test=mark-wrong]').trigger('click');
    await tick(w, 3000); // choosing the right class: the frame stays
    expect(predicted()).toHaveLength(3);
    await w.get('[data-test=mark-wrong-ok]').trigger('click');
    await settle();
    expect(api.calls.filter((c) => c.channel === 'project:addImages').at(-1)?.req).toMatchObject({ class: 'squares', images: [{ dataBase64: 'F2' }] });
    await w.get('[data-test=play-camera-off]').trigger('click');
    expect(stopped).toHaveBeenCalled();
    await tick(w, 3000);
    expect(predicted()).toHaveLength(3);
    w.unmount();
  });

  it('stops the camera when the view goes away', async () => {
    const w = view();
    await w.get('[data-test=play-camera-on]').trigger('click');
    await settle();
    w.unmount();
    expect(stopped).toHaveBeenCalled();
  });
});

describe('Playground paste', () => {
  it('predicts a pasted image like a dropped file, and ignores pastes on other views', async () => {
    const w = view();
    const paste = (file: File) => {
      const e = new Event('paste', { bubbles: true, cancelable: true });
      Object.defineProperty(e, 'clipboardData', { value: { files: [file] } });
      document.dispatchEvent(e);
    };
    const png = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'clip.png', { type: 'image/png' });
    paste(png);
    await vi.waitFor(() => expect(predicted()).toEqual([btoa(String.fromCharCode(0x89, 0x50, 0x4e, 0x47))]));
    useAppStore().view = 'data';
    const ignored = new Event('paste', { bubbles: true, cancelable: true });
    Object.defineProperty(ignored, 'clipboardData', { value: { files: [png] } });
    document.dispatchEvent(ignored);
    expect(ignored.defaultPrevented).toBe(false); // the Playground left it to the view in front
    w.unmount();
  });
});
