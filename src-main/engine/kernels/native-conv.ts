/**
 * Convolutions of our NHWC wasm tensors on onnxruntime's native kernels (see native.ts): each is a small fixed-shape
 * ONNX graph keyed by its geometry. Forward and input gradient use ORT's Conv/ConvTranspose between NHWC↔NCHW
 * transposes: MLAS's im2col + GEMM, since the filter is a graph input (onnxruntime's NCHWc rewrite, checked in the
 * optimised graph, only takes constant filters). The filter gradient is an im2col — ours (conv2d.ts) or Pad +
 * strided Slices + Concat inside the graph — then one GEMM. Each returns false when the native path is unavailable.
 */

import type { ConvGeom } from './geometry';
import { runNative, type GraphSpec, type NodeSpec } from './native';
import { nativeGemm } from './native-gemm';

/** Graphs take the batch as a symbolic dim, so one session (and its memory arena) serves every batch size of a layer. */
const N = 'n';
const keyOf = (op: string, g: ConvGeom) => `${op}|${Object.entries(g).filter(([k]) => k !== 'n').map(([, v]) => v).join(',')}`;
const tr = (input: string, output: string, perm: number[]): NodeSpec => ({ op: 'Transpose', inputs: [input], outputs: [output], attrs: { perm } });
const onnxPads = (g: ConvGeom) => [g.pt, g.pl, g.pb, g.pr];
/** Multiply-adds ×2 of a conv; depthwise (`depthwise`): each output reads one input channel. */
const flopsOf = (g: ConvGeom, depthwise = false) => 2 * g.n * g.oh * g.ow * g.co * g.kh * g.kw * (depthwise ? 1 : g.ci);
/** A 1×1 conv with stride 1 and no padding is one GEMM on the NHWC data as it lies: [n·h·w, ci] · [ci, co]. */
const pointwise = (g: ConvGeom) => g.kh === 1 && g.kw === 1 && g.sh === 1 && g.sw === 1 && g.pt + g.pl + g.pb + g.pr === 0;

/**
 * ConvTranspose's output is stride·(in−1) + dilated kernel − pads + output_padding; output_padding restores the input
 * rows a strided conv never read (at most stride − 1 of them).
 */
function outputPadding(g: ConvGeom): number[] {
  return [
    g.h - (g.sh * (g.oh - 1) + (g.kh - 1) * g.dh + 1 - g.pt - g.pb),
    g.w - (g.sw * (g.ow - 1) + (g.kw - 1) * g.dw + 1 - g.pl - g.pr),
  ];
}

/** Activations a fused conv can end with here (tfjs name → ONNX op). */
export const NATIVE_ACTIVATIONS: Record<string, string | null> = { linear: null, relu: 'Relu', elu: 'Elu', sigmoid: 'Sigmoid' };

function convGraph(g: ConvGeom, bias: boolean, activation: string): GraphSpec {
  const act = NATIVE_ACTIVATIONS[activation];
  return {
    inputs: { X: [N, g.h, g.w, g.ci], F: [g.kh, g.kw, g.ci, g.co], ...(bias ? { B: [g.co] } : {}) },
    outputs: { Y: [N, g.oh, g.ow, g.co] },
    nodes: [
      tr('X', 'Xc', [0, 3, 1, 2]),
      tr('F', 'Fc', [3, 2, 0, 1]),
      { op: 'Conv', inputs: ['Xc', 'Fc', ...(bias ? ['B'] : [])], outputs: [act ? 'Yl' : 'Yc'], attrs: { pads: onnxPads(g), strides: [g.sh, g.sw], dilations: [g.dh, g.dw] } },
      ...(act ? [{ op: act, inputs: ['Yl'], outputs: ['Yc'] }] : []),
      tr('Yc', 'Y', [0, 2, 3, 1]),
    ],
  };
}

/**
 * y = activation(conv(x, filter) + bias), NHWC, any stride/dilation/padding; `activation` one of NATIVE_ACTIVATIONS.
 * @param bias per output channel, or none. @default undefined
 * @param activation @default 'linear'
 */
