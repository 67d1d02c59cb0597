// Small hand-written contract values the renderer tests share.
import type { DatasetHandle } from '#contract/api';
import type { ArchitectureInfo } from '#contract/engine';
import type { ProjectState } from '#contract/project';
import { vi } from 'vitest';

export const HANDLE: DatasetHandle = {
  id: 'abcd1234',
  scan: {
    root: '/data/shapes', classes: ['circles', 'squares'], counts: { circles: 10, squares: 30 }, images: 40,
    invalid: [{ path: 'squares/bad.png', reason: 'truncated PNG' }], ignored: [],
    warnings: [{ kind: 'imbalance', message: 'squares has 3× as many images as circles', items: ['squares'] }],
    splits: [], greyscale: false,
  },
  samples: { circles: ['abcd1234.0', 'abcd1234.1'], squares: ['abcd1234.10'] },
};

export const ARCHS: ArchitectureInfo[] = [
  { id: 'mlp', params: 1000, layers: [] },
  { id: 'cnn-small', params: 5000, layers: [] },
];

export const describe = (id: string): ArchitectureInfo => ({
  ...(ARCHS.find((a) => a.id === id) ?? { id, params: 42 }),
  layers: [{ name: 'conv1', type: 'Conv2D', outputShape: [null, 16, 16, 8], params: 224 }],
});

/** An open project x.hebb over HANDLE's two classes. */
export const PROJECT_STATE: ProjectState = {
  projectId: 'p1', dir: '/p/x.hebb', datasetHash: 'h', dirty: false, savedAt: null, canUndo: false, canRedo: false,
  project: { schemaVersion: 2, name: 'x', sources: [], classes: ['circles', 'squares'], aliases: {}, overrides: {}, exclusions: [], added: [], settings: {}, runs: [], revision: 1 },
  dataset: HANDLE, counts: { classes: ['circles', 'squares'], counts: { circles: 10, squares: 30 }, images: 40, excluded: 0, overrides: 0, added: 0 },
};

/**
 * A camera for jsdom: getUserMedia answers a stream whose tracks call `stop`, the video is 4×3, and each frame
 * grabbed through a canvas is JPEG base64 `frame()` (so a test decides what the camera shows, frame by frame).
 */
export function fakeCamera(frame: () => string, stop: () => void = () => undefined): void {
  Object.defineProperty(navigator, 'mediaDevices', { configurable: true, value: {
    getUserMedia: vi.fn(async () => ({ getTracks: () => [{ stop }] })),
    enumerateDevices: async () => [],
  } });
  vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined);
  Object.defineProperty(HTMLMediaElement.prototype, 'srcObject', { configurable: true, get: () => null, set: () => undefined });
  Object.defineProperty(HTMLVideoElement.prototype, 'videoWidth', { configurable: true, get: () => 4 });
  Object.defineProperty(HTMLVideoElement.prototype, 'videoHeight', { configurable: true, get: () => 3 });
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue({ drawImage: () => undefined } as never);
  vi.spyOn(HTMLCanvasElement.prototype, 'toDataURL').mockImplementation(() => `data:image/jpeg;base64,${frame()}`);
}
