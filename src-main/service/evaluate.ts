/** Evaluation handlers: a run's report on a dataset (mistakes mapped to image ids) and single-image prediction. */

import type { ApiHandlers } from '../contract/api';
import type { EvalReport, Prediction, RunSummary } from '../contract/engine';
import { HebbError } from '../core/errors';
import type { ServiceContext } from './context';
import { loadModule } from './modules';

interface EvaluateModule {
  evaluateRun(runDir: string, dataRoot: string, opts: { split?: string }): Promise<EvalReport>;
  predictImage(runDir: string, input: string | Buffer, opts: { topK: number; saliency?: boolean }): Promise<Prediction & { saliencyPng?: Buffer | null }>;
}
interface RunsModule { listRuns(runsDir: string): Promise<RunSummary[]> }

const evaluation = () => loadModule<EvaluateModule>('Evaluation', 'engine/evaluate/index');

export async function runDirOf(ctx: ServiceContext, runId: string): Promise<string> {
  const { listRuns } = await loadModule<RunsModule>('Run history', 'engine/train/runs');
  const run = (await listRuns(ctx.runsDir)).find((r) => r.id === runId);
  if (!run) throw new HebbError('UNKNOWN_RUN', `No run "${runId}". Train a model first, or pick one under Runs.`);
  return run.runDir;
}

export function evaluateHandlers(ctx: ServiceContext): Pick<ApiHandlers, 'eval:run' | 'predict:image'> {
  return {
    async 'eval:run'({ runId, datasetId, split }) {
      const ds = ctx.datasets.get(datasetId);
      const report = await (await evaluation()).evaluateRun(await runDirOf(ctx, runId), ds.root, { split });
      return { ...report, mistakes: report.mistakes.map((m) => ({ ...m, imageId: ctx.datasets.imageId(ds, m.path) })) };
    },
    async 'predict:image'({ runId, imageId, pngBase64, topK }) {
      let input: string | Buffer;
      if (imageId) input = (await ctx.datasets.resolveImage(imageId)).file;
      else if (pngBase64) input = Buffer.from(pngBase64, 'base64');
      else throw new HebbError('INVALID_ARGUMENT', 'Pick an image from the dataset or drop one on the playground.');
      const p = await (await evaluation()).predictImage(await runDirOf(ctx, runId), input, { topK, saliency: true });
      const { saliencyPng, ...prediction } = p;
      return { ...prediction, saliencyPngBase64: saliencyPng ? Buffer.from(saliencyPng).toString('base64') : null };
    },
  };
}
