// One client, two transports: the Electron bridge when the preload put one there, else loopback HTTP with the token.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connect } from '../../../src-renderer/src/api';

afterEach(() => {
  delete (window as unknown as { hebb?: unknown }).hebb;
  sessionStorage.clear();
  vi.unstubAllGlobals();
});

describe('connect', () => {
  it('uses the preload bridge in the desktop app', async () => {
    const call = vi.fn(async () => ({ ok: true, value: 1 }));
    (window as unknown as { hebb: unknown }).hebb = { call, on: vi.fn(), imageUrl: (id: string) => `hebb-image://img/${id}`, pathForFile: () => '/d' };
    const api = connect();
    expect(api.mode).toBe('electron');
    expect(api.imageUrl('a.1')).toBe('hebb-image://img/a.1');
    await api.call('app:info', undefined);
    expect(call).toHaveBeenCalledWith('app:info', undefined);
    expect(api.pathForFile?.({} as File)).toBe('/d');
  });

  it('moves the web token from the address bar to session storage and sends it as a bearer header', async () => {
    history.replaceState(null, '', '/?token=s3cret#/train');
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ ok: true, value: 'v' })));
    vi.stubGlobal('fetch', fetchMock);
    const api = connect();
    expect(api.mode).toBe('web');
    expect(location.search).toBe('');
    expect(location.hash).toBe('#/train');
    expect(sessionStorage.getItem('hebb-token')).toBe('s3cret');
    expect(await api.call('app:info', undefined)).toEqual({ ok: true, value: 'v' });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/app:info');
    expect((init.headers as Record<string, string>).authorization).toBe('Bearer s3cret');
    expect(api.imageUrl('a.1', 64)).toBe('/image/a.1?size=64&token=s3cret');
  });

  it('turns a dead server into an error that says so', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch'); }));
    const r = await connect().call('runs:list', undefined);
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(!r.ok && r.error.message).toContain('hebb serve');
  });
});
