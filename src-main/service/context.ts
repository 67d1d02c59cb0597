/** What every feature's handlers share: the dataset registry, the event bus and where runs live. */

import type { DatasetRegistry } from './datasets';
import type { EventBus } from './events';

export interface ServiceContext {
  datasets: DatasetRegistry;
  events: EventBus;
  /** Directory holding one folder per training run. */
  runsDir: string;
}
