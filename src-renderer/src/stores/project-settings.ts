/** Between the model/dataset stores and a project's settings: what a project remembers of the model and training. */
import type { ProjectSettings } from '#contract/project';
import { useDatasetStore } from './dataset';
import { DEFAULT_HYPER, useModelStore, type Hyper } from './model';

const HYPER_KEYS = Object.keys(DEFAULT_HYPER).filter((k) => k !== 'dropout' && k !== 'activation') as (keyof Hyper)[];

/** The project settings the current choices make (the training config without data, as train:start gets it). */
export function settingsOf(): ProjectSettings {
  // A run's parent is the run's own fact, never a project setting every later run would inherit.
  const { warmStartFrom: _w, retrainOf: _r, ...config } = useModelStore().config as ProjectSettings & { warmStartFrom?: string; retrainOf?: string };
  return JSON.parse(JSON.stringify(config)) as ProjectSettings;
}

/** Put a project's saved settings back into the model and dataset stores (missing fields keep their values). */
export function applySettings(s: ProjectSettings): void {
  const model = useModelStore();
  const ds = useDatasetStore();
  if (s.arch) model.arch = s.arch;
  if (s.imageWidth) model.size = s.imageWidth;
  if (s.layers) model.layers = s.layers.map((l) => ({ ...l }));
  const hyper = { ...model.hyper } as Record<string, unknown>;
  for (const k of HYPER_KEYS) if (s[k as keyof ProjectSettings] !== undefined) hyper[k] = s[k as keyof ProjectSettings];
  const opts = (s.archOptions ?? {}) as { dropout?: number; activation?: Hyper['activation'] };
  hyper.dropout = opts.dropout ?? null;
  hyper.activation = opts.activation ?? null;
  model.hyper = hyper as Hyper;
  if (s.split) ds.split = { ...ds.split, ...s.split };
  if (s.augment) ds.augment = { ...s.augment };
}
