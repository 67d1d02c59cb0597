/** The learning-rate schedules on offer: one file each in this folder, one line in SCHEDULES. */

import type { ScheduleName } from '#contract/engine';
import { makeRegistry, type Assert, type SameIds } from '../../../core/registry';
import { constant } from './constant';
import { cosine } from './cosine';
import { exponential } from './exponential';
import { step } from './step';

export type { ScheduleDescriptor, ScheduleOptions, ScheduleTime } from './descriptor';

const SCHEDULES = [constant, step, exponential, cosine];

export const schedules = makeRegistry('schedule', SCHEDULES);
export type _ScheduleIdsMatchContract = Assert<SameIds<(typeof SCHEDULES)[number]['id'], ScheduleName>>;

export function scheduleIds(): ScheduleName[] {
  return schedules.ids();
}
