/** Run-history handlers: the list of runs with their config and final metrics, and one run's curves. */

import type { ApiHandlers } from '#contract/api';
import type { RunSummary } from '#contract/engine';
import { HebbError } from '../core/errors';
import type { ServiceContext } from './context';

const runsModule = () => import('../engine/train/runs');

/** The run with this id under the service's runs folder. */
export async function findRun(ctx: ServiceContext, runId: string): Promise<RunSummary> {
  const run = (await (await runsModule()).listRuns(ctx.runsDir)).find((r) => r.id === runId);
  if (!run) throw new HebbError('UNKNOWN_RUN', `No run "${runId}". Train a model first, or pick one under Runs.`);
  return run;
}

export function runsHandlers(ctx: ServiceContext): Pick<ApiHandlers, 'runs:list' | 'runs:metrics'> {
  return {
    async 'runs:list'() {
      const runs = await (await runsModule()).listRuns(ctx.runsDir);
      return [...runs].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    },
    async 'runs:metrics'({ runId }) {
      return (await runsModule()).readRunMetrics((await findRun(ctx, runId)).runDir);
    },
  };
}
