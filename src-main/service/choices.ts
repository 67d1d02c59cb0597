/** The lists users choose from, read from the registries (served by app:choices, used by validation and the CLI). */

import { ACTIVATIONS, type Choices } from '#contract/engine';
import { ARCHITECTURES } from '../engine/arch/registry';
import { lossIds } from '../engine/train/losses/registry';
import { optimizerIds } from '../engine/train/optimizers/registry';
import { scheduleIds } from '../engine/train/schedules/registry';
import { exportFormatIds } from '../export/formats/registry';

export function choices(): Choices {
  return {
    arch: ARCHITECTURES.map((a) => a.id),
    optimizer: optimizerIds(),
    schedule: scheduleIds(),
    loss: lossIds(),
    exportFormat: exportFormatIds(),
    activation: [...ACTIVATIONS],
  };
}
