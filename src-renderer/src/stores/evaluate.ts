/** Evaluation of a run, the confusion cell the user opened, and single-image predictions for the playground. */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { EvalView, Res } from '#contract/api';
import type { SplitName } from '#contract/dataset';
import { useApi } from '../api';
import { pending } from './call';

export type CellItem = { imageId: string | null; path: string; trueLabel: string; predictedLabel: string; probability: number };

export const useEvaluateStore = defineStore('evaluate', () => {
  const runId = ref<string>('');
  const split = ref<SplitName>('val');
  const report = ref<EvalView | null>(null);
  const cell = ref<{ row: number; col: number } | null>(null);
  const prediction = ref<Res<'predict:image'> | null>(null);
  const predictedImage = ref<string | null>(null);
  /** The image request behind `prediction` (a new object per prediction), for views that ask more about the same image. */
  const predictedInput = ref<{ imageId?: string; pngBase64?: string } | null>(null);
  const evaluating = pending();
  const predicting = pending();

  async function evaluate(datasetId: string): Promise<void> {
    if (!runId.value) return;
    cell.value = null;
    report.value = await evaluating.run(useApi().call('eval:run', { runId: runId.value, datasetId, split: split.value }));
  }

  /** Images behind the open confusion cell: mistakes off the diagonal (most confident first), correct ones on it. */
  const cellItems = computed<CellItem[] | null>(() => {
    const r = report.value;
    const c = cell.value;
    if (!r || !c) return null;
    const t = r.labels[c.row]!;
    const p = r.labels[c.col]!;
    if (c.row === c.col) {
      if (!r.correct) return null;
      return (r.correct[t] ?? []).map((imageId) => ({ imageId, path: imageId, trueLabel: t, predictedLabel: t, probability: Number.NaN }));
    }
    return r.mistakes.filter((m) => m.trueLabel === t && m.predictedLabel === p).sort((a, b) => b.probability - a.probability);
  });

  async function predict(req: { imageId?: string; pngBase64?: string }, shown: string): Promise<void> {
    if (!runId.value) return;
    predictedImage.value = shown;
    predictedInput.value = { ...req };
    prediction.value = await predicting.run(useApi().call('predict:image', { runId: runId.value, topK: 5, ...req }));
  }

  return {
    runId, split, report, cell, cellItems, prediction, predictedImage, predictedInput,
    evaluating: evaluating.busy, error: evaluating.error, predicting: predicting.busy, predictError: predicting.error,
    evaluate, predict,
  };
});
