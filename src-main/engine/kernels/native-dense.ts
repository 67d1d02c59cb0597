/**
 * A dense stack's forward and backward passes as two native graphs (see native.ts), so a training step of an mlp
 * costs two native calls instead of one per product plus JS passes for bias, ReLU, masks and bias gradients.
 * Hidden activations: relu or linear; the last layer is linear (its softmax and loss are the caller's).
 */

import { runNativeOutputs, type GraphSpec, type NodeSpec } from './native';

export interface DenseShape {
  /** Units per layer boundary: d0 (inputs), d1 … dL (outputs). */
  dims: number[];
  /** Activation of each hidden layer (L − 1 of them). */
  acts: ('relu' | 'linear')[];
}

const key = (s: DenseShape) => `${s.dims.join(',')}|${s.acts.join(',')}`;
/** The largest single product's work: what decides threads (per op, as for every native op). */
const flopsOf = (s: DenseShape, n: number) => Math.max(...s.dims.slice(1).map((d, l) => 2 * n * s.dims[l]! * d));

function forwardGraph(s: DenseShape): GraphSpec {
  const L = s.dims.length - 1;
  const inputs: GraphSpec['inputs'] = { H0: ['n', s.dims[0]!] };
  const outputs: GraphSpec['outputs'] = {};
  const nodes: NodeSpec[] = [];
  for (let l = 0; l < L; l++) {
    inputs[`W${l}`] = [s.dims[l]!, s.dims[l + 1]!];
    inputs[`B${l}`] = [s.dims[l + 1]!];
    const out = l === L - 1 ? 'Y' : `H${l + 1}`;
    const relu = l < L - 1 && s.acts[l] === 'relu';
    nodes.push({ op: 'Gemm', inputs: [`H${l}`, `W${l}`, `B${l}`], outputs: [relu ? `Z${l}` : out] });
    if (relu) nodes.push({ op: 'Relu', inputs: [`Z${l}`], outputs: [out] });
    outputs[out] = ['n', s.dims[l + 1]!];
  }
  return { inputs, outputs, nodes };
}

/** G{l} is the gradient at layer l's output (pre-activation); G{L-1} = dz of the logits is the input. */
function backwardGraph(s: DenseShape): GraphSpec {
  const L = s.dims.length - 1;
  const inputs: GraphSpec['inputs'] = { [`G${L - 1}`]: ['n', s.dims[L]!] };
  const outputs: GraphSpec['outputs'] = {};
  const nodes: NodeSpec[] = [];
  for (let l = L - 1; l >= 0; l--) {
    inputs[`H${l}`] = ['n', s.dims[l]!];
    nodes.push({ op: 'Gemm', inputs: [`H${l}`, `G${l}`], outputs: [`DW${l}`], attrs: { transA: 1 } });
    nodes.push({ op: 'ReduceSum', inputs: [`G${l}`, 'axis0'], outputs: [`DB${l}`], attrs: { keepdims: 0 } });
    outputs[`DW${l}`] = [s.dims[l]!, s.dims[l + 1]!];
    outputs[`DB${l}`] = [s.dims[l + 1]!];
    if (l === 0) break;
    inputs[`W${l}`] = [s.dims[l]!, s.dims[l + 1]!];
    const relu = s.acts[l - 1] === 'relu';
    nodes.push({ op: 'Gemm', inputs: [`G${l}`, `W${l}`], outputs: [relu ? `P${l}` : `G${l - 1}`], attrs: { transB: 1 } });
    // relu′ mask: H = relu(z) ≥ 0, so Sign(H) is 1 exactly where z > 0 (tfjs's step(z)) and 0 elsewhere.
    if (relu) nodes.push({ op: 'Sign', inputs: [`H${l}`], outputs: [`M${l}`] }, { op: 'Mul', inputs: [`P${l}`, `M${l}`], outputs: [`G${l - 1}`] });
  }
  return { inputs, outputs, nodes, consts: { axis0: [0] } };
}

/** hs[l] (l = 1 … L−1) and logits get the forward pass of x through (Ws, Bs). False when the native path is unavailable. */
export function nativeDenseForward(s: DenseShape, n: number, x: Float32Array, Ws: Float32Array[], Bs: Float32Array[], hs: Float32Array[], logits: Float32Array): boolean {
  const L = s.dims.length - 1;
  const feeds: Parameters<typeof runNativeOutputs>[2] = { H0: { data: x, dims: [n, s.dims[0]!] } };
  const outs: Parameters<typeof runNativeOutputs>[3] = { Y: { data: logits, dims: [n, s.dims[L]!] } };
  for (let l = 0; l < L; l++) {
    feeds[`W${l}`] = { data: Ws[l]!, dims: [s.dims[l]!, s.dims[l + 1]!] };
    feeds[`B${l}`] = { data: Bs[l]!, dims: [s.dims[l + 1]!] };
    if (l < L - 1) outs[`H${l + 1}`] = { data: hs[l + 1]!, dims: [n, s.dims[l + 1]!] };
  }
  return runNativeOutputs(`dense-fwd|${key(s)}`, () => forwardGraph(s), feeds, outs, flopsOf(s, n));
}

/** dWs and dBs get the gradients for logit gradient dz, given the forward's hs (hs[0] = x). False when unavailable. */
export function nativeDenseBackward(s: DenseShape, n: number, dz: Float32Array, hs: Float32Array[], Ws: Float32Array[], dWs: Float32Array[], dBs: Float32Array[]): boolean {
  const L = s.dims.length - 1;
  const feeds: Parameters<typeof runNativeOutputs>[2] = { [`G${L - 1}`]: { data: dz, dims: [n, s.dims[L]!] } };
  const outs: Parameters<typeof runNativeOutputs>[3] = {};
  for (let l = 0; l < L; l++) {
    feeds[`H${l}`] = { data: hs[l]!, dims: [n, s.dims[l]!] };
    if (l > 0) feeds[`W${l}`] = { data: Ws[l]!, dims: [s.dims[l]!, s.dims[l + 1]!] };
    outs[`DW${l}`] = { data: dWs[l]!, dims: [s.dims[l]!, s.dims[l + 1]!] };
    outs[`DB${l}`] = { data: dBs[l]!, dims: [s.dims[l + 1]!] };
  }
  return runNativeOutputs(`dense-bwd|${key(s)}`, () => backwardGraph(s), feeds, outs, flopsOf(s, n));
}
