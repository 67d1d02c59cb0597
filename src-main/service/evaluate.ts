/** Evaluation handlers: a run's report on a dataset (images named by id for the page) single-image prediction and its per-layer activation maps. */

import type { ApiHandlers, EvalView } from '#contract/api';
import type { SplitName } from '#contract/dataset';
import type { EvalReport, RunSummary } from '#contract/engine';
import { HebbError } from '../core/errors';
import type { ServiceContext } from './context';
import type { OpenDataset } from './datasets';
import { findRun } from './runs';
import { projectData } from './train';

/**
 * The evaluator reports mistakes only; the correctly predicted images of each class are the evaluated images of
 * that class minus its mistakes — found with the same seeded split the run used.
 */
async function correctByClass(ds: OpenDataset, run: RunSummary, split: SplitName | undefined, report: EvalReport): Promise<Record<string, string[]>> {
  const { splitDataset } = await import('../dataset/index');
  const indexed = ds.scan.entries.map((e, i) => ({ ...e, i }));
  const evaluated = split ? splitDataset(indexed, run.config.split)[split] : indexed;
  const wrong = new Set(report.mistakes.map((m) => m.path));
  const out: Record<string, string[]> = Object.fromEntries(report.labels.map((l) => [l, []]));
  for (const e of evaluated) {
    const label = ds.scan.classes[e.label]!;
    if (!wrong.has(e.path) && out[label]) out[label].push(`${ds.id}.${e.i}`);
  }
  return out;
}

/** The Playground's image: a dataset image by id (its file) or the bytes the page sent. */
async function imageInput(ctx: ServiceContext, imageId: string | undefined, pngBase64: string | undefined): Promise<{ file: string } | { bytes: Uint8Array }> {
  if (imageId) return { file: (await ctx.datasets.resolveImage(imageId)).file };
  if (pngBase64) return { bytes: Buffer.from(pngBase64, 'base64') };
  throw new HebbError('INVALID_ARGUMENT', 'Pick an image from the dataset or drop one on the playground.');
}

export function evaluateHandlers(ctx: ServiceContext): Pick<ApiHandlers, 'eval:run' | 'predict:image' | 'predict:activations'> {
  return {
    async 'eval:run'({ runId, datasetId, split }): Promise<EvalView> {
      const ds = ctx.datasets.get(datasetId);
      const run = await findRun(ctx, runId);
      const dataRoot = (await projectData(ctx, datasetId))?.snapshot ?? ds.root; // a project: its data as it is now
      const report = await ctx.tasks.run({ task: 'evaluate', runDir: run.runDir, dataRoot, split });
      return {
        ...report,
        mistakes: report.mistakes.map((m) => ({ ...m, imageId: ctx.datasets.imageId(ds, m.path) })),
        correct: await correctByClass(ds, run, split, report),
      };
    },
    async 'predict:image'({ runId, imageId, pngBase64, topK }) {
      const input = await imageInput(ctx, imageId, pngBase64);
      const run = await findRun(ctx, runId);
      const { saliencyPng, ...prediction } = await ctx.tasks.run({ task: 'predict', runDir: run.runDir, ...input, topK, saliency: true });
      return { ...prediction, saliencyPngBase64: saliencyPng ? Buffer.from(saliencyPng).toString('base64') : null };
    },
    async 'predict:activations'({ runId, imageId, pngBase64 }) {
      const input = await imageInput(ctx, imageId, pngBase64);
      const run = await findRun(ctx, runId);
      const { layers, ...info } = await ctx.tasks.run({ task: 'activations', runDir: run.runDir, ...input });
      return { ...info, layers: layers.map(({ png, ...l }) => ({ ...l, pngBase64: Buffer.from(png).toString('base64') })) };
    },
  };
}
