// Projects through the service, as the page calls them: image ids from the project's datasets, the image listing
// with its filters, add from bytes, save as, the folder browser, and training on a snapshot while edits go on.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDED_IMAGE_MAX_BYTES, MAX_REQUEST_BYTES, type ProjectState } from '../../src-shared/contract/project';
import { createService, type Service } from '../../src-main/service/index';
import { makeClassTree, removeTmpDirs, tmpDir } from '../helpers/fixtures';

const savedHome = process.env.HEBB_HOME;
afterAll(async () => {
  await service.dispose();
  if (savedHome === undefined) delete process.env.HEBB_HOME; else process.env.HEBB_HOME = savedHome;
  await removeTmpDirs();
});

let service: Service;
let tmp = '', data = '';
const call = async <T>(c: string, req: unknown): Promise<T> => {
  const r = await service.call(c as never, req as never);
  if (!r.ok) throw Object.assign(new Error(r.error.message), r.error);
  return r.value as T;
};

beforeAll(async () => {
  tmp = await tmpDir('hebb-proj-svc-');
  process.env.HEBB_HOME = path.join(tmp, 'home');
  data = path.join(tmp, 'data');
  await makeClassTree(data, { cat: 4, dog: 4 });
  service = createService({ runsDir: path.join(tmp, 'runs') });
});

