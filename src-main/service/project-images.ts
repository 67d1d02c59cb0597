/** `project:images`: every image of a project, excluded ones too, with what was done to it, for the Data view's filters. */

import type { ImageEntry, ScanResult } from '#contract/dataset';
import type { ProjectFile, ProjectImage, ProjectImageFilter } from '#contract/project';
import type { EffectiveDataset } from '../project/index';

export interface CatalogListing {
  scan: ScanResult;
  keys: string[];
  images: Omit<ProjectImage, 'imageId'>[];
}

/** All images in the effective dataset's order, then the excluded ones; `scan` registers them for thumbnails. */
export function catalogListing(doc: ProjectFile, eff: EffectiveDataset): CatalogListing {
  const excluded = new Set(doc.exclusions);
  const addedClass = new Map(doc.added.map((a) => [`images/${a.sha256}.${a.ext}`, a.class]));
  const classOf = (key: string): string => {
    const img = eff.all.get(key)!;
    return doc.overrides[key] ?? (img.folderClass === null ? addedClass.get(key)! : doc.aliases[img.folderClass] ?? img.folderClass);
  };
  const order = [...eff.keys, ...[...eff.all.keys()].filter((k) => excluded.has(k)).sort()];
  const classes = [...new Set([...eff.scan.classes, ...order.map(classOf)])];
  const entries: ImageEntry[] = order.map((k) => ({ ...eff.all.get(k)!.entry, label: classes.indexOf(classOf(k)) }));
  const images = order.map((key) => {
    const img = eff.all.get(key)!;
    return { key, class: classOf(key), folderClass: img.folderClass === null ? null : img.folderClass, excluded: excluded.has(key), edited: key in doc.overrides, added: img.folderClass === null };
  });
  const counts = Object.fromEntries(classes.map((c) => [c, entries.filter((e) => classes[e.label] === c).length]));
  return { scan: { ...eff.scan, classes, counts, images: entries.length, entries, warnings: [] }, keys: order, images };
}

export function filterImages(images: Omit<ProjectImage, 'imageId'>[], filter: ProjectImageFilter, cls?: string): number[] {
  const keep = (i: Omit<ProjectImage, 'imageId'>) =>
    (cls === undefined || i.class === cls) && (filter === 'all' || (filter === 'edited' && i.edited) || (filter === 'excluded' && i.excluded) || (filter === 'added' && i.added));
  return images.flatMap((img, i) => (keep(img) ? [i] : []));
}
