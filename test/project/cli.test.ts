// `hebb project` as the issue asks: new on a folder, 5 exclude + 3 relabel calls, then show, scan and train on the
// project count exactly that; the run's dataset hash changes with an edit and not without; the source is untouched.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClassTree, removeTmpDirs, tmpDir } from '../helpers/fixtures';
import { fingerprintTree } from '../helpers/tree-fingerprint';
import { hebbAsync } from '../helpers/hebb-cli';

afterAll(removeTmpDirs);

let home = '';
const hebb = (...args: string[]) => hebbAsync(home, args);

const ok = async (...args: string[]) => {
  const r = await hebb(...args);
  if (r.code !== 0) throw new Error(`hebb ${args.join(' ')} failed: ${r.stderr}`);
  return r.json;
};

/** 1 epoch, every image in training (no validation), one image per batch: batchesPerEpoch counts what it trained on. */
const TRAIN = ['--arch', 'mlp', '--hidden', '4', '--epochs', '1', '--image-size', '4', '--batch-size', '1', '--val', '0', '--backend', 'cpu', '--json'];
const train = async (proj: string, out: string, ...extra: string[]) => {
  const r = await ok('train', '--project', proj, ...TRAIN, '--out', out, ...extra);
  const metrics = (await fsp.readFile(path.join(out, 'metrics.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { type: string; batchesPerEpoch?: number });
  const config = JSON.parse(await fsp.readFile(path.join(out, 'config.json'), 'utf8')) as { config: { datasetHash?: string; project?: string; warmStartEpochs?: number } };
  return { result: r, trained: metrics.find((m) => m.type === 'batch')!.batchesPerEpoch, config: config.config };
};

describe('hebb project', () => {
  let tmp = '', data = '', proj = '';
  let before: Awaited<ReturnType<typeof fingerprintTree>>;

  beforeAll(async () => {
    tmp = await tmpDir('hebb-proj-cli-');
    home = path.join(tmp, 'home');
    data = path.join(tmp, 'data');
    proj = path.join(tmp, 'birds.hebb');
    await makeClassTree(data, { cat: 6, dog: 6, fox: 5 });
    before = await fingerprintTree(data);
  });

  it('counts exactly the edits in show, scan and train, and hashes the data a run learned from', async () => {
    expect(await ok('project', 'new', proj, '--data', data, '--json')).toEqual({ classes: ['cat', 'dog', 'fox'], counts: { cat: 6, dog: 6, fox: 5 }, images: 17, excluded: 0, overrides: 0, added: 0 });
    // FILE as the scan lists it, as an absolute path inside the source, or as a key.
    for (const f of ['cat/cat_0.png', 'cat/cat_1.png', path.join(data, 'dog', 'dog_0.png'), 's1/fox/fox_0.png', 'fox/fox_1.png']) await ok('project', 'exclude', proj, f, '--json');
    await ok('project', 'relabel', proj, 'dog/dog_1.png', 'cat', '--json');
    await ok('project', 'relabel', proj, path.join(data, 'dog', 'dog_2.png'), 'fox', '--json');
    await ok('project', 'relabel', proj, 'fox/fox_2.png', 'cat', '--json');
    const expected = { classes: ['cat', 'dog', 'fox'], counts: { cat: 6, dog: 3, fox: 3 }, images: 12, excluded: 5, overrides: 3, added: 0 };
    expect(await ok('project', 'show', proj, '--json')).toEqual(expected);
    const scan = await ok('scan', '--project', proj, '--json', '--entries');
    expect(scan).toMatchObject({ classes: expected.classes, counts: expected.counts, images: 12 });
    expect((scan.entries as unknown[]).length).toBe(12);

    const a = await train(proj, path.join(tmp, 'run-a'));
    expect(a.trained).toBe(12);
    expect(a.config.project).toBe(proj);
    expect(a.config.datasetHash).toMatch(/^[a-f0-9]{16}$/);
    expect(a.result.datasetHash).toBe(a.config.datasetHash);
    const b = await train(proj, path.join(tmp, 'run-b'));
    expect(b.config.datasetHash).toBe(a.config.datasetHash); // no edit, same data
    await ok('project', 'exclude', proj, 'cat/cat_2.png', '--json');
    const c = await train(proj, path.join(tmp, 'run-c'));
    expect(c.trained).toBe(11);
    expect(c.config.datasetHash).not.toBe(a.config.datasetHash);

    const runs = (JSON.parse(await fsp.readFile(path.join(proj, 'project.json'), 'utf8')) as { runs: { runId: string; datasetHash: string }[] }).runs;
    expect(runs.map((r) => [r.runId, r.datasetHash])).toEqual([['run-a', a.config.datasetHash], ['run-b', a.config.datasetHash], ['run-c', c.config.datasetHash]]);
    const ev = await ok('eval', '--model', path.join(tmp, 'run-c'), '--project', proj, '--json');
    expect((ev.confusionMatrix as number[][]).map((row) => row.reduce((s, v) => s + v, 0))).toEqual([5, 3, 3]);
    expect(await fingerprintTree(data)).toEqual(before);
  });

  it('trains again from a run, from its weights or from scratch, and the project records the parent', async () => {
    const projectRuns = async () => (JSON.parse(await fsp.readFile(path.join(proj, 'project.json'), 'utf8')) as { runs: { runId: string; warmStartFrom?: string; retrainOf?: string }[] }).runs;
    const parent = path.join(tmp, 'run-c');
    const warm = await train(proj, path.join(tmp, 'run-warm'), '--warm-start', parent);
    expect(warm.config).toMatchObject({ warmStartFrom: parent, warmStartEpochs: 1 });
    // The epochs behind a warm start add up along the chain: the Runs view continues each curve from there.
    expect((await train(proj, path.join(tmp, 'run-warm-2'), '--warm-start', path.join(tmp, 'run-warm'))).config).toMatchObject({ warmStartEpochs: 2 });
    // A run id names a folder of the runs directory: a run trained without --out lands there.
    const inRuns = await ok('train', '--project', proj, ...TRAIN);
    const id = path.basename(inRuns.runDir as string);
    expect(path.dirname(inRuns.runDir as string)).toBe(path.join(home, 'runs'));
    const byId = await train(proj, path.join(tmp, 'run-warm-id'), '--warm-start', id);
    expect(byId.config).toMatchObject({ warmStartFrom: path.join(home, 'runs', id) });
    const scratch = await train(proj, path.join(tmp, 'run-scratch'), '--retrain-of', id);
    expect(scratch.config).toMatchObject({ retrainOf: id });
    expect(scratch.config).not.toHaveProperty('warmStartFrom');
    const runs = await projectRuns();
    expect(runs.find((r) => r.runId === 'run-warm')).toMatchObject({ warmStartFrom: 'run-c' });
    expect(runs.find((r) => r.runId === 'run-warm-id')).toMatchObject({ warmStartFrom: id });
    expect(runs.find((r) => r.runId === 'run-scratch')).toMatchObject({ retrainOf: id });
    expect(runs.find((r) => r.runId === 'run-scratch')).not.toHaveProperty('warmStartFrom');

    // Refusals name what is wrong, write no run folder and record nothing in the project.
    const refused = async (expected: string, ...extra: string[]) => {
      const out = path.join(tmp, `run-refused-${extra[0]}`);
      const r = await hebb('train', '--project', proj, ...TRAIN, '--out', out, ...extra);
      expect(r.code, r.stderr).toBe(1);
      expect(r.json.error.message).toContain(expected);
      await expect(fsp.stat(out)).rejects.toThrow();
    };
    const before = await projectRuns();
    await refused('retrainOf: no run "nope"', '--retrain-of', 'nope');
    await refused(`--warm-start: no run at ${path.join(tmp, 'nothing')}`, '--warm-start', path.join(tmp, 'nothing'));
    await refused('not both', '--warm-start', parent, '--retrain-of', id);
    // The job itself compares the parent's weights with the new model: a wider hidden layer cannot start from them.
    await refused('weights of other shapes', '--warm-start', parent, '--hidden', '5');
    expect(await projectRuns()).toEqual(before);
  });

  it('refuses a FILE or CLASS it does not know, naming it, and changes nothing', async () => {
    const doc = await fsp.readFile(path.join(proj, 'project.json'), 'utf8');
    const badFile = await hebb('project', 'exclude', proj, 'cat/nope.png', '--json');
    expect(badFile.code).toBe(1);
    expect(badFile.json).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', file: 'cat/nope.png' } });
    const outside = await hebb('project', 'exclude', proj, path.join(tmp, 'elsewhere.png'));
    expect(outside.stderr).toContain('elsewhere.png');
    const badClass = await hebb('project', 'relabel', proj, 'dog/dog_3.png', 'bird');
    expect(badClass.code).toBe(1);
    expect(badClass.stderr).toContain('No class "bird"');
    expect(await fsp.readFile(path.join(proj, 'project.json'), 'utf8')).toBe(doc);
    expect((await hebb('project', 'new', proj, '--data', data)).stderr).toContain('is a project: open it instead');
    expect((await hebb('project', 'new', path.join(data, 'inside.hebb'), '--data', data)).stderr).toContain('holds the project folder');
    expect(await fingerprintTree(data)).toEqual(before);
  });

  it('adds image files into a class, content-addressed, once per content', async () => {
    const png = path.join(tmp, 'extra.png');
    await makeClassTree(path.join(tmp, 'loose'), { x: 1 });
    await fsp.copyFile(path.join(tmp, 'loose', 'x', 'x_0.png'), png);
    const r = await ok('project', 'add', proj, 'owl', png, png, '--json');
    expect(r).toMatchObject({ classes: ['cat', 'dog', 'fox', 'owl'], added: 1 });
    expect((r.counts as Record<string, number>).owl).toBe(1);
    const stored = await fsp.readdir(path.join(proj, 'images'));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatch(/^[a-f0-9]{64}\.png$/);
    await fsp.writeFile(path.join(tmp, 'note.png'), 'hello');
    const bad = await hebb('project', 'add', proj, 'owl', path.join(tmp, 'note.png'));
    expect(bad.stderr).toContain('note.png');
    expect(bad.stderr).toContain('PNG or JPEG');
  });
});
