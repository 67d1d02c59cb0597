/** Turn a scan's entries into health warnings a user can act on, each stating the threshold it uses. */

import type { DatasetWarning, ImageEntry, SplitName } from '#contract/dataset';
import type { DuplicateGroup } from './duplicates';

/** Warn when the largest class has at least this many times the images of the smallest non-empty one. */
export const IMBALANCE_RATIO = 5;
/** Images narrower or shorter than this many pixels are "tiny" (MNIST's 28×28 is not). */
export const TINY_SIDE = 16;
/** Longest list of paths a warning carries; the message always gives the full count. */
const MAX_ITEMS = 100;

export interface HealthInput {
  classes: string[];
  entries: ImageEntry[];
  splits: SplitName[];
  duplicates: DuplicateGroup[];
}

export function isGrey(channels: number): boolean {
  return channels <= 2;
}

export function healthWarnings({ classes, entries, splits, duplicates }: HealthInput): DatasetWarning[] {
  const counts = classes.map(() => 0);
  for (const e of entries) counts[e.label]!++;
  return [
    ...emptyWarnings(classes, counts, entries, splits),
    ...balanceWarnings(classes, counts),
    ...duplicateWarnings(duplicates),
    ...imageWarnings(entries),
  ];
}

/** Classes without usable images, and classes a split folder lacks. */
function emptyWarnings(classes: string[], counts: number[], entries: ImageEntry[], splits: SplitName[]): DatasetWarning[] {
  const out: DatasetWarning[] = [];
  const empty = classes.filter((_, i) => counts[i] === 0);
  if (empty.length) {
    out.push({ kind: 'empty-class', message: `${plural(empty.length, 'class has', 'classes have')} no usable images: ${quoteList(empty)}`, items: empty });
  }
  for (const split of splits) {
    const inSplit = new Set(entries.filter((e) => e.split === split).map((e) => e.label));
    const missing = classes.filter((_, i) => counts[i]! > 0 && !inSplit.has(i));
    if (missing.length) {
      out.push({ kind: 'empty-class', message: `The ${split} split has no images of ${quoteList(missing)}`, items: missing.map((c) => `${split}/${c}`) });
    }
  }
  return out;
}

/** One class only, or the largest class IMBALANCE_RATIO× the smallest non-empty one. */
function balanceWarnings(classes: string[], counts: number[]): DatasetWarning[] {
  const nonEmpty = classes.map((c, i) => ({ c, n: counts[i]! })).filter((x) => x.n > 0);
  if (classes.length === 1) {
    return [{ kind: 'single-class', message: `Only one class ("${classes[0]}"): a classifier needs at least two`, items: [classes[0]!] }];
  }
  if (nonEmpty.length === 1) {
    return [{ kind: 'single-class', message: `Only one class ("${nonEmpty[0]!.c}") has images: a classifier needs at least two`, items: [nonEmpty[0]!.c] }];
  }
  if (nonEmpty.length < 2) return [];
  const max = nonEmpty.reduce((a, b) => (b.n > a.n ? b : a));
  const min = nonEmpty.reduce((a, b) => (b.n < a.n ? b : a));
  if (max.n < IMBALANCE_RATIO * min.n) return [];
  return [{
    kind: 'imbalance',
    message: `Classes are imbalanced: "${max.c}" has ${max.n} images, "${min.c}" only ${min.n} (${(max.n / min.n).toFixed(1)}×; warned at ${IMBALANCE_RATIO}× or more). Add images to the small classes or use class weights.`,
    items: nonEmpty.filter((x) => max.n >= IMBALANCE_RATIO * x.n).map((x) => x.c),
  }];
}

/** Tiny images, and greyscale mixed with colour (listing the minority side). */
function imageWarnings(entries: ImageEntry[]): DatasetWarning[] {
  const out: DatasetWarning[] = [];
  const tiny = entries.filter((e) => e.width < TINY_SIDE || e.height < TINY_SIDE);
  if (tiny.length) {
    const ex = tiny[0]!;
    out.push({
      kind: 'tiny-images',
      message: `${plural(tiny.length, 'image is', 'images are')} smaller than ${TINY_SIDE} px on a side (e.g. ${ex.path}, ${ex.width}×${ex.height}): upscaling them adds no detail`,
      items: tiny.slice(0, MAX_ITEMS).map((e) => e.path),
    });
  }
  const grey = entries.filter((e) => isGrey(e.channels));
  if (grey.length && grey.length < entries.length) {
    const minority = grey.length * 2 <= entries.length ? grey : entries.filter((e) => !isGrey(e.channels));
    out.push({
      kind: 'mixed-channels',
      message: `Mixed channels: ${grey.length} greyscale and ${entries.length - grey.length} colour images; all will be converted to the model's channels`,
      items: minority.slice(0, MAX_ITEMS).map((e) => e.path),
    });
  }
  return out;
}

function duplicateWarnings(groups: DuplicateGroup[]): DatasetWarning[] {
  const out: DatasetWarning[] = [];
  const describe = (gs: DuplicateGroup[]) => gs.slice(0, MAX_ITEMS).map((g) => g.paths.join(' = '));
  const classes = groups.filter((g) => g.acrossClasses);
  if (classes.length) {
    out.push({
      kind: 'duplicate-across-classes',
      message: `${plural(classes.length, 'set', 'sets')} of byte-identical files in different classes (e.g. ${classes[0]!.paths.join(' = ')}): one of the labels is wrong`,
      items: describe(classes),
    });
  }
  const splits = groups.filter((g) => g.acrossSplits);
  if (splits.length) {
    out.push({
      kind: 'duplicate-across-splits',
      message: `${plural(splits.length, 'set', 'sets')} of byte-identical files across splits (e.g. ${splits[0]!.paths.join(' = ')}): validation scores will be too optimistic`,
      items: describe(splits),
    });
  }
  return out;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function quoteList(names: string[]): string {
  const shown = names.slice(0, 10).map((n) => `"${n}"`).join(', ');
  return names.length > 10 ? `${shown} and ${names.length - 10} more` : shown;
}
