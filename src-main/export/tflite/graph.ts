/** The TFLite graph under construction: float tensors and operators, before serialisation or quantisation. */

import type { FusedName, OpName, Options } from './schema';

export interface GTensor {
  name: string;
  /** Static shape, batch 1. */
  shape: number[];
  /** Constant float data (weights, biases, per-channel vectors). */
  data?: Float32Array;
  /** Constant int32 data (shapes, axes, paddings): never quantised. */
  int32?: Int32Array;
  /** For weights: the axis that indexes output channels (per-channel quantisation, batch-norm folding). */
  channelAxis?: number;
  /** Bias tensors are quantised to int32 with scale = input scale × weight scale. */
  isBias?: boolean;
}

export interface GNode {
  op: OpName;
  inputs: number[];
  outputs: number[];
  options?: Options;
  /** The layer this operator came from, for error messages. */
  layer: string;
}

/** Ops whose options carry a fused activation (RELU / RELU6) we may set after the fact. */
const FUSABLE: ReadonlySet<OpName> = new Set(['CONV_2D', 'DEPTHWISE_CONV_2D', 'FULLY_CONNECTED', 'ADD', 'MUL']);

export class Graph {
  tensors: GTensor[] = [];
  nodes: GNode[] = [];
  tensor(t: GTensor): number {
    this.tensors.push(t);
    return this.tensors.length - 1;
  }

  const(name: string, data: Float32Array, shape: number[], extra: Partial<GTensor> = {}): number {
    return this.tensor({ name, shape, data, ...extra });
  }

  int32(name: string, data: number[], shape = [data.length]): number {
    return this.tensor({ name, shape, int32: Int32Array.from(data) });
  }

  node(layer: string, op: OpName, inputs: number[], outShape: number[], options?: Options, outName?: string): number {
    const out = this.tensor({ name: outName ?? `${layer}/${op.toLowerCase()}_${this.nodes.length}`, shape: outShape });
    this.nodes.push({ op, inputs, outputs: [out], layer, ...(options ? { options } : {}) });
    return out;
  }

  /** The node that writes `t`. */
  producer(t: number): GNode | undefined {
    return this.nodes.find((n) => n.outputs.includes(t));
  }

  /**
   * Fuses RELU/RELU6 into the producer of `t`; `soleReader` says the activation is the only reader of `t` in the
   * whole model (the caller knows the layer graph). Returns false when it cannot fuse.
   */
  fuseActivation(t: number, act: FusedName, soleReader: boolean): boolean {
    const p = this.producer(t);
    if (!p || !soleReader || !FUSABLE.has(p.op) || !p.options || !('fused' in p.options) || p.options.fused !== 0) return false;
    p.options = { ...p.options, fused: act === 'RELU' ? 1 : 3 };
    return true;
  }
}
