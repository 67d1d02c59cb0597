/** Class weights: 'balanced' gives each class n / (k · count), as scikit-learn and Keras users expect. */

/** Weights per class index, or null for 'none'. A class with no images gets weight 0 (it never appears). */
export function classWeights(mode: 'none' | 'balanced', labels: ArrayLike<number>, numClasses: number): number[] | null {
  if (mode === 'none') return null;
  const counts = new Array<number>(numClasses).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]!] = counts[labels[i]!]! + 1;
  const present = counts.filter((c) => c > 0).length;
  return counts.map((c) => (c > 0 ? labels.length / (present * c) : 0));
}