export function nativeConv(x: Float32Array, filter: Float32Array, g: ConvGeom, y: Float32Array, bias?: Float32Array, activation = 'linear'): boolean {
  if (!(activation in NATIVE_ACTIVATIONS)) return false;
  if (!bias && activation === 'linear' && pointwise(g)) return nativeGemm(x, filter, g.n * g.h * g.w, g.ci, g.co, false, false, y);
  return runNative(keyOf(`conv${bias ? 'b' : ''}${activation}`, g), () => convGraph(g, !!bias, activation), {
    X: { data: x, dims: [g.n, g.h, g.w, g.ci] },
    F: { data: filter, dims: [g.kh, g.kw, g.ci, g.co] },
    ...(bias ? { B: { data: bias, dims: [g.co] } } : {}),
  }, 'Y', { data: y, dims: [g.n, g.oh, g.ow, g.co] }, flopsOf(g));
}

/** dx by ConvTranspose of dy. Depthwise (`groups` = input channels): the filter [kh,kw,ci,m] is regrouped per channel. */
function convTransposeGraph(g: ConvGeom, groups: number): GraphSpec {
  const fDims = [g.kh, g.kw, g.ci, groups === 1 ? g.co : g.co / g.ci];
  // ConvTranspose weight: [channels of dy, output channels per group, kh, kw].
  const weight: NodeSpec[] = groups === 1
    ? [tr('F', 'Wc', [3, 2, 0, 1])]
    : [{ op: 'Reshape', inputs: ['F', 'wshape'], outputs: ['Fr'] }, tr('Fr', 'Wc', [2, 3, 0, 1])];
  return {
    inputs: { DY: [N, g.oh, g.ow, g.co], F: fDims },
    outputs: { DX: [N, g.h, g.w, g.ci] },
    consts: groups === 1 ? {} : { wshape: [g.kh, g.kw, g.co, 1] },
    nodes: [
      tr('DY', 'Dc', [0, 3, 1, 2]),
      ...weight,
      {
        op: 'ConvTranspose', inputs: ['Dc', 'Wc'], outputs: ['Xc'],
        attrs: { pads: onnxPads(g), strides: [g.sh, g.sw], dilations: [g.dh, g.dw], output_padding: outputPadding(g), group: groups },
      },
      tr('Xc', 'DX', [0, 2, 3, 1]),
    ],
  };
}

/** Pads of the stride-1 input gradient as a plain conv: the kernel's reach minus the forward's pads (none negative). */
const flippedPads = (g: ConvGeom) => [(g.kh - 1) * g.dh - g.pt, (g.kw - 1) * g.dw - g.pl, (g.kh - 1) * g.dh - g.pb, (g.kw - 1) * g.dw - g.pr];

/**
 * Stride 1: dx = conv(dy, filter flipped in space with its channel axes swapped), a plain Conv, which MLAS threads
 * well; its ConvTranspose (a GEMM, then col2im) a second thread barely sped up. For the reference CNN's
 * 14×14×32→64 layer: 4.6 → 3.2 ms on 2 threads.
 */
function flippedConvGraph(g: ConvGeom): GraphSpec {
  return {
    inputs: { DY: [N, g.oh, g.ow, g.co], F: [g.kh, g.kw, g.ci, g.co] },
    outputs: { DX: [N, g.h, g.w, g.ci] },
    consts: { fStart: [-1, -1], fEnd: [-(2 ** 31), -(2 ** 31)], fAxes: [2, 3], fSteps: [-1, -1] },
    nodes: [
      tr('DY', 'Dc', [0, 3, 1, 2]),
      tr('F', 'Ft', [2, 3, 0, 1]), // [ci, co, kh, kw]: dx's channels are the conv's outputs
      { op: 'Slice', inputs: ['Ft', 'fStart', 'fEnd', 'fAxes', 'fSteps'], outputs: ['Wf'] }, // reversed kh and kw
      { op: 'Conv', inputs: ['Dc', 'Wf'], outputs: ['Xc'], attrs: { pads: flippedPads(g), dilations: [g.dh, g.dw] } },
      tr('Xc', 'DX', [0, 2, 3, 1]),
    ],
  };
}

