/** Export handler: write a finished run's model in a portable format, with the parity check's result (in the engine-task worker). */

import path from 'node:path';
import type { ApiHandlers } from '#contract/api';
import type { ServiceContext } from './context';
import { findRun } from './runs';

export function exportHandlers(ctx: ServiceContext): Pick<ApiHandlers, 'export:run'> {
  return {
    async 'export:run'({ runId, format, outDir }) {
      const run = await findRun(ctx, runId);
      // Exports go to the run's own folder by default: never into a user's dataset.
      return ctx.tasks.run({ task: 'export', runDir: run.runDir, format, outDir: outDir ?? path.join(run.runDir, 'export', format) });
    },
  };
}
