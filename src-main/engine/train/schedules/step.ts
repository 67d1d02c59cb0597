/** Step decay: the rate drops by a factor at fixed epoch intervals (Keras's StepLR-style schedule). */

import { defineSchedule } from './descriptor';

export const step = defineSchedule({
  id: 'step',
  name: 'Step decay',
  describe: 'Multiply the rate by gamma (0.1) every third of the run.',
  rate: (o, at) => o.learningRate * Math.pow(o.gamma ?? 0.1, Math.floor(Math.max(0, at.epoch) / (o.stepEpochs ?? Math.max(1, Math.floor(o.epochs / 3))))),
});
