/** The base rate throughout. */

import { defineSchedule } from './descriptor';

export const constant = defineSchedule({
  id: 'constant',
  name: 'Constant',
  describe: 'The same learning rate every epoch.',
  rate: (o) => o.learningRate,
});
