// Window state remembered across launches: safe to apply on today's displays, saved atomically after moves.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, expect, it, vi } from 'vitest';
import { FakeBrowserWindow } from '../fakes/electron';
import { DEFAULT_STATE, loadWindowState, trackWindowState } from '../../src-main/window-state';
import { removeTmpDirs, tmpDirSync } from '../helpers/fixtures';

afterAll(removeTmpDirs);

const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];
const dir = () => tmpDirSync('hebb-ws-');
afterEach(() => { vi.useRealTimers(); });

it('falls back to defaults for a missing or corrupt file', async () => {
  const d = dir();
  expect(await loadWindowState(path.join(d, 'none.json'), screen)).toEqual(DEFAULT_STATE);
  writeFileSync(path.join(d, 'bad.json'), '{ not json');
  expect(await loadWindowState(path.join(d, 'bad.json'), screen)).toEqual(DEFAULT_STATE);
});

it('keeps a visible position, drops one on an unplugged monitor, and clamps tiny sizes', async () => {
  const f = path.join(dir(), 'ws.json');
  writeFileSync(f, JSON.stringify({ x: 100, y: 50, width: 1400, height: 900, maximized: true }));
  expect(await loadWindowState(f, screen)).toEqual({ x: 100, y: 50, width: 1400, height: 900, maximized: true });
  writeFileSync(f, JSON.stringify({ x: 3000, y: 50, width: 200, height: 100, maximized: 'yes' }));
  expect(await loadWindowState(f, screen)).toEqual({ width: 900, height: 600, maximized: false });
});

it('saves after moves (debounced) and on close, atomically', async () => {
  vi.useFakeTimers();
  const d = dir();
  const f = path.join(d, 'ws.json');
  const win = new FakeBrowserWindow();
  trackWindowState(win, f, 200);
  win.bounds = { x: 1, y: 2, width: 1000, height: 700 };
  win.emit('move');
  win.emit('resize');
  await vi.advanceTimersByTimeAsync(250);
  vi.useRealTimers();
  await vi.waitFor(() => expect(JSON.parse(readFileSync(f, 'utf8'))).toEqual({ x: 1, y: 2, width: 1000, height: 700, maximized: false }));
  win.maximized = true;
  win.emit('close');
  await vi.waitFor(() => expect(JSON.parse(readFileSync(f, 'utf8')).maximized).toBe(true));
  expect(readdirSync(d)).toEqual(['ws.json']); // no temp files left behind
});
