/** A small ONNX graph builder over onnx-proto's generated protobufjs classes: nodes, constant initializers, unique names. */

import onnxProto from 'onnx-proto';

export const { onnx } = onnxProto;

export type AttrValue = number | number[] | string | { ints: number[] } | { float: number };

/** Opset we target: 13 is understood by every maintained runtime (onnxruntime ≥ 1.8, OpenCV, TensorRT, onnx-tf). */
export const OPSET = 13;

export class GraphBuilder {
  readonly nodes: onnxProto.onnx.INodeProto[] = [];
  readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  private counter = 0;

  /** A fresh tensor name derived from `base`. */
  fresh(base: string): string {
    return `${base.replace(/[^A-Za-z0-9_/.:-]/g, '_')}__${this.counter++}`;
  }

  /** Adds a float32 constant; ONNX stores it little-endian in raw_data. */
  floatConst(base: string, data: Float32Array | number[], dims: number[]): string {
    const name = this.fresh(base);
    const f = data instanceof Float32Array ? data : Float32Array.from(data);
    const raw = new Uint8Array(f.byteLength);
    const dv = new DataView(raw.buffer);
    for (let i = 0; i < f.length; i++) dv.setFloat32(i * 4, f[i]!, true);
    this.initializers.push({ name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: raw });
    return name;
  }

  int64Const(base: string, data: number[]): string {
    const name = this.fresh(base);
    this.initializers.push({ name, dims: [data.length], dataType: onnx.TensorProto.DataType.INT64, int64Data: data });
    return name;
  }

  /** Adds a node; returns its (first) output name. Attributes: integers, floats (via {float}), int lists, strings. */
  node(opType: string, inputs: string[], attrs: Record<string, AttrValue> = {}, output?: string): string {
    const out = output ?? this.fresh(opType.toLowerCase());
    const attribute = Object.entries(attrs).map(([name, v]) => toAttr(name, v));
    this.nodes.push({ opType, input: inputs, output: [out], name: this.fresh(`${opType}`), attribute });
    return out;
  }
}

function toAttr(name: string, v: AttrValue): onnxProto.onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof v === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(v) };
  if (Array.isArray(v)) return { name, type: T.INTS, ints: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { name, type: T.INT, i: v } : { name, type: T.FLOAT, f: v };
  if ('ints' in v) return { name, type: T.INTS, ints: v.ints };
  return { name, type: T.FLOAT, f: v.float };
}

/** Float32 tensor type with a symbolic batch dimension. */
export function valueInfo(name: string, shape: (number | null)[]): onnxProto.onnx.IValueInfoProto {
  const dim = shape.map((d) => (d == null ? { dimParam: 'batch' } : { dimValue: d }));
  return { name, type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim } } } };
}
