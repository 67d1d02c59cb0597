/** The lists users choose from, as the main side's modules define them (served by app:choices, used by validation). */

import { ACTIVATIONS, LOSSES, OPTIMIZERS, SCHEDULES, type Choices } from '#contract/engine';
import { EXPORT_FORMATS } from '#contract/export';
import { ARCHITECTURES } from '../engine/arch/registry';

export function choices(): Choices {
  return {
    arch: ARCHITECTURES.map((a) => a.id),
    optimizer: [...OPTIMIZERS],
    schedule: [...SCHEDULES],
    loss: [...LOSSES],
    exportFormat: [...EXPORT_FORMATS],
    activation: [...ACTIVATIONS],
  };
}
