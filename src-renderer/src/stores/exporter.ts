/** Export of a run to a portable format, with the parity check's verdict, and the exported folder as a zip to save. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ExportFormat, ExportResult, TfliteQuantize } from '#contract/export';
import { useApi } from '../api';
import { pending } from './call';

/** base64 → bytes (atob gives one char per byte) for the Blob a download link saves. */
function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export const useExportStore = defineStore('export', () => {
  const format = ref<ExportFormat>('tfjs');
  /** TFLite's precision; sent only with format tflite (the contract refuses it with any other). */
  const quantize = ref<TfliteQuantize>('none');
  const results = ref<Partial<Record<ExportFormat, ExportResult>>>({});
  const call = pending();
  const archiving = pending();

  async function run(runId: string): Promise<ExportResult | null> {
    const q = format.value === 'tflite' ? { quantize: quantize.value } : {};
    const r = await call.run(useApi().call('export:run', { runId, format: format.value, ...q }));
    if (r) results.value = { ...results.value, [r.format]: r };
    return r;
  }
  /** The zip of the export `r` describes (its format and precision), ready to hand to a download link. */
  async function archive(runId: string, r: ExportResult): Promise<{ fileName: string; blob: Blob } | null> {
    const a = await archiving.run(useApi().call('export:archive', { runId, format: r.format, ...(r.quantize ? { quantize: r.quantize } : {}) }));
    return a && { fileName: a.fileName, blob: new Blob([fromBase64(a.zipBase64)], { type: 'application/zip' }) };
  }
  /** Results belong to one run: another run starts with none. */
  function reset(): void { results.value = {}; }
  return { format, quantize, results, busy: call.busy, error: call.error, archiving: archiving.busy, archiveError: archiving.error, run, archive, reset };
});
