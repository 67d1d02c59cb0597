// The browser folder upload: classes from subfolders, caps, non-images skipped, batches that fit the contract and a
// web request, a refused file named and the rest still sent, cancel, and a second run skipping what already went in.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ErrorData } from '#contract/errors';
import { ADD_IMAGES_MAX_PER_CALL, ADDED_IMAGE_MAX_BYTES } from '#contract/project';
import { planUpload, sha256Hex, startUpload, toBase64, UPLOAD_BATCH_BYTES, UPLOAD_MAX_TOTAL_BYTES, type UploadDeps, type UploadFile } from '../../../src-renderer/src/stores/upload';
import { filesFromDrop, filesFromInput } from '../../../src-renderer/src/stores/upload-files';

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** A file whose bytes are a PNG signature and `seed`, so each file hashes differently. */
function png(path: string, seed = path, size?: number): UploadFile & { reads: number } {
  const bytes = new Uint8Array([...PNG, ...new TextEncoder().encode(seed)]);
  const f = { path, size: size ?? bytes.length, reads: 0, read: async () => { f.reads++; return bytes; } };
  return f;
}
const text = (path: string): UploadFile => ({ path, size: 3, read: async () => new TextEncoder().encode('abc') });

/** A fake project: classes, stored `sha:class`, the batches it got, and a way to fail. */
function project(classes: string[] = ['cat']) {
  const stored = new Set<string>();
  const batches: { cls: string; names: string[]; bytes: number }[] = [];
  const state = { classes: [...classes], failAfter: Infinity, refuse: new Set<string>(), onSend: () => {} };
  const deps: UploadDeps = {
    known: () => new Set(stored),
    async ensureClass(cls) {
      if (cls === 'bad/name') return { code: 'INVALID_ARGUMENT', message: 'a class name may not hold /' };
      if (!state.classes.includes(cls)) state.classes.push(cls);
      return null;
    },
    async send(cls, images): Promise<ErrorData | null> {
      state.onSend();
      if (batches.length >= state.failAfter) return { code: 'INTERNAL', message: 'Cannot reach the Hebb server' };
      const bad = images.find((i) => state.refuse.has(i.originalName));
      if (bad) return { code: 'INVALID_IMAGE', message: `${bad.originalName}: truncated PNG`, file: bad.originalName };
      batches.push({ cls, names: images.map((i) => i.originalName), bytes: images.reduce((n, i) => n + atob(i.dataBase64).length, 0) });
      for (const i of images) stored.add(`${createHash('sha256').update(Buffer.from(i.dataBase64, 'base64')).digest('hex')}:${cls}`);
      return null;
    },
    hash: sha256Hex,
  };
  return { deps, stored, batches, state };
}

describe('planUpload', () => {
  it('takes each subfolder as a class and loose images into the target class', () => {
    const plan = planUpload([png('cat/a.png'), png('cat/more/b.jpg'), png('dog/c.jpeg'), png('d.png')], 'owl');
    expect(plan.items.map((i) => [i.file.path, i.class])).toEqual([['cat/a.png', 'cat'], ['cat/more/b.jpg', 'cat'], ['dog/c.jpeg', 'dog'], ['d.png', 'owl']]);
    expect(plan.classes).toEqual(['cat', 'dog', 'owl']);
  });

  it('skips and counts non-images and hidden files, and names the files it refuses with the reason', () => {
    const plan = planUpload([text('cat/notes.txt'), text('.DS_Store'), png('cat/._a.png'), png('cat/x.webp'), png('cat/huge.png', 'h', ADDED_IMAGE_MAX_BYTES + 1), png('loose.png')], null);
    expect(plan.skippedNonImage).toBe(3);
    expect(plan.rejected).toEqual([
      { name: 'cat/x.webp', reason: 'format' },
      { name: 'cat/huge.png', reason: 'tooBig', detail: String(ADDED_IMAGE_MAX_BYTES + 1) },
      { name: 'loose.png', reason: 'noClass' },
    ]);
    expect(plan.items).toEqual([]);
  });

  it('refuses the whole upload over the total cap, before sending anything', async () => {
    const files = Array.from({ length: Math.ceil(UPLOAD_MAX_TOTAL_BYTES / ADDED_IMAGE_MAX_BYTES) + 1 }, (_, i) => png(`cat/${i}.png`, `${i}`, ADDED_IMAGE_MAX_BYTES));
    const plan = planUpload(files, null);
    expect(plan.overTotal).toBe(true);
    const p = project();
    const r = await startUpload(plan, p.deps).run();
    expect(r).toMatchObject({ status: 'error', error: { message: expect.stringContaining('MB one upload takes') } });
    expect(p.batches).toEqual([]);
    expect(files.every((f) => f.reads === 0)).toBe(true);
  });
});

