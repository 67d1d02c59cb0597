/**
 * project.json schema migration: every older schemaVersion is brought up to the current one, step by step; a newer
 * one is refused with the version named. Version history:
 * - 0 (no schemaVersion; the pre-release format): `{ name, data: "<folder>" | ["<folder>", …], labels?: {relPath: class},
 *   excluded?: [relPath] }`, paths relative to the first folder.
 * - 1: `{ schemaVersion: 1, name, sources: ["<folder>", …], classes, overrides: {key: class}, exclusions: [key],
 *   images: [{ sha256, ext, class, name, addedAt }], settings }`, keys `<source index>/<relPath>`.
 * - 2 (current): sources get ids (`s1`…) that prefix the keys; added images keep their original name; runs; revision.
 */

import { PROJECT_SCHEMA_VERSION, ProjectFile } from '#contract/project';
import { HebbError } from '../core/errors';

type Raw = Record<string, unknown>;

const asObject = (v: unknown): Raw => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : {});
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

function from0(d: Raw): Raw {
  const sources = asArray(d.data).map(String);
  const key = (rel: string) => `0/${rel}`;
  return {
    schemaVersion: 1, name: d.name ?? 'project', sources, classes: [],
    overrides: Object.fromEntries(Object.entries(asObject(d.labels)).map(([k, v]) => [key(k), String(v)])),
    exclusions: asArray(d.excluded).map((k) => key(String(k))), images: [], settings: {},
  };
}

function from1(d: Raw): Raw {
  const sources = asArray(d.sources).map(String);
  const rekey = (k: string) => k.replace(/^(\d+)\//, (_, i: string) => `s${Number(i) + 1}/`);
  return {
    schemaVersion: 2, name: d.name ?? 'project',
    sources: sources.map((p, i) => ({ id: `s${i + 1}`, path: p })),
    classes: asArray(d.classes).map(String),
    overrides: Object.fromEntries(Object.entries(asObject(d.overrides)).map(([k, v]) => [rekey(k), String(v)])),
    exclusions: asArray(d.exclusions).map((k) => rekey(String(k))),
    added: asArray(d.images).map((x) => {
      const a = asObject(x);
      return { sha256: a.sha256, ext: a.ext, class: a.class, originalName: String(a.name ?? ''), addedAt: String(a.addedAt ?? '') };
    }),
    aliases: {}, settings: asObject(d.settings), runs: [], revision: 0,
  };
}

const STEPS: Record<number, (d: Raw) => Raw> = { 0: from0, 1: from1 };

/** The document as the current schema, and the version it was written in (to know whether a backup is due). */
export function migrateProject(raw: unknown, file: string): { doc: ProjectFile; fromVersion: number } {
  let d = asObject(raw);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new HebbError('INVALID_ARGUMENT', `${file}: not a project file (a JSON object was expected)`, file);
  const fromVersion = d.schemaVersion === undefined ? 0 : Number(d.schemaVersion);
  if (!Number.isInteger(fromVersion) || fromVersion < 0) throw new HebbError('INVALID_ARGUMENT', `${file}: schemaVersion must be a whole number (got ${JSON.stringify(d.schemaVersion)})`, file);
  if (fromVersion > PROJECT_SCHEMA_VERSION) {
    throw new HebbError('INVALID_ARGUMENT', `${file} was written by a newer Hebb Studio (project schema version ${fromVersion}; this version reads up to ${PROJECT_SCHEMA_VERSION}). Update Hebb Studio to open it.`, file, { schemaVersion: fromVersion, supported: PROJECT_SCHEMA_VERSION });
  }
  for (let v = fromVersion; v < PROJECT_SCHEMA_VERSION; v++) d = STEPS[v]!(d);
  const parsed = ProjectFile.safeParse(d);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new HebbError('INVALID_ARGUMENT', `${file}: ${issue.path.join('.') || 'the document'}: ${issue.message}`, file, { field: issue.path.join('.') });
  }
  return { doc: parsed.data, fromVersion };
}
