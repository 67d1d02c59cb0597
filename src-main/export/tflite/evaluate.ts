/**
 * Runs our own float TFLite graph with tfjs ops, one operator at a time: int8 calibration needs the range of every
 * tensor the graph has (including those inside folded or expanded layers), which the tfjs model does not expose.
 */

import * as tf from '@tensorflow/tfjs';
import type { GNode, Graph } from './graph';

const pad = (n: GNode): 'same' | 'valid' => (n.options && 'padding' in n.options && n.options.padding === 1 ? 'valid' : 'same');

function fused(n: GNode, y: tf.Tensor): tf.Tensor {
  const f = n.options && 'fused' in n.options ? n.options.fused : 0;
  return f === 1 ? tf.relu(y) : f === 3 ? tf.relu6(y) : y;
}

function run(n: GNode, x: tf.Tensor[], g: Graph): tf.Tensor {
  const o = n.options as Record<string, number> | undefined;
  const shape = g.tensors[n.inputs[1] ?? 0]?.shape ?? [];
  switch (n.op) {
    case 'CONV_2D': {
      const w = x[1]!.transpose([1, 2, 3, 0]) as tf.Tensor4D; // OHWI → HWIO
      return fused(n, tf.conv2d(x[0] as tf.Tensor4D, w, [o!.strideH!, o!.strideW!], pad(n), 'NHWC', [o!.dilationH ?? 1, o!.dilationW ?? 1]).add(x[2]!));
    }
    case 'DEPTHWISE_CONV_2D': {
      const [, kh, kw, cm] = shape as number[];
      const ch = g.tensors[n.inputs[0]!]!.shape[3]!;
      const w = x[1]!.reshape([kh!, kw!, ch, cm! / ch]) as tf.Tensor4D;
      return fused(n, tf.depthwiseConv2d(x[0] as tf.Tensor4D, w, [o!.strideH!, o!.strideW!], pad(n), 'NHWC', [o!.dilationH ?? 1, o!.dilationW ?? 1]).add(x[2]!));
    }
    case 'FULLY_CONNECTED': return fused(n, tf.matMul(x[0] as tf.Tensor2D, x[1] as tf.Tensor2D, false, true).add(x[2]!));
    case 'MAX_POOL_2D': return tf.maxPool(x[0] as tf.Tensor4D, [o!.filterH!, o!.filterW!], [o!.strideH!, o!.strideW!], pad(n));
    case 'AVERAGE_POOL_2D': return tf.avgPool(x[0] as tf.Tensor4D, [o!.filterH!, o!.filterW!], [o!.strideH!, o!.strideW!], pad(n));
    case 'MEAN': return tf.mean(x[0]!, [1, 2]);
    case 'ADD': return fused(n, tf.add(x[0]!, x[1]!));
    case 'MUL': return fused(n, tf.mul(x[0]!, x[1]!));
    case 'MAXIMUM': return tf.maximum(x[0]!, x[1]!);
    case 'MINIMUM': return tf.minimum(x[0]!, x[1]!);
    case 'RELU': return tf.relu(x[0]!);
    case 'RELU6': return tf.relu6(x[0]!);
    case 'EXP': return tf.exp(x[0]!);
    case 'LOGISTIC': return tf.sigmoid(x[0]!);
    case 'TANH': return tf.tanh(x[0]!);
    case 'LEAKY_RELU': return tf.leakyRelu(x[0]!, (n.options as { alpha: number }).alpha);
    case 'SOFTMAX': return tf.softmax(x[0]!);
    case 'RESHAPE': return x[0]!.reshape([x[0]!.shape[0]!, ...g.tensors[n.outputs[0]!]!.shape.slice(1)]);
    case 'PAD': {
      const p = Array.from(g.tensors[n.inputs[1]!]!.int32!);
      return tf.pad(x[0]!, [[p[0]!, p[1]!], [p[2]!, p[3]!], [p[4]!, p[5]!], [p[6]!, p[7]!]]);
    }
    case 'CONCATENATION': return tf.concat(x, (n.options as { axis: number }).axis);
    default: throw new Error(`evaluate: no float kernel for ${n.op}`);
  }
}

/**
 * Feeds `input` (batch of graph inputs) through the graph and calls `visit` with every tensor's value; the batch
 * may be any size, since every operator here is batch-agnostic.
 */
export function evaluate(g: Graph, inputIndex: number, input: tf.Tensor, visit: (t: number, v: tf.Tensor) => void): tf.Tensor {
  const values = new Map<number, tf.Tensor>();
  const constant = (i: number): tf.Tensor | undefined => {
    const t = g.tensors[i]!;
    return t.data ? tf.tensor(t.data, t.shape) : undefined;
  };
  values.set(inputIndex, input);
  visit(inputIndex, input);
  let last = input;
  for (const n of g.nodes) {
    const ins = n.inputs.map((i) => values.get(i) ?? constant(i) ?? tf.tensor(g.tensors[i]!.int32 ?? [], g.tensors[i]!.shape, 'int32'));
    last = run(n, ins, g);
    values.set(n.outputs[0]!, last);
    visit(n.outputs[0]!, last);
  }
  return last;
}
