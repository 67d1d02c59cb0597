/** Classification metrics from labels and probabilities: confusion matrix, per-class P/R/F1/support, top-k, mistakes by confidence. */

import type { Mistake, PerClassMetrics } from '#contract/engine';

/** rows = true class, columns = predicted class. */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, k: number): number[][] {
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < yTrue.length; i++) { const row = m[yTrue[i]!]!; row[yPred[i]!] = row[yPred[i]!]! + 1; }
  return m;
}

/** Precision/recall/F1 as scikit-learn's classification_report, with 0 where a denominator is 0. */
export function perClass(cm: number[][], labels: string[]): PerClassMetrics[] {
  return labels.map((label, c) => {
    const tp = cm[c]![c]!;
    const support = cm[c]!.reduce((s, v) => s + v, 0);
    const predicted = cm.reduce((s, row) => s + row[c]!, 0);
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support };
  });
}

export function argMax(row: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i]! > row[best]!) best = i;
  return best;
}

/** Share of rows whose true class is among the k most probable (ties broken by class order). */
export function topKAccuracy(probs: ArrayLike<number>[], yTrue: ArrayLike<number>, k: number): number {
  if (probs.length === 0) return 0;
  let hit = 0;
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i]!;
    const t = yTrue[i]!;
    let above = 0;
    for (let c = 0; c < p.length; c++) if (p[c]! > p[t]! || (p[c] === p[t] && c < t)) above++;
    if (above < k) hit++;
  }
  return hit / probs.length;
}

/** Misclassified images, most confident first: the errors a user should look at before any other. */
export function mistakes(paths: string[], yTrue: ArrayLike<number>, probs: ArrayLike<number>[], labels: string[]): Mistake[] {
  const out: Mistake[] = [];
  for (let i = 0; i < paths.length; i++) {
    const p = argMax(probs[i]!);
    if (p !== yTrue[i]) out.push({ path: paths[i]!, trueLabel: labels[yTrue[i]!]!, predictedLabel: labels[p]!, probability: probs[i]![p]! });
  }
  return out.sort((a, b) => b.probability - a.probability || a.path.localeCompare(b.path));
}
