/**
 * The fused training step for plain dense networks (the mlp architecture: flatten → dense relu/linear … → dense
 * softmax, categorical cross-entropy): loss and every gradient in one 'HebbDenseStack' kernel instead of tfjs's
 * per-op graph. The same numbers as the tfjs route (tested); any model, loss or backend it does not cover takes that
 * route instead.
 */

import * as tf from '@tensorflow/tfjs';
import type { LossName } from '#contract/engine';
import { HEBB_DENSE_STACK, type DenseStackAttrs } from '../kernels/dense-stack';
import { nativeAvailable } from '../kernels/native';
import { EPS } from './loss';

export interface DensePlan {
  /** w0, b0, w1, b1, … in layer order. */
  vars: tf.Variable[];
  acts: DenseStackAttrs['acts'];
}

interface LayerConfig { activation?: string; useBias?: boolean; rate?: number; [k: string]: unknown }

const NO_EXTRAS = ['kernelRegularizer', 'biasRegularizer', 'activityRegularizer', 'kernelConstraint', 'biasConstraint'];

/** The model as a dense stack the fused kernel can train, or null (other layers, regularisers, loss or backend). */
export function densePlan(model: tf.LayersModel, loss: LossName): DensePlan | null {
  if (loss !== 'categoricalCrossentropy' || tf.getBackend() !== 'wasm' || !nativeAvailable()) return null;
  if (tf.getKernel(HEBB_DENSE_STACK, 'wasm') == null || model.losses.length > 0) return null;
  if (model.inputs.length !== 1 || model.outputs.length !== 1) return null;
  const dense = [];
  for (const layer of model.layers) {
    const kind = layer.getClassName();
    const c = layer.getConfig() as LayerConfig;
    if (kind === 'Flatten' || (kind === 'Dropout' && c.rate === 0)) { if (dense.length) return null; continue; }
    if (kind !== 'Dense' || !layer.trainable || c.useBias === false || NO_EXTRAS.some((k) => c[k] != null)) return null;
    dense.push({ layer, act: c.activation });
  }
  if (dense.length === 0 || dense.at(-1)!.act !== 'softmax') return null;
  const hidden = dense.slice(0, -1).map((d) => d.act);
  if (!hidden.every((a): a is 'relu' | 'linear' => a === 'relu' || a === 'linear')) return null;
  const vars = dense.flatMap(({ layer }) => layer.trainableWeights.map((w) => w.read() as tf.Variable));
  if (vars.length !== 2 * dense.length) return null;
  return { vars, acts: hidden };
}

export interface DenseStepInput {
  /** Images (any shape; flattened per sample). */
  x: tf.Tensor;
  labels: tf.Tensor1D;
  labelSmoothing?: number;
  classWeights?: number[] | null;
  l2?: number;
}

/** Loss, accuracy and gradients (named by variable, for optimizer.applyGradients) of one batch. The gradients are the caller's to dispose. */
export function denseStep(plan: DensePlan, b: DenseStepInput): { loss: number; accuracy: number; grads: tf.NamedTensorMap } {
  const n = b.x.shape[0]!;
  const x = b.x.reshape([n, -1]);
  const cw = b.classWeights ? tf.tensor1d(b.classWeights, 'float32') : null;
  const inputs: tf.NamedTensorMap = { x, labels: b.labels, ...(cw ? { cw } : {}) };
  plan.vars.forEach((v, i) => { inputs[`${i % 2 ? 'b' : 'w'}${i >> 1}`] = v; });
  const attrs: DenseStackAttrs = { acts: plan.acts, eps: EPS, l2: b.l2 ?? 0, smoothing: b.labelSmoothing ?? 0, weighted: cw !== null };
  const [stats, ...g] = tf.engine().runKernel(HEBB_DENSE_STACK, inputs, attrs as unknown as tf.NamedAttrMap) as unknown as tf.Tensor[];
  tf.dispose([x, ...(cw ? [cw] : [])]);
  const [loss, correct] = stats!.dataSync();
  stats!.dispose();
  const grads: tf.NamedTensorMap = {};
  plan.vars.forEach((v, i) => { grads[v.name] = g[i]!; });
  return { loss: loss!, accuracy: correct! / n, grads };
}
