/**
 * Projects: the schema of `<name>.hebb/project.json` and the channels that open, edit and save one. A project
 * references read-only source folders and owns its edits (classes, overrides, exclusions) and the images it added.
 */

import { z } from 'zod';
import type { ScanResult } from './dataset';
import type { TrainConfig } from './engine';

/** The project.json format this build writes; older files are migrated on open, newer ones refused. */
export const PROJECT_SCHEMA_VERSION = 2;
export const PROJECT_FILE = 'project.json';
/** Added images live at `<project>/images/<sha256>.<ext>`. */
export const PROJECT_IMAGES_DIR = 'images';
export const ADDED_IMAGE_EXTS = ['png', 'jpg'] as const;
/**
 * Largest image a project takes in one piece, enforced by the core (the error names the file) and checked by the
 * browser upload before it reads a file. Its base64 must fit one web request. @default 20 MB
 */
export const ADDED_IMAGE_MAX_BYTES = 20 * 1024 * 1024;
/** Images one `project:addImages` call carries. */
export const ADD_IMAGES_MAX_PER_CALL = 500;
/** The largest JSON body `hebb serve` reads (a dropped photo or a batch of added images travels as base64). @default 32 MB */
export const MAX_REQUEST_BYTES = 32 * 1024 * 1024;

/**
 * An image key names one image of a project independent of where the project lives:
 * `<sourceId>/<path relative to that source>` for a source image, `images/<sha256>.<ext>` for an added one.
 */
export const ImageKey = z.string().min(1).max(4096);

export const ProjectSource = z.object({
  /** Short id (`s1`, `s2`, …) that prefixes the keys of this source's images. */
  id: z.string().regex(/^s\d+$/, 'a source id is s<number>'),
  /** Absolute path of the folder (read-only to us). */
  path: z.string().min(1),
});
export type ProjectSource = z.infer<typeof ProjectSource>;

export const AddedImage = z.object({
  sha256: z.string().regex(/^[a-f0-9]{64}$/, 'a sha256 is 64 lowercase hex digits'),
  ext: z.enum(ADDED_IMAGE_EXTS),
  class: z.string().min(1),
  /** The name it was dropped or pasted with ("capture" for webcam frames). */
  originalName: z.string(),
  /** ISO 8601. */
  addedAt: z.string(),
});
export type AddedImage = z.infer<typeof AddedImage>;

