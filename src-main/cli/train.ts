/** `hebb train`: train a model on a folder of class subfolders, in this process, into a run directory (or `--resume` one). */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { BACKEND_CHOICES, MAX_IMAGE_SIDE, TRAIN_DEFAULTS as D, type LayerSpec, type TrainConfig } from '#contract/engine';
import { FIT_MODES } from '#contract/dataset';
import { choices } from '../service/choices';
import { HebbError } from '../core/errors';
import { runsDir } from '../core/paths';
import { findArchitecture } from '../engine/arch/registry';
import { normalizeConfig, type TrainInput } from '../engine/train/config';
import { TrainController } from '../engine/train/control';
import { runTrainingJob } from '../engine/train/job';
import { newRunId, parentOf, requireRetrainParent } from '../engine/train/runs';
import { isRunDir } from '../engine/train/run-dir';
import { warmStartDir } from '../engine/train/steps/warm-start';
import { action, emit, progress, type CommonOptions } from './output';
import { number } from './parse';

interface TrainOptions extends CommonOptions {
  data?: string; project?: string; test?: string; arch: string; epochs?: string; imageSize: string; out?: string; resume?: string;
  seed: string; batchSize: string; lr?: string; optimizer: string; schedule: string; warmup: string; loss: string;
  labelSmoothing: string; l2: string; classWeights: string; patience: string; val: string; backend: string;
  channels?: string; fit: string; dropout?: string; hidden?: string; activation?: string; augment?: string; testSplit: string;
  layers?: string;
  checkpointEverySteps?: string; checkpointEverySeconds?: string; unfreeze?: string; warmStart?: string; retrainOf?: string;
}

/** "28" → 28×28; "32x24" → width 32, height 24. */
export function parseImageSize(s: string): { width: number; height: number } {
  const m = /^(\d+)(?:[x×](\d+))?$/i.exec(s.trim());
  if (!m) throw new HebbError('INVALID_ARGUMENT', `--image-size must be S or WxH (e.g. 28 or 64x48), got "${s}"`);
  return { width: Number(m[1]), height: Number(m[2] ?? m[1]) };
}

/** Epochs and learning rate stay out when not given, so the architecture's own defaults apply (train/config.ts). */
export function configFrom(o: TrainOptions): TrainInput {
  if (o.data && o.project) throw new HebbError('INVALID_ARGUMENT', 'give --data DIR or --project DIR, not both');
  if (!o.data && !o.project) throw new HebbError('INVALID_ARGUMENT', '--data DIR is required (a folder with one subfolder per class), or --project DIR');
  if (o.warmStart && o.retrainOf) throw new HebbError('INVALID_ARGUMENT', 'give --warm-start RUN (continue from its weights) or --retrain-of RUN (from scratch), not both');
  const { width, height } = parseImageSize(o.imageSize);
  const seed = number('seed', o.seed);
  return {
    data: path.resolve((o.data ?? o.project)!), ...(o.test ? { test: path.resolve(o.test) } : {}), arch: o.arch,
    ...(o.warmStart ? { warmStartFrom: warmStartDir(o.warmStart, runsDir()) } : {}), ...(o.retrainOf ? { retrainOf: o.retrainOf } : {}), ...(o.layers ? { layers: parseLayers(o.layers) } : {}),
    imageWidth: width, imageHeight: height, fit: o.fit as TrainConfig['fit'],
    channels: o.channels ? (number('channels', o.channels) as 1 | 3) : null,
    ...(o.epochs !== undefined ? { epochs: number('epochs', o.epochs) } : {}), batchSize: number('batch-size', o.batchSize), optimizer: o.optimizer as TrainConfig['optimizer'],
    ...(o.lr !== undefined ? { learningRate: number('lr', o.lr) } : {}), schedule: o.schedule as TrainConfig['schedule'], warmupEpochs: number('warmup', o.warmup),
    loss: o.loss as TrainConfig['loss'], labelSmoothing: number('label-smoothing', o.labelSmoothing), l2: number('l2', o.l2), seed,
    classWeights: o.classWeights as TrainConfig['classWeights'], earlyStoppingPatience: number('patience', o.patience),
    split: { val: number('val', o.val), test: number('test-split', o.testSplit), seed }, augment: parseAugment(o.augment), backend: o.backend as TrainConfig['backend'],
    ...(o.checkpointEverySteps !== undefined ? { checkpointEverySteps: number('checkpoint-every-steps', o.checkpointEverySteps) } : {}),
    ...(o.checkpointEverySeconds !== undefined ? { checkpointEverySeconds: number('checkpoint-every-seconds', o.checkpointEverySeconds) } : {}),
    archOptions: {
      ...(o.dropout !== undefined ? { dropout: number('dropout', o.dropout) } : {}),
      ...(o.hidden ? { hidden: o.hidden.split(',').map((h) => number('hidden', h)) } : {}),
      ...(o.activation ? { activation: o.activation as NonNullable<TrainConfig['archOptions']>['activation'] } : {}),
      ...(o.unfreeze !== undefined ? { unfreeze: number('unfreeze', o.unfreeze) } : {}),
    },
  };
}

