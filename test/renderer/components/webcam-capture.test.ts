// Webcam bursts against a fake camera and a fake core that keeps identical bytes once (as project:addImages does):
// the counter says what the project got, the last partial batch goes on release, a refused batch is counted and
// does not stop the ones after it, the class is the one chosen when the burst began, and a camera that is off shows
// a placeholder with a start button instead of a black box.
import { mount, type VueWrapper } from '@vue/test-utils';
import type { Pinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../../../src-renderer/src/i18n';
import WebcamCapture from '../../../src-renderer/src/components/WebcamCapture.vue';
import { useProjectStore } from '../../../src-renderer/src/stores/project';
import { freshStudio, type FakeApi } from '../fake-api';
import { fakeCamera, PROJECT_STATE } from '../fixtures';

const STATE = PROJECT_STATE;
type Added = { class: string; images: { dataBase64: string }[] };

let api: FakeApi;
let pinia: Pinia;
/** What the camera shows at each capture, in order (one string per frame's bytes). */
let shots: string[] = [];
let shot = 0;
/** The project's images: key → class, as the core keeps them (same bytes, one image). */
let stored: Map<string, string>;
const settle = async () => { for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 0)); };
const added = () => api.calls.filter((c) => c.channel === 'project:addImages').map((c) => c.req as Added);

beforeEach(async () => {
  ({ api, pinia } = freshStudio());
  stored = new Map();
  shots = [];
  shot = 0;
  for (const c of ['project:open', 'project:show'] as const) api.answer(c, STATE);
  api.answer('project:images', { total: 0, images: [] });
  api.answer('project:recent', { projects: [] });
  api.answer('project:addImages', (req) => {
    const keys = req.images.map((i) => `images/${i.dataBase64}.jpg`);
    keys.forEach((k) => stored.set(k, req.class));
    return { ...STATE, keys };
  });
  fakeCamera(() => shots[shot++] ?? 'end');
  await useProjectStore().open('/p/x.hebb');
});
afterEach(() => { vi.useRealTimers(); vi.restoreAllMocks(); });

async function cameraOn(): Promise<VueWrapper> {
  const w = mount(WebcamCapture, { global: { plugins: [pinia, i18n] } });
  await w.get('[data-test=camera-on]').trigger('click');
  await settle();
  return w;
}
/** Hold the button for `frames` captures at 5 per second (the first on press), then let go. */
async function burst(w: VueWrapper, frames: number): Promise<void> {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  await w.get('[data-test=hold-to-record]').trigger('pointerdown');
  vi.advanceTimersByTime(200 * (frames - 1));
  await w.get('[data-test=hold-to-record]').trigger('pointerup');
  vi.useRealTimers();
  await settle();
}

describe('webcam capture', () => {
  it('counts what the project got: a camera slower than the capture rate repeats frames, and they are not counted as new', async () => {
    // 32 captures, but the camera delivered a new picture for only 29 of them
    shots = Array.from({ length: 29 }, (_, i) => `f${i}`);
    shots.splice(6, 0, 'f5'); shots.splice(13, 0, 'f11'); shots.splice(21, 0, 'f18');
    expect(shots).toHaveLength(32);
    const w = await cameraOn();
    await burst(w, 32);
    expect(stored.size).toBe(29);
    expect(w.get('[data-test=capture-count]').text()).toBe('29 of 29 frame(s) saved into circles');
  });

  it('sends the last partial batch when the button is released', async () => {
    shots = Array.from({ length: 13 }, (_, i) => `g${i}`);
    const w = await cameraOn();
    await burst(w, 13);
    expect(added().map((a) => a.images.length)).toEqual([10, 3]);
    expect(stored.size).toBe(13);
    expect(w.get('[data-test=capture-saved]').text()).toBe('13 of 13 frame(s) saved into circles');
  });

  it('counts identical frames the core kept once, apart from the ones saved', async () => {
    shots = ['a', 'b', 'a', 'c', 'b'];
    const w = await cameraOn();
    await burst(w, 5);
    expect(stored.size).toBe(3);
    expect(w.get('[data-test=capture-saved]').text()).toBe('3 of 5 frame(s) saved into circles');
    expect(w.get('[data-test=capture-same]').text()).toBe('2 identical frame(s) kept once');
  });

  it('counts a refused batch as lost, with its reason, and still sends the batches after it', async () => {
    const call = api.call.bind(api);
    let n = 0;
    api.call = (async (channel: never, req: never) => (channel === 'project:addImages' && n++ === 0
      ? { ok: false, error: { code: 'INVALID_ARGUMENT', message: 'disk full' } }
      : call(channel, req))) as FakeApi['call'];
    shots = Array.from({ length: 25 }, (_, i) => `h${i}`);
    const w = await cameraOn();
    await burst(w, 25);
    expect(stored.size).toBe(15);
    expect(w.get('[data-test=capture-saved]').text()).toBe('15 of 25 frame(s) saved into circles');
    expect(w.get('[data-test=capture-lost]').text()).toBe('10 frame(s) could not be saved');
    expect(w.get('[role=alert]').text()).toContain('disk full');
  });

  it('keeps the burst in the class chosen when it began, even if another is chosen while it saves', async () => {
    shots = Array.from({ length: 12 }, (_, i) => `k${i}`);
    const w = await cameraOn();
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    await w.get('[data-test=hold-to-record]').trigger('pointerdown');
    vi.advanceTimersByTime(200 * 11);
    void w.get('[data-test=hold-to-record]').trigger('pointerup');
    (w.get('[data-test=capture-class]').element as HTMLSelectElement).value = 'squares';
    await w.get('[data-test=capture-class]').trigger('change');
    vi.useRealTimers();
    await settle();
    expect(added().map((a) => a.class)).toEqual(['circles', 'circles']);
    expect([...new Set(stored.values())]).toEqual(['circles']);
  });

  it('shows a placeholder with a start button while the camera is off, not a black box', async () => {
    const w = mount(WebcamCapture, { global: { plugins: [pinia, i18n] } });
    const placeholder = w.get('[data-test=camera-placeholder]');
    expect(placeholder.text()).toContain('The camera is off');
    expect((w.get('video').element as HTMLElement).style.display).toBe('none');
    await placeholder.get('button').trigger('click');
    await settle();
    expect(navigator.mediaDevices.getUserMedia).toHaveBeenCalled();
    expect(w.find('[data-test=camera-placeholder]').exists()).toBe(false);
    expect((w.get('video').element as HTMLElement).style.display).toBe('');
    await w.get('[data-test=camera-off]').trigger('click');
    expect(w.find('[data-test=camera-placeholder]').exists()).toBe(true);
  });
});