describe('startUpload', () => {
  it('sends batches of at most the contract’s count per class, creating classes, and reports progress', async () => {
    const files = [...Array.from({ length: ADD_IMAGES_MAX_PER_CALL + 3 }, (_, i) => png(`cat/${i}.png`)), png('dog/a.png')];
    const p = project();
    const seen: number[] = [];
    const r = await startUpload(planUpload(files, null), p.deps, (pr) => seen.push(pr.done)).run();
    expect(r).toMatchObject({ status: 'done', done: files.length, total: files.length, sent: files.length, already: 0, rejected: [] });
    expect(p.batches.map((b) => [b.cls, b.names.length])).toEqual([['cat', ADD_IMAGES_MAX_PER_CALL], ['cat', 3], ['dog', 1]]);
    expect(p.state.classes).toEqual(['cat', 'dog']);
    expect(seen.at(-1)).toBe(files.length);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it('keeps a batch’s bytes under the batch size, so its base64 fits one web request', async () => {
    const big = (i: number) => { const f = png(`cat/${i}.png`, `${i}`.padEnd(3 * 1024 * 1024, 'x')); return f; };
    const p = project();
    await startUpload(planUpload([0, 1, 2, 3, 4].map(big), null), p.deps).run();
    expect(p.batches.map((b) => b.names.length)).toEqual([2, 2, 1]);
    expect(p.batches.every((b) => b.bytes <= UPLOAD_BATCH_BYTES)).toBe(true);
  });

  it('lists a file the core refuses by name and still sends the rest of its batch', async () => {
    const p = project();
    p.state.refuse.add('cat/b.png');
    const r = await startUpload(planUpload([png('cat/a.png'), png('cat/b.png'), png('cat/c.png')], null), p.deps).run();
    expect(r.status).toBe('done');
    expect(r.rejected).toEqual([{ name: 'cat/b.png', reason: 'refused', detail: 'cat/b.png: truncated PNG' }]);
    expect(p.batches.flatMap((b) => b.names)).toEqual(['cat/a.png', 'cat/c.png']);
    expect(r).toMatchObject({ sent: 2, done: 3 });
  });

  it('names a file whose bytes are no PNG or JPEG, and one that cannot be read', async () => {
    const fake: UploadFile = { path: 'cat/fake.png', size: 3, read: async () => new TextEncoder().encode('<html>') };
    const gone: UploadFile = { path: 'cat/gone.png', size: 3, read: () => Promise.reject(new Error('file was moved')) };
    const r = await startUpload(planUpload([fake, gone, png('cat/ok.png')], null), project().deps).run();
    expect(r.rejected).toEqual([{ name: 'cat/fake.png', reason: 'format' }, { name: 'cat/gone.png', reason: 'unreadable', detail: 'file was moved' }]);
    expect(r.sent).toBe(1);
  });

  it('refuses every file of a class the project will not create, naming the reason', async () => {
    const p = project();
    const plan = planUpload([png('a.png')], 'bad/name');
    const r = await startUpload(plan, p.deps).run();
    expect(r.rejected).toEqual([{ name: 'a.png', reason: 'refused', detail: 'a class name may not hold /' }]);
  });

  it('after a failure, running again skips what already went in and sends only the rest', async () => {
    const files = Array.from({ length: ADD_IMAGES_MAX_PER_CALL * 2 + 5 }, (_, i) => png(`cat/${i}.png`));
    const p = project();
    p.state.failAfter = 1;
    const first = await startUpload(planUpload(files, null), p.deps).run();
    expect(first).toMatchObject({ status: 'error', sent: ADD_IMAGES_MAX_PER_CALL, error: { message: expect.stringContaining('Cannot reach') } });
    p.state.failAfter = Infinity;
    const again = await startUpload(planUpload(files, null), p.deps).run();
    expect(again).toMatchObject({ status: 'done', already: ADD_IMAGES_MAX_PER_CALL, sent: ADD_IMAGES_MAX_PER_CALL + 5 });
    expect(p.batches.map((b) => b.names[0])).toEqual(['cat/0.png', `cat/${ADD_IMAGES_MAX_PER_CALL}.png`, `cat/${ADD_IMAGES_MAX_PER_CALL * 2}.png`]);
    expect(p.stored.size).toBe(files.length);
  });

  it('skips only the same bytes in the same class: a file that went into another class is sent again', async () => {
    const p = project(['cat', 'dog']);
    await startUpload(planUpload([png('a.png', 'same')], 'cat'), p.deps).run();
    const r = await startUpload(planUpload([png('a.png', 'same')], 'dog'), p.deps).run();
    expect(r).toMatchObject({ already: 0, sent: 1 });
  });

  it('cancel stops before the next batch; what was sent stays, and a second run finishes the rest', async () => {
    const files = Array.from({ length: ADD_IMAGES_MAX_PER_CALL + 10 }, (_, i) => png(`cat/${i}.png`));
    const p = project();
    const job = startUpload(planUpload(files, null), p.deps);
    p.state.onSend = () => job.cancel();
    const r = await job.run();
    expect(r).toMatchObject({ status: 'cancelled', sent: ADD_IMAGES_MAX_PER_CALL });
    expect(p.batches).toHaveLength(1);
    p.state.onSend = () => {};
    const again = await startUpload(planUpload(files, null), p.deps).run();
    expect(again).toMatchObject({ status: 'done', already: ADD_IMAGES_MAX_PER_CALL, sent: 10 });
  });

  it('hashes as the core does, and encodes base64 as Node does', async () => {
    const b = new Uint8Array(100_000).map((_, i) => (i * 7) % 256);
    expect(await sha256Hex(b)).toBe(createHash('sha256').update(b).digest('hex'));
    expect(toBase64(b)).toBe(Buffer.from(b).toString('base64'));
  });
});

describe('filesFromInput', () => {
  it('drops the picked folder from the relative paths', () => {
    const f = (rel: string) => Object.assign(new File(['x'], rel.split('/').at(-1)!), { webkitRelativePath: rel });
    expect(filesFromInput([f('pets/cat/a.png'), f('pets/b.png')]).map((u) => u.path)).toEqual(['cat/a.png', 'b.png']);
  });
});

describe('filesFromDrop', () => {
  /** Fake FileSystemEntry trees: a directory answers readEntries in pages of two, then an empty page. */
  const fileEntry = (name: string, broken = false) => ({
    isFile: true, isDirectory: false, name,
    file: (ok: (f: File) => void, fail: (e: Error) => void) => (broken ? fail(new Error('gone')) : ok(new File([name], name))),
  });
  const dirEntry = (name: string, children: unknown[]) => ({
    isFile: false, isDirectory: true, name,
    createReader: () => { let at = 0; return { readEntries: (ok: (e: unknown[]) => void) => { ok(children.slice(at, at + 2)); at += 2; } }; },
  });
  const drop = (...entries: unknown[]) => ({ items: entries.map((e) => ({ webkitGetAsEntry: () => e })), files: [] }) as unknown as DataTransfer;

  it('walks a dropped folder, every page of every subfolder, with paths relative to it', async () => {
    const pets = dirEntry('pets', [dirEntry('cat', [fileEntry('a.png'), fileEntry('b.png'), dirEntry('more', [fileEntry('c.png')])]), fileEntry('loose.png'), fileEntry('notes.txt')]);
    const files = await filesFromDrop(drop(pets, fileEntry('extra.jpg')));
    expect(files.map((f) => f.path)).toEqual(['cat/a.png', 'cat/b.png', 'cat/more/c.png', 'loose.png', 'notes.txt', 'extra.jpg']);
    expect(new TextDecoder().decode(await files[0]!.read())).toBe('a.png');
  });

  it('keeps an entry it cannot open, so the summary names it as unreadable', async () => {
    const files = await filesFromDrop(drop(dirEntry('d', [dirEntry('cat', [fileEntry('x.png', true)])])));
    const r = await startUpload(planUpload(files, null), project().deps).run();
    expect(r.rejected).toEqual([{ name: 'cat/x.png', reason: 'unreadable', detail: 'cannot be read' }]);
  });
});