/** dx of a conv (groups 1) or depthwise conv (groups = ci), NHWC. */
export function nativeConvBackpropInput(dy: Float32Array, filter: Float32Array, g: ConvGeom, dx: Float32Array, groups = 1): boolean {
  if (groups === 1 && pointwise(g)) return nativeGemm(dy, filter, g.n * g.h * g.w, g.co, g.ci, false, true, dx);
  const feeds = { DY: { data: dy, dims: [g.n, g.oh, g.ow, g.co] }, F: { data: filter, dims: [g.kh, g.kw, g.ci, groups === 1 ? g.co : g.co / g.ci] } };
  const out = { data: dx, dims: [g.n, g.h, g.w, g.ci] };
  if (groups === 1 && g.sh === 1 && g.sw === 1 && flippedPads(g).every((p) => p >= 0)) {
    return runNative(keyOf('convTflip', g), () => flippedConvGraph(g), feeds, 'DX', out, flopsOf(g));
  }
  return runNative(keyOf(`convT${groups}`, g), () => convTransposeGraph(g, groups), feeds, 'DX', out, flopsOf(g, groups > 1));
}

/**
 * Pad `src` once, then one strided slice per tap: P{a}_{b} = src at tap (a,b) of every output position, 0 in the
 * padding. `hAxis` is the height axis of src (width follows it): 1 for NHWC, 2 for CNHW.
 */
function tapSlices(g: ConvGeom, src: string, hAxis: 1 | 2, nodes: NodeSpec[], consts: Record<string, number[]>): string[] {
  nodes.push({ op: 'Pad', inputs: [src, 'pads'], outputs: ['Xp'] });
  const begin = [0, 0, 0, 0], end = [0, 0, 0, 0];
  [begin[hAxis], begin[hAxis + 1], end[hAxis], end[hAxis + 1]] = [g.pt, g.pl, g.pb, g.pr];
  consts.pads = [...begin, ...end];
  consts.axes = [hAxis, hAxis + 1];
  consts.steps = [g.sh, g.sw];
  const taps: string[] = [];
  for (let a = 0; a < g.kh; a++) {
    for (let b = 0; b < g.kw; b++) {
      const t = `${a}_${b}`;
      consts[`s${t}`] = [a * g.dh, b * g.dw];
      consts[`e${t}`] = [a * g.dh + (g.oh - 1) * g.sh + 1, b * g.dw + (g.ow - 1) * g.sw + 1];
      nodes.push({ op: 'Slice', inputs: ['Xp', `s${t}`, `e${t}`, 'axes', 'steps'], outputs: [`P${t}`] });
      taps.push(`P${t}`);
    }
  }
  return taps;
}

/**
 * dW[(a,b,c), o] = colsᵀ · dy, the filter layout [kh,kw,ci,co]. Stride 1: colsT [K, n·oh·ow] from x in CNHW, its tap
 * slices stacked on the channel axis, then a plain GEMM (MLAS packs a transposed A ~20% slower). Wider strides: cols
 * [n·oh·ow, K] from NHWC slices (a strided slice of the innermost axis gathers floats one by one: 2× slower).
 */
function filterGradGraph(g: ConvGeom): GraphSpec {
  const colsT = g.sw === 1;
  const nodes: NodeSpec[] = colsT ? [tr('X', 'Xc', [3, 0, 1, 2])] : [];
  const consts: Record<string, number[]> = {};
  const taps = colsT ? tapSlices(g, 'Xc', 2, nodes, consts) : tapSlices(g, 'X', 1, nodes, consts);
  const K = g.kh * g.kw * g.ci;
  consts.colsShape = colsT ? [K, -1] : [-1, K];
  consts.dyShape = [-1, g.co];
  consts.outShape = [g.kh, g.kw, g.ci, g.co];
  nodes.push(
    { op: 'Concat', inputs: taps, outputs: ['C4'], attrs: { axis: colsT ? 0 : 3 } },
    { op: 'Reshape', inputs: ['C4', 'colsShape'], outputs: ['Cols'] },
    { op: 'Reshape', inputs: ['DY', 'dyShape'], outputs: ['D2'] },
    { op: 'Gemm', inputs: ['Cols', 'D2'], outputs: ['W2'], attrs: { transA: colsT ? 0 : 1 } },
    { op: 'Reshape', inputs: ['W2', 'outShape'], outputs: ['DW'] },
  );
  return { inputs: { X: [N, g.h, g.w, g.ci], DY: [N, g.oh, g.ow, g.co] }, outputs: { DW: [g.kh, g.kw, g.ci, g.co] }, nodes, consts };
}

