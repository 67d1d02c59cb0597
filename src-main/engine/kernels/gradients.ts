/**
 * Replacing a tfjs gradient with one that uses our wasm kernels. tfjs keeps one gradient per kernel name for every
 * backend, so ours must fall back to tfjs's own wherever its kernel does not apply (other backends, other shapes).
 */

import * as tf from '@tensorflow/tfjs';

type Saved = tf.Tensor[];
type Thunks = Record<string, () => tf.Tensor>;
interface GradConfig {
  kernelName: string;
  inputsToSave?: string[];
  outputsToSave?: boolean[];
  saveAllInputs?: boolean;
  gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: Saved, attrs: tf.NamedAttrMap) => Thunks;
}

const OURS = Symbol.for('hebb.gradient');

/** tfjs's gradient registry (tfjs exports no getter for it; it lives in tfjs's globals map). */
function registered(kernel: string): GradConfig | undefined {
  const globals = (globalThis as { _tfGlobals?: Map<string, unknown> })._tfGlobals;
  return (globals?.get('gradRegistry') as Map<string, GradConfig> | undefined)?.get(kernel);
}

/**
 * Route `kernel`'s gradient through `ours`, which returns the gradient thunks or null when it does not apply (then
 * tfjs's own runs). Idempotent. When tfjs's registry cannot be reached, tfjs's gradient stays as it is.
 */
export function overrideGradient(kernel: string, ours: (dy: tf.Tensor, saved: Saved, attrs: tf.NamedAttrMap) => Thunks | null): void {
  const stock = registered(kernel);
  if (!stock || (stock as unknown as Record<symbol, unknown>)[OURS]) return;
  const config: GradConfig = {
    ...stock,
    gradFunc: (dy, saved, attrs) => (Array.isArray(dy) ? null : ours(dy, saved, attrs)) ?? stock.gradFunc(dy, saved, attrs),
  };
  (config as unknown as Record<symbol, unknown>)[OURS] = true;
  tf.registerGradient(config as unknown as tf.GradConfig);
}

/** Whether our kernel `name` can serve the current backend now. */
export function usable(name: string): boolean {
  return tf.getKernel(name, tf.getBackend()) != null;
}
