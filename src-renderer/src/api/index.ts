/** The one client the stores use: the Electron preload bridge when present, the loopback web server otherwise. */
import type { HebbBridge } from '#contract/api';
import { httpClient } from './http';
import type { StudioClient } from './types';

export type { ShellEvents, StudioClient } from './types';

let client: StudioClient | null = null;

/** Choose the transport once at start-up; the web token moves from the address bar to session storage. */
export function connect(): StudioClient {
  const bridge = (window as unknown as { hebb?: HebbBridge & { pathForFile?(f: File): string } }).hebb;
  if (bridge) {
    client = {
      call: bridge.call, on: bridge.on, imageUrl: bridge.imageUrl, mode: 'electron',
      pathForFile: bridge.pathForFile,
      onShell: (event, listener) => (bridge.on as unknown as (e: string, l: typeof listener) => () => void)(event, listener),
    };
    return client;
  }
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem('hebb-token', fromUrl);
    url.searchParams.delete('token');
    history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
  client = httpClient(fromUrl ?? sessionStorage.getItem('hebb-token'));
  return client;
}

export function useApi(): StudioClient {
  if (!client) throw new Error('API client not connected');
  return client;
}

/** Tests install a fake client here. */
export function setApi(fake: StudioClient): void {
  client = fake;
}
