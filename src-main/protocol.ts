/**
 * The `hebb-image://` protocol: how dataset pictures reach the sandboxed page. The only accepted form is
 * `hebb-image://img/<imageId>?size=N`, where the id is one the core handed out for a scanned file; the core
 * resolves it to a file inside an opened dataset root (re-checked through realpath, so symlinks cannot lead
 * out). Anything else — paths, `..`, encoded dots, absolute paths, other hosts — is refused before any disk access.
 */

import type { ErrorData } from '#contract/errors';
import { toErrorData } from './core/errors';
import { IMAGE_SCHEME } from './ipc/channels';

export { IMAGE_SCHEME };

/** Scheme privileges, to be registered before the app is ready: standard URL parsing, fetchable, treated as secure. */
export const IMAGE_SCHEME_PRIVILEGES = { scheme: IMAGE_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } };

/** Largest thumbnail side served (0 = the whole image). */
const MAX_SIZE = 2048;
const ID_RE = /^[a-f0-9]{8}\.\d{1,9}$/;

export interface ImageSource {
  image(imageId: string, size?: number): Promise<{ mime: string; data: Buffer | Uint8Array }>;
}

/** Parse a request URL into an image id and size, or say why not. */
export function parseImageUrl(raw: string): { id: string; size: number } | { refused: string } {
  let url: URL;
  try { url = new URL(raw); } catch { return { refused: 'malformed URL' }; }
  if (url.protocol !== `${IMAGE_SCHEME}:`) return { refused: 'wrong scheme' };
  if (url.hostname !== 'img') return { refused: 'unknown host' };
  // Check the raw path (before any decoding): exactly one segment made of id characters.
  const rawPath = url.pathname;
  if (!/^\/[a-f0-9.]+$/.test(rawPath)) return { refused: 'not an image id' };
  const id = rawPath.slice(1);
  if (!ID_RE.test(id)) return { refused: 'not an image id' };
  const sizeParam = url.searchParams.get('size');
  const size = sizeParam === null ? 160 : Number(sizeParam);
  if (!Number.isInteger(size) || size < 0 || size > MAX_SIZE) return { refused: 'bad size' };
  return { id, size };
}

/** The protocol handler: Request → Response, never throwing. */
export function imageHandler(source: ImageSource): (request: { url: string; method?: string }) => Promise<Response> {
  return async (request) => {
    if (request.method && request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'Only GET');
    const parsed = parseImageUrl(request.url);
    if ('refused' in parsed) return text(403, `Refused: ${parsed.refused}`);
    try {
      const { mime, data } = await source.image(parsed.id, parsed.size);
      return new Response(new Uint8Array(data), {
        status: 200,
        headers: { 'content-type': mime, 'cache-control': 'private, max-age=3600', 'x-content-type-options': 'nosniff' },
      });
    } catch (err) {
      const e: ErrorData = toErrorData(err);
      const status = e.code === 'PERMISSION_DENIED' ? 403 : e.code === 'NOT_FOUND' || e.code === 'UNKNOWN_DATASET' ? 404 : e.code === 'INVALID_IMAGE' ? 415 : 500;
      return text(status, e.message);
    }
  };
}

/** Install the handler on Electron's `protocol` (after app ready). */
export function registerImageProtocol(protocol: { handle(scheme: string, handler: (req: Request) => Promise<Response>): void }, source: ImageSource): void {
  protocol.handle(IMAGE_SCHEME, imageHandler(source));
}

function text(status: number, body: string): Response {
  return new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' } });
}
