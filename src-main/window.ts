/**
 * The main window, locked down: sandboxed renderer with context isolation and no Node, a Content-Security-
 * Policy on every response of our page, no navigation away from it, no new windows (http(s) links open in
 * the user's browser), no permissions, no <webview>. Also the plain error page shown when the core cannot load.
 */

import electron from 'electron';
import type { Rect, WindowState } from './window-state';

/** The same policy as the meta tag in src-renderer/index.html, sent as a header too (plus framing rules). */
export const CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob: hebb-image:",
  "connect-src 'self' ws: wss:", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'none'",
].join('; ');

/** webPreferences for every window we open. */
export function securePreferences(preload: string | undefined) {
  return {
    ...(preload ? { preload } : {}),
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/** Is `url` our page? Same origin for the dev server (http), same file for the built page (file://). */
export function appUrlMatcher(pageUrl: string): (url: string) => boolean {
  const page = new URL(pageUrl);
  return (raw) => {
    let u: URL;
    try { u = new URL(raw); } catch { return false; }
    if (page.protocol === 'file:') return u.protocol === 'file:' && u.pathname === page.pathname;
    return u.origin === page.origin;
  };
}

/** The webContents/session surface the lock-down touches (real Electron and the test fake both fit). */
export interface LockableContents {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' | 'allow' }): void;
  on(event: string, listener: (...args: any[]) => void): unknown;
  session: {
    webRequest: { onHeadersReceived(listener: (details: { url: string; responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders?: Record<string, string[]> }) => void) => void): void };
    setPermissionRequestHandler(handler: (wc: unknown, permission: string, cb: (granted: boolean) => void, details?: { requestingUrl?: string; mediaTypes?: string[] }) => void): void;
    setPermissionCheckHandler(handler: (wc: unknown, permission: string, requestingOrigin: string, details?: { requestingUrl?: string; mediaType?: string }) => boolean): void;
  };
}

export function lockDown(wc: LockableContents, isAppUrl: (url: string) => boolean, openExternal: (url: string) => unknown): void {
  wc.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//i.test(url)) void openExternal(url);
    return { action: 'deny' };
  });
  const stay = (event: { preventDefault(): void; url?: string }, url?: string) => {
    if (!isAppUrl(url ?? event.url ?? '')) event.preventDefault();
  };
  wc.on('will-navigate', stay);
  wc.on('will-redirect', stay);
  wc.on('will-frame-navigate', stay);
  wc.on('will-attach-webview', (event: { preventDefault(): void }) => event.preventDefault());
  // The webcam capture panel is the one thing that may ask: the camera ('media', video only), for our own window's
  // page and nothing else (another window, a navigated-away frame, the microphone, any other permission: refused).
  const ours = (other: unknown, url: string | undefined) => other === wc && isAppUrl(url ?? '');
  wc.session.setPermissionRequestHandler((other, permission, cb, details) => {
    const videoOnly = (details?.mediaTypes ?? []).every((m) => m === 'video');
    cb(permission === 'media' && videoOnly && ours(other, details?.requestingUrl));
  });
  wc.session.setPermissionCheckHandler((other, permission, origin, details) =>
    permission === 'media' && (details?.mediaType ?? 'video') === 'video' && ours(other, details?.requestingUrl ?? origin));
  wc.session.webRequest.onHeadersReceived((details, cb) => {
    if (!isAppUrl(details.url)) return cb({ responseHeaders: details.responseHeaders });
    cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP], 'X-Content-Type-Options': ['nosniff'] } });
  });
}

export interface MainWindowOptions {
  /** Absolute path of the built preload (out/preload/index.cjs). */
  preload: string;
  /** The page: the dev server URL, or the file:// URL of out/renderer/index.html. */
  pageUrl: string;
  state: WindowState;
}

export function createMainWindow(opts: MainWindowOptions) {
  const { BrowserWindow, shell } = electron;
  const win = new BrowserWindow({
    ...(opts.state.x !== undefined ? { x: opts.state.x, y: opts.state.y } : {}),
    width: opts.state.width,
    height: opts.state.height,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Hebb Studio',
    backgroundColor: '#1b1d23',
    webPreferences: securePreferences(opts.preload),
  });
  lockDown(win.webContents, appUrlMatcher(opts.pageUrl), (url) => shell.openExternal(url));
  win.once('ready-to-show', () => {
    if (opts.state.maximized) win.maximize();
    win.show();
  });
  void win.loadURL(opts.pageUrl);
  return win;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A self-contained page (no script) that says what failed and what to do. */
export function errorPageHtml(title: string, message: string, hint: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Hebb Studio — ${escapeHtml(title)}</title><style>body{font:15px system-ui,sans-serif;margin:3em auto;max-width:44em;padding:0 1em;color-scheme:light dark}pre{white-space:pre-wrap;background:#8882;padding:1em;border-radius:6px}</style></head>
<body><h1>${escapeHtml(title)}</h1><pre>${escapeHtml(message)}</pre><p>${escapeHtml(hint)}</p></body></html>`;
}

/** Show the error page in a locked-down window without a preload. */
export function showErrorWindow(title: string, message: string, hint: string, bounds?: Partial<Rect>) {
  const { BrowserWindow, shell } = electron;
  const win = new BrowserWindow({ width: bounds?.width ?? 820, height: bounds?.height ?? 560, title: 'Hebb Studio', webPreferences: securePreferences(undefined) });
  lockDown(win.webContents, () => false, (url) => shell.openExternal(url));
  void win.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(errorPageHtml(title, message, hint))}`);
  return win;
}
