/**
 * Edits of a project document, as pure functions: each takes the document and what the project sees (every image
 * by key, the effective class list) and returns a new document, or throws an error naming the class or image.
 */

import path from 'node:path';
import type { AddedImage, ProjectFile, ProjectSettings } from '#contract/project';
import { HebbError } from '../core/errors';
import type { CatalogImage } from './catalog';
import { addedKey } from './keys';

export interface EditView {
  all: Map<string, CatalogImage>;
  /** The effective dataset's classes. */
  classes: string[];
}

const bad = (message: string, file?: string) => new HebbError('INVALID_ARGUMENT', message, file);

function checkName(name: string): string {
  const n = name.trim();
  if (!n) throw bad('A class name cannot be empty');
  if (n.length > 200) throw bad(`Class name "${n.slice(0, 40)}…" is longer than 200 characters`);
  if (/[/\\\0]/.test(n) || n === '.' || n === '..') throw bad(`Class name "${n}" cannot contain / or \\ (it must also work as a folder name)`);
  return n;
}

function needClass(v: EditView, name: string): void {
  if (!v.classes.includes(name)) throw bad(`No class "${name}" in this project (classes: ${v.classes.join(', ') || 'none'})`);
}

function needImages(v: EditView, keys: string[]): void {
  for (const k of keys) if (!v.all.has(k)) throw bad(`"${k}" is not an image of this project`, k);
}

/** The class an image would have without an override: its folder's (renamed) class, or an added image's own. */
function baseClass(doc: ProjectFile, img: CatalogImage): string | null {
  return img.folderClass === null ? null : doc.aliases[img.folderClass] ?? img.folderClass;
}

export function addClass(doc: ProjectFile, v: EditView, name: string): ProjectFile {
  const n = checkName(name);
  if (v.classes.includes(n)) throw bad(`Class "${n}" already exists`);
  return { ...doc, classes: [...doc.classes, n] };
}

/** Every image of each `from` class becomes `into`'s: folder classes through aliases, the rest by rewriting. */
function moveClasses(doc: ProjectFile, v: EditView, from: string[], into: string): ProjectFile {
  const moving = new Set(from.filter((f) => f !== into));
  const aliases = Object.fromEntries(Object.entries(doc.aliases).map(([f, c]) => [f, moving.has(c) ? into : c]));
  for (const img of v.all.values()) {
    if (img.folderClass !== null && aliases[img.folderClass] === undefined && moving.has(img.folderClass)) aliases[img.folderClass] = into;
  }
  for (const [f, c] of Object.entries(aliases)) if (f === c) delete aliases[f];
  const overrides = Object.fromEntries(Object.entries(doc.overrides).map(([k, c]) => [k, moving.has(c) ? into : c]));
  const classes = [...new Set(doc.classes.map((c) => (moving.has(c) ? into : c)).concat(into))];
  return { ...doc, aliases, overrides, classes, added: doc.added.map((a) => (moving.has(a.class) ? { ...a, class: into } : a)) };
}

export function renameClass(doc: ProjectFile, v: EditView, from: string, to: string): ProjectFile {
  needClass(v, from);
  const n = checkName(to);
  if (n === from) return doc;
  if (v.classes.includes(n)) throw bad(`Class "${n}" already exists (merge the classes to join them)`);
  return moveClasses(doc, v, [from], n);
}

export function mergeClasses(doc: ProjectFile, v: EditView, from: string[], into: string): ProjectFile {
  for (const f of from) needClass(v, f);
  return moveClasses(doc, v, from, checkName(into));
}

/** The class goes: its source images are excluded, its added images leave the project (their files stay for undo). */
export function deleteClass(doc: ProjectFile, v: EditView, name: string): ProjectFile {
  needClass(v, name);
  const excluded = new Set(doc.exclusions);
  const gone = new Set(doc.added.filter((a) => a.class === name).map(addedKey));
  for (const img of v.all.values()) {
    if (img.folderClass === null || excluded.has(img.key)) continue;
    if ((doc.overrides[img.key] ?? baseClass(doc, img)) === name) excluded.add(img.key);
  }
  return {
    ...doc,
    classes: doc.classes.filter((c) => c !== name),
    overrides: Object.fromEntries(Object.entries(doc.overrides).filter(([, c]) => c !== name)),
    exclusions: [...excluded].filter((k) => !gone.has(k)),
    added: doc.added.filter((a) => a.class !== name),
  };
}

export function relabel(doc: ProjectFile, v: EditView, keys: string[], cls: string): ProjectFile {
  needImages(v, keys);
  needClass(v, cls);
  const overrides = { ...doc.overrides };
  const addedTo = new Set<string>();
  for (const k of keys) {
    const img = v.all.get(k)!;
    if (img.folderClass === null) { addedTo.add(k); delete overrides[k]; continue; }
    if (baseClass(doc, img) === cls) delete overrides[k];
    else overrides[k] = cls;
  }
  return { ...doc, overrides, added: doc.added.map((a) => (addedTo.has(addedKey(a)) ? { ...a, class: cls } : a)) };
}

export function exclude(doc: ProjectFile, v: EditView, keys: string[]): ProjectFile {
  needImages(v, keys);
  return { ...doc, exclusions: [...new Set([...doc.exclusions, ...keys])] };
}

export function include(doc: ProjectFile, v: EditView, keys: string[]): ProjectFile {
  needImages(v, keys);
  const drop = new Set(keys);
  return { ...doc, exclusions: doc.exclusions.filter((k) => !drop.has(k)) };
}

/** Images already in the project (same bytes) move to the class and are included again rather than added twice. */
export function addImages(doc: ProjectFile, v: EditView, images: AddedImage[]): ProjectFile {
  for (const a of images) needClass(v, a.class);
  const byKey = new Map(doc.added.map((a) => [addedKey(a), a]));
  for (const a of images) byKey.set(addedKey(a), byKey.has(addedKey(a)) ? { ...byKey.get(addedKey(a))!, class: a.class } : a);
  const keys = new Set(images.map(addedKey));
  return { ...doc, added: [...byKey.values()], exclusions: doc.exclusions.filter((k) => !keys.has(k)) };
}

export function setSettings(doc: ProjectFile, settings: ProjectSettings): ProjectFile {
  const merged: Record<string, unknown> = { ...doc.settings, ...settings };
  for (const [k, val] of Object.entries(merged)) if (val === undefined || val === null) delete merged[k];
  return { ...doc, settings: merged as ProjectSettings };
}

/** A source folder may neither hold the project nor lie inside it (its scan would see the project's own files). */
export function addSource(doc: ProjectFile, projectDir: string, folder: string): ProjectFile {
  const abs = path.resolve(folder);
  const inside = (a: string, b: string) => { const r = path.relative(a, b); return r === '' || (!r.startsWith('..') && !path.isAbsolute(r)); };
  if (inside(abs, projectDir)) throw bad(`${abs} holds the project folder ${projectDir}: put the project outside its data folders`, abs);
  if (inside(projectDir, abs)) throw bad(`${abs} lies inside the project folder ${projectDir}: a source must be a folder of its own`, abs);
  if (doc.sources.some((s) => path.resolve(s.path) === abs)) throw bad(`${abs} is already a source of this project`, abs);
  const n = Math.max(0, ...doc.sources.map((s) => Number(s.id.slice(1)))) + 1;
  return { ...doc, sources: [...doc.sources, { id: `s${n}`, path: abs }] };
}
