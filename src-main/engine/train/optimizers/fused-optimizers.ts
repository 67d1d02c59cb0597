/** tfjs's momentum SGD and RMSprop with each variable's update in one fused wasm kernel; slots, weights and checkpoints stay tfjs's own. */

import * as tf from '@tensorflow/tfjs';
import { HEBB_MOMENTUM, HEBB_RMSPROP, updateKernelsUsable } from '../../kernels/optimizer-updates';
import { applyUpdate } from './fused-adam';

type Grads = Parameters<tf.MomentumOptimizer['applyGradients']>[0];
interface Slot { originalName: string; variable: tf.Variable }

/** Names, variables and gradients in tfjs's order, or null when a fused kernel cannot serve them (then use tfjs's own). */
function fusable(kernel: string, grads: Grads): { names: string[]; vars: tf.Variable[]; grad: (i: number) => tf.Tensor | undefined } | null {
  if (!tf.getKernel(kernel, tf.getBackend()) || !updateKernelsUsable()) return null;
  const names = Array.isArray(grads) ? grads.map((v) => v.name) : Object.keys(grads);
  const grad = (i: number) => (Array.isArray(grads) ? grads[i]?.tensor : grads[names[i]!]);
  const vars = names.map((n) => tf.engine().registeredVariables[n]!);
  const ok = vars.every((v, i) => v.dtype === 'float32' && (grad(i)?.dtype ?? 'float32') === 'float32');
  return ok ? { names, vars, grad } : null;
}

const zeroSlot = (name: string, value: tf.Variable): Slot => ({ originalName: name, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) });

export class FusedMomentumOptimizer extends tf.MomentumOptimizer {
  static override get className(): string { return 'Momentum'; }

  override applyGradients(variableGradients: Grads): void {
    const s = this as unknown as { accumulations: Slot[]; momentum: number; useNesterov: boolean };
    const f = s.useNesterov ? null : fusable(HEBB_MOMENTUM, variableGradients);
    if (!f) { super.applyGradients(variableGradients); return; }
    f.vars.forEach((value, i) => {
      s.accumulations[i] ??= zeroSlot(`${f.names[i]}/momentum`, value);
      const g = f.grad(i);
      if (g != null) applyUpdate(HEBB_MOMENTUM, value, { acc: s.accumulations[i].variable }, g, { momentum: s.momentum, lr: this.learningRate });
    });
    this.incrementIterations();
  }
}

export class FusedRMSPropOptimizer extends tf.RMSPropOptimizer {
  static override get className(): string { return 'RMSProp'; }

  override applyGradients(variableGradients: Grads): void {
    const s = this as unknown as { accumulatedMeanSquares: Slot[]; accumulatedMoments: Slot[]; centered: boolean };
    const f = s.centered ? null : fusable(HEBB_RMSPROP, variableGradients);
    if (!f) { super.applyGradients(variableGradients); return; }
    f.vars.forEach((value, i) => {
      s.accumulatedMeanSquares[i] ??= zeroSlot(`${f.names[i]}/rms`, value);
      s.accumulatedMoments[i] ??= zeroSlot(`${f.names[i]}/momentum`, value);
      const g = f.grad(i);
      if (g == null) return;
      const slots = { ms: s.accumulatedMeanSquares[i].variable, mom: s.accumulatedMoments[i].variable };
      applyUpdate(HEBB_RMSPROP, value, slots, g, { decay: this.decay, momentum: this.momentum, lr: this.learningRate, epsilon: this.epsilon });
    });
    this.incrementIterations();
  }
}
