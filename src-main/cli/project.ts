/**
 * `hebb project new|show|relabel|exclude|include|add`: create and edit a project from the shell. FILE is a path as
 * `hebb scan` lists it (relative to its source folder), an absolute path inside a source, or an image key.
 */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { AddedImage, ProjectCounts } from '#contract/project';
import { HebbError } from '../core/errors';
import { Project, edits, resolveImageArg, storeImage } from '../project/index';
import { action, emit, type CommonOptions } from './output';

const collect = (v: string, prev: string[] = []) => [...prev, v];

function human(dir: string, c: ProjectCounts): string {
  const w = Math.max(5, ...c.classes.map((k) => k.length));
  return [dir, '', ...c.classes.map((k) => `${k.padEnd(w)}  ${String(c.counts[k]).padStart(6)}`), `${'total'.padEnd(w)}  ${String(c.images).padStart(6)}`, '',
    `excluded ${c.excluded}, relabelled ${c.overrides}, added ${c.added}`].join('\n');
}

/** Open, edit, write, and print what the effective dataset now counts. */
async function editProject(dir: string, o: CommonOptions, fn: (p: Project) => Promise<void>): Promise<void> {
  const p = await Project.open(dir);
  await fn(p);
  await p.store.save();
  const eff = await p.effective();
  emit(o, eff.counts, () => human(p.dir, eff.counts));
}

async function keysOf(p: Project, files: string[]): Promise<string[]> {
  const eff = await p.effective();
  return files.map((f) => resolveImageArg(p.dir, p.doc, eff.all, f));
}

export function register(program: Command): void {
  const project = program.command('project').description('a project: source folders (read-only) plus your edits, added images, settings and runs');
  project
    .command('new <dir>')
    .description('create a project folder referencing one or more image folders')
    .option('--data <folder>', 'a source folder, one subfolder per class (repeat for more)', collect)
    .option('--name <name>', 'the project\'s name (default: the folder\'s, without .hebb)')
    .option('--json', 'print the counts as one JSON line')
    .action(action(async (dir: string, o: CommonOptions & { data?: string[]; name?: string }) => {
      if (!o.data?.length) throw new HebbError('INVALID_ARGUMENT', '--data FOLDER is required (a folder with one subfolder per class; repeat --data for more)');
      const p = await Project.create(dir, o.data, o.name ? { name: o.name } : {});
      const eff = await p.effective();
      emit(o, eff.counts, () => human(p.dir, eff.counts));
    }));
  project
    .command('show <dir>')
    .description('classes and counts of the project\'s effective dataset (sources minus exclusions, relabels applied, plus added images)')
    .option('--json', 'print {classes, counts, images, excluded, overrides, added} as one JSON line')
    .action(action(async (dir: string, o: CommonOptions) => {
      const eff = await (await Project.open(dir)).effective();
      emit(o, eff.counts, () => human(path.resolve(dir), eff.counts));
    }));
  project
    .command('relabel <dir> <file> <class>')
    .description('give one image another class (the source folder is not touched)')
    .option('--json', 'print the counts as one JSON line')
    .action(action(async (dir: string, file: string, cls: string, o: CommonOptions) => editProject(dir, o, async (p) => {
      const keys = await keysOf(p, [file]);
      await p.edit((doc, v) => edits.relabel(doc, v, keys, cls));
    })));
  for (const [verb, what] of [['exclude', 'leave images out of the effective dataset'], ['include', 'take excluded images back']] as const) {
    project
      .command(`${verb} <dir> <files...>`)
      .description(what)
      .option('--json', 'print the counts as one JSON line')
      .action(action(async (dir: string, files: string[], o: CommonOptions) => editProject(dir, o, async (p) => {
        const keys = await keysOf(p, files);
        await p.edit((doc, v) => edits[verb](doc, v, keys));
      })));
  }
  project
    .command('add <dir> <class> <files...>')
    .description('copy PNG or JPEG files into the project as images of CLASS (created when new)')
    .option('--json', 'print the counts as one JSON line')
    .action(action(async (dir: string, cls: string, files: string[], o: CommonOptions) => editProject(dir, o, async (p) => {
      const v = await p.view();
      if (!v.classes.includes(cls)) await p.edit((doc, view) => edits.addClass(doc, view, cls));
      const stored: AddedImage[] = [];
      for (const f of files) {
        const bytes = await fs.readFile(f).catch((err: NodeJS.ErrnoException) => {
          throw new HebbError(err.code === 'ENOENT' ? 'NOT_FOUND' : 'INVALID_ARGUMENT', `Cannot read ${f} (${err.code ?? err.message})`, f);
        });
        stored.push(await storeImage(p.dir, bytes, cls, path.basename(f)));
      }
      await p.edit((doc, view) => edits.addImages(doc, view, stored));
    })));
}
