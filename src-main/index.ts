/**
 * Electron lifecycle only: one instance, ready → core service → image protocol → guarded IPC → window and
 * menu. Everything with logic lives in plain modules (service/, ipc/, window.ts, menu.ts, protocol.ts) so it
 * can be tested without Electron; if the core or a native module (sharp) cannot load, a plain error page
 * says which and what to do instead of a blank window.
 */

import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import electron from 'electron';
import type { Service, ServiceOptions } from './service/index';
import { appDataDir } from './core/paths';
import { forwardEvents } from './ipc/events';
import { registerApi, ourSenders } from './ipc/register';
import { builtWorkerEntry, utilityWorkerFactory } from './ipc/train-process';
import { menuTemplate, openDatasetFlow } from './menu';
import { IMAGE_SCHEME_PRIVILEGES, registerImageProtocol } from './protocol';
import { appUrlMatcher, createMainWindow, showErrorWindow } from './window';
import { loadWindowState, trackWindowState, windowStateFile } from './window-state';
import { EVENT_CHANNEL } from './ipc/channels';

const { app, BrowserWindow, Menu, dialog, ipcMain, protocol, screen, shell, utilityProcess } = electron;

/** out/main when built; the preload and the page sit beside it (electron.vite.config.ts). */
const MAIN_DIR = path.dirname(fileURLToPath(import.meta.url));
const PRELOAD = path.join(MAIN_DIR, '../preload/index.cjs');
/** electron-vite dev serves the page and sets ELECTRON_RENDERER_URL; a built app loads the file. */
const PAGE_URL = !app.isPackaged && process.env.ELECTRON_RENDERER_URL
  ? process.env.ELECTRON_RENDERER_URL
  : pathToFileURL(path.join(MAIN_DIR, '../renderer/index.html')).href;

type Win = InstanceType<typeof BrowserWindow>;

// Must happen before 'ready': the image scheme behaves like https (standard URL parsing, secure context, fetch).
protocol.registerSchemesAsPrivileged([IMAGE_SCHEME_PRIVILEGES]);

/** Load the core (and with it sharp, the native module every feature needs) or explain why it cannot. */
async function loadService(): Promise<Service> {
  const [{ createService }] = await Promise.all([import('./service/index'), import('sharp')]);
  // Training runs and engine tasks run in utilityProcesses; the option reaches both worker clients (see ipc/train-process.ts).
  const options: ServiceOptions & { createWorker?: unknown } = { createWorker: utilityWorkerFactory(utilityProcess, builtWorkerEntry(MAIN_DIR)) };
  return createService(options);
}

export async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit(); // the first instance focuses its window (second-instance below)
    return;
  }
  const windows = new Set<Win>();
  const focus = () => {
    const w = [...windows].find((x) => !x.isDestroyed());
    if (!w) return;
    if (w.isMinimized()) w.restore();
    w.focus();
  };
  app.on('second-instance', focus);
  app.on('window-all-closed', () => { if (process.platform !== 'darwin') app.quit(); });
  await app.whenReady();

  let service: Service;
  try {
    service = await loadService();
  } catch (err) {
    const message = err instanceof Error ? `${err.message}\n\n${err.stack ?? ''}` : String(err);
    showErrorWindow('Hebb Studio could not load its image engine',
      message,
      'A native module (usually sharp) did not load for this platform. Reinstall Hebb Studio from the installer for your system; when running from source, run `npm install` again with the same Node/Electron version.');
    return;
  }

  registerImageProtocol(protocol, service);
  const live = () => [...windows].filter((w) => !w.isDestroyed());
  registerApi(ipcMain, service.handlers, ourSenders(() => live().map((w) => w.webContents.id), appUrlMatcher(PAGE_URL)));
  forwardEvents(service.events, () => live().map((w) => w.webContents));

  const stateFile = windowStateFile();
  const openWindow = async () => {
    const state = await loadWindowState(stateFile, screen.getAllDisplays().map((d: { workArea: { x: number; y: number; width: number; height: number } }) => d.workArea));
    const win = createMainWindow({ preload: PRELOAD, pageUrl: PAGE_URL, state });
    windows.add(win);
    trackWindowState(win, stateFile);
    win.on('closed', () => windows.delete(win));
    return win;
  };
  await openWindow();
  app.on('activate', () => { if (live().length === 0) void openWindow(); });

  const sendToFocused = (event: string, payload: unknown) => {
    const w = BrowserWindow.getFocusedWindow?.() ?? live()[0];
    w?.webContents.send(EVENT_CHANNEL, event, payload);
  };
  const recent = await service.call('project:recent', undefined).then((r) => (r.ok ? r.value.projects : []), () => []);
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate({
    recent,
    isMac: process.platform === 'darwin',
    dev: !app.isPackaged,
    navigate: (view) => sendToFocused('shell:navigate', { view }),
    setLocale: (locale) => sendToFocused('shell:locale', { locale }),
    openDataFolder: () => void shell.openPath(appDataDir()),
    // New/Open/Save As ask for the folder here (the page has no native dialog); the page then calls project:*.
    project: (action, given) => void (async () => {
      let path = given;
      if (!path && action !== 'save') {
        const r = await dialog.showOpenDialog({ title: action === 'open' ? 'Open project' : 'Project folder', properties: ['openDirectory', 'createDirectory'] });
        if (r.canceled || !r.filePaths[0]) return;
        path = r.filePaths[0];
      }
      sendToFocused('shell:project', { action, ...(path ? { path } : {}) });
    })(),
    openDataset: () => void openDatasetFlow({
      showOpenDialog: (o) => dialog.showOpenDialog(o),
      call: (channel, req) => service.call(channel, req),
      opened: (handle) => sendToFocused('shell:dataset-opened', handle),
      showError: (title, message) => dialog.showErrorBox(title, message),
    }),
  }) as never));

  let disposed = false;
  app.on('before-quit', () => {
    if (disposed) return;
    disposed = true;
    void service.dispose(); // stop training runs so their workers end and checkpoints close cleanly
  });
}

/** Resolves when start-up is done (tests await it). */
export const started = main();
