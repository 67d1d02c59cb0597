// Child process for crash.test.ts: opens a project and edits it in a loop with a short autosave delay; before each
// save writes a byte, it prints the exact document on one line (synchronously), so whoever kills it knows the
// states that may be on disk.
import { writeSync } from 'node:fs';
import { Project, edits } from '../../src-main/project/index';

const dir = process.argv[2]!;
const p = await Project.open(dir, { autosaveMs: 1, onWillSave: (doc) => writeSync(1, JSON.stringify(doc) + '\n') });
const v = await p.view();
const keys = [...v.all.keys()];
for (let i = 0; ; i++) {
  const key = keys[i % keys.length]!;
  await p.edit((doc, view) => (i % 3 === 0 ? edits.relabel(doc, view, [key], view.classes[i % view.classes.length]!)
    : doc.exclusions.includes(key) ? edits.include(doc, view, [key]) : edits.exclude(doc, view, [key])));
  if (i % 4 === 0) await p.store.save(); // explicit saves as well as the debounced ones
  else await new Promise((r) => setTimeout(r, i % 5));
}
