/** Per-layer activation maps of one prediction (the Playground's "What each layer sees"): their shape and limits. */

/** At most this many layers per answer: spread over the model's depth when it has more. */
export const MAX_ACTIVATION_LAYERS = 12;
/** At most this many feature maps per layer: the most active ones by mean activation. */
export const MAX_ACTIVATION_CHANNELS = 16;
/** Each map is drawn this many pixels on its longer side (nearest neighbour up, or down for big maps). */
export const ACTIVATION_CELL_PX = 48;
/** All PNGs of one answer together stay under this (base64 adds a third): layers past it are left out. */
export const MAX_ACTIVATION_BYTES = 1_200_000;

/** One layer's maps, drawn as a grid of grey cells (row-major, most active channel first) with a 1 px gap. */
export interface LayerActivationInfo {
  name: string;
  /** The layer's class name, e.g. Conv2D, MaxPooling2D, BatchNormalization, ReLU. */
  type: string;
  /** Its output shape without the batch: [height, width, channels]. */
  shape: number[];
  /** The channel indices shown, cell by cell, most active first. */
  channels: number[];
  /** Mean activation of each shown channel, in the same order. */
  means: number[];
  grid: { cols: number; rows: number; cellWidth: number; cellHeight: number; width: number; height: number };
}

export interface ActivationsInfo {
  /** Every layer of the model (a transfer run's frozen backbone included: the maps are computed on tfjs). */
  layersInModel: number;
  /** Layers that qualified (convolution, pooling, normalisation, activation with a 2-D map) before the cap. */
  eligible: number;
  /** true when layers were left out to keep the answer small. */
  truncated: boolean;
}

/** What the engine hands back: PNG bytes per layer. */
export interface LayerActivations extends ActivationsInfo { layers: (LayerActivationInfo & { png: Uint8Array })[] }
/** What the UI gets: the same with base64 PNGs. */
export interface LayerActivationsView extends ActivationsInfo { layers: (LayerActivationInfo & { pngBase64: string })[] }
