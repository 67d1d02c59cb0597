/**
 * Project handlers: new, open, save, save as, close, recent; every edit of classes and images; settings; undo and
 * redo; and the folder browser web mode uses instead of a native dialog. Requests are checked against projectApi's
 * schemas here, so a bad field is an INVALID_ARGUMENT naming it whichever transport carried the call.
 */

import path from 'node:path';
import type { ApiHandlers } from '#contract/api';
import { projectApi, type AddedImage, type ProjectChannel, type ProjectState } from '#contract/project';
import { HebbError } from '../core/errors';
import { Project, edits, storeImage } from '../project/index';
import type { ServiceContext } from './context';
import { browse } from './fs-browse';
import { validate } from '../core/validate';
import { catalogListing, filterImages } from './project-images';
import { readRecent, rememberRecent } from './recent';

type Handlers = Pick<ApiHandlers, ProjectChannel>;

function parse<C extends ProjectChannel>(c: C, req: unknown) {
  return validate(projectApi[c].req, req, c) as import('zod').output<(typeof projectApi)[C]['req']>;
}

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
    async 'project:new'(raw) {
      const req = parse('project:new', raw);
      return opened(await Project.create(req.path, req.sources, { ...progress, ...(req.name ? { name: req.name } : {}) }));
    },
    async 'project:open'(raw) {
      const req = parse('project:open', raw);
      const dir = path.resolve(req.path);
      const id = reg.byDir(dir);
      if (id) return reg.state(id); // already open here: keep its undo history and unsaved edits
      return opened(await Project.open(dir, progress));
    },
    async 'project:save'(raw) {
      const { projectId } = parse('project:save', raw);
      await reg.get(projectId).store.save();
      return reg.state(projectId);
    },
    async 'project:saveAs'(raw) {
      const { projectId, path: to } = parse('project:saveAs', raw);
      const p = reg.get(projectId);
      await p.moveTo(to);
      await rememberRecent(p.dir, p.doc.name).catch(() => undefined);
      return reg.state(projectId);
    },
    async 'project:close'(raw) {
      const { projectId } = parse('project:close', raw);
      const had = reg.all().includes(reg.get(projectId));
      await reg.remove(projectId);
      return { closed: had };
    },
    async 'project:recent'() {
      return { projects: await readRecent() };
    },
    async 'project:show'(raw) {
      return reg.state(parse('project:show', raw).projectId);
    },
    async 'project:images'(raw) {
      const req = parse('project:images', raw);
      const p = reg.get(req.projectId);
      const listing = catalogListing(p.doc, await p.effective());
      const ds = reg.catalogDataset(req.projectId, listing.scan, listing.keys);
      const hits = filterImages(listing.images, req.filter, req.class);
      return { total: hits.length, images: hits.slice(req.offset, req.offset + req.limit).map((i) => ({ ...listing.images[i]!, imageId: `${ds.id}.${i}` })) };
    },
    async 'project:addSource'(raw) {
      const req = parse('project:addSource', raw);
      const p = reg.get(req.projectId);
      await p.edit((doc) => edits.addSource(doc, p.dir, req.path));
      return reg.state(req.projectId);
    },
    async 'project:addClass'(raw) {
      const req = parse('project:addClass', raw);
      await reg.get(req.projectId).edit((doc, v) => edits.addClass(doc, v, req.name));
      return reg.state(req.projectId);
    },
    async 'project:renameClass'(raw) {
      const req = parse('project:renameClass', raw);
      await reg.get(req.projectId).edit((doc, v) => edits.renameClass(doc, v, req.from, req.to));
      return reg.state(req.projectId);
    },
    async 'project:mergeClasses'(raw) {
      const req = parse('project:mergeClasses', raw);
      await reg.get(req.projectId).edit((doc, v) => edits.mergeClasses(doc, v, req.from, req.into));
      return reg.state(req.projectId);
    },
    async 'project:deleteClass'(raw) {
      const req = parse('project:deleteClass', raw);
      await reg.get(req.projectId).edit((doc, v) => edits.deleteClass(doc, v, req.name));
      return reg.state(req.projectId);
    },
    async 'project:relabel'(raw) {
      const req = parse('project:relabel', raw);
      const keys = keysOf(req.projectId, req.images);
      await reg.get(req.projectId).edit((doc, v) => edits.relabel(doc, v, keys, req.class));
      return reg.state(req.projectId);
    },
    async 'project:exclude'(raw) {
      const req = parse('project:exclude', raw);
      const keys = keysOf(req.projectId, req.images);
      await reg.get(req.projectId).edit((doc, v) => edits.exclude(doc, v, keys));
      return reg.state(req.projectId);
    },
    async 'project:include'(raw) {
      const req = parse('project:include', raw);
      const keys = keysOf(req.projectId, req.images);
      await reg.get(req.projectId).edit((doc, v) => edits.include(doc, v, keys));
      return reg.state(req.projectId);
    },
    async 'project:addImages'(raw) {
      const req = parse('project:addImages', raw);
      const p = reg.get(req.projectId);
      if (!(await p.view()).classes.includes(req.class)) throw new HebbError('INVALID_ARGUMENT', `No class "${req.class}" in this project: add the class first`);
      const stored: AddedImage[] = [];
      for (const [i, img] of req.images.entries()) stored.push(await storeImage(p.dir, Buffer.from(img.dataBase64, 'base64'), req.class, img.originalName || `image ${i + 1}`));
      await p.edit((doc, v) => edits.addImages(doc, v, stored));
      return { ...(await reg.state(req.projectId)), keys: stored.map((a) => `images/${a.sha256}.${a.ext}`) };
    },
    async 'project:setSettings'(raw) {
      const req = parse('project:setSettings', raw);
      await reg.get(req.projectId).edit((doc) => edits.setSettings(doc, req.settings));
      return reg.state(req.projectId);
    },
    async 'project:undo'(raw) {
      const { projectId } = parse('project:undo', raw);
      if (!reg.get(projectId).store.undo()) throw new HebbError('INVALID_ARGUMENT', 'Nothing to undo');
      return reg.state(projectId);
    },
    async 'project:redo'(raw) {
      const { projectId } = parse('project:redo', raw);
      if (!reg.get(projectId).store.redo()) throw new HebbError('INVALID_ARGUMENT', 'Nothing to redo');
      return reg.state(projectId);
    },
    async 'fs:browse'(raw) {
      return browse(parse('fs:browse', raw ?? {}));
    },
  };
}
