/**
 * Project handlers: new, open, save, save as, close, recent; every edit of classes and images; settings; undo and
 * redo; and the folder browser web mode uses instead of a native dialog. Requests arrive parsed against projectApi's
 * schemas (createService checks every channel once), so handlers see defaults filled and never a bad field.
 */

import path from 'node:path';
import type { ApiHandlers } from '#contract/api';
import { type AddedImage, type ProjectChannel, type ProjectState } from '#contract/project';
import { HebbError } from '../core/errors';
import { Project, edits, storeImage } from '../project/index';
import type { ServiceContext } from './context';
import { browse } from './fs-browse';
import { catalogListing, filterImages } from './project-images';
import { readRecent, rememberRecent } from './recent';

type Handlers = Pick<ApiHandlers, ProjectChannel>;

export function projectHandlers(ctx: ServiceContext): Handlers {
  const reg = ctx.projects;
  const progress = { onProgress: (done: number, total: number) => ctx.events.emit('scan:progress', { done, total }) };
  const opened = async (p: Project): Promise<ProjectState> => {
    const existing = reg.byDir(p.dir);
    if (existing) await reg.remove(existing);
    const id = reg.add(p);
    await rememberRecent(p.dir, p.doc.name).catch(() => undefined); // the list is a convenience, never a reason to fail
    return reg.state(id);
  };
  const keysOf = (projectId: string, images: string[]) => reg.keys(projectId, images);

  return {
    async 'project:new'(req) {
      return opened(await Project.create(req.path, req.sources, { ...progress, ...(req.name ? { name: req.name } : {}) }));
    },
    async 'project:open'(req) {
      const dir = path.resolve(req.path);
      const id = reg.byDir(dir);
      if (id) return reg.state(id); // already open here: keep its undo history and unsaved edits
      return opened(await Project.open(dir, progress));
    },
    async 'project:save'({ projectId }) {
      await reg.get(projectId).store.save();
      return reg.state(projectId);
    },
    async 'project:saveAs'({ projectId, path: to }) {
      const p = reg.get(projectId);
      await p.moveTo(to);
      await rememberRecent(p.dir, p.doc.name).catch(() => undefined);
      return reg.state(projectId);
    },
    async 'project:close'({ projectId }) {
      const had = reg.all().includes(reg.get(projectId));
      await reg.remove(projectId);
      return { closed: had };
    },
    async 'project:recent'() {
      return { projects: await readRecent() };
    },
    async 'project:show'({ projectId }) {
      return reg.state(projectId);
    },
    async 'project:images'(req) {
      const p = reg.get(req.projectId);
      const listing = catalogListing(p.doc, await p.effective());
      const ds = reg.catalogDataset(req.projectId, listing.scan, listing.keys);
      const hits = filterImages(listing.images, req.filter, req.class);
      return { total: hits.length, images: hits.slice(req.offset, req.offset + req.limit).map((i) => ({ ...listing.images[i]!, imageId: `${ds.id}.${i}` })) };
    },
    async 'project:addSource'(req) {
      const p = reg.get(req.projectId);
      await p.edit((doc) => edits.addSource(doc, p.dir, req.path));
      return reg.state(req.projectId);
    },
    async 'project:addClass'(req) {
      await reg.get(req.projectId).edit((doc, v) => edits.addClass(doc, v, req.name));
      return reg.state(req.projectId);
    },
    async 'project:renameClass'(req) {
      await reg.get(req.projectId).edit((doc, v) => edits.renameClass(doc, v, req.from, req.to));
      return reg.state(req.projectId);
    },
    async 'project:mergeClasses'(req) {
      await reg.get(req.projectId).edit((doc, v) => edits.mergeClasses(doc, v, req.from, req.into));
      return reg.state(req.projectId);
    },
    async 'project:deleteClass'(req) {
      await reg.get(req.projectId).edit((doc, v) => edits.deleteClass(doc, v, req.name));
      return reg.state(req.projectId);
    },
    async 'project:relabel'(req) {
      const keys = keysOf(req.projectId, req.images);
      await reg.get(req.projectId).edit((doc, v) => edits.relabel(doc, v, keys, req.class));
      return reg.state(req.projectId);
    },
    async 'project:exclude'(req) {
      const keys = keysOf(req.projectId, req.images);
      await reg.get(req.projectId).edit((doc, v) => edits.exclude(doc, v, keys));
      return reg.state(req.projectId);
    },
    async 'project:include'(req) {
      const keys = keysOf(req.projectId, req.images);
      await reg.get(req.projectId).edit((doc, v) => edits.include(doc, v, keys));
      return reg.state(req.projectId);
    },
    async 'project:addImages'(req) {
      const p = reg.get(req.projectId);
      if (!(await p.view()).classes.includes(req.class)) throw new HebbError('INVALID_ARGUMENT', `No class "${req.class}" in this project: add the class first`);
      const stored: AddedImage[] = [];
      for (const [i, img] of req.images.entries()) stored.push(await storeImage(p.dir, Buffer.from(img.dataBase64, 'base64'), req.class, img.originalName || `image ${i + 1}`));
      await p.edit((doc, v) => edits.addImages(doc, v, stored));
      return { ...(await reg.state(req.projectId)), keys: stored.map((a) => `images/${a.sha256}.${a.ext}`) };
    },
    async 'project:setSettings'(req) {
      await reg.get(req.projectId).edit((doc) => edits.setSettings(doc, req.settings));
      return reg.state(req.projectId);
    },
    async 'project:undo'({ projectId }) {
      if (!reg.get(projectId).store.undo()) throw new HebbError('INVALID_ARGUMENT', 'Nothing to undo');
      return reg.state(projectId);
    },
    async 'project:redo'({ projectId }) {
      if (!reg.get(projectId).store.redo()) throw new HebbError('INVALID_ARGUMENT', 'Nothing to redo');
      return reg.state(projectId);
    },
    async 'fs:browse'(req) {
      return browse(req);
    },
  };
}
