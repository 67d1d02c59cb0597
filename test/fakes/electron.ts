// The fake `electron` module every main-process test sees (aliased in vitest.config.ts); tests grab and drive its spies.
import { vi } from 'vitest';

export const app = {
  whenReady: vi.fn(async () => undefined),
  on: vi.fn(),
  quit: vi.fn(),
  requestSingleInstanceLock: vi.fn(() => true),
  getPath: vi.fn(() => '/tmp/hebb-fake-electron'),
  getVersion: vi.fn(() => '0.0.0-test'),
  isPackaged: false,
};
export const ipcMain = { handle: vi.fn(), removeHandler: vi.fn(), on: vi.fn() };
export const ipcRenderer = { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn(), send: vi.fn() };
export const contextBridge = { exposeInMainWorld: vi.fn() };
export const dialog = { showOpenDialog: vi.fn(), showErrorBox: vi.fn() };
export const shell = { openExternal: vi.fn() };
export const protocol = { handle: vi.fn(), registerSchemesAsPrivileged: vi.fn() };
export const net = { fetch: vi.fn() };
export const Menu = { buildFromTemplate: vi.fn(() => ({})), setApplicationMenu: vi.fn() };
export const webContents = { fromId: vi.fn() };
export const utilityProcess = { fork: vi.fn() };
export const MessageChannelMain = vi.fn();
export const screen = { getAllDisplays: vi.fn(() => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }]) };
export const BrowserWindow = Object.assign(vi.fn(), { getAllWindows: vi.fn(() => []), fromWebContents: vi.fn() });
export default { app, ipcMain, ipcRenderer, contextBridge, dialog, shell, protocol, net, Menu, webContents, utilityProcess, MessageChannelMain, screen, BrowserWindow };
