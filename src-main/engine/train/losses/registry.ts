/** The training losses on offer: one file each in this folder, one line in LOSSES. */

import type { LossName } from '#contract/engine';
import { makeRegistry, type Assert, type SameIds } from '../../../core/registry';
import { categoricalCrossentropy } from './categorical-crossentropy';
import { meanSquaredError } from './mean-squared-error';

export type { LossDescriptor } from './descriptor';

const LOSSES = [categoricalCrossentropy, meanSquaredError];

export const losses = makeRegistry('loss', LOSSES);
export type _LossIdsMatchContract = Assert<SameIds<(typeof LOSSES)[number]['id'], LossName>>;

export function lossIds(): LossName[] {
  return losses.ids();
}
