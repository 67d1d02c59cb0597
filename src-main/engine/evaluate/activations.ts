/**
 * What each layer sees: the feature maps of a model's spatial layers for one input, the most active channels of each
 * drawn as a grid of grey cells in one PNG per layer. Runs on tfjs (onnxruntime's graph exposes only the output), so a
 * transfer run's frozen backbone is shown too: its layers are part of the run's LayersModel.
 */

import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import {
  ACTIVATION_CELL_PX, MAX_ACTIVATION_BYTES, MAX_ACTIVATION_CHANNELS, MAX_ACTIVATION_LAYERS,
  type LayerActivationInfo, type LayerActivations,
} from '#contract/activations';
import { HebbError } from '../../core/errors';

/** Stages with a 2-D map worth looking at. Dense, flatten, dropout, input and global pooling have none (skipped). */
const STAGE_ENDS = new Set(['MaxPooling2D', 'AveragePooling2D', 'Activation', 'ReLU', 'LeakyReLU', 'PReLU', 'ELU', 'ThresholdedReLU']);
const SPATIAL = new Set([...STAGE_ENDS, 'Conv2D', 'DepthwiseConv2D', 'SeparableConv2D', 'Conv2DTranspose', 'BatchNormalization']);
/** Gap between cells, transparent so the page's background shows through. */
const GAP = 1;

interface Picked { layer: tf.layers.Layer; shape: [number, number, number] }

/**
 * The spatial layers in graph order. When there are too many (a MobileNetV2 backbone has ~140), they are spread evenly
 * over the depth, first and last kept, over the stage ends only (activations and pooling: what the next stage gets)
 * if there are enough of those, so the pictures compare like with like rather than mixing raw convolutions and BN.
 */
export function pickLayers(model: tf.LayersModel, max = MAX_ACTIVATION_LAYERS): { picked: Picked[]; eligible: number } {
  const all: Picked[] = [];
  for (const layer of model.layers) {
    if (!SPATIAL.has(layer.getClassName())) continue;
    const s = layer.outputShape as (number | null)[];
    if (s.length !== 4 || s.slice(1).some((d) => typeof d !== 'number' || d < 1)) continue;
    all.push({ layer, shape: s.slice(1) as [number, number, number] });
  }
  if (all.length <= max) return { picked: all, eligible: all.length };
  const ends = all.filter((p) => STAGE_ENDS.has(p.layer.getClassName()));
  const from = ends.length >= max ? ends : all;
  const idx = Array.from({ length: max }, (_, i) => Math.round((i * (from.length - 1)) / (max - 1)));
  return { picked: idx.map((i) => from[i]!), eligible: all.length };
}

/** One probe model per loaded model: the same layers and weights, with every picked layer as an output. */
const probes = new WeakMap<tf.LayersModel, { probe: tf.LayersModel | null; picked: Picked[]; eligible: number }>();

function probeFor(model: tf.LayersModel): { probe: tf.LayersModel | null; picked: Picked[]; eligible: number } {
  let p = probes.get(model);
  if (!p) {
    const { picked, eligible } = pickLayers(model);
    // getOutputAt(0): the layer as called in this model, even if another graph (a transfer head) reused it since.
    const outputs = picked.map((x) => x.layer.getOutputAt(0) as tf.SymbolicTensor);
    p = { probe: picked.length ? tf.model({ inputs: model.inputs, outputs }) : null, picked, eligible };
    probes.set(model, p);
  }
  return p;
}

/** Feature maps of `x` (one image, model input range) through `model`; disposes `x`. */
export async function activationMaps(model: tf.LayersModel, x: tf.Tensor4D, o: { channels?: number; maxBytes?: number } = {}): Promise<LayerActivations> {
  const out: LayerActivations = { layers: [], layersInModel: model.layers.length, eligible: 0, truncated: false };
  let data: Float32Array[];
  let picked: Picked[];
  try {
    const p = probeFor(model);
    out.eligible = p.eligible;
    out.truncated = p.picked.length < p.eligible;
    picked = p.picked;
    if (!p.probe) return out;
    const probe = p.probe;
    data = tf.tidy(() => {
      const r = probe.predict(x);
      return (Array.isArray(r) ? r : [r]).map((t) => t.dataSync() as Float32Array);
    });
  } catch (err) {
    if (err instanceof HebbError) throw err;
    throw new HebbError('INVALID_ARCHITECTURE', `could not compute this model's layer activations: ${(err as Error).message}`);
  } finally {
    x.dispose();
  }
  let bytes = 0;
  for (const [i, { layer, shape }] of picked.entries()) {
    const drawn = await drawLayer(data[i]!, shape, o.channels ?? MAX_ACTIVATION_CHANNELS);
    bytes += drawn.png.byteLength;
    if (bytes > (o.maxBytes ?? MAX_ACTIVATION_BYTES)) { out.truncated = true; break; }
    out.layers.push({ name: layer.name, type: layer.getClassName(), shape, ...drawn });
  }
  return out;
}

/** Mean activation of each channel of a channel-last [h, w, c] map. */
export function channelMeans(values: Float32Array, c: number): Float64Array {
  const sums = new Float64Array(c);
  for (let i = 0; i < values.length; i++) sums[i % c] += values[i]!;
  const n = values.length / c;
  return sums.map((s) => s / n);
}

async function drawLayer(values: Float32Array, [h, w, c]: [number, number, number], maxChannels: number): Promise<Omit<LayerActivationInfo, 'name' | 'type' | 'shape'> & { png: Uint8Array }> {
  const means = channelMeans(values, c);
  const channels = Array.from(means.keys()).sort((a, b) => means[b]! - means[a]! || a - b).slice(0, maxChannels);
  const long = Math.max(h, w);
  // Small maps grow by a whole factor (every source pixel the same size); big ones shrink to fit the cell.
  const scale = long <= ACTIVATION_CELL_PX ? Math.floor(ACTIVATION_CELL_PX / long) : ACTIVATION_CELL_PX / long;
  const cellWidth = Math.max(1, Math.round(w * scale));
  const cellHeight = Math.max(1, Math.round(h * scale));
  const cols = Math.ceil(Math.sqrt(channels.length));
  const rows = Math.ceil(channels.length / cols);
  const width = cols * cellWidth + (cols - 1) * GAP;
  const height = rows * cellHeight + (rows - 1) * GAP;
  const img = new Uint8Array(width * height * 2); // grey + alpha: gaps stay transparent
  for (const [k, ch] of channels.entries()) {
    let min = Infinity;
    let max = -Infinity;
    for (let p = ch; p < values.length; p += c) { const v = values[p]!; if (v < min) min = v; if (v > max) max = v; }
    const range = max - min;
    const x0 = (k % cols) * (cellWidth + GAP);
    const y0 = Math.floor(k / cols) * (cellHeight + GAP);
    for (let y = 0; y < cellHeight; y++) {
      const sy = Math.min(h - 1, Math.floor((y * h) / cellHeight));
      for (let x = 0; x < cellWidth; x++) {
        const sx = Math.min(w - 1, Math.floor((x * w) / cellWidth));
        const v = values[(sy * w + sx) * c + ch]!;
        const o = ((y0 + y) * width + x0 + x) * 2;
        img[o] = range > 0 ? Math.round(((v - min) / range) * 255) : 0;
        img[o + 1] = 255;
      }
    }
  }
  const png = await sharp(Buffer.from(img.buffer), { raw: { width, height, channels: 2 } }).png().toBuffer();
  return { channels, means: channels.map((ch) => means[ch]!), grid: { cols, rows, cellWidth, cellHeight, width, height }, png };
}
