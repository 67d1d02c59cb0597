/** Cosine annealing over the run, per batch (Loshchilov & Hutter's SGDR without restarts). */

import { defineSchedule } from './descriptor';

export const cosine = defineSchedule({
  id: 'cosine',
  name: 'Cosine annealing',
  describe: 'Anneal the rate along half a cosine from the base rate to minRatio (0) of it by the last batch.',
  rate: (o, at) => {
    const p = Math.min(1, Math.max(0, at.progress));
    const min = o.minRatio ?? 0;
    return o.learningRate * (min + (1 - min) * 0.5 * (1 + Math.cos(Math.PI * p)));
  },
});
