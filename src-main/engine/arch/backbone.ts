/** Reads a pretrained tfjs LayersModel (the MobileNetV2 shipped in resources/, or a user's model folder) and cuts it into a frozen feature extractor of any input size. */

import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { HebbError } from '../../core/errors';
import { packageRoot } from '../../core/version';

/** A model.json's parts held in memory: Keras topology, weight specs (with quantization) and the concatenated shards. */
export interface BackboneArtifacts {
  source: string;
  topology: KerasModelJson;
  weightSpecs: tf.io.WeightsManifestEntry[];
  weightData: ArrayBuffer;
}

interface KerasLayerJson {
  name: string;
  class_name: string;
  config: Record<string, unknown>;
  inbound_nodes?: [string, number, number, unknown][][];
}
interface KerasModelJson {
  class_name: string;
  config: { name?: string; layers: KerasLayerJson[]; input_layers?: unknown[]; output_layers?: unknown[] };
}

export const BUNDLED_BACKBONE = 'bundled:mobilenet_v2';

let bundledCache: Promise<BackboneArtifacts> | null = null;

/**
 * The shipped MobileNetV2 (224×224, inputs in [0,1], uint8-quantised; the one nsfwjs@4.4.0 bundles, unpacked into
 * resources/backbone/mobilenet_v2/ by scripts/vendor-backbone.mjs); read once per process.
 */
export function readBundledBackbone(): Promise<BackboneArtifacts> {
  bundledCache ??= (async () => {
    const root = packageRoot();
    const dir = root ? path.join(root, 'resources', 'backbone', 'mobilenet_v2') : null;
    if (!dir || !existsSync(path.join(dir, 'model.json'))) {
      throw new HebbError('NOT_FOUND', `the pretrained MobileNetV2 backbone is missing (${dir ?? 'resources/backbone/mobilenet_v2'}): reinstall Hebb Studio`, dir ?? undefined);
    }
    return { ...(await readBackboneFolder(dir)), source: BUNDLED_BACKBONE };
  })();
  bundledCache.catch(() => (bundledCache = null));
  return bundledCache;
}

/** A user's folder holding a tfjs LayersModel: model.json plus the shard files its manifest names. Read-only. */
export async function readBackboneFolder(dir: string): Promise<BackboneArtifacts> {
  const file = (await fs.stat(dir)).isDirectory() ? path.join(dir, 'model.json') : dir;
  let json: { format?: string; modelTopology?: { model_config?: KerasModelJson } & Partial<KerasModelJson>; weightsManifest?: tf.io.WeightsManifestConfig };
  try {
    json = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (err) {
    throw new HebbError('INVALID_ARGUMENT', `backbone: cannot read ${path.basename(file)} as JSON (${(err as Error).message})`, file);
  }
  if (json.format === 'graph-model') {
    throw new HebbError('INVALID_ARCHITECTURE', 'backbone: this is a tfjs GraphModel, which cannot be cut or frozen layer by layer; convert a Keras model with tensorflowjs_converter --output_format tfjs_layers_model', file);
  }
  const topology = json.modelTopology?.model_config ?? (json.modelTopology as KerasModelJson | undefined);
  if (!topology?.config?.layers || !json.weightsManifest) {
    throw new HebbError('INVALID_ARCHITECTURE', 'backbone: model.json has no Keras modelTopology/weightsManifest (is it a tfjs LayersModel?)', file);
  }
  const buffers: Buffer[] = [];
  for (const group of json.weightsManifest) {
    for (const p of group.paths) buffers.push(await fs.readFile(path.join(path.dirname(file), p)));
  }
  const all = Buffer.concat(buffers);
  return {
    source: file,
    topology,
    weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
    weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
  };
}

export interface CutOptions {
  /** [h, w, c] the extractor will take; c = 1 folds the first conv's RGB kernel into one grey channel. */
  inputShape: [number, number, number];
  /** Output layer. @default 'out_relu' when present, else the last layer before flatten/pooling-to-vector */
  layer?: string;
}

/** Turn artifacts into a frozen feature-extractor LayersModel (4-D output) for the given input shape. */
export async function cutBackbone(art: BackboneArtifacts, opts: CutOptions): Promise<tf.LayersModel> {
  const topo = art.topology.class_name === 'Sequential' ? sequentialToFunctional(art.topology, art.source) : structuredClone(art.topology);
  const layers = topo.config.layers;
  const byName = new Map(layers.map((l) => [l.name, l]));
  const cut = opts.layer ?? (byName.has('out_relu') ? 'out_relu' : lastSpatialLayer(layers));
  if (!byName.has(cut)) throw new HebbError('INVALID_ARCHITECTURE', `backbone: no layer named '${cut}' (try one of ${layers.slice(-5).map((l) => l.name).join(', ')})`, art.source);
  const keep = ancestors(cut, byName);
  topo.config.layers = layers.filter((l) => keep.has(l.name));
  topo.config.output_layers = [[cut, 0, 0]];
  const inputs = topo.config.layers.filter((l) => l.class_name === 'InputLayer');
  if (inputs.length !== 1) throw new HebbError('INVALID_ARCHITECTURE', 'backbone: expected exactly one image input', art.source);
  const [h, w, c] = opts.inputShape;
  const declared = (inputs[0]!.config.batch_input_shape as (number | null)[]) ?? [];
  const rgb = declared[3] ?? 3;
  if (c !== rgb && !(c === 1 && rgb === 3)) throw new HebbError('INVALID_ARCHITECTURE', `backbone expects ${rgb} channels but the data has ${c}`, art.source);
  inputs[0]!.config.batch_input_shape = [null, h, w, c];

  const weights = tf.io.decodeWeights(art.weightData, art.weightSpecs); // dequantises uint8/float16 specs
  const kept: tf.NamedTensorMap = {};
  for (const [name, t] of Object.entries(weights)) {
    if (name.split('/').some((seg) => keep.has(seg))) kept[name] = t;
    else t.dispose();
  }
  if (c === 1 && rgb === 3) foldGrey(kept, topo.config.layers, inputs[0]!.name);
  const { data, specs } = await tf.io.encodeWeights(kept);
  Object.values(kept).forEach((t) => t.dispose());
  const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: topo as unknown as tf.io.ModelJSON['modelTopology'], weightSpecs: specs, weightData: data }));
  if (model.outputs[0]!.shape.length !== 4) throw new HebbError('INVALID_ARCHITECTURE', `backbone: layer '${cut}' does not output a feature map (shape ${JSON.stringify(model.outputs[0]!.shape)})`, art.source);
  return model;
}

