/**
 * The training loop. It owns the loop and only emits: callbacks (metrics stream, run log, checkpoints, early
 * stopping, histograms) subscribe. Stop is a flag checked at batch boundaries; onTrainEnd always runs, in finally.
 */

import * as tf from '@tensorflow/tfjs';
import type { Batch } from '#contract/dataset';
import type { BackendName, EpochMetrics, LossName, TrainEnd } from '#contract/engine';
import type { TrainPosition } from '#contract/train-state';
import { toErrorData } from '../../core/errors';
import { CallbackList, type Callback } from './callbacks/types';
import { TrainController } from './control';
import { densePlan, denseStep } from './dense-fast';
import { accuracyOf, computeLoss } from './loss';
import { setLearningRate } from './optimizers/state';
import { TrainRandom } from './seeded-random';

export interface TrainerOptions {
  model: tf.LayersModel;
  optimizer: tf.Optimizer;
  /** A fresh stream of training batches for 0-based `epoch` (shuffled by the source), starting at 0-based batch `fromBatch`. */
  train: (epoch: number, fromBatch: number) => AsyncIterable<Batch>;
  batchesPerEpoch: number;
  /** Validation batches, or null without a validation set. */
  val?: (() => AsyncIterable<Batch>) | null;
  epochs: number;
  /** Where to start (after a resume, possibly mid-epoch). @default the first batch of the first epoch */
  start?: TrainPosition;
  /** Learning rate for (0-based epoch, 0-based batch). */
  learningRate: (epoch: number, batch: number) => number;
  /** @default 'categoricalCrossentropy' */
  loss?: LossName;
  labelSmoothing?: number;
  classWeights?: number[] | null;
  /** Added as l2·Σw² over kernels when the model carries no regularisers of its own. @default 0 */
  l2?: number;
  seed: number;
  callbacks?: Callback[];
  control?: TrainController;
  backend: BackendName;
  runDir: string;
  /** Epoch metrics already done before a resume (for ETA and the final numbers). */
  history?: EpochMetrics[];
  elapsedSeconds?: number;
  /** Receives the kernels' gradients of each epoch's last batch (for gradient histograms), as plain arrays. */
  onGradients?: (grads: { name: string; values: Float32Array }[]) => void;
  /**
   * Called before each epoch (0-based); returning an optimizer means the trainable set changed (fine-tuning starts):
   * the step is rebuilt over the model's trainable weights now, with that optimizer.
   */
  beforeEpoch?: (epoch: number) => tf.Optimizer | void;
  /** Runs before onTrainEnd when the run was not failed (save the final model, test accuracy…); may fill in the end record. */
  finish?: (end: TrainEnd) => Promise<Partial<TrainEnd>>;
}

const zeroSums = () => ({ loss: 0, accuracy: 0, seen: 0 });

