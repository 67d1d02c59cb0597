// The Electron lifecycle with the fake electron: single instance, ready → service → protocol → IPC → window → menu; error page.
import { afterAll, beforeEach, expect, it, vi } from 'vitest';
import { CHANNELS, EVENT_CHANNEL } from '../../src-main/ipc/channels';
import { createEventBus } from '../../src-main/service/events';
import { removeTmpDirs, tmpDirSync } from '../helpers/fixtures';

afterAll(removeTmpDirs);

const service = {
  handlers: Object.fromEntries(CHANNELS.map((c) => [c, vi.fn(async () => c)])),
  events: createEventBus(),
  call: vi.fn(async () => ({ ok: true, value: { id: 'abcd0123' } })),
  image: vi.fn(),
  dispose: vi.fn(async () => undefined),
};
const createService = vi.fn((_opts: unknown) => service);

// index.ts runs on import, so each test re-imports it with a fresh module graph — and with the very fake
// electron instance it sees (resetModules makes a new one), taken from the same registry.
let fake: typeof import('../fakes/electron');
beforeEach(async () => {
  vi.resetModules();
  vi.clearAllMocks();
  process.env.HEBB_HOME = tmpDirSync('hebb-index-');
  vi.doMock('../../src-main/service/index', () => ({ createService }));
  fake = await import('../fakes/electron');
  fake.FakeBrowserWindow.all.length = 0;
});

async function start() {
  const mod = await import('../../src-main/index');
  await mod.started;
}

it('starts: privileged scheme, protocol, guarded IPC for every channel, a secure window, the menu', async () => {
  const { app, dialog, FakeBrowserWindow, ipcMain, Menu, protocol } = fake;
  await start();
  expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([expect.objectContaining({ scheme: 'hebb-image', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
  expect(protocol.handle).toHaveBeenCalledWith('hebb-image', expect.any(Function));
  expect(ipcMain.handle.mock.calls.map((c) => c[0]).sort()).toEqual(CHANNELS.map((c) => `hebb:${c}`).sort());
  expect(FakeBrowserWindow.all).toHaveLength(1);
  const win = FakeBrowserWindow.all[0]!;
  expect(win.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
  expect(win.options.webPreferences.preload).toMatch(/preload[/\\]index\.cjs$/);
  expect(win.loadedUrl).toMatch(/^file:.*renderer\/index\.html$/);
  expect(Menu.setApplicationMenu).toHaveBeenCalled();
  expect((createService.mock.calls[0]![0] as { createWorker: unknown }).createWorker).toBeTypeOf('function');

  // An IPC call from our window reaches the service; the core's events reach the window.
  const handler = ipcMain.handle.mock.calls.find((c) => c[0] === 'hebb:runs:list')![1];
  await expect(handler({ sender: { id: win.webContents.id }, senderFrame: { url: win.loadedUrl } }, undefined)).resolves.toEqual({ ok: true, value: 'runs:list' });
  await expect(handler({ sender: { id: 12345 }, senderFrame: { url: win.loadedUrl } }, undefined)).resolves.toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  service.events.emit('train:end', { runId: 'r' } as never);
  expect(win.webContents.sent).toContainEqual([EVENT_CHANNEL, 'train:end', { runId: 'r' }]);

  // File › Open dataset… → dialog → service → page.
  dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/data/pets'] });
  const template = Menu.buildFromTemplate.mock.calls[0]![0] as { submenu?: { label?: string; click?: () => void }[] }[];
  template.flatMap((m) => m.submenu ?? []).find((i) => i.label === 'Open Dataset…')!.click!();
  await vi.waitFor(() => expect(win.webContents.sent).toContainEqual([EVENT_CHANNEL, 'shell:dataset-opened', { id: 'abcd0123' }]));
  expect(service.call).toHaveBeenCalledWith('dataset:open', { path: '/data/pets' });

  app.emit('before-quit');
  expect(service.dispose).toHaveBeenCalledTimes(1);
});

it('quits at once when another instance holds the lock', async () => {
  const { app, FakeBrowserWindow, ipcMain } = fake;
  app.requestSingleInstanceLock.mockReturnValueOnce(false);
  await start();
  expect(app.quit).toHaveBeenCalled();
  expect(FakeBrowserWindow.all).toHaveLength(0);
  expect(ipcMain.handle).not.toHaveBeenCalled();
});

it('shows a clear error page when the core or a native module fails to load', async () => {
  const { FakeBrowserWindow, ipcMain } = fake;
  // What sharp throws when its prebuilt binary does not match the platform, surfacing as the core loads.
  vi.doMock('../../src-main/service/index', () => ({ createService: () => { throw new Error('Could not load the "sharp" module using the linux-x64 runtime'); } }));
  await start();
  expect(FakeBrowserWindow.all).toHaveLength(1);
  const win = FakeBrowserWindow.all[0]!;
  expect(win.options.webPreferences.preload).toBeUndefined();
  const html = decodeURIComponent(win.loadedUrl!.replace(/^data:text\/html;charset=utf-8,/, ''));
  expect(html).toContain('could not load its image engine');
  expect(html).toContain('&quot;sharp&quot; module');
  expect(ipcMain.handle).not.toHaveBeenCalled();
});
