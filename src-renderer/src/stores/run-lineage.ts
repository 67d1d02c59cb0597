/**
 * "Train again" pairs: each run that was warm-started from a run, or retrained from scratch as a run's retrain, with
 * that parent, how its final validation accuracy moved, and whether the data it learned from changed; and how many
 * epochs a warm-started run's weights had behind them, so its curve can continue its parent's.
 */
import { epochsBehind, type RunSummary } from '#contract/engine';

export type LineageKind = 'warm' | 'scratch';

export interface DataChange {
  changed: boolean;
  /** Images added (negative: removed) when both runs recorded their dataset's size; null when not countable. */
  images: number | null;
}

export interface RunLineage {
  runId: string;
  kind: LineageKind;
  parentId: string;
  /** The parent's summary, or null when it is no longer in the list (its folder was deleted). */
  parent: RunSummary | null;
  parentAccuracy: number | null;
  accuracy: number | null;
  /** Own minus parent's final validation accuracy, in percentage points; null when either is unknown. */
  deltaPoints: number | null;
  /** Null when either run lacks a dataset hash (a plain folder, or the parent is gone). */
  data: DataChange | null;
}

/** A warmStartFrom may be a run directory (the CLI accepts one): its last path segment is the run id. */
const idOf = (ref: string) => ref.replace(/[/\\]+$/, '').split(/[/\\]/).at(-1) ?? ref;

function parentRef(r: RunSummary): { kind: LineageKind; parentId: string } | null {
  if (r.config.warmStartFrom) return { kind: 'warm', parentId: idOf(r.config.warmStartFrom) };
  if (r.config.retrainOf) return { kind: 'scratch', parentId: r.config.retrainOf };
  return null;
}

function dataChange(own: RunSummary, parent: RunSummary | null): DataChange | null {
  const a = parent?.config.datasetHash, b = own.config.datasetHash;
  if (!a || !b) return null;
  if (a === b) return { changed: false, images: 0 };
  const na = parent?.config.datasetImages, nb = own.config.datasetImages;
  return { changed: true, images: na != null && nb != null ? nb - na : null };
}

/** Lineage of every run that has a parent, by run id. */
export function runLineage(runs: readonly RunSummary[]): Record<string, RunLineage> {
  const byId = new Map(runs.map((r) => [r.id, r]));
  const out: Record<string, RunLineage> = {};
  for (const r of runs) {
    const ref = parentRef(r);
    if (!ref) continue;
    const parent = byId.get(ref.parentId) ?? null;
    const parentAccuracy = parent?.final?.valAccuracy ?? null;
    const accuracy = r.final?.valAccuracy ?? null;
    // Rounded to a tenth of a point, as shown: a tiny float residue must not read as "+0.0" in the bad colour.
    const deltaPoints = parentAccuracy != null && accuracy != null ? Math.round((accuracy - parentAccuracy) * 1000) / 10 || 0 : null; // || 0: no -0
    out[r.id] = { runId: r.id, ...ref, parent, parentAccuracy, accuracy, deltaPoints, data: dataChange(r, parent) };
  }
  return out;
}

/**
 * Epochs a run trained before it started, by run id: a warm-started run's curve continues after its parent's instead
 * of overlapping it. The job records it (config.warmStartEpochs). For runs trained before it did, the chain is walked:
 * the epoch whose weights each parent saved (its early-stop best when one was restored, else its last), up to a
 * parent that recorded its own. A retrain from scratch starts at 0, as does the link to a parent no longer in the
 * list (nothing says how far it got). A chain that loops has no first run to count from: 0.
 */
export function epochOffsets(runs: readonly RunSummary[]): Record<string, number> {
  const byId = new Map(runs.map((r) => [r.id, r]));
  const out: Record<string, number> = {};
  for (const r of runs) {
    if (r.config.warmStartEpochs != null) { out[r.id] = r.config.warmStartEpochs; continue; }
    let sum = 0;
    const seen = new Set([r.id]);
    for (let ref = parentRef(r); ref?.kind === 'warm';) {
      const parent = byId.get(ref.parentId);
      if (!parent) break;
      if (seen.has(parent.id)) { sum = 0; break; }
      seen.add(parent.id);
      sum += epochsBehind(parent);
      if (parent.config.warmStartEpochs != null) break;
      ref = parentRef(parent);
    }
    out[r.id] = sum;
  }
  return out;
}

/** Better, worse or the same: the word a screen reader hears and the colour the delta takes. */
export function trend(deltaPoints: number | null): 'up' | 'down' | 'same' | null {
  if (deltaPoints == null) return null;
  return deltaPoints > 0 ? 'up' : deltaPoints < 0 ? 'down' : 'same';
}
