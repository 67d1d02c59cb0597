/**
 * The edits a project takes, as data, and a label for each in the history (an i18n key and its values, worded by
 * the view). addImages learns its keys from the core's answer.
 */
import type { ProjectSettings } from '#contract/project';

export type Edit =
  | { kind: 'addSource'; path: string }
  | { kind: 'addClass'; name: string }
  | { kind: 'renameClass'; from: string; to: string }
  | { kind: 'deleteClass'; name: string }
  | { kind: 'mergeClasses'; from: string[]; into: string }
  | { kind: 'relabel'; images: string[]; to: string }
  | { kind: 'exclude'; images: string[] }
  | { kind: 'include'; images: string[] }
  | { kind: 'addImages'; class: string; files: { dataBase64: string; originalName: string }[]; keys?: string[] }
  | { kind: 'settings'; settings: ProjectSettings; previous: ProjectSettings };

export interface EditLabel { key: string; params: Record<string, string | number> }

export function describeEdit(e: Edit): EditLabel {
  switch (e.kind) {
    case 'addSource': return { key: 'project.edit.addSource', params: { path: e.path } };
    case 'addClass': return { key: 'project.edit.addClass', params: { name: e.name } };
    case 'renameClass': return { key: 'project.edit.renameClass', params: { from: e.from, to: e.to } };
    case 'deleteClass': return { key: 'project.edit.deleteClass', params: { name: e.name } };
    case 'mergeClasses': return { key: 'project.edit.mergeClasses', params: { from: e.from.join(', '), into: e.into } };
    case 'relabel': return { key: 'project.edit.relabel', params: { n: e.images.length, to: e.to } };
    case 'exclude': return { key: 'project.edit.exclude', params: { n: e.images.length } };
    case 'include': return { key: 'project.edit.include', params: { n: e.images.length } };
    case 'addImages': return { key: 'project.edit.addImages', params: { n: e.keys?.length ?? e.files.length, class: e.class } };
    case 'settings': return { key: 'project.edit.settings', params: {} };
  }
}
