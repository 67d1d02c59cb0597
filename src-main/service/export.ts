/** Export handlers: write a finished run's model in a portable format (in the engine-task worker), and zip it for download. */

import type { ApiHandlers } from '#contract/api';
import { defaultExportDir, zipExport } from '../export/folder';
import type { ServiceContext } from './context';
import { findRun } from './runs';

export function exportHandlers(ctx: ServiceContext): Pick<ApiHandlers, 'export:run' | 'export:archive'> {
  return {
    async 'export:run'({ runId, format, quantize, outDir }) {
      const run = await findRun(ctx, runId);
      // Exports go to the run's own folder by default: never into a user's dataset.
      return ctx.tasks.run({ task: 'export', runDir: run.runDir, format, ...(quantize ? { quantize } : {}), outDir: outDir ?? defaultExportDir(run.runDir, format, quantize) });
    },
    async 'export:archive'({ runId, format, quantize }) {
      const run = await findRun(ctx, runId);
      // Only the run's default export folder: the path is built from the run and two enums, never from the request.
      const { fileName, zip } = await zipExport(run.runDir, run.id, format, quantize);
      return { fileName, zipBase64: Buffer.from(zip).toString('base64') };
    },
  };
}