/** `--layers '[{"type":"conv2d","filters":8},{"type":"flatten"}]'` or `--layers FILE` holding that list. */
export function parseLayers(s: string): LayerSpec[] {
  const inline = s.trimStart().startsWith('[');
  let text = s;
  if (!inline) {
    try { text = readFileSync(s, 'utf8'); } catch (err) {
      throw new HebbError('INVALID_ARGUMENT', `--layers: cannot read ${s} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, s);
    }
  }
  let v: unknown;
  try { v = JSON.parse(text); } catch (err) {
    throw new HebbError('INVALID_ARGUMENT', `--layers: ${inline ? 'the value' : s} is not JSON (${(err as Error).message})`, inline ? undefined : s);
  }
  if (!Array.isArray(v)) throw new HebbError('INVALID_ARGUMENT', `--layers: ${inline ? 'the value' : s} must be a JSON list of layers, e.g. [{"type":"conv2d","filters":8},{"type":"flatten"}]`, inline ? undefined : s);
  return v as LayerSpec[];
}

/** `--augment '{"horizontalFlip":true,"rotationRange":15}'` (Keras ImageDataGenerator names). */
function parseAugment(s?: string): TrainConfig['augment'] {
  if (!s) return {};
  try {
    const v = JSON.parse(s) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as TrainConfig['augment'];
  } catch { /* reported below */ }
  throw new HebbError('INVALID_ARGUMENT', `--augment must be a JSON object such as '{"horizontalFlip":true,"rotationRange":15}', got ${s}`);
}

export function register(program: Command): void {
  const c = choices();
  program
    .command('train')
    .description('train a classifier on DIR (one subfolder per class); writes a run directory')
    .option('--data <dir>', 'training images, one subfolder per class')
    .option('--project <dir>', 'train on a project\'s effective dataset (a snapshot of it as it is now) instead of --data')
    .option('--test <dir>', 'separate held-out folder with the same class names')
    // Not Option.choices(): an unknown arch is refused by normalizeConfig with the JSON error `--json` callers parse.
    .option('--arch <id>', `architecture (${c.arch.join(', ')})`, 'cnn-small')
    .option('--layers <file|json>', "layer list for --arch custom: a JSON list, or a file holding one (the softmax output is added)")
    .option('--epochs <n>', `epochs (default ${D.epochs}; transfer-mobilenetv2 on a small set: enough for ${findArchitecture('transfer-mobilenetv2')?.defaults?.minSteps} optimizer steps)`)
    .option('--image-size <S|WxH>', `input size, at most ${MAX_IMAGE_SIDE} a side`, String(D.imageWidth))
    .option('--out <dir>', 'run directory to create (default: a new folder under the app runs directory)')
    .option('--resume <dir>', 'continue the run in <dir> from its last complete checkpoint')
    .option('--warm-start <run>', 'train again from a previous run\'s final weights: its id under the runs folder, or its run directory (same architecture, input size and classes)')
    .option('--retrain-of <run-id>', 'train again from scratch, recorded as a retrain of that run so Runs compares the two')
    .option('--seed <n>', 'seed for weights, shuffling, dropout and the split', String(D.seed))
    .option('--batch-size <n>', 'batch size', String(D.batchSize))
    .option('--lr <x>', `learning rate (default ${D.learningRate}; transfer-mobilenetv2: ${findArchitecture('transfer-mobilenetv2')?.defaults?.learningRate})`)
    .addOption(new Option('--optimizer <name>', 'optimizer').choices(c.optimizer).default(D.optimizer))
    .addOption(new Option('--schedule <name>', 'learning-rate schedule').choices(c.schedule).default(D.schedule))
    .option('--warmup <epochs>', 'linear learning-rate warm-up epochs', String(D.warmupEpochs))
    .addOption(new Option('--loss <name>', 'loss').choices(c.loss).default(D.loss))
    .option('--label-smoothing <x>', 'label smoothing for cross-entropy', String(D.labelSmoothing))
    .option('--l2 <x>', 'L2 weight decay on kernels', String(D.l2))
    .addOption(new Option('--class-weights <mode>', 'class weighting').choices(['none', 'balanced']).default(D.classWeights))
    .option('--patience <n>', 'early stopping after n epochs without val-loss improvement, then the best epoch\'s weights are restored (0 = off)', String(D.earlyStoppingPatience))
    .option('--val <share>', 'validation share of the data', String(D.split.val))
    .option('--test-split <share>', 'test share carved from --data when there is no --test folder', String(D.split.test))
    .option('--dropout <rate>', 'dropout rate of the architecture (where it has dropout)')
    .option('--hidden <sizes>', 'mlp hidden layer sizes, e.g. 128,64')
    .addOption(new Option('--activation <name>', 'mlp / architecture activation').choices(c.activation))
    .option('--unfreeze <n>', 'transfer: fine-tune the backbone\'s last n blocks from epoch 2 (batch norms stay in inference mode)')
    .option('--augment <json>', 'training-only augmentation, Keras ImageDataGenerator names')
    .addOption(new Option('--fit <mode>', 'how images meet the input size').choices([...FIT_MODES]).default(D.fit))
    .option('--channels <1|3>', 'force greyscale or RGB (default: follow the data)')
    .addOption(new Option('--backend <name>', 'compute backend').choices([...BACKEND_CHOICES]).default(D.backend))
    .option('--checkpoint-every-steps <n>', `also checkpoint every n batches inside an epoch (default ${D.checkpointEverySteps}: off)`)
    .option('--checkpoint-every-seconds <s>', `also checkpoint inside an epoch when s seconds passed since the last one (default ${D.checkpointEverySeconds}; 0 = off)`)
    .option('--json', 'print the result as one JSON line')
    .action(action(async (o: TrainOptions) => {
      const resume = Boolean(o.resume);
      const runDir = path.resolve(o.resume ?? o.out ?? path.join(runsDir(), newRunId(o.arch)));
      // Checked here, before the job starts: a refused command loads no backend and writes no run directory.
      const config: TrainInput = resume ? ({ backend: o.backend } as TrainInput) : configFrom(o);
      if (!resume) normalizeConfig(config);
      if (config.retrainOf) await requireRetrainParent(runsDir(), config.retrainOf);
      if (config.warmStartFrom) requireRunDir(config.warmStartFrom);
      const onProject = !resume && o.project ? await projectSnapshot(o.project) : null;
      if (onProject) Object.assign(config, { data: onProject.snapshot, project: onProject.project.dir, datasetHash: onProject.datasetHash });
      const control = new TrainController();
      let interrupts = 0;
      const onSigint = () => { if (++interrupts > 1) process.exit(130); process.stderr.write('\nhebb: stopping after this batch (Ctrl-C again to abort)\n'); control.stop(); };
      process.on('SIGINT', onSigint);
      let bar = progress(o, 'epoch 1');
      const end = await runTrainingJob(config, {
        runDir, resume, control,
        onEvent: (ev) => {
          if (ev.type === 'batch') bar.update(ev.batch, ev.batchesPerEpoch);
          if (ev.type === 'epoch') {
            bar.stop();
            if (!o.json) process.stderr.write(`epoch ${ev.epoch}/${ev.epochs}  loss ${ev.loss.toFixed(4)}  acc ${ev.accuracy.toFixed(4)}`
              + (ev.valLoss !== null ? `  val_loss ${ev.valLoss.toFixed(4)}  val_acc ${ev.valAccuracy!.toFixed(4)}` : '')
              + `  ${ev.imagesPerSecond.toFixed(0)} img/s  ${ev.seconds.toFixed(1)}s  ETA ${ev.etaSeconds.toFixed(0)}s\n`);
            bar = progress(o, `epoch ${ev.epoch + 1}`);
          }
          if (ev.type === 'status' && ev.note && !o.json) process.stderr.write(`note: ${ev.note}\n`);
          if (ev.type === 'status' && ev.backend && !o.json) process.stderr.write(`backend: ${ev.backend.active} (${ev.backend.attempts.at(-1)?.reason ?? ''})\n`);
        },
      });
      bar.stop();
      process.off('SIGINT', onSigint);
      // A run the job refused before writing its folder is no run of the project.
      if (onProject && isRunDir(runDir)) {
        // Re-read: the project may have been edited (in the studio) while this run trained.
        const fresh = await (await import('../project/index')).Project.open(onProject.project.dir);
        await fresh.recordRun({ runId: path.basename(runDir), runDir, datasetHash: onProject.datasetHash, createdAt: new Date().toISOString(), ...parentOf(config) });
        await fresh.store.save();
      }
      if (end.status === 'failed') throw new HebbError((end.error?.code ?? 'TRAINING_FAILED') as never, end.error?.message ?? 'training failed');
      emit(o, { ok: true, ...end, ...(onProject ? { datasetHash: onProject.datasetHash } : {}) }, () => `${end.status}: ${end.epochsDone} epochs on ${end.backend}; val accuracy ${fmt(end.valAccuracy)}, test accuracy ${fmt(end.testAccuracy)}, ${end.imagesPerSecond.toFixed(0)} img/s\nrun: ${end.runDir}`);
    }));
}

/** A warm start that names no run fails here, before a backend loads, with the folder it looked in. */
function requireRunDir(dir: string): void {
  if (!isRunDir(dir)) throw new HebbError('INVALID_ARGUMENT', `--warm-start: no run at ${dir} (it holds no config.json)`, dir, { field: 'warmStartFrom' });
}

/** The project's effective dataset frozen for this run: edits made while it trains do not reach it. */
async function projectSnapshot(dir: string) {
  const { Project, writeSnapshot } = await import('../project/index');
  const project = await Project.open(dir);
  const eff = await project.effective();
  return { project, snapshot: await writeSnapshot(project.dir, eff), datasetHash: eff.hash };
}

const fmt = (v: number | null) => (v === null ? 'n/a' : v.toFixed(4));
