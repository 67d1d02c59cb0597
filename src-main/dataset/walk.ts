/**
 * Walk an ImageFolder tree the way torchvision does — root/<class>/…/file (any depth) (or root/{train,val,test}/<class>/…),
 * classes and files in Python's sorted() order, symlinks inside the root followed — but list symlinks that lead
 * outside the root instead of following them (unless asked to), stop at symlink loops instead of recursing until
 * the path is too long, and sort hidden/system/non-image files into `ignored`.
 */

import path from 'node:path';
import type { InvalidFile, SplitName } from '#contract/dataset';
import { errnoReason, type ScanFs } from './io';
import { compareCodePoints, decodeName, isHiddenOrSystem, isImageName } from './names';

export const SPLIT_NAMES: readonly SplitName[] = ['train', 'val', 'test'];

/** A file under an image name, still to be probed. */
export interface Candidate {
  /** Relative to the dataset root, forward slashes. */
  rel: string;
  abs: string;
  cls: string;
  split?: SplitName;
}

export interface WalkResult {
  classes: string[];
  splits: SplitName[];
  /** Class names present as folders in each split ('' key for a flat tree). */
  classDirs: Map<SplitName | '', string[]>;
  candidates: Candidate[];
  invalid: InvalidFile[];
  ignored: string[];
}

interface Item {
  name: string;
  rel: string;
  abs: string;
  isDir: boolean;
}

interface Out {
  invalid: InvalidFile[];
  ignored: string[];
  /** The dataset root with links resolved: what "inside" means. */
  rootReal: string;
  /** Follow symlinks that lead outside the root (torchvision's followlinks=True). @default false */
  followLinks: boolean;
}

/**
 * A dataset is what its folder holds: a link out of it would train on (and report on) a file the user may not
 * know is there, say a private one. Named in `invalid` and not read; --follow-links reads it.
 */
export const OUTSIDE_LINK_REASON = 'symbolic link leading outside the dataset folder: not followed (scan with --follow-links to use it)';

function inside(real: string, rootReal: string): boolean {
  return real === rootReal || real.startsWith(rootReal.endsWith(path.sep) ? rootReal : rootReal + path.sep);
}

/** List one folder: usable names come back; bad names, hidden and system entries land in `out`. */
async function listDir(abs: string, rel: string, fs: ScanFs, out: Out): Promise<Item[]> {
  let dirents;
  try {
    dirents = await fs.readdir(abs, { withFileTypes: true, encoding: 'buffer' });
  } catch (err) {
    out.invalid.push({ path: rel ? `${rel}/` : './', reason: errnoReason(err, 'cannot list folder') });
    return [];
  }
  const items: Item[] = [];
  for (const d of dirents) {
    const { name, display } = decodeName(d.name);
    const itemRel = rel ? `${rel}/${name ?? display}` : (name ?? display);
    if (name === null) {
      if (d.isDirectory()) out.invalid.push({ path: `${itemRel}/`, reason: 'folder name is not valid UTF-8 (shown with \\xNN escapes): skipped, rename it to use its images' });
      else if (isImageName(display)) out.invalid.push({ path: itemRel, reason: 'file name is not valid UTF-8 (shown with \\xNN escapes): rename it to use it' });
      else out.ignored.push(itemRel);
      continue;
    }
    const itemAbs = path.join(abs, name);
    let isDir = d.isDirectory();
    if (d.isSymbolicLink() || (!isDir && !d.isFile() && !d.isFIFO() && !d.isSocket() && !d.isCharacterDevice() && !d.isBlockDevice())) {
      // Followed like os.walk(followlinks=True); a broken or looping link stays a "file" for the probe to name.
      isDir = await fs.stat(itemAbs).then((s) => s.isDirectory(), () => false);
    }
    if (isHiddenOrSystem(name)) {
      out.ignored.push(isDir ? `${itemRel}/` : itemRel);
      continue;
    }
    if (d.isSymbolicLink() && !out.followLinks) {
      const real = await fs.realpath(itemAbs).catch(() => null); // broken: left to the probe, which names it
      if (real !== null && !inside(real, out.rootReal)) {
        out.invalid.push({ path: isDir ? `${itemRel}/` : itemRel, reason: OUTSIDE_LINK_REASON });
        continue;
      }
    }
    items.push({ name, rel: itemRel, abs: itemAbs, isDir });
  }
  return items.sort((a, b) => compareCodePoints(a.name, b.name));
}

/**
 * All image files under one class folder, in torchvision's order: sorted(os.walk(dir)) sorts the walk's tuples
 * by directory path, then files by name within each directory.
 */
