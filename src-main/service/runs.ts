/** Run-history handlers: the list of runs with their config and final metrics, and one run's curves. */

import type { ApiHandlers } from '../contract/api';
import type { BatchMetrics, EpochMetrics, RunSummary } from '../contract/engine';
import { HebbError } from '../core/errors';
import type { ServiceContext } from './context';
import { loadModule } from './modules';

interface RunsModule {
  listRuns(runsDir: string): Promise<RunSummary[]>;
  readRunMetrics(runDir: string): Promise<{ epochs: EpochMetrics[]; batches: BatchMetrics[] }>;
}

const runsModule = () => loadModule<RunsModule>('Run history', 'engine/train/runs');

export function runsHandlers(ctx: ServiceContext): Pick<ApiHandlers, 'runs:list' | 'runs:metrics'> {
  return {
    async 'runs:list'() {
      const runs = await (await runsModule()).listRuns(ctx.runsDir);
      return [...runs].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    },
    async 'runs:metrics'({ runId }) {
      const m = await runsModule();
      const run = (await m.listRuns(ctx.runsDir)).find((r) => r.id === runId);
      if (!run) throw new HebbError('UNKNOWN_RUN', `No run "${runId}" in ${ctx.runsDir}`);
      return m.readRunMetrics(run.runDir);
    },
  };
}
