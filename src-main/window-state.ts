/** The main window's size, position and maximised state, remembered across launches in app data (written atomically). */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeJsonAtomic } from './core/atomic';
import { appDataDir } from './core/paths';

export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export interface Rect { x: number; y: number; width: number; height: number }

export const DEFAULT_STATE: WindowState = { width: 1280, height: 820, maximized: false };
export const MIN_SIZE = { width: 900, height: 600 };

export const windowStateFile = (): string => path.join(appDataDir(), 'window-state.json');

/**
 * Read the saved state and make it safe to apply: sizes clamped to the minimum, and the position dropped
 * (so the window centres) unless at least 100×50 px of its title area lies on one of today's displays — a
 * monitor unplugged since last time must not leave the window off-screen. Missing or corrupt file → defaults.
 */
export async function loadWindowState(file: string, workAreas: Rect[]): Promise<WindowState> {
  let raw: Partial<WindowState>;
  try {
    raw = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<WindowState>;
  } catch {
    return { ...DEFAULT_STATE };
  }
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v) : undefined);
  const state: WindowState = {
    width: Math.max(MIN_SIZE.width, num(raw.width) ?? DEFAULT_STATE.width),
    height: Math.max(MIN_SIZE.height, num(raw.height) ?? DEFAULT_STATE.height),
    maximized: raw.maximized === true,
  };
  const x = num(raw.x), y = num(raw.y);
  if (x !== undefined && y !== undefined && workAreas.some((a) => overlap(a, { x, y, width: state.width, height: 50 }) >= 100 * 50)) {
    state.x = x;
    state.y = y;
  }
  return state;
}

export function saveWindowState(file: string, state: WindowState): Promise<void> {
  return writeJsonAtomic(file, state);
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** The window events and getters tracking needs (BrowserWindow fits). */
export interface TrackedWindow {
  on(event: string, listener: () => void): unknown;
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  isDestroyed(): boolean;
}

/** Save the state shortly after every move/resize, and once more on close. Returns a flush for tests and quit. */
export function trackWindowState(win: TrackedWindow, file: string, debounceMs = 500): () => Promise<void> {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last: WindowState | null = null;
  const capture = () => {
    if (win.isDestroyed()) return;
    last = { ...win.getNormalBounds(), maximized: win.isMaximized() };
  };
  const flush = async () => {
    if (timer) { clearTimeout(timer); timer = null; }
    capture();
    if (last) await saveWindowState(file, last).catch(() => undefined); // losing a window position is never worth an error dialog
  };
  const schedule = () => {
    capture();
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void flush(), debounceMs);
  };
  for (const ev of ['resize', 'move', 'maximize', 'unmaximize']) win.on(ev, schedule);
  win.on('close', () => void flush());
  return flush;
}
