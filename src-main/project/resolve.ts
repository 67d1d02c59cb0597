/**
 * A FILE argument (CLI) to an image key: the key itself (`s1/cat/1.png`, `images/<sha>.png`), a path as the
 * source's scan lists it (`cat/1.png`), an absolute path inside a source or the project, or a path as the project's
 * scan lists it (relative to the project folder). An unknown or ambiguous FILE is an error naming it.
 */

import path from 'node:path';
import type { ProjectFile } from '#contract/project';
import { HebbError } from '../core/errors';
import type { CatalogImage } from './catalog';
import { sourceKey } from './keys';

export function resolveImageArg(projectDir: string, doc: ProjectFile, all: Map<string, CatalogImage>, arg: string): string {
  if (all.has(arg)) return arg;
  const posix = arg.split(path.sep).join('/');
  if (!path.isAbsolute(arg)) {
    const hits = doc.sources.map((s) => sourceKey(s.id, posix)).filter((k) => all.has(k));
    if (hits.length === 1) return hits[0]!;
    if (hits.length > 1) throw new HebbError('INVALID_ARGUMENT', `"${arg}" is in more than one source; name it by key: ${hits.join(' or ')}`, arg);
  }
  const abs = path.resolve(path.isAbsolute(arg) ? arg : path.join(projectDir, arg));
  for (const img of all.values()) if (path.resolve(img.file) === abs) return img.key;
  const inSource = doc.sources.find((s) => { const r = path.relative(s.path, abs); return !r.startsWith('..') && !path.isAbsolute(r); });
  const why = inSource ? `it is not a usable image of source ${inSource.path} (see hebb scan ${inSource.path})` : `give a path as the scan lists it (relative to its source: ${doc.sources.map((s) => s.path).join(', ')}) or an absolute path inside a source`;
  throw new HebbError('INVALID_ARGUMENT', `"${arg}" is not an image of this project: ${why}`, arg);
}
