// The dataset store: opening a folder by path, progress events, errors as data, split counts.
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { setApi } from '../../../src-renderer/src/api';
import { useDatasetStore } from '../../../src-renderer/src/stores/dataset';
import { fakeApi, type FakeApi } from '../fake-api';
import { HANDLE } from '../fixtures';

let api: FakeApi;
beforeEach(() => {
  setActivePinia(createPinia());
  api = fakeApi();
  setApi(api);
  localStorage.clear();
});

describe('dataset store', () => {
  it('opens a folder by path and keeps the handle, remembering the folder', async () => {
    api.answer('dataset:open', (req) => { api.emit('scan:progress', { done: 5, total: 40 }); return { ...HANDLE, scan: { ...HANDLE.scan, root: req.path } }; });
    const ds = useDatasetStore();
    expect(await ds.open('/data/shapes')).toBe(true);
    expect(api.calls).toEqual([{ channel: 'dataset:open', req: { path: '/data/shapes' } }]);
    expect(ds.classes).toEqual(['circles', 'squares']);
    expect(ds.progress).toBeNull();
    expect(localStorage.getItem('hebb-last-folder')).toBe('/data/shapes');
  });

  it('keeps the error and no handle when the core refuses the folder', async () => {
    api.answer('dataset:open', { code: 'NOT_A_DIRECTORY', message: 'not a folder', file: '/x.png' }, true);
    const ds = useDatasetStore();
    expect(await ds.open('/x.png')).toBe(false);
    expect(ds.handle).toBeNull();
    expect(ds.error).toMatchObject({ code: 'NOT_A_DIRECTORY', file: '/x.png' });
    expect(ds.opening).toBe(false);
  });

  it('derives per-class split counts from the sliders', async () => {
    api.answer('dataset:open', HANDLE);
    const ds = useDatasetStore();
    await ds.open('/data/shapes');
    ds.split = { val: 0.2, test: 0.1, seed: 1 };
    expect(ds.splitCounts).toEqual([
      { label: 'circles', train: 7, val: 2, test: 1 },
      { label: 'squares', train: 21, val: 6, test: 3 },
    ]);
  });

  it('asks for an augmentation preview of the first sample with the current settings', async () => {
    api.answer('dataset:open', HANDLE);
    api.answer('dataset:augmentPreview', { pngBase64: 'AAA' });
    const ds = useDatasetStore();
    await ds.open('/data/shapes');
    ds.augment = { horizontalFlip: true };
    await ds.refreshPreview(64);
    expect(api.calls.at(-1)).toMatchObject({ channel: 'dataset:augmentPreview', req: { datasetId: 'abcd1234', imageId: 'abcd1234.0', augment: { horizontalFlip: true }, preprocess: { width: 64, height: 64, channels: 3 } } });
    expect(ds.preview).toBe('data:image/png;base64,AAA');
  });
});
