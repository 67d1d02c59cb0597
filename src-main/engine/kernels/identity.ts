/**
 * Identity and same-dtype Cast for the wasm backend as shared buffers (a refcount, like the stock Reshape), not copies.
 * The engine clones every tensor it saves for the backward pass, so the stock copying Identity moved each layer's
 * activations once more per step (×44 on the reference CNN); tfjs never writes into a buffer a kernel has returned,
 * and our in-place writes (fused Adam's moments) check the refcount first.
 */

import * as tf from '@tensorflow/tfjs';
import { runStock, type KernelArgs } from './heap';

interface RefCounting { incRef(dataId: unknown): void }

function share({ inputs, backend }: KernelArgs): tf.TensorInfo {
  const { x } = inputs as { x: tf.TensorInfo };
  (backend as unknown as RefCounting).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

export function identity(args: KernelArgs): tf.TensorInfo {
  return args.inputs.x!.dtype === 'string' ? runStock('Identity', args.backend, args.inputs, args.attrs) : share(args);
}

/** Same dtype: nothing to convert (tfjs-core's relu gradient casts float32 to float32). Otherwise the stock conversion. */
export function cast(args: KernelArgs): tf.TensorInfo {
  const x = args.inputs.x!;
  return x.dtype === args.attrs.dtype && x.dtype !== 'string' ? share(args) : runStock('Cast', args.backend, args.inputs, args.attrs);
}
