// Export through the service: TFLite precision per request (each mode in its own folder), quantize refused with
// other formats, and the export folder as a zip whose entries are exactly its files.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportResult } from '#contract/export';
import { createService, type Service } from '../../src-main/service/index';
import { removeTmpDirs, tmpDirSync } from '../helpers/fixtures';
import { armnnMissing } from '../../src-main/export/tflite/parity';

const tmp = tmpDirSync('hebb-svc-export-');
let service: Service;
let runId: string;
let runDir: string;
let missing: string | null = null;

async function call<T>(channel: string, req: unknown): Promise<T> {
  const r = await service.call(channel as never, req as never);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

/** Every file under dir by relative path, with its bytes. */
function tree(dir: string, rel = ''): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) Object.assign(out, tree(dir, r));
    else out[r] = readFileSync(path.join(dir, r));
  }
  return out;
}

beforeAll(async () => {
  // Two classes a tiny MLP separates with confidence, so quantised weights keep every top class.
  const root = path.join(tmp, 'data');
  for (const [cls, rgb] of [['red', [230, 20, 20]], ['blue', [20, 20, 230]]] as const) {
    mkdirSync(path.join(root, cls), { recursive: true });
    for (let i = 0; i < 12; i++) {
      await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: rgb[0] - i * 3, g: rgb[1] + i * 2, b: rgb[2] - i } } }).png().toFile(path.join(root, cls, `${i}.png`));
    }
  }
  missing = await armnnMissing();
  if (missing && process.env.HEBB_REQUIRE_REFERENCES === '1') throw new Error(`HEBB_REQUIRE_REFERENCES=1 but ${missing}`);
  service = createService({ runsDir: path.join(tmp, 'runs') });
  const ds = await call<{ id: string }>('dataset:open', { path: root });
  const started = await call<{ runId: string; runDir: string }>('train:start', { datasetId: ds.id, config: { arch: 'mlp', epochs: 8, imageWidth: 4, imageHeight: 4, batchSize: 4, backend: 'cpu', seed: 1 } });
  const end = await new Promise<{ status: string }>((resolve) => { const off = service.events.on('train:end', (e) => { if (e.runId === started.runId) { off(); resolve(e); } }); });
  expect(end.status).toBe('completed');
  ({ runId, runDir } = started);
}, 180_000);

afterAll(async () => {
  await service.dispose();
  await removeTmpDirs();
});

describe('export:run with quantize', () => {
  it('writes float32 and dynamic-range TFLite to separate folders under the run, both kept', async (ctx) => {
    if (missing) ctx.skip(`TFLite reference runtime unavailable: ${missing}`);
    const float = await call<ExportResult>('export:run', { runId, format: 'tflite' });
    const dynamic = await call<ExportResult>('export:run', { runId, format: 'tflite', quantize: 'dynamic' });
    expect(float).toMatchObject({ format: 'tflite', quantize: 'none', outDir: path.join(runDir, 'export', 'tflite'), parity: { passed: true } });
    expect(dynamic).toMatchObject({ format: 'tflite', quantize: 'dynamic', outDir: path.join(runDir, 'export', 'tflite-dynamic'), parity: { passed: true } });
    const a = readFileSync(path.join(float.outDir, 'model.tflite')), b = readFileSync(path.join(dynamic.outDir, 'model.tflite'));
    expect(a.equals(b)).toBe(false);
    expect(b.length).toBeLessThan(a.length);
    expect(dynamic.parity.validation).toMatchObject({ images: expect.any(Number), floatAccuracy: expect.any(Number), quantizedAccuracy: expect.any(Number) });
  }, 120_000);

  it('refuses quantize with another format, naming the field, before any work', async () => {
    const r = await service.call('export:run', { runId, format: 'onnx', quantize: 'int8' });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/quantize: applies only to format "tflite" \(got format "onnx"\)/), detail: { fields: ['quantize'] } } });
    expect(existsSync(path.join(runDir, 'export', 'onnx'))).toBe(false);
    const archive = await service.call('export:archive', { runId, format: 'keras', quantize: 'dynamic' });
    expect(archive).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', detail: { fields: ['quantize'] } } });
  });
});

describe('export:archive', () => {
  it('zips exactly the export folder’s files with their bytes, named after the run and format', async () => {
    const res = await call<ExportResult>('export:run', { runId, format: 'tfjs' });
    const z = await call<{ fileName: string; zipBase64: string }>('export:archive', { runId, format: 'tfjs' });
    expect(z.fileName).toBe(`${runId}-tfjs.zip`);
    const entries = unzipSync(new Uint8Array(Buffer.from(z.zipBase64, 'base64')));
    const files = tree(res.outDir);
    expect(Object.keys(entries).sort()).toEqual(Object.keys(files).sort());
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['model.json', ...res.files]));
    for (const [name, bytes] of Object.entries(files)) expect(Buffer.from(entries[name]!).equals(bytes), name).toBe(true);
  }, 60_000);

  it('refuses an export that was never written, naming the run and the format', async () => {
    const r = await service.call('export:archive', { runId, format: 'tflite', quantize: 'int8' });
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringContaining(`Run "${runId}" has no tflite-int8 export`) } });
    const keras = await service.call('export:archive', { runId, format: 'keras' });
    expect(keras).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringContaining('no keras export') } });
    const unknown = await service.call('export:archive', { runId: 'no-such-run', format: 'tfjs' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_RUN' } });
  });
});
