/**
 * The training loop's randomness in one generator whose state a checkpoint saves. Shuffle order and augmentation
 * are pure functions of (seed, epoch, image) (preprocess/batches.ts), so they need no state; dropout is the stateful
 * part. tfjs re-creates a dropout layer's generator from its `seed` on every call (the same mask at every step if the
 * seed stays), and unseeded ops draw their seed from Math.random, which other code in the process also uses. So
 * before every step this generator hands each dropout layer a fresh seed and gives Math.random a stream of its own
 * for that step: the draws depend only on (seed, epoch, batch), and a run resumed at any batch replays them exactly.
 */

import type * as tf from '@tensorflow/tfjs';
import { Mulberry32 } from '../../core/random';

const original = Math.random;

interface SeededLayer { seed?: number }

export class TrainRandom {
  private readonly g = new Mulberry32(0);
  private readonly layers: SeededLayer[];
  private readonly seeds: (number | undefined)[];

  constructor(private readonly seedValue: number, model: tf.LayersModel) {
    this.layers = dropoutLayers(model);
    this.seeds = this.layers.map((l) => l.seed);
  }

  /** The generator's state between two steps (saved in checkpoints). */
  get state(): number { return this.g.state; }
  set state(v: number) { this.g.state = v >>> 0; }

  /** Every epoch starts from (seed, epoch), so an epoch checkpoint needs no state at all. */
  startEpoch(epoch: number): void {
    this.g.state = (Math.imul(this.seedValue, 0x9e3779b1) ^ Math.imul(epoch + 1, 0x85ebca6b)) >>> 0;
  }

  /** Draws for the next step: a seed per dropout layer, and a Math.random stream for any other unseeded op. */
  beforeStep(): void {
    for (const l of this.layers) l.seed = this.g.seed();
    const own = new Mulberry32(this.g.seed());
    Math.random = () => own.next();
  }

  /** Put back Math.random and the layers' own seeds (the saved model keeps the builder's config). */
  release(): void {
    Math.random = original;
    this.layers.forEach((l, i) => { l.seed = this.seeds[i]; });
  }
}

/** Dropout layers of a model, nested models included (a transfer model holds its backbone as a layer). */
function dropoutLayers(model: tf.LayersModel): SeededLayer[] {
  const out: SeededLayer[] = [];
  const walk = (layers: tf.layers.Layer[]) => {
    for (const l of layers) {
      if (l.getClassName() === 'Dropout') out.push(l as unknown as SeededLayer);
      const inner = (l as unknown as { layers?: tf.layers.Layer[] }).layers;
      if (Array.isArray(inner)) walk(inner);
    }
  };
  walk(model.layers);
  return out;
}
