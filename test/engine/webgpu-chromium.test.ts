// The engine on WebGPU in Debian Chromium (SwiftShader): every architecture trains 2 steps with the cpu backend's
// losses and gradients, and one cnn-small epoch runs through the real Trainer with one upload and one readback per step.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARCHITECTURES } from '../../src-main/engine/arch/registry';
import { BACKBONE_DIR, CHROMIUM, openChromium, type ChromiumSession } from '../webgpu/harness';
import { CUSTOM_LAYERS, type Case } from '../webgpu/page';

const present = fs.existsSync(CHROMIUM);
if (!present && process.env.HEBB_REQUIRE_REFERENCES === '1') throw new Error(`HEBB_REQUIRE_REFERENCES=1 but Chromium is missing at ${CHROMIUM} (apt-get install chromium)`);
const TOL = 1e-3;

function caseFor(id: string): Case[] {
  if (id === 'transfer-mobilenetv2') {
    const spec = { arch: id, inputShape: [32, 32, 3] as [number, number, number], numClasses: 3, options: { backbone: BACKBONE_DIR } };
    return [{ label: id, spec }, { label: `${id} (fine-tuned: backbone unfrozen)`, spec, unfreeze: true }];
  }
  if (id === 'custom') return [{ label: id, spec: { arch: id, inputShape: [16, 16, 3], numClasses: 3, layers: CUSTOM_LAYERS } }];
  return [{ label: id, spec: { arch: id, inputShape: [16, 16, 3], numClasses: 3 } }];
}

describe.skipIf(!present)(`WebGPU in Chromium (${present ? 'SwiftShader adapter' : `skipped: no Chromium at ${CHROMIUM}`})`, () => {
  let s: ChromiumSession;
  beforeAll(async () => { s = await openChromium(); }, 300_000);
  afterAll(async () => { await s?.close(); });

  it('the page gets a WebGPU adapter and names it', () => {
    expect(s.adapter).toMatchObject({ ok: true, via: 'chromium', adapter: { vendor: expect.any(String), limits: { maxBufferSize: expect.any(Number) } } });
  });

  it.each(ARCHITECTURES.flatMap((a) => caseFor(a.id)).map((c) => [c.label, c] as const))('%s: 2 steps with the cpu backend\'s losses and gradients', async (_label, c) => {
    const r = await s.compare(c);
    expect(r.error, r.error).toBeUndefined();
    expect(r.losses.webgpu).toHaveLength(2);
    r.losses.cpu.forEach((l, i) => expect(Math.abs(l - r.losses.webgpu[i]!), `step ${i + 1} loss`).toBeLessThanOrEqual(TOL));
    expect(r.gradsCompared).toBeGreaterThan(0);
    expect(r.maxGradDiff).toBeLessThanOrEqual(TOL);
    // Weights after the steps are not compared at 1e-3: Adam turns near-zero gradients' float noise into ±lr steps.
    expect(Number.isFinite(r.maxWeightDiff)).toBe(true);
  }, 300_000);

  it('one cnn-small epoch on generated data through runTrainer: one batch upload and one async readback per step', async () => {
    const r = await s.trainEpoch();
    expect(r.end).toMatchObject({ status: 'completed', epochsDone: 1, backend: 'webgpu' });
    expect(r.end.valAccuracy).not.toBeNull();
    expect(r.steps).toBe(12);
    expect(r.batchUploads).toBe(r.steps + r.valBatches);
    expect(r.syncReadbacks).toBe(0);
    expect(r.readbacks).toBe(r.steps + r.valBatches);
    expect(r.lastLoss).toBeLessThan(r.firstLoss);
  }, 300_000);
});