export async function runTrainer(o: TrainerOptions): Promise<TrainEnd> {
  const control = o.control ?? new TrainController();
  const cbs = new CallbackList(o.callbacks ?? []);
  const history = [...(o.history ?? [])];
  let optimizer = o.optimizer;
  let step = makeStep(o);
  const random = new TrainRandom(o.seed, o.model);
  // The live position: callbacks (checkpoints) read it after each batch and epoch.
  const pos: TrainPosition = o.start ? { ...o.start, sums: { ...o.start.sums } } : { epochsDone: 0, batch: 0, sums: zeroSums(), random: 0, epochSeconds: 0 };
  let elapsed = o.elapsedSeconds ?? 0;
  let end: TrainEnd = { status: 'failed', runDir: o.runDir, epochsDone: history.length, backend: o.backend, valAccuracy: null, testAccuracy: null, imagesPerSecond: 0 };
  try {
    await cbs.trainBegin({ epochs: o.epochs, startEpoch: pos.epochsDone, batchesPerEpoch: o.batchesPerEpoch, position: () => ({ ...pos, sums: { ...pos.sums } }) }, control);
    for (let epoch = pos.epochsDone; epoch < o.epochs && !control.stopRequested; epoch++) {
      const resumed = pos.batch > 0 && epoch === pos.epochsDone;
      const changed = o.beforeEpoch?.(epoch);
      if (changed) { optimizer = changed; step = makeStep({ ...o, optimizer }); }
      random.startEpoch(epoch);
      if (resumed) random.state = pos.random;
      else Object.assign(pos, { batch: 0, sums: zeroSums(), epochSeconds: 0 });
      await cbs.epochBegin(epoch + 1);
      const t0 = performance.now() - pos.epochSeconds * 1000;
      for await (const batch of o.train(epoch, pos.batch)) {
        await control.waitIfPaused();
        if (control.stopRequested) break;
        const b = pos.batch;
        const lr = o.learningRate(epoch, b);
        setLearningRate(optimizer, lr);
        random.beforeStep();
        const tb = performance.now();
        const [loss, acc] = await step.async(batch, b + 1 === o.batchesPerEpoch ? o.onGradients : undefined);
        const ips = batch.n / Math.max(1e-6, (performance.now() - tb) / 1000);
        pos.sums.loss += loss * batch.n; pos.sums.accuracy += acc * batch.n; pos.sums.seen += batch.n;
        Object.assign(pos, { batch: b + 1, random: random.state, epochSeconds: (performance.now() - t0) / 1000 });
        await cbs.batchEnd({ epoch: epoch + 1, batch: b + 1, batchesPerEpoch: o.batchesPerEpoch, loss, accuracy: acc, learningRate: lr, imagesPerSecond: ips }, control);
      }
      if (control.stopRequested && pos.batch < o.batchesPerEpoch) break; // stopped mid-epoch: an unfinished epoch is neither logged nor checkpointed at its end
      const trainSeconds = (performance.now() - t0) / 1000;
      const v = o.val ? await evaluateLoss(o, o.val()) : null;
      const seconds = (performance.now() - t0) / 1000;
      elapsed += seconds;
      const done = epoch + 1;
      const { loss, accuracy, seen } = pos.sums;
      const m: EpochMetrics = {
        epoch: done, epochs: o.epochs, loss: loss / seen, accuracy: accuracy / seen,
        valLoss: v?.loss ?? null, valAccuracy: v?.accuracy ?? null, learningRate: o.learningRate(epoch, 0),
        imagesPerSecond: seen / trainSeconds, etaSeconds: (elapsed / done) * (o.epochs - done), seconds,
      };
      history.push(m);
      Object.assign(pos, { epochsDone: done, batch: 0, sums: zeroSums(), epochSeconds: 0 });
      await cbs.epochEnd(m, control);
    }
    random.release();
    const last = history[history.length - 1];
    end = {
      ...end, status: control.stopRequested ? 'stopped' : 'completed', epochsDone: history.length,
      valAccuracy: last?.valAccuracy ?? null,
      imagesPerSecond: history.length ? history.reduce((s, h) => s + h.imagesPerSecond, 0) / history.length : 0,
    };
    if (o.finish) end = { ...end, ...(await o.finish(end)) };
  } catch (err) {
    const e = toErrorData(err);
    end = { ...end, status: 'failed', epochsDone: history.length, error: { code: e.code, message: e.message } };
  } finally {
    random.release();
    await cbs.trainEnd(end);
  }
  return end;
}

/** A batch as the model's input: images [n, h, w, c], or whatever the model takes (a transfer head takes features). */
function batchInput(model: tf.LayersModel, batch: Batch): tf.Tensor {
  const shape = model.inputs[0]!.shape.slice(1) as number[];
  return shape.length === 3 ? tf.tensor4d(batch.x, [batch.n, batch.height, batch.width, batch.channels]) : tf.tensor(batch.x, [batch.n, ...shape]);
}

export type StepOptions = Pick<TrainerOptions, 'model' | 'optimizer' | 'loss' | 'labelSmoothing' | 'classWeights' | 'l2'> & {
  /** Use the fused dense-stack kernel where it applies; false forces tfjs's autodiff (tests, debugging). @default true */
  fused?: boolean;
};

/** (batch, onGradients?) → [loss, accuracy]: one optimisation step, as the trainer runs it (the bench times this too). */
export type Step = ((batch: Batch, onGradients?: TrainerOptions['onGradients']) => [number, number]) & {
  /** Whether this model trains through the fused dense-stack kernel. */
  readonly fused: boolean;
  /** The same step, read back asynchronously: a GPU backend (WebGPU) then never blocks on a synchronous readback. */
  readonly async: (batch: Batch, onGradients?: TrainerOptions['onGradients']) => Promise<[number, number]>;
};

/** One step's outputs still on the backend: [loss, accuracy] as one tensor, plus the kernel gradients when asked for. */
interface StepTensors { metrics: tf.Tensor1D; grads: { name: string; value: tf.Tensor }[] }

/**
 * The training step for this model: the fused dense-stack kernel where it applies (dense-fast.ts), else tfjs's
 * autodiff. The batch is uploaded once (x and labels) and the loss and accuracy come back together in one readback,
 * so a GPU backend syncs once per step; kernel gradients are read only when asked for (the epoch's last batch).
 */
