/**
 * The effective dataset: the sources minus exclusions, with overrides and class renames applied, plus the added
 * images, as the same ScanResult the scanner produces (root = the project folder, entry paths relative to it), so
 * health, splits, class weights, training, eval and export work on it unchanged.
 */

import type { ImageEntry, ScanResult } from '#contract/dataset';
import type { ProjectCounts, ProjectFile } from '#contract/project';
import type { DuplicateGroup } from '../dataset/duplicates';
import { healthWarnings, isGrey } from '../dataset/health';
import { compareCodePoints } from '../dataset/names';
import type { Catalog, CatalogImage } from './catalog';
import { datasetHash } from './hash';

export interface EffectiveDataset {
  scan: ScanResult;
  /** Image key of each entry, aligned with scan.entries. */
  keys: string[];
  hash: string;
  counts: ProjectCounts;
  /** Every image the project knows (excluded ones too), by key. */
  all: Map<string, CatalogImage>;
}

export async function effectiveDataset(doc: ProjectFile, catalog: Catalog): Promise<EffectiveDataset> {
  const { images: all, invalid, ignored } = catalog.images(doc);
  const addedClass = new Map(doc.added.map((a) => [`images/${a.sha256}.${a.ext}`, a.class]));
  const excluded = new Set(doc.exclusions);
  const kept: { img: CatalogImage; cls: string }[] = [];
  for (const img of all.values()) {
    if (excluded.has(img.key)) continue;
    const cls = doc.overrides[img.key] ?? (img.folderClass === null ? addedClass.get(img.key)! : doc.aliases[img.folderClass] ?? img.folderClass);
    kept.push({ img, cls });
  }
  const classes = [...new Set([...doc.classes, ...kept.map((k) => k.cls)])].sort(compareCodePoints);
  const index = new Map(classes.map((c, i) => [c, i]));
  const anySplit = kept.some((k) => k.img.entry.split);
  const rows = kept.map(({ img, cls }) => ({
    key: img.key, img,
    entry: { ...img.entry, label: index.get(cls)!, ...(anySplit && !img.entry.split ? { split: 'train' as const } : {}) } as ImageEntry,
  }));
  rows.sort((a, b) => a.entry.label - b.entry.label || compareCodePoints(a.entry.path, b.entry.path));
  const entries = rows.map((r) => r.entry);
  const counts = Object.fromEntries(classes.map((c) => [c, 0]));
  for (const e of entries) counts[classes[e.label]!]!++;
  const splits = [...new Set(entries.map((e) => e.split).filter((s) => s !== undefined))].sort();
  const duplicates = await crossDuplicates(rows, catalog);
  const scan: ScanResult = {
    root: catalog.projectDir, classes, counts, images: entries.length, invalid, ignored,
    warnings: healthWarnings({ classes, entries, splits, duplicates }), splits,
    greyscale: entries.length > 0 && entries.every((e) => isGrey(e.channels)), entries,
  };
  const keys = rows.map((r) => r.key);
  return {
    scan, keys, all, hash: datasetHash(classes, rows),
    counts: {
      classes, counts, images: entries.length,
      excluded: doc.exclusions.filter((k) => all.has(k)).length,
      overrides: Object.keys(doc.overrides).filter((k) => all.has(k)).length,
      added: doc.added.length,
    },
  };
}

/** Byte-identical files in different classes or splits; only files sharing a size with such a file are hashed. */
async function crossDuplicates(rows: { img: CatalogImage; entry: ImageEntry }[], catalog: Catalog): Promise<DuplicateGroup[]> {
  const bySize = new Map<number, typeof rows>();
  for (const r of rows) bySize.set(r.entry.size, [...(bySize.get(r.entry.size) ?? []), r]);
  const place = (e: ImageEntry) => `${e.label}\0${e.split ?? ''}`;
  const groups: DuplicateGroup[] = [];
  for (const same of bySize.values()) {
    if (same.length < 2 || new Set(same.map((r) => place(r.entry))).size < 2) continue;
    const byHash = new Map<string, typeof rows>();
    for (const r of same) {
      const h = await catalog.contentHash(r.img);
      if (h) byHash.set(h, [...(byHash.get(h) ?? []), r]);
    }
    for (const g of byHash.values()) {
      const acrossClasses = new Set(g.map((r) => r.entry.label)).size > 1;
      const acrossSplits = new Set(g.map((r) => r.entry.split ?? '')).size > 1;
      if (acrossClasses || acrossSplits) groups.push({ paths: g.map((r) => r.entry.path), acrossClasses, acrossSplits });
    }
  }
  return groups;
}