describe('project channels', () => {
  let s: ProjectState;

  it('creates a project whose dataset opens like a folder, and edits it by image id', async () => {
    s = await call<ProjectState>('project:new', { path: path.join(tmp, 'p.hebb'), sources: [data] });
    expect(s.counts).toEqual({ classes: ['cat', 'dog'], counts: { cat: 4, dog: 4 }, images: 8, excluded: 0, overrides: 0, added: 0 });
    const page = await call<{ images: { id: string; path: string }[] }>('dataset:images', { datasetId: s.dataset.id, label: 'cat', offset: 0, limit: 10 });
    expect(page.images).toHaveLength(4);
    expect((await service.image(page.images[0]!.id, 0)).data.length).toBeGreaterThan(0); // a source image, served from outside the project folder
    const first = page.images[0]!.id;
    s = await call<ProjectState>('project:exclude', { projectId: s.projectId, images: [first] });
    expect(s.counts.counts).toEqual({ cat: 3, dog: 4 });
    // The old id still names the image it named: including it by that id takes exactly that image back.
    s = await call<ProjectState>('project:include', { projectId: s.projectId, images: [first] });
    expect(s.counts.counts).toEqual({ cat: 4, dog: 4 });
    s = await call<ProjectState>('project:relabel', { projectId: s.projectId, images: ['s1/dog/dog_0.png'], class: 'cat' });
    s = await call<ProjectState>('project:exclude', { projectId: s.projectId, images: ['s1/dog/dog_1.png'] });
    expect(s).toMatchObject({ dirty: true, canUndo: true, counts: { counts: { cat: 5, dog: 2 }, excluded: 1, overrides: 1 } });
  });

  it('lists every image with what was done to it, excluded ones with thumbnails too', async () => {
    const ex = await call<{ total: number; images: { key: string; imageId: string; excluded: boolean }[] }>('project:images', { projectId: s.projectId, filter: 'excluded' });
    expect(ex.total).toBe(1);
    expect(ex.images[0]).toMatchObject({ key: 's1/dog/dog_1.png', excluded: true });
    expect((await service.image(ex.images[0]!.imageId, 32)).mime).toBe('image/webp');
    const edited = await call<{ images: { key: string; class: string; folderClass: string }[] }>('project:images', { projectId: s.projectId, filter: 'edited' });
    expect(edited.images).toEqual([expect.objectContaining({ key: 's1/dog/dog_0.png', class: 'cat', folderClass: 'dog' })]);
    const bad = await service.call('project:images', { projectId: s.projectId, filter: 'nope' } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('filter') } });
  });

  it('adds pasted bytes into a class, and refuses bytes that are no image', async () => {
    const png = (await sharp({ create: { width: 5, height: 5, channels: 3, background: '#0a0' } }).png().toBuffer()).toString('base64');
    await call('project:addClass', { projectId: s.projectId, name: 'owl' });
    const r = await call<ProjectState & { keys: string[] }>('project:addImages', { projectId: s.projectId, class: 'owl', images: [{ dataBase64: png, originalName: 'paste.png' }] });
    expect(r.keys).toEqual([expect.stringMatching(/^images\/[a-f0-9]{64}\.png$/)]);
    expect(r.counts.counts.owl).toBe(1);
    const bad = await service.call('project:addImages', { projectId: s.projectId, class: 'owl', images: [{ dataBase64: Buffer.from('<html>').toString('base64'), originalName: 'page.png' }] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_IMAGE', message: expect.stringContaining('page.png') } });
  });

  it('trains on the data as it was at the start, records the run, and keeps training while edits go on', async () => {
    const before = await call<ProjectState>('project:show', { projectId: s.projectId });
    const started = await call<{ runId: string; runDir: string }>('train:start', { datasetId: before.dataset.id, config: { arch: 'mlp', epochs: 2, imageWidth: 4, imageHeight: 4, batchSize: 2, backend: 'cpu' } });
    const after = await call<ProjectState>('project:exclude', { projectId: s.projectId, images: ['s1/cat/cat_0.png', 's1/cat/cat_1.png'] });
    expect(after.datasetHash).not.toBe(before.datasetHash);
    const end = await new Promise<{ status: string }>((resolve) => { const off = service.events.on('train:end', (e) => { if (e.runId === started.runId) { off(); resolve(e); } }); });
    expect(end.status).toBe('completed');
    const cfg = JSON.parse(await fsp.readFile(path.join(started.runDir, 'config.json'), 'utf8')).config as { data: string; datasetHash: string; datasetImages: number };
    expect(cfg.datasetHash).toBe(before.datasetHash);
    expect(cfg.datasetImages).toBe(before.counts.images);
    const snap = JSON.parse(await fsp.readFile(cfg.data, 'utf8')) as { scan: { images: number } };
    expect(snap.scan.images).toBe(before.counts.images);
    expect(after.project.runs).toEqual([expect.objectContaining({ runId: started.runId, datasetHash: before.datasetHash })]);
    // undo takes the exclusions back, never the run
    const undone = await call<ProjectState>('project:undo', { projectId: s.projectId });
    expect(undone.datasetHash).toBe(before.datasetHash);
    expect(undone.project.runs).toHaveLength(1);
  });

  it('a retrain from scratch records the run it trains again; one naming no run is refused; a warm start the worker refuses is not kept', async () => {
    const state = await call<ProjectState>('project:show', { projectId: s.projectId });
    const config = { arch: 'mlp', epochs: 1, imageWidth: 4, imageHeight: 4, batchSize: 2, backend: 'cpu' };
    const parent = state.project.runs[0]!.runId;
    const started = await call<{ runId: string; runDir: string }>('train:start', { datasetId: state.dataset.id, config: { ...config, retrainOf: parent } });
    const end = await new Promise<{ status: string }>((resolve) => { const off = service.events.on('train:end', (e) => { if (e.runId === started.runId) { off(); resolve(e); } }); });
    expect(end.status).toBe('completed');
    const cfg = JSON.parse(await fsp.readFile(path.join(started.runDir, 'config.json'), 'utf8')).config as { retrainOf?: string; warmStartFrom?: string };
    expect(cfg).toMatchObject({ retrainOf: parent });
    expect(cfg.warmStartFrom).toBeUndefined();
    const listed = await call<{ id: string; config: { retrainOf?: string } }[]>('runs:list', undefined);
    expect(listed.find((r) => r.id === started.runId)?.config.retrainOf).toBe(parent);
    const after = await call<ProjectState>('project:show', { projectId: s.projectId });
    expect(after.project.runs.at(-1)).toMatchObject({ runId: started.runId, retrainOf: parent });

    const missing = await service.call('train:start', { datasetId: state.dataset.id, config: { ...config, retrainOf: 'no-such-run' } } as never);
    expect(missing).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('retrainOf: no run "no-such-run"') } });
    const path_ = await service.call('train:start', { datasetId: state.dataset.id, config: { ...config, retrainOf: '../elsewhere/run' } } as never);
    expect(path_).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('retrainOf') } });

    // A warm start the worker refuses (the parent saw 4×4 inputs) is listed while it starts, then forgotten.
    const refused = await call<{ runId: string; runDir: string }>('train:start', { datasetId: state.dataset.id, config: { ...config, imageWidth: 5, imageHeight: 5, warmStartFrom: parent } });
    const failed = await new Promise<{ status: string; error?: { message: string } }>((resolve) => { const off = service.events.on('train:end', (e) => { if (e.runId === refused.runId) { off(); resolve(e); } }); });
    expect(failed).toMatchObject({ status: 'failed', error: { message: expect.stringContaining('input 4×4') } });
    await expect.poll(async () => (await call<ProjectState>('project:show', { projectId: s.projectId })).project.runs.map((r) => r.runId)).not.toContain(refused.runId);
    expect((await call<ProjectState>('project:show', { projectId: s.projectId })).project.runs.at(-1)).toMatchObject({ runId: started.runId });
  });

  it('saves as a new folder with its added images, lists it as recent, and browses folders with image counts', async () => {
    const to = path.join(tmp, 'copy.hebb');
    const moved = await call<ProjectState>('project:saveAs', { projectId: s.projectId, path: to });
    expect(moved).toMatchObject({ dir: to, dirty: false });
    expect(await fsp.readdir(path.join(to, 'images'))).toHaveLength(1);
    expect((await call<ProjectState>('project:open', { path: to })).counts).toEqual(moved.counts);
    const recent = await call<{ projects: { path: string }[] }>('project:recent', undefined);
    expect(recent.projects.map((r) => r.path)).toEqual([to, path.join(tmp, 'p.hebb')]);
    const b = await call<{ path: string; dirs: { name: string; images: number; project: boolean }[]; recent: string[] }>('fs:browse', { path: tmp });
    expect(b.dirs).toEqual(expect.arrayContaining([
      expect.objectContaining({ name: 'data', images: 8, project: false }),
      expect.objectContaining({ name: 'copy.hebb', images: 1, project: true }),
    ]));
    expect(b.recent[0]).toBe(to);
    await expect(call('fs:browse', { path: path.join(tmp, 'nope') })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('takes a photo-sized image, refuses one over the per-file cap naming the file, and stores the same bytes once', async () => {
    let x = 2463534242;
    const noise = Buffer.from(Array.from({ length: 64 * 64 * 3 }, () => { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; return x & 255; }));
    const photo = (await sharp(noise, { raw: { width: 64, height: 64, channels: 3 } }).png().toBuffer()).toString('base64');
    expect(photo.length).toBeGreaterThan(8192);
    const r = await call<ProjectState & { keys: string[] }>('project:addImages', { projectId: s.projectId, class: 'owl', images: [{ dataBase64: photo, originalName: 'owl/photo.png' }] });
    const again = await call<ProjectState & { keys: string[] }>('project:addImages', { projectId: s.projectId, class: 'owl', images: [{ dataBase64: photo, originalName: 'owl/photo.png' }] });
    expect(again.keys).toEqual(r.keys);
    expect(again.counts.counts.owl).toBe(r.counts.counts.owl);
    expect(again.project.added.filter((a) => `images/${a.sha256}.${a.ext}` === r.keys[0])).toHaveLength(1);
    const huge = Buffer.alloc(ADDED_IMAGE_MAX_BYTES + 1);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(huge);
    const over = await service.call('project:addImages', { projectId: s.projectId, class: 'owl', images: [{ dataBase64: huge.toString('base64'), originalName: 'owl/huge.png' }] });
    expect(over).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', file: 'owl/huge.png', message: expect.stringMatching(/^owl\/huge\.png: .*more than the 20 MB/) } });
    // One image at the cap still fits one web request (base64 is 4/3 of the bytes), so the cap, not the body limit, refuses it.
    expect(Math.ceil(ADDED_IMAGE_MAX_BYTES / 3) * 4 + 1024).toBeLessThan(MAX_REQUEST_BYTES);
  });
});
