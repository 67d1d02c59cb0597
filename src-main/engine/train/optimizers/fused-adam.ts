/** tfjs's Adam with each variable's update done by one 'HebbAdam' kernel instead of ~15 small ops; same slots, weights and checkpoints. */

import * as tf from '@tensorflow/tfjs';
import { HEBB_ADAM, registerCpuAdam, type AdamAttrs } from '../../kernels/adam';

registerCpuAdam();

/** The private state of tf.AdamOptimizer we reuse as it is, so getWeights/setWeights/dispose/serialization stay tfjs's own. */
interface AdamState {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: { originalName: string; variable: tf.Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: tf.Variable }[];
}

type Grads = Parameters<tf.AdamOptimizer['applyGradients']>[0];

export class FusedAdamOptimizer extends tf.AdamOptimizer {
  /** Keeps the class name tfjs serializes ('Adam'), so saved optimizer configs read back as plain Adam. */
  static override get className(): string { return 'Adam'; }

  constructor(learningRate: number, beta1 = 0.9, beta2 = 0.999, epsilon?: number) {
    super(learningRate, beta1, beta2, epsilon ?? null!);
  }

  override applyGradients(variableGradients: Grads): void {
    const names = Array.isArray(variableGradients) ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
    const gradOf = (name: string, i: number) => (Array.isArray(variableGradients) ? variableGradients[i]?.tensor : variableGradients[name]);
    const vars = names.map((n) => tf.engine().registeredVariables[n]!);
    const fusable = tf.getKernel(HEBB_ADAM, tf.getBackend()) != null
      && vars.every((v, i) => v.dtype === 'float32' && (gradOf(names[i]!, i)?.dtype ?? 'float32') === 'float32');
    if (!fusable) { super.applyGradients(variableGradients); return; }

    const s = this as unknown as AdamState;
    const attrs: Omit<AdamAttrs, 'inPlace'> = {
      lr: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon,
      oneMinusAccBeta1: Math.fround(1 - s.accBeta1.dataSync()[0]!),
      oneMinusAccBeta2: Math.fround(1 - s.accBeta2.dataSync()[0]!),
    };
    vars.forEach((value, i) => {
      const name = names[i]!;
      // Slots are created even for a variable without a gradient, as tfjs does: their order is what checkpoints hold.
      s.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
      s.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
      const g = gradOf(name, i);
      if (g == null) return;
      applyUpdate(HEBB_ADAM, value, { m: s.accumulatedFirstMoment[i].variable, v: s.accumulatedSecondMoment[i].variable }, g, attrs);
    });
    tf.tidy(() => {
      s.accBeta1.assign(tf.mul(s.accBeta1, this.beta1));
      s.accBeta2.assign(tf.mul(s.accBeta2, this.beta2));
    });
    this.incrementIterations();
  }
}

/**
 * Run one fused update kernel for variable x: inputs x, its slots and g; the slots are written in place when no
 * other tensor shares them (a clone or reshape shares buffers on wasm), else assigned from the kernel's outputs.
 */
export function applyUpdate(kernel: string, x: tf.Variable, slots: Record<string, tf.Variable>, g: tf.Tensor, attrs: object): void {
  const vars = Object.values(slots);
  const inPlace = canWriteInPlace(...vars);
  const outs = tf.engine().runKernel(kernel, { x, ...slots, g }, { ...attrs, inPlace } as unknown as tf.NamedAttrMap) as unknown as tf.Tensor[];
  x.assign(outs[0]!);
  if (!inPlace) vars.forEach((v, i) => v.assign(outs[i + 1]!));
  tf.dispose(outs);
}

/**
 * Only on wasm: its buffers live on the wasm heap and were copied there. The cpu backend may hold a caller's own
 * array (tf.tensor(values) keeps it), so there we always write fresh outputs.
 */
function canWriteInPlace(...ts: tf.Tensor[]): boolean {
  if (tf.getBackend() !== 'wasm') return false;
  const backend = tf.backend();
  return ts.every((t) => backend.refCount(t.dataId) === 1);
}
