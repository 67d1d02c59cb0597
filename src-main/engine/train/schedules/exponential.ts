/** Exponential decay, once per epoch. */

import { defineSchedule } from './descriptor';

export const exponential = defineSchedule({
  id: 'exponential',
  name: 'Exponential decay',
  describe: 'Multiply the rate by decay (0.95) after every epoch.',
  rate: (o, at) => o.learningRate * Math.pow(o.decay ?? 0.95, Math.max(0, at.epoch)),
});