/** dW of a conv, NHWC, filter layout [kh, kw, ci, co]. */
export function nativeConvBackpropFilter(x: Float32Array, dy: Float32Array, g: ConvGeom, dw: Float32Array): boolean {
  if (pointwise(g)) return nativeGemm(x, dy, g.ci, g.n * g.h * g.w, g.co, true, false, dw);
  return runNative(keyOf('convdW', g), () => filterGradGraph(g), {
    X: { data: x, dims: [g.n, g.h, g.w, g.ci] },
    DY: { data: dy, dims: [g.n, g.oh, g.ow, g.co] },
  }, 'DW', { data: dw, dims: [g.kh, g.kw, g.ci, g.co] }, flopsOf(g));
}

/** dW = (dyᵀ · cols)ᵀ: the packed operand is dy [M, co], smaller than cols [M, K] (MLAS packs the transposed one). */
function filterGradFromColsGraph(g: ConvGeom): GraphSpec {
  const K = g.kh * g.kw * g.ci;
  return {
    inputs: { COLS: ['m', K], DY: ['m', g.co] },
    outputs: { DW: [K, g.co] },
    nodes: [
      { op: 'Gemm', inputs: ['DY', 'COLS'], outputs: ['WT'], attrs: { transA: 1 } },
      tr('WT', 'DW', [1, 0]),
    ],
  };
}

/**
 * dW of a conv from its im2col `cols` [n·oh·ow, kh·kw·ci] (made by the caller: our wasm loop moves it at memory speed,
 * where the in-graph Pad + Slices + Concat took 2.4 of the 4.2 ms of the reference CNN's 14×14×32→64 filter gradient;
 * this way it takes ~2.6 ms in all).
 */
export function nativeConvBackpropFilterFromCols(cols: Float32Array, dy: Float32Array, g: ConvGeom, dw: Float32Array): boolean {
  const M = g.n * g.oh * g.ow, K = g.kh * g.kw * g.ci;
  return runNative(`convdWcols|${K},${g.co}`, () => filterGradFromColsGraph(g), {
    COLS: { data: cols, dims: [M, K] },
    DY: { data: dy, dims: [M, g.co] },
  }, 'DW', { data: dw, dims: [K, g.co] }, flopsOf(g));
}

/** Depthwise dW[a,b,c,q] = Σ x-tap(a,b)[…,c] · dy[…,c·m+q]: per tap a broadcast multiply and a sum over n, i, j. */
function depthwiseFilterGradGraph(g: ConvGeom): GraphSpec {
  const nodes: NodeSpec[] = [];
  const consts: Record<string, number[]> = {};
  const m = g.co / g.ci;
  const taps = tapSlices(g, 'X', 1, nodes, consts);
  consts.tapShape = [-1, g.oh, g.ow, g.ci, 1];
  consts.dyShape = [-1, g.oh, g.ow, g.ci, m];
  consts.sumAxes = [0, 1, 2];
  consts.outShape = [g.kh, g.kw, g.ci, m];
  nodes.push({ op: 'Reshape', inputs: ['DY', 'dyShape'], outputs: ['D5'] });
  const sums = taps.map((p) => {
    nodes.push(
      { op: 'Reshape', inputs: [p, 'tapShape'], outputs: [`${p}r`] },
      { op: 'Mul', inputs: [`${p}r`, 'D5'], outputs: [`${p}m`] },
      { op: 'ReduceSum', inputs: [`${p}m`, 'sumAxes'], outputs: [`${p}s`], attrs: { keepdims: 0 } },
    );
    return `${p}s`;
  });
  nodes.push({ op: 'Concat', inputs: sums, outputs: ['W2'], attrs: { axis: 0 } }, { op: 'Reshape', inputs: ['W2', 'outShape'], outputs: ['DW'] });
  return { inputs: { X: [N, g.h, g.w, g.ci], DY: [N, g.oh, g.ow, g.co] }, outputs: { DW: [g.kh, g.kw, g.ci, m] }, nodes, consts };
}

/** dW of a depthwise conv, NHWC, filter layout [kh, kw, ci, multiplier]. */
export function nativeDepthwiseBackpropFilter(x: Float32Array, dy: Float32Array, g: ConvGeom, dw: Float32Array): boolean {
  return runNative(keyOf('dwdW', g), () => depthwiseFilterGradGraph(g), {
    X: { data: x, dims: [g.n, g.h, g.w, g.ci] },
    DY: { data: dy, dims: [g.n, g.oh, g.ow, g.co] },
  }, 'DW', { data: dw, dims: [g.kh, g.kw, g.ci, g.co / g.ci] }, flopsOf(g, true));
}
