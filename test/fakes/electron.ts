// The fake `electron` module every main-process test sees (aliased in vitest.config.ts); tests grab and drive its spies.
// Windows, webContents and utility processes are small event-recording objects so tests can fire the events
// Electron would (will-navigate, resize, exit…) and read back what our code registered.
import { vi } from 'vitest';

type Listener = (...args: any[]) => unknown;

/** A tiny EventEmitter that also lets tests see what was registered. */
class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, fn: Listener) { this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn]); return this; }
  once(event: string, fn: Listener) { return this.on(event, fn); }
  emit(event: string, ...args: unknown[]) { for (const fn of this.listeners.get(event) ?? []) fn(...args); return (this.listeners.get(event)?.length ?? 0) > 0; }
}

let nextId = 1;

export class FakeWebContents extends Emitter {
  readonly id = nextId++;
  windowOpenHandler: ((d: { url: string }) => { action: string }) | null = null;
  readonly sent: unknown[][] = [];
  destroyed = false;
  readonly session = {
    headersListener: null as Listener | null,
    permissionHandler: null as Listener | null,
    webRequest: { onHeadersReceived: (fn: Listener) => { this.session.headersListener = fn; } },
    setPermissionRequestHandler: (fn: Listener) => { this.session.permissionHandler = fn; },
    permissionCheck: null as Listener | null,
    setPermissionCheckHandler: (fn: Listener) => { this.session.permissionCheck = fn; },
  };
  setWindowOpenHandler(fn: (d: { url: string }) => { action: string }) { this.windowOpenHandler = fn; }
  send(...args: unknown[]) { this.sent.push(args); }
  isDestroyed() { return this.destroyed; }
}

export class FakeBrowserWindow extends Emitter {
  static readonly all: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  bounds = { x: 10, y: 20, width: 1280, height: 820 };
  maximized = false;
  shown = false;
  destroyed = false;
  constructor(readonly options: Record<string, any> = {}) {
    super();
    FakeBrowserWindow.all.push(this);
  }
  loadURL(url: string) { this.loadedUrl = url; return Promise.resolve(); }
  loadFile(file: string) { this.loadedUrl = `file://${file}`; return Promise.resolve(); }
  show() { this.shown = true; }
  maximize() { this.maximized = true; }
  isMaximized() { return this.maximized; }
  isMinimized() { return false; }
  restore() {}
  focus() {}
  getNormalBounds() { return { ...this.bounds }; }
  isDestroyed() { return this.destroyed; }
}

export class FakeUtilityProcess extends Emitter {
  readonly posted: unknown[] = [];
  killed = false;
  constructor(readonly modulePath: string, readonly args: string[], readonly options: Record<string, unknown>) { super(); }
  postMessage(m: unknown) { this.posted.push(m); }
  kill() { this.killed = true; return true; }
}

export const app = Object.assign(new Emitter(), {
  whenReady: vi.fn(async () => undefined),
  quit: vi.fn(),
  requestSingleInstanceLock: vi.fn(() => true),
  getPath: vi.fn(() => '/tmp/hebb-fake-electron'),
  getVersion: vi.fn(() => '0.0.0-test'),
  isPackaged: false,
});
vi.spyOn(app, 'on');
export const ipcMain = { handle: vi.fn(), removeHandler: vi.fn(), on: vi.fn() };
export const ipcRenderer = { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn(), send: vi.fn() };
export const contextBridge = { exposeInMainWorld: vi.fn() };
export const webUtils = { getPathForFile: vi.fn((f: { path?: string }) => f?.path ?? '') };
export const dialog = { showOpenDialog: vi.fn(), showErrorBox: vi.fn() };
export const shell = { openExternal: vi.fn(async () => undefined), openPath: vi.fn(async () => '') };
export const protocol = { handle: vi.fn(), registerSchemesAsPrivileged: vi.fn() };
export const net = { fetch: vi.fn() };
export const Menu = { buildFromTemplate: vi.fn((t: unknown) => ({ template: t })), setApplicationMenu: vi.fn() };
export const webContents = { fromId: vi.fn() };
export const utilityProcess = { fork: vi.fn((p: string, a: string[] = [], o: Record<string, unknown> = {}) => new FakeUtilityProcess(p, a, o)) };
export const MessageChannelMain = vi.fn();
export const screen = { getAllDisplays: vi.fn(() => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }]) };
export const BrowserWindow = Object.assign(
  vi.fn(function (this: unknown, opts: Record<string, any>) { return new FakeBrowserWindow(opts); }),
  { getAllWindows: vi.fn(() => FakeBrowserWindow.all.filter((w) => !w.destroyed)), fromWebContents: vi.fn(), getFocusedWindow: vi.fn(() => null) },
);
export default { app, ipcMain, ipcRenderer, contextBridge, webUtils, dialog, shell, protocol, net, Menu, webContents, utilityProcess, MessageChannelMain, screen, BrowserWindow };
