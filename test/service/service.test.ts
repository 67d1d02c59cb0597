// The composed service over the real scanner: ids not paths, paging, thumbnails, errors as data, events.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService, type Service } from '../../src-main/service/index';
import { removeTmpDirs, tmpDirSync } from '../helpers/fixtures';

afterAll(removeTmpDirs);

const tmp = tmpDirSync('hebb-svc-');
const root = path.join(tmp, 'data');
let service: Service;

beforeAll(async () => {
  for (const [cls, colour] of [['red', '#e00'], ['blue', '#00e']] as const) {
    mkdirSync(path.join(root, cls), { recursive: true });
    for (let i = 0; i < 3; i++) {
      await sharp({ create: { width: 12 + i, height: 10, channels: 3, background: colour } }).png().toFile(path.join(root, cls, `${i}.png`));
    }
  }
  service = createService({ runsDir: path.join(tmp, 'runs') });
});

describe('service', () => {
  it('opens a folder into an id, with sample image ids per class and progress events', async () => {
    const progress: number[] = [];
    const off = service.events.on('scan:progress', (p) => progress.push(p.done));
    const r = await service.call('dataset:open', { path: root });
    off();
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.id).toMatch(/^[0-9a-f]{8}$/);
    expect(r.value.scan.classes).toEqual(['blue', 'red']);
    expect(r.value.scan).not.toHaveProperty('entries');
    expect(r.value.samples.red).toHaveLength(3);
    expect(JSON.stringify(r.value.samples)).not.toContain(root);
    expect(progress.at(-1)).toBe(6);
  });

  it('pages through images of one class and serves their thumbnails', async () => {
    const open = await service.call('dataset:open', { path: root });
    if (!open.ok) throw new Error(open.error.message);
    const page = await service.call('dataset:images', { datasetId: open.value.id, label: 'red', offset: 1, limit: 5 });
    expect(page).toMatchObject({ ok: true, value: { total: 3 } });
    if (!page.ok) return;
    expect(page.value.images.map((i) => i.path)).toEqual(['red/1.png', 'red/2.png']);
    const img = await service.image(page.value.images[0]!.id, 64);
    expect(img.mime).toBe('image/webp');
    expect((await sharp(img.data).metadata()).width).toBe(13);
  });

  it('turns every failure into data with a code', async () => {
    expect(await service.call('dataset:open', { path: path.join(tmp, 'missing') })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await service.call('dataset:images', { datasetId: 'nope', offset: 0, limit: 1 })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_DATASET' } });
    expect(await service.call('train:pause', { runId: 'nope' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_RUN' } });
    expect(await service.call('nope:nothing' as 'app:info', undefined)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await service.call('runs:list', undefined)).toEqual({ ok: true, value: [] });
    await expect(service.image('../../etc/passwd')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
