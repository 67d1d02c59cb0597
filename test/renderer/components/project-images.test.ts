// The Images panel's own imports (files picked, dropped on a class, pasted) go through the upload queue: batched
// under the per-call limit, non-images skipped, into the chosen class.
import { mount } from '@vue/test-utils';
import type { Pinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ADD_IMAGES_MAX_PER_CALL } from '#contract/project';
import { i18n } from '../../../src-renderer/src/i18n';
import ProjectImages from '../../../src-renderer/src/components/ProjectImages.vue';
import { useProjectStore } from '../../../src-renderer/src/stores/project';
import { useUploadStore } from '../../../src-renderer/src/stores/upload-store';
import { freshStudio, type FakeApi } from '../fake-api';
import { PROJECT_STATE } from '../fixtures';

let api: FakeApi;
let pinia: Pinia;
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const png = (name: string, n: number) => new File([new Uint8Array([...PNG, n & 255, n >> 8])], name, { type: 'image/png' });
beforeEach(async () => {
  ({ api, pinia } = freshStudio());
  api.answer('project:open', PROJECT_STATE);
  api.answer('project:images', { total: 0, images: [] });
  api.answer('project:recent', { projects: [] });
  api.answer('project:addImages', (r) => ({ ...PROJECT_STATE, keys: r.images.map((_, i) => `images/${i}.png`) }));
  await useProjectStore().open('/p/x.hebb');
});

describe('ProjectImages import', () => {
  it('more files than one call may carry go in batches, into the chosen class, skipping non-images', async () => {
    const w = mount(ProjectImages, { global: { plugins: [pinia, i18n], stubs: { Thumb: true } } });
    await w.get('[data-test=import-class]').setValue('squares');
    const files = [...Array.from({ length: ADD_IMAGES_MAX_PER_CALL + 3 }, (_, i) => png(`p${i}.png`, i)), new File(['x'], 'notes.txt', { type: 'text/plain' })];
    const input = w.get<HTMLInputElement>('[data-test=import-files]');
    Object.defineProperty(input.element, 'files', { value: files, configurable: true });
    await input.trigger('change');
    await vi.waitFor(() => expect(useUploadStore().result?.status).toBe('done'), { timeout: 10_000 });
    const sends = api.calls.filter((c) => c.channel === 'project:addImages').map((c) => c.req as { class: string; images: unknown[] });
    expect(sends.map((s) => [s.class, s.images.length])).toEqual([['squares', ADD_IMAGES_MAX_PER_CALL], ['squares', 3]]);
    expect(useUploadStore().plan).toMatchObject({ skippedNonImage: 1 });
    expect(useUploadStore().result).toMatchObject({ sent: ADD_IMAGES_MAX_PER_CALL + 3, rejected: [] });
  });
});
