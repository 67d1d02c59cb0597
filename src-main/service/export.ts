/** Export handler: write a run's model in a portable format and report the parity check against the studio. */

import path from 'node:path';
import type { ApiHandlers } from '../contract/api';
import type { ExportFormat, ExportResult } from '../contract/export';
import type { ServiceContext } from './context';
import { runDirOf } from './evaluate';
import { loadModule } from './modules';

interface ExportModule {
  exportModel(runDir: string, format: ExportFormat, outDir: string): Promise<ExportResult>;
}

export function exportHandlers(ctx: ServiceContext): Pick<ApiHandlers, 'export:run'> {
  return {
    async 'export:run'({ runId, format, outDir }) {
      const { exportModel } = await loadModule<ExportModule>('Export', 'export/index');
      const runDir = await runDirOf(ctx, runId);
      // Exports default to the run's own folder: never into a user's dataset.
      return exportModel(runDir, format, outDir ?? path.join(runDir, 'export', format));
    },
  };
}
