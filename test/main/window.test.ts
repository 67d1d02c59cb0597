// The window's security: webPreferences, CSP (header and meta), navigation/new-window lock-down, permissions, error page.
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow, shell } from '../fakes/electron';
import { CSP, appUrlMatcher, createMainWindow, errorPageHtml, securePreferences, showErrorWindow } from '../../src-main/window';

const PAGE = 'file:///opt/hebb/resources/app.asar/out/renderer/index.html';

function open() {
  return createMainWindow({ preload: '/opt/hebb/out/preload/index.cjs', pageUrl: PAGE, state: { width: 1000, height: 700, maximized: true, x: 5, y: 6 } }) as unknown as FakeBrowserWindow;
}

beforeEach(() => { vi.clearAllMocks(); });

describe('main window', () => {
  it('is sandboxed, context-isolated, without Node, with our preload', () => {
    const win = open();
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, webviewTag: false, webSecurity: true, preload: '/opt/hebb/out/preload/index.cjs' });
    expect(win.options).toMatchObject({ x: 5, y: 6, width: 1000, height: 700, show: false });
    expect(win.loadedUrl).toBe(PAGE);
    win.emit('ready-to-show');
    expect(win.shown && win.maximized).toBe(true);
  });

  it('denies window.open and sends only http(s) links to the browser', () => {
    const wc = open().webContents;
    expect(wc.windowOpenHandler!({ url: 'https://example.org/docs' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledWith('https://example.org/docs');
    expect(wc.windowOpenHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(wc.windowOpenHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
  });

  it('blocks navigation and redirects away from our page, and <webview>', () => {
    const wc = open().webContents;
    for (const ev of ['will-navigate', 'will-redirect', 'will-frame-navigate']) {
      const away = { preventDefault: vi.fn(), url: 'https://evil.example/' };
      wc.emit(ev, away, 'https://evil.example/');
      expect(away.preventDefault).toHaveBeenCalled();
      const dropped = { preventDefault: vi.fn() };
      wc.emit(ev, dropped, 'file:///home/me/photo.png'); // a file dropped outside the drop zone
      expect(dropped.preventDefault).toHaveBeenCalled();
      const home = { preventDefault: vi.fn() };
      wc.emit(ev, home, `${PAGE}#/train`);
      expect(home.preventDefault).not.toHaveBeenCalled();
    }
    const webview = { preventDefault: vi.fn() };
    wc.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('adds the CSP header to our page only, and refuses every permission but the camera for our own page', () => {
    const wc = open().webContents;
    const cb = vi.fn();
    wc.session.headersListener!({ url: PAGE, responseHeaders: { 'X-A': ['1'] } }, cb);
    expect(cb.mock.calls[0][0].responseHeaders).toMatchObject({ 'X-A': ['1'], 'Content-Security-Policy': [CSP] });
    wc.session.headersListener!({ url: 'https://other.example/x', responseHeaders: {} }, cb);
    expect(cb.mock.calls[1][0].responseHeaders['Content-Security-Policy']).toBeUndefined();
    const ask = (who: unknown, permission: string, details: object) => { const grant = vi.fn(); wc.session.permissionHandler!(who, permission, grant, details); return grant.mock.calls[0]![0]; };
    expect(ask(wc, 'media', { requestingUrl: PAGE, mediaTypes: ['video'] })).toBe(true);
    expect(ask(wc, 'media', { requestingUrl: PAGE, mediaTypes: ['video', 'audio'] })).toBe(false);
    expect(ask(wc, 'media', { requestingUrl: 'https://other.example/', mediaTypes: ['video'] })).toBe(false);
    expect(ask(open().webContents, 'media', { requestingUrl: PAGE, mediaTypes: ['video'] })).toBe(false); // another window's contents
    expect(ask(wc, 'geolocation', { requestingUrl: PAGE })).toBe(false);
    expect(ask(wc, 'notifications', { requestingUrl: PAGE })).toBe(false);
    const check = wc.session.permissionCheck!;
    expect(check(wc, 'media', PAGE, { requestingUrl: PAGE, mediaType: 'video' })).toBe(true);
    expect(check(wc, 'media', PAGE, { requestingUrl: PAGE, mediaType: 'audio' })).toBe(false);
    expect(check(wc, 'media', 'https://other.example', { requestingUrl: 'https://other.example/' })).toBe(false);
    expect(check(wc, 'clipboard-read', PAGE, { requestingUrl: PAGE })).toBe(false);
  });

  it('keeps a strict CSP: no inline or eval scripts, images only from us and the image protocol', () => {
    expect(CSP).toContain("script-src 'self'");
    expect(CSP).not.toMatch(/script-src[^;]*unsafe/);
    expect(CSP).toContain("object-src 'none'");
    expect(CSP).toContain('hebb-image:');
    const html = readFileSync(new URL('../../src-renderer/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
    expect(meta).not.toBeNull();
    expect(meta![1]).toContain("script-src 'self'");
    expect(meta![1]).not.toMatch(/script-src[^;]*unsafe/);
  });
});

describe('helpers', () => {
  it('matches our page by file path or by dev-server origin', () => {
    const file = appUrlMatcher(PAGE);
    expect(file(`${PAGE}?x=1#/data`)).toBe(true);
    expect(file('file:///opt/hebb/other.html')).toBe(false);
    expect(file('not a url')).toBe(false);
    const dev = appUrlMatcher('http://localhost:5173/');
    expect(dev('http://localhost:5173/src/main.ts')).toBe(true);
    expect(dev('http://localhost:5174/')).toBe(false);
    expect(dev('https://localhost:5173/')).toBe(false);
  });

  it('has no preload key when none is given', () => {
    expect(securePreferences(undefined)).not.toHaveProperty('preload');
  });

  it('shows an escaped error page without script', () => {
    const html = errorPageHtml('Oops', 'Cannot find module <sharp> & "libvips"', 'Reinstall.');
    expect(html).toContain('&lt;sharp&gt; &amp; &quot;libvips&quot;');
    expect(html).not.toContain('<script');
    expect(html).toContain("default-src 'none'");
    const win = showErrorWindow('Oops', 'boom', 'hint') as unknown as FakeBrowserWindow;
    expect(win.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(win.options.webPreferences.preload).toBeUndefined();
    expect(decodeURIComponent(win.loadedUrl!.replace(/^data:text\/html;charset=utf-8,/, ''))).toContain('boom');
  });
});
