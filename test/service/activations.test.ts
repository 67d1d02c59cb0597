// 'predict:activations' through the composed service: a clear refusal for an unknown run, a missing image or a bad
// field, and for a real cnn-small run the maps come back from the engine worker as base64 PNGs, one per layer.
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeConfig } from '../../src-main/engine/train/config';
import { runTrainingJob } from '../../src-main/engine/train/job';
import { createService, type Service } from '../../src-main/service/index';
import { removeTmpDirs, tmpDir } from '../helpers/fixtures';
import { colourTree } from '../engine/train/colour-tree';

let root: string;
let service: Service;
let png: string;

beforeAll(async () => {
  root = await tmpDir('hebb-svc-acts-');
  process.env.HEBB_HOME = path.join(root, 'home'); // inherited by the engine worker
  service = createService({ runsDir: path.join(root, 'runs') });
  png = (await sharp({ create: { width: 8, height: 8, channels: 3, background: '#d22' } }).png().toBuffer()).toString('base64');
});
afterAll(async () => { await service?.dispose(); await removeTmpDirs(); });

describe("the 'predict:activations' channel", () => {
  it('refuses an unknown run, a request without an image and an unknown field, saying what is wrong', async () => {
    expect(await service.call('predict:activations', { runId: 'nope', pngBase64: png })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_RUN', message: expect.stringMatching(/No run "nope"/) } });
    expect(await service.call('predict:activations', { runId: 'nope' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/Pick an image/) } });
    const bad = await service.call('predict:activations', { runId: 'r', pngBase64: png, topK: 3 } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/topK/) } });
  });

  it("answers a cnn-small run's conv and pool maps as PNGs of their stated grid size", async () => {
    const data = path.join(root, 'data');
    await colourTree(data, 4);
    const end = await runTrainingJob(normalizeConfig({ data, arch: 'cnn-small', epochs: 1, imageWidth: 8, imageHeight: 8, batchSize: 4 }), { runDir: path.join(root, 'runs', 'r1') });
    expect(end.status).toBe('completed');
    const runs = await service.call('runs:list', undefined);
    if (!runs.ok) throw new Error(runs.error.message);
    const r = await service.call('predict:activations', { runId: runs.value[0]!.id, pngBase64: png });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.layers.map((l) => `${l.name}:${l.type}`)).toEqual(['conv1:Conv2D', 'conv1_pool:MaxPooling2D', 'conv2:Conv2D', 'conv2_pool:MaxPooling2D']);
    const meta = await sharp(Buffer.from(r.value.layers[0]!.pngBase64, 'base64')).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', r.value.layers[0]!.grid.width, r.value.layers[0]!.grid.height]);
  }, 120_000);
});