/** Rewrite a flat Keras Sequential as the equivalent functional graph (an input layer, then each layer fed by the one before). */
function sequentialToFunctional(seq: KerasModelJson, source: string): KerasModelJson {
  const raw = seq.config as unknown;
  const layers = structuredClone(Array.isArray(raw) ? (raw as KerasLayerJson[]) : seq.config.layers);
  const nested = layers.find((l) => l.class_name === 'Sequential' || l.class_name === 'Model' || l.class_name === 'Functional');
  if (nested) throw new HebbError('INVALID_ARCHITECTURE', `backbone: layer '${nested.config.name as string}' is a whole model nested inside; save the inner model on its own and point at that`, source);
  const first = layers[0];
  const shape = (first?.config.batch_input_shape ?? first?.config.batchInputShape) as (number | null)[] | undefined;
  if (!shape) throw new HebbError('INVALID_ARCHITECTURE', 'backbone: the Sequential model does not declare its input shape', source);
  const input: KerasLayerJson = { name: 'backbone_input', class_name: 'InputLayer', config: { name: 'backbone_input', batch_input_shape: shape, dtype: 'float32' }, inbound_nodes: [] };
  let prev = input.name;
  for (const l of layers) {
    l.name = (l.config.name as string) ?? l.name;
    delete l.config.batch_input_shape;
    l.inbound_nodes = [[[prev, 0, 0, {}]]];
    prev = l.name;
  }
  return { class_name: 'Model', config: { name: 'backbone', layers: [input, ...layers], input_layers: [[input.name, 0, 0]], output_layers: [[prev, 0, 0]] } };
}

/** The ancestors of `name` (inclusive) through inbound nodes: everything the features depend on. */
function ancestors(name: string, byName: Map<string, KerasLayerJson>): Set<string> {
  const keep = new Set<string>();
  const stack = [name];
  while (stack.length) {
    const n = stack.pop()!;
    if (keep.has(n)) continue;
    keep.add(n);
    for (const node of byName.get(n)?.inbound_nodes ?? []) for (const [src] of node) stack.push(src);
  }
  return keep;
}

/** The last layer before the network turns its maps into a vector. */
function lastSpatialLayer(layers: KerasLayerJson[]): string {
  const idx = layers.findIndex((l) => /Flatten|GlobalAveragePooling2D|GlobalMaxPooling2D|Dense/.test(l.class_name));
  const before = idx > 0 ? layers[idx - 1] : layers[layers.length - 1];
  return before!.name;
}

/** Grey input = R = G = B, so summing the first convs' kernels over their 3 input channels gives the same features from 1 channel. */
function foldGrey(weights: tf.NamedTensorMap, layers: KerasLayerJson[], inputName: string): void {
  const passThrough = new Set([inputName]);
  for (const l of layers) {
    const srcs = (l.inbound_nodes ?? []).flatMap((node) => node.map(([s]) => s));
    if (!srcs.length || !srcs.every((s) => passThrough.has(s))) continue;
    if (/Padding|Rescaling|Normalization$|Resizing/.test(l.class_name) && l.class_name !== 'BatchNormalization') passThrough.add(l.name);
    else if (l.class_name === 'Conv2D') {
      const key = `${l.name}/kernel`;
      const k = weights[key];
      if (k) {
        weights[key] = tf.sum(k, 2, true);
        k.dispose();
      }
    } else {
      throw new HebbError('INVALID_ARCHITECTURE', `backbone: cannot adapt layer '${l.name}' (${l.class_name}) to 1-channel input; use --channels 3`);
    }
  }
}
