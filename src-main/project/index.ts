/** The project domain's public face: open or create a project, edit it, and open any data path as a dataset. */

export { Project, type OpenOptions } from './project';
export * as edits from './edits';
export { storeImage, MAX_ADDED_BYTES } from './added';
export { loadDataset, writeSnapshot, readSnapshot, snapshotFile, type Snapshot } from './snapshot';
export { resolveImageArg } from './resolve';
export type { EffectiveDataset } from './effective';
export { isProjectDir, readProject } from './file';
export { parseKey, keyFile } from './keys';
