/** Export handler: load a finished run's model and write it in a portable format, with the parity check's result. */

import path from 'node:path';
import type { ApiHandlers } from '../contract/api';
import type { RunPreprocess } from '../contract/engine';
import type { ServiceContext } from './context';
import { findRun } from './runs';

export function exportHandlers(ctx: ServiceContext): Pick<ApiHandlers, 'export:run'> {
  return {
    async 'export:run'({ runId, format, outDir }) {
      const run = await findRun(ctx, runId);
      const [{ exportModel }, { loadModelDir }, { files, readJson }, { initBackend }] = await Promise.all([
        import('../export/index'), import('../engine/train/model-io'), import('../engine/train/run-dir'), import('../engine/backend/index'),
      ]);
      await initBackend();
      const f = files(run.runDir);
      const [labels, pre, model] = await Promise.all([readJson<string[]>(f.labels), readJson<RunPreprocess>(f.preprocess), loadModelDir(f.model)]);
      try {
        return await exportModel({
          model, labels, format,
          preprocess: { width: pre.width, height: pre.height, channels: pre.channels, fit: pre.fit, scale: pre.rescale, offset: 0 },
          // Exports go to the run's own folder by default: never into a user's dataset.
          outDir: outDir ?? path.join(run.runDir, 'export', format),
          meta: { runId, arch: run.config.arch, config: run.config, seed: run.config.seed, finalMetrics: run.final, createdAt: run.createdAt },
        });
      } finally {
        model.dispose();
      }
    },
  };
}
