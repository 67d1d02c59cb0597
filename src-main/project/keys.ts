/** Image keys: how a project names an image independent of where the project or its sources live. */

import path from 'node:path';
import { PROJECT_IMAGES_DIR, type AddedImage, type ProjectSource } from '#contract/project';

export type ParsedKey = { kind: 'source'; sourceId: string; rel: string } | { kind: 'added'; sha256: string; ext: string };

export const sourceKey = (sourceId: string, rel: string): string => `${sourceId}/${rel}`;
export const addedKey = (a: Pick<AddedImage, 'sha256' | 'ext'>): string => `${PROJECT_IMAGES_DIR}/${a.sha256}.${a.ext}`;

const ADDED_RE = new RegExp(`^${PROJECT_IMAGES_DIR}/([a-f0-9]{64})\\.(png|jpg)$`);
const SOURCE_RE = /^(s\d+)\/(.+)$/;

export function parseKey(key: string): ParsedKey | null {
  const a = ADDED_RE.exec(key);
  if (a) return { kind: 'added', sha256: a[1]!, ext: a[2]! };
  const s = SOURCE_RE.exec(key);
  return s ? { kind: 'source', sourceId: s[1]!, rel: s[2]! } : null;
}

/** The absolute file an image key names. */
export function keyFile(projectDir: string, sources: ProjectSource[], key: string): string | null {
  const k = parseKey(key);
  if (!k) return null;
  if (k.kind === 'added') return path.join(projectDir, key);
  const src = sources.find((s) => s.id === k.sourceId);
  return src ? path.join(src.path, k.rel) : null;
}

/** An entry path for the effective dataset: the file relative to the project folder (forward slashes), absolute where no relative path exists. */
export function entryPath(projectDir: string, file: string): string {
  const rel = path.relative(projectDir, file);
  return path.isAbsolute(rel) ? file : rel.split(path.sep).join('/');
}
