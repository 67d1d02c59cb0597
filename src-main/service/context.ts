/** What every feature's handlers share: the dataset registry, the event bus, where runs live and the engine-task worker. */

import type { TaskRunner } from '../engine/task-client';
import type { DatasetRegistry } from './datasets';
import type { EventBus } from './events';
import type { ProjectRegistry } from './projects';

export interface ServiceContext {
  datasets: DatasetRegistry;
  /** Open projects; each version of a project's effective dataset is also in `datasets`. */
  projects: ProjectRegistry;
  events: EventBus;
  /** Directory holding one folder per training run. */
  runsDir: string;
  /** Evaluate / predict / export run here, in a worker, never on the event loop serving the UI. */
  tasks: TaskRunner;
}
