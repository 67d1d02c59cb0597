// The preload bridge: named functions per action, a `call` limited to those, `on` without the Electron event, no ipcRenderer.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { contextBridge, ipcRenderer, webUtils } from '../fakes/electron';
import { API_FUNCTIONS, EVENT_CHANNEL } from '../../src-main/ipc/channels';

let bridge: Record<string, any>;
beforeAll(async () => {
  await import('../../src-main/preload');
  expect(contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [name, value] = contextBridge.exposeInMainWorld.mock.calls[0]!;
  expect(name).toBe('hebb');
  bridge = value as Record<string, any>;
});

describe('preload bridge', () => {
  it('exposes functions only, one per action, and never ipcRenderer or its methods', () => {
    for (const [key, value] of Object.entries(bridge)) {
      expect(value, key).not.toBe(ipcRenderer);
      if (key !== 'mode') expect(typeof value, key).toBe('function');
    }
    for (const name of Object.values(API_FUNCTIONS)) expect(typeof bridge[name]).toBe('function');
    for (const raw of ['invoke', 'send', 'sendSync', 'ipcRenderer', 'removeListener', 'postMessage']) expect(bridge).not.toHaveProperty(raw);
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('maps each action to its own IPC channel', async () => {
    ipcRenderer.invoke.mockResolvedValue({ ok: true, value: 'x' });
    await expect(bridge.openDataset({ path: '/data/pets' })).resolves.toEqual({ ok: true, value: 'x' });
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith('hebb:dataset:open', { path: '/data/pets' });
    await bridge.call('memory:store', { imageIds: [], size: 8, rule: 'hebb' });
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith('hebb:memory:store', { imageIds: [], size: 8, rule: 'hebb' });
  });

  it('refuses channels outside the contract without touching IPC', async () => {
    ipcRenderer.invoke.mockClear();
    await expect(bridge.call('shell:exec', {})).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    await expect(bridge.call('__proto__', {})).resolves.toMatchObject({ ok: false });
    expect(ipcRenderer.invoke).not.toHaveBeenCalled();
  });

  it('delivers pushed events without the Electron event object, and unsubscribes', () => {
    const epochs = vi.fn(), opened = vi.fn();
    const off = bridge.on('train:epoch', epochs);
    bridge.on('shell:dataset-opened', opened);
    expect(bridge.on('not:an-event', vi.fn())).toBeTypeOf('function');
    expect(ipcRenderer.on).toHaveBeenCalledTimes(1); // one IPC listener for all events
    const [channel, relay] = ipcRenderer.on.mock.calls[0]!;
    expect(channel).toBe(EVENT_CHANNEL);
    const electronEvent = { sender: ipcRenderer, senderId: 0 };
    relay(electronEvent, 'train:epoch', { runId: 'r', epoch: 3 });
    relay(electronEvent, 'shell:dataset-opened', { id: 'abcd0123' });
    expect(epochs).toHaveBeenCalledWith({ runId: 'r', epoch: 3 });
    expect(epochs.mock.calls[0]).toHaveLength(1);
    expect(opened).toHaveBeenCalledWith({ id: 'abcd0123' });
    off();
    relay(electronEvent, 'train:epoch', { runId: 'r', epoch: 4 });
    expect(epochs).toHaveBeenCalledTimes(1);
  });

  it('names images by the protocol and dropped folders by webUtils', () => {
    expect(bridge.imageUrl('0123abcd.42', 96)).toBe('hebb-image://img/0123abcd.42?size=96');
    expect(bridge.imageUrl('a/../b')).toBe('hebb-image://img/a%2F..%2Fb?size=160');
    expect(bridge.pathForFile({ path: '/home/me/flowers' })).toBe('/home/me/flowers');
    webUtils.getPathForFile.mockImplementationOnce(() => { throw new Error('not a File'); });
    expect(bridge.pathForFile({})).toBe('');
  });
});