async function walkClass(
  dir: Item, cls: string, split: SplitName | undefined, rootReal: string, ancestors: Map<string, string>, fs: ScanFs, out: Out, signal?: AbortSignal,
): Promise<Candidate[]> {
  const perDir: { rel: string; files: Item[] }[] = [];
  const visit = async (d: Item, chain: Map<string, string>): Promise<void> => {
    signal?.throwIfAborted();
    let real: string;
    try {
      real = await fs.realpath(d.abs);
    } catch (err) {
      out.invalid.push({ path: `${d.rel}/`, reason: errnoReason(err, 'cannot open folder') });
      return;
    }
    const loopsTo = chain.get(real);
    if (loopsTo !== undefined) {
      out.invalid.push({ path: `${d.rel}/`, reason: `symlink loop: leads back to "${loopsTo || '.'}/", not followed` });
      return;
    }
    // A link to a folder above the dataset would walk the dataset again from outside (or the whole disk).
    if (rootReal.startsWith(real.endsWith(path.sep) ? real : real + path.sep)) {
      out.invalid.push({ path: `${d.rel}/`, reason: `symlink loop: leads to "${real}", a folder that contains the dataset itself, not followed` });
      return;
    }
    const inner = new Map(chain).set(real, d.rel);
    const items = await listDir(d.abs, d.rel, fs, out);
    const files = items.filter((i) => !i.isDir);
    for (const f of files) if (!isImageName(f.name)) out.ignored.push(f.rel);
    perDir.push({ rel: d.rel, files: files.filter((f) => isImageName(f.name)) });
    for (const sub of items.filter((i) => i.isDir)) await visit(sub, inner);
  };
  await visit(dir, ancestors);
  perDir.sort((a, b) => compareCodePoints(a.rel, b.rel));
  return perDir.flatMap((d) => d.files.map((f) => ({ rel: f.rel, abs: f.abs, cls, split })));
}

/** Split mode needs two or three of train/val/test, each holding class folders; otherwise the tree is flat. */
async function detectSplits(top: Item[], fs: ScanFs, out: Out): Promise<Item[]> {
  const named = top.filter((i) => i.isDir && (SPLIT_NAMES as readonly string[]).includes(i.name));
  if (named.length < 2) return [];
  const scratch: Out = { ...out, invalid: [], ignored: [] };
  for (const s of named) {
    const inside = await listDir(s.abs, s.rel, fs, scratch);
    if (!inside.some((i) => i.isDir)) return [];
  }
  return named.sort((a, b) => SPLIT_NAMES.indexOf(a.name as SplitName) - SPLIT_NAMES.indexOf(b.name as SplitName));
}

export async function walkDataset(root: string, fs: ScanFs, signal?: AbortSignal, followLinks = false): Promise<WalkResult> {
  const rootReal = await fs.realpath(root);
  const out: Out = { invalid: [], ignored: [], rootReal, followLinks };
  const top = await listDir(root, '', fs, out);
  const splitDirs = await detectSplits(top, fs, out);
  const groups: { split?: SplitName; parent: Item | null; classItems: Item[] }[] = [];

  if (splitDirs.length) {
    for (const item of top) if (!splitDirs.includes(item)) out.ignored.push(item.isDir ? `${item.rel}/` : item.rel);
    for (const s of splitDirs) {
      const inside = await listDir(s.abs, s.rel, fs, out);
      for (const f of inside.filter((i) => !i.isDir)) out.ignored.push(f.rel);
      groups.push({ split: s.name as SplitName, parent: s, classItems: inside.filter((i) => i.isDir) });
    }
  } else {
    for (const f of top.filter((i) => !i.isDir)) out.ignored.push(f.rel);
    groups.push({ parent: null, classItems: top.filter((i) => i.isDir) });
  }

  const classes = [...new Set(groups.flatMap((g) => g.classItems.map((c) => c.name)))].sort(compareCodePoints);
  const classDirs = new Map<SplitName | '', string[]>(groups.map((g) => [g.split ?? '', g.classItems.map((c) => c.name)]));
  const candidates: Candidate[] = [];
  for (const g of groups) {
    const ancestors = new Map([[rootReal, '']]);
    if (g.parent) ancestors.set(await fs.realpath(g.parent.abs), g.parent.rel);
    for (const c of g.classItems) candidates.push(...(await walkClass(c, c.name, g.split, rootReal, ancestors, fs, out, signal)));
  }
  return { classes, splits: splitDirs.map((s) => s.name as SplitName), classDirs, candidates, invalid: out.invalid, ignored: out.ignored };
}
