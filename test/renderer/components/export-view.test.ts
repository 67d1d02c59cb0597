// The Export view over a fake API: TFLite's precision radios (only for TFLite, sent with the request), the quantised
// parity scores, Download .zip through export:archive into an object URL, and MAX |Δp| of exactly 0 read as 0.
import { mount } from '@vue/test-utils';
import type { Pinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TFLITE_QUANTIZE, type ExportResult } from '#contract/export';
import { TRAIN_DEFAULTS, type RunSummary } from '#contract/engine';
import { fmtSci, i18n } from '../../../src-renderer/src/i18n';
import ExportView from '../../../src-renderer/src/views/ExportView.vue';
import { freshStudio, type FakeApi } from '../fake-api';

const RUN: RunSummary = {
  id: 'r1', runDir: '/runs/r1', createdAt: '2026-12-01T10:00:00Z', status: 'completed',
  config: { ...TRAIN_DEFAULTS, data: '/data/pets', arch: 'mlp' },
  final: { epoch: 3, epochs: 3, loss: 0.3, accuracy: 0.9, valLoss: 0.4, valAccuracy: 0.9, learningRate: 0.001, imagesPerSecond: 100, etaSeconds: 0, seconds: 3 },
};
const result = (req: { format: ExportResult['format']; quantize?: ExportResult['quantize'] }): ExportResult => ({
  format: req.format, ...(req.quantize ? { quantize: req.quantize } : {}), outDir: `/runs/r1/export/${req.format}`, files: ['model.tflite', 'labels.txt'],
  parity: {
    runtime: 'Arm NN', samples: 40, maxAbsDiff: req.quantize === 'int8' ? 0.03 : 0, argmaxAgreement: 1, passed: true,
    ...(req.quantize === 'int8' ? { validation: { images: 32, floatAccuracy: 0.9375, quantizedAccuracy: 0.90625, argmaxAgreement: 0.96875 } } : {}),
  },
});

let api: FakeApi;
let pinia: Pinia;
const flush = () => new Promise((r) => setTimeout(r, 0));
beforeEach(() => {
  ({ api, pinia } = freshStudio());
  api.answer('runs:list', [RUN]);
  api.answer('export:run', (req) => result(req as never));
  api.answer('export:archive', { fileName: 'r1-tflite-int8.zip', zipBase64: Buffer.from('PK\u0003\u0004zip').toString('base64') });
});
afterEach(() => vi.restoreAllMocks());

const mountView = async () => {
  const w = mount(ExportView, { global: { plugins: [pinia, i18n] }, attachTo: document.body });
  await flush();
  return w;
};

describe('Export view: TFLite precision', () => {
  it('shows the precision radios only for TensorFlow Lite, one per mode, each explained', async () => {
    const w = await mountView();
    expect(w.find('[data-test=quantize]').exists()).toBe(false);
    await w.get('[data-test=format-tflite]').trigger('click');
    const group = w.get('[data-test=quantize] [role=radiogroup]');
    expect(group.attributes('aria-label')).toBe('Precision');
    const radios = group.findAll('input[type=radio]');
    expect(radios.map((r) => r.attributes('value'))).toEqual([...TFLITE_QUANTIZE]);
    expect((radios[0]!.element as HTMLInputElement).checked).toBe(true);
    expect(group.text()).toContain('Dynamic range');
    expect(group.text()).toContain('4× smaller');
    await w.get('[data-test=format-onnx]').trigger('click');
    expect(w.find('[data-test=quantize]').exists()).toBe(false);
  });

  it('sends the chosen precision with a TFLite export and none with another format, and shows the quantised scores', async () => {
    const w = await mountView();
    await w.get('[data-test=format-onnx]').trigger('click');
    await w.get('[data-test=export]').trigger('click');
    await flush();
    expect(api.calls.filter((c) => c.channel === 'export:run').at(-1)!.req).toEqual({ runId: 'r1', format: 'onnx' });
    await w.get('[data-test=format-tflite]').trigger('click');
    await w.get('[data-test=quantize-int8]').setValue(true);
    await w.get('[data-test=export]').trigger('click');
    await flush();
    expect(api.calls.filter((c) => c.channel === 'export:run').at(-1)!.req).toEqual({ runId: 'r1', format: 'tflite', quantize: 'int8' });
    expect(w.get('[data-test=precision]').text()).toBe('int8 full-integer');
    expect(w.get('[data-test=float-accuracy]').text()).toContain('93.8%');
    expect(w.get('[data-test=quantized-accuracy]').text()).toContain('90.6%');
    expect(w.get('[data-test=export-result]').text()).toContain('Scored on 32 validation images');
  });
});

describe('Export view: Download .zip', () => {
  it('asks export:archive for the exported run, format and precision, and saves the zip through an object URL', async () => {
    const createObjectURL = vi.spyOn(URL, 'createObjectURL').mockImplementation(() => 'blob:fake-zip');
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const clicked: { href: string; download: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) { clicked.push({ href: this.href, download: this.download }); });
    const w = await mountView();
    expect(w.find('[data-test=download]').exists()).toBe(false);
    await w.get('[data-test=format-tflite]').trigger('click');
    await w.get('[data-test=quantize-int8]').setValue(true);
    await w.get('[data-test=export]').trigger('click');
    await flush();
    await w.get('[data-test=download]').trigger('click');
    await flush();
    expect(api.calls.find((c) => c.channel === 'export:archive')!.req).toEqual({ runId: 'r1', format: 'tflite', quantize: 'int8' });
    expect(createObjectURL).toHaveBeenCalledTimes(1);
    const blob = createObjectURL.mock.calls[0]![0] as Blob;
    expect(blob.type).toBe('application/zip');
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(new Uint8Array(Buffer.from('PK\u0003\u0004zip')));
    expect(clicked).toEqual([{ href: 'blob:fake-zip', download: 'r1-tflite-int8.zip' }]);
    w.unmount();
  });

  it('shows the archive refusal', async () => {
    api.answer('export:archive', { code: 'NOT_FOUND', message: 'Run "r1" has no tfjs export yet' }, true);
    const w = await mountView();
    await w.get('[data-test=export]').trigger('click');
    await flush();
    await w.get('[data-test=download]').trigger('click');
    await flush();
    expect(w.text()).toContain('has no tfjs export yet');
    w.unmount();
  });
});

describe('MAX |Δp|', () => {
  it('reads an exact 0 as 0, not 0E0', async () => {
    expect(fmtSci(0)).toBe('0');
    expect(fmtSci(0.00012)).toBe('1.2E-4');
    const w = await mountView();
    await w.get('[data-test=export]').trigger('click');
    await flush();
    expect(w.get('[data-test=export-result] .kpis').text()).toContain('Max |Δp|0');
    expect(w.get('[data-test=export-result]').text()).not.toContain('0E0');
  });
});
