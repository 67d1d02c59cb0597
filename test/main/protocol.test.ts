// The hebb-image:// protocol serves only scanned files inside opened dataset roots: traversal in every disguise is refused.
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { protocol } from '../fakes/electron';
import { createDatasetRegistry } from '../../src-main/service/datasets';
import { imageHandler, parseImageUrl, registerImageProtocol, type ImageSource } from '../../src-main/protocol';
import type { ScanResult } from '#contract/dataset';
import { removeTmpDirs, tmpDirSync } from '../helpers/fixtures';

afterAll(removeTmpDirs);

let handler: (r: { url: string; method?: string }) => Promise<Response>;
let id: string;
let secret: string;

beforeAll(() => {
  const base = tmpDirSync('hebb-proto-');
  const root = path.join(base, 'pets');
  mkdirSync(path.join(root, 'cat'), { recursive: true });
  writeFileSync(path.join(root, 'cat', 'a.png'), 'PNGDATA');
  secret = path.join(base, 'secret.txt');
  writeFileSync(secret, 'TOP SECRET');
  symlinkSync(secret, path.join(root, 'cat', 'link.png'));
  const entry = (p: string) => ({ path: p, label: 0, width: 1, height: 1, channels: 3, format: 'png', size: 7 });
  // A scan that (as if buggy) lists a parent path, an absolute path and a symlink leading out of the root.
  const scan = { root, classes: ['cat'], counts: { cat: 4 }, images: 4, invalid: [], ignored: [], warnings: [], splits: [], greyscale: false,
    entries: [entry('cat/a.png'), entry('../secret.txt'), entry(secret), entry('cat/link.png')] } as unknown as ScanResult;
  const registry = createDatasetRegistry();
  const ds = registry.add(scan);
  id = ds.id;
  const source: ImageSource = { async image(imageId) { const { file } = await registry.resolveImage(imageId); return { mime: 'image/png', data: await fs.readFile(file) }; } };
  handler = imageHandler(source);
});

const get = (url: string) => handler({ url, method: 'GET' });

describe('hebb-image://', () => {
  it('serves a scanned image by id', async () => {
    const res = await get(`hebb-image://img/${id}.0?size=64`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe('PNGDATA');
  });

  it('refuses ids whose file lies outside the root: ../, absolute, symlink', async () => {
    for (const k of [1, 2, 3]) {
      const res = await get(`hebb-image://img/${id}.${k}`);
      expect(res.status, `entry ${k}`).toBe(403);
      expect(await res.text()).not.toContain('TOP SECRET');
    }
  });

  it('refuses paths in every spelling before touching the disk', async () => {
    const attempts = [
      'hebb-image://img/../../../etc/passwd',
      'hebb-image://img/..%2F..%2Fetc%2Fpasswd',
      'hebb-image://img/%2e%2e/%2e%2e/etc/passwd',
      'hebb-image://img/%252e%252e%252fetc%252fpasswd',
      `hebb-image://img/${encodeURIComponent(secret)}`,
      `hebb-image://img//${secret}`,
      `hebb-image://img/${id}.0/../../secret.txt`,
      'hebb-image://img/C:%5CWindows%5Cwin.ini',
      `hebb-image://file/${id}.0`,
      `hebb-image:///etc/passwd`,
      `file:///etc/passwd`,
      `hebb-image://img/${id}.0?size=-1`,
      `hebb-image://img/${id}.0?size=99999`,
    ];
    for (const url of attempts) {
      const res = await get(url);
      expect([403, 404], url).toContain(res.status);
      expect(await res.text(), url).not.toContain('TOP SECRET');
    }
  });

  it('answers unknown datasets and images with 404 and other methods with 405', async () => {
    expect((await get('hebb-image://img/ffffffff.0')).status).toBe(404);
    expect((await get(`hebb-image://img/${id}.99`)).status).toBe(404);
    expect((await handler({ url: `hebb-image://img/${id}.0`, method: 'POST' })).status).toBe(405);
  });

  it('parses only the id form', () => {
    expect(parseImageUrl(`hebb-image://img/${id}.0`)).toEqual({ id: `${id}.0`, size: 160 });
    expect(parseImageUrl(`hebb-image://img/${id}.0?size=0`)).toEqual({ id: `${id}.0`, size: 0 });
    expect(parseImageUrl('hebb-image://img/abc')).toHaveProperty('refused');
  });

  it('registers on the scheme', () => {
    registerImageProtocol(protocol, { image: async () => ({ mime: 'image/png', data: Buffer.from('') }) });
    expect(protocol.handle).toHaveBeenCalledWith('hebb-image', expect.any(Function));
    expect(readFileSync(secret, 'utf8')).toBe('TOP SECRET'); // untouched
  });
});