/** Model and training settings a project keeps; any field of TrainConfig but the data folders, all optional. */
export const ProjectSettings = z.custom<Partial<Omit<TrainConfig, 'data' | 'test'>>>(
  (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && !('data' in v) && !('test' in v),
  { message: 'settings must be an object of training options (without data or test)' },
);
export type ProjectSettings = z.infer<typeof ProjectSettings>;

export const ProjectRun = z.object({
  runId: z.string().min(1),
  /** The effective dataset's hash when the run started (see ProjectState.datasetHash). */
  datasetHash: z.string().min(1),
  createdAt: z.string(),
  /** The run whose weights this one started from ("train again"), if any. */
  warmStartFrom: z.string().optional(),
  /** The run this one retrained from scratch ("train again"), if any. */
  retrainOf: z.string().optional(),
  runDir: z.string().optional(),
});
export type ProjectRun = z.infer<typeof ProjectRun>;

export const ProjectFile = z.object({
  schemaVersion: z.literal(PROJECT_SCHEMA_VERSION),
  name: z.string().min(1),
  sources: z.array(ProjectSource),
  /** Class names in the order the project shows them; training sorts them as the scanner does. */
  classes: z.array(z.string().min(1)),
  /** Folder class name → the project's name for it (rename and merge of a source's classes). */
  aliases: z.record(z.string(), z.string().min(1)).default({}),
  /** Image key → class, for images whose class differs from their folder's. */
  overrides: z.record(ImageKey, z.string().min(1)),
  /** Image keys left out of the effective dataset. */
  exclusions: z.array(ImageKey),
  added: z.array(AddedImage),
  settings: ProjectSettings,
  runs: z.array(ProjectRun),
  /** Bumped on every save: lets a reader tell two saved states apart. */
  revision: z.number().int().min(0),
});
export type ProjectFile = z.infer<typeof ProjectFile>;

/** What the effective dataset counts: the same numbers `hebb project show --json` prints. */
export const ProjectCounts = z.object({
  classes: z.array(z.string()),
  counts: z.record(z.string(), z.number().int()),
  images: z.number().int(),
  excluded: z.number().int(),
  overrides: z.number().int(),
  added: z.number().int(),
});
export type ProjectCounts = z.infer<typeof ProjectCounts>;

/** The effective dataset as an opened dataset (same shape as `dataset:open`'s answer, so every view works on it). */
export const ProjectDataset = z.object({
  id: z.string(),
  scan: z.custom<Omit<ScanResult, 'entries'>>((v) => typeof v === 'object' && v !== null),
  samples: z.record(z.string(), z.array(z.string())),
});

export const ProjectState = z.object({
  projectId: z.string(),
  dir: z.string(),
  project: ProjectFile,
  dataset: ProjectDataset,
  /** Stable hash of the effective dataset's content (keys, sizes, mtimes, labels, classes). */
  datasetHash: z.string(),
  counts: ProjectCounts,
  /** Edits not yet written (the autosave is pending). */
  dirty: z.boolean(),
  savedAt: z.string().nullable(),
  canUndo: z.boolean(),
  canRedo: z.boolean(),
});
export type ProjectState = z.infer<typeof ProjectState>;

export const ProjectImageFilter = z.enum(['all', 'edited', 'excluded', 'added']);
export type ProjectImageFilter = z.infer<typeof ProjectImageFilter>;

export const ProjectImage = z.object({
  key: ImageKey,
  /** Image id for thumbnails (the image route/protocol); excluded images have one too. */
  imageId: z.string(),
  class: z.string(),
  /** The class its folder gives it (null for added images). */
  folderClass: z.string().nullable(),
  excluded: z.boolean(),
  edited: z.boolean(),
  added: z.boolean(),
});
export type ProjectImage = z.infer<typeof ProjectImage>;

export const RecentProject = z.object({ path: z.string(), name: z.string(), openedAt: z.string() });

export const FsEntry = z.object({
  name: z.string(),
  path: z.string(),
  /** Image files in this folder and its subfolders, two levels down, counted up to `capped`. */
  images: z.number().int(),
  capped: z.boolean(),
  /** A folder holding project.json. */
  project: z.boolean(),
});

/** Requests refuse unknown fields and strings longer than any real path or name. */
const text = z.string().min(1).max(4096);
const id = z.strictObject({ projectId: text });
/** Image keys, or image ids of this project's datasets (from `dataset:images`, `project:images`, eval mistakes). */
const images = z.array(text).min(1);
const state = { res: ProjectState };

/** Every project channel: `{ req, res }` schemas, validated at the transport. */
export const projectApi = {
  'project:new': { req: z.strictObject({ path: text, sources: z.array(text), name: text.optional() }), ...state },
  'project:open': { req: z.strictObject({ path: text }), ...state },
  /** Writes now (autosave would do it soon anyway). */
  'project:save': { req: id, ...state },
  /** Copies project.json and the added images to a new folder; the open project then lives there. */
  'project:saveAs': { req: id.extend({ path: text }), ...state },
  'project:close': { req: id, res: z.strictObject({ closed: z.boolean() }) },
  'project:recent': { req: z.union([z.undefined(), z.null()]), res: z.strictObject({ projects: z.array(RecentProject) }) },
  'project:show': { req: id, ...state },
  'project:images': {
    req: id.extend({ filter: ProjectImageFilter.default('all'), class: z.string().max(4096).optional(), offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(100) }),
    res: z.strictObject({ total: z.number().int(), images: z.array(ProjectImage) }),
  },
  'project:addSource': { req: id.extend({ path: text }), ...state },
  'project:addClass': { req: id.extend({ name: text }), ...state },
  'project:renameClass': { req: id.extend({ from: text, to: text }), ...state },
  /** Every image of `from` classes moves to `into` (created if new); the `from` classes disappear. */
  'project:mergeClasses': { req: id.extend({ from: z.array(text).min(1), into: text }), ...state },
  /** The class disappears; its source images are excluded and its added images leave the project (undo brings them back). */
  'project:deleteClass': { req: id.extend({ name: text }), ...state },
  'project:relabel': { req: id.extend({ images, class: text }), ...state },
  'project:exclude': { req: id.extend({ images }), ...state },
  'project:include': { req: id.extend({ images }), ...state },
  /** PNG or JPEG bytes (capture, paste, import), stored content-addressed; `keys` are the added images' keys. */
  'project:addImages': {
    req: id.extend({
      class: text,
      // A request's size bounds the base64; the per-image cap is the core's, so its error can name the file.
      images: z.array(z.strictObject({ dataBase64: z.string().min(1).max(MAX_REQUEST_BYTES), originalName: z.string().max(4096).default('') })).min(1).max(ADD_IMAGES_MAX_PER_CALL),
    }),
    res: ProjectState.extend({ keys: z.array(ImageKey) }),
  },
  'project:setSettings': { req: id.extend({ settings: ProjectSettings }), ...state },
  'project:undo': { req: id, ...state },
  'project:redo': { req: id, ...state },
  /** Folders of the serving machine (directories only), from home when `path` is absent, with the recent list. */
  'fs:browse': {
    req: z.strictObject({ path: z.string().max(4096).optional() }),
    res: z.strictObject({ path: z.string(), parent: z.string().nullable(), home: z.string(), recent: z.array(z.string()), dirs: z.array(FsEntry) }),
  },
} as const;

type Api = typeof projectApi;
/** The project channels as ApiMap entries: what a caller sends (z.input) and what it gets back (z.output). */
export type ProjectApiMap = { [C in keyof Api]: { req: z.input<Api[C]['req']>; res: z.output<Api[C]['res']> } };
export type ProjectChannel = keyof Api;
