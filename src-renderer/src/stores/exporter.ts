/** Export of a run to a portable format, with the parity check's verdict. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ExportFormat, ExportResult } from '#contract/export';
import { useApi } from '../api';
import { pending } from './call';

export const useExportStore = defineStore('export', () => {
  const format = ref<ExportFormat>('tfjs');
  const results = ref<Partial<Record<ExportFormat, ExportResult>>>({});
  const call = pending();

  async function run(runId: string): Promise<ExportResult | null> {
    const r = await call.run(useApi().call('export:run', { runId, format: format.value }));
    if (r) results.value = { ...results.value, [r.format]: r };
    return r;
  }
  return { format, results, busy: call.busy, error: call.error, run };
});