export function makeStep(o: StepOptions): Step {
  const vars = o.model.trainableWeights.map((w) => w.read() as tf.Variable);
  const kernels = o.model.trainableWeights.filter((w) => /kernel/.test(w.name)).map((w) => w.read());
  const l2 = o.model.losses.length === 0 ? (o.l2 ?? 0) : 0;
  const loss = o.loss ?? 'categoricalCrossentropy';
  const plan = o.fused === false ? null : densePlan(o.model, loss);
  const lossOpts = { labelSmoothing: o.labelSmoothing, classWeights: o.classWeights };
  const compute = (batch: Batch, wantGrads: boolean): StepTensors => {
    const grads: StepTensors['grads'] = [];
    const metrics = tf.tidy(() => {
      const x = batchInput(o.model, batch);
      const y = tf.tensor1d(batch.y, 'int32');
      if (plan && !wantGrads) {
        const fast = denseStep(plan, { x, labels: y, ...lossOpts, l2 });
        o.optimizer.applyGradients(fast.grads);
        return tf.stack([fast.loss, tf.scalar(fast.accuracy)]) as tf.Tensor1D;
      }
      let acc: tf.Tensor | null = null;
      const { value, grads: g } = tf.variableGrads(() => {
        const probs = o.model.apply(x, { training: true }) as tf.Tensor2D;
        acc = tf.keep(accuracyOf(y, probs));
        let l = computeLoss(loss, y, probs, lossOpts);
        for (const r of o.model.calculateLosses()) l = l.add(r);
        if (l2 > 0) for (const k of kernels) l = l.add(tf.sum(tf.square(k)).mul(l2));
        return l as tf.Scalar;
      }, vars);
      if (wantGrads) {
        o.model.trainableWeights.forEach((w, i) => {
          const gi = g[vars[i]!.name];
          if (/kernel/.test(w.name) && gi) grads.push({ name: w.name, value: tf.keep(gi) });
        });
      }
      o.optimizer.applyGradients(g);
      const out = tf.stack([value, acc!]) as tf.Tensor1D;
      tf.dispose(acc!);
      return out;
    });
    return { metrics, grads };
  };
  const finish = (t: StepTensors, m: ArrayLike<number>, values: ArrayLike<number>[], onGradients?: TrainerOptions['onGradients']): [number, number] => {
    onGradients?.(t.grads.map((g, i) => ({ name: g.name, values: values[i] as Float32Array })));
    tf.dispose([t.metrics, ...t.grads.map((g) => g.value)]);
    return [m[0]!, m[1]!];
  };
  const run = (batch: Batch, onGradients?: TrainerOptions['onGradients']): [number, number] => {
    const t = compute(batch, Boolean(onGradients));
    return finish(t, t.metrics.dataSync(), t.grads.map((g) => g.value.dataSync()), onGradients);
  };
  const runAsync = async (batch: Batch, onGradients?: TrainerOptions['onGradients']): Promise<[number, number]> => {
    const t = compute(batch, Boolean(onGradients));
    const [m, ...values] = await Promise.all([t.metrics.data(), ...t.grads.map((g) => g.value.data())]);
    return finish(t, m as Float32Array, values as Float32Array[], onGradients);
  };
  return Object.assign(run, { fused: plan !== null, async: runAsync });
}

/** Mean loss and accuracy over a stream, in inference mode (no dropout, batch-norm moving statistics). */
export async function evaluateLoss(o: Pick<TrainerOptions, 'model' | 'loss' | 'labelSmoothing'>, batches: AsyncIterable<Batch>): Promise<{ loss: number; accuracy: number }> {
  let loss = 0, acc = 0, n = 0;
  for await (const batch of batches) {
    const t = tf.tidy(() => {
      const x = batchInput(o.model, batch);
      const y = tf.tensor1d(batch.y, 'int32');
      const probs = o.model.apply(x, { training: false }) as tf.Tensor2D;
      return tf.stack([computeLoss(o.loss ?? 'categoricalCrossentropy', y, probs, { labelSmoothing: o.labelSmoothing }), accuracyOf(y, probs)]);
    });
    const [l = NaN, a = NaN] = await t.data(); // one asynchronous readback per batch: never blocks a GPU backend
    t.dispose();
    loss += l * batch.n; acc += Math.round(a * batch.n); n += batch.n; // whole correct counts: no float dust in accuracy
  }
  return n ? { loss: loss / n, accuracy: acc / n } : { loss: NaN, accuracy: NaN };
}
