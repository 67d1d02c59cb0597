/**
 * Checkpoints: at the end of every `every`-th epoch (and the last), and inside an epoch every N batches or T seconds
 * (Keras BackupAndRestore's save_freq), so a kill loses at most that much. It hands a saver the loop's position, the
 * epochs so far and the state of the callbacks it carries; the saver adds weights and optimizer state.
 */

import type { EpochMetrics } from '#contract/engine';
import type { TrainPosition } from '#contract/train-state';
import type { Callback, TrainBeginInfo } from './types';

export interface CheckpointOptions {
  /** Save every N epochs. @default 1 */
  every?: number;
  /** Also after every N batches inside an epoch; 0 disables. @default 0 */
  everySteps?: number;
  /** Also when this many seconds passed since the last save, inside an epoch; 0 disables. @default 0 */
  everySeconds?: number;
  /** Callbacks whose `state()` is saved under their `name` (early stopping). @default none */
  carry?: Callback[];
  /** Epochs done before a resume, and their seconds. @default none */
  history?: EpochMetrics[];
  elapsedSeconds?: number;
  /** Clock in ms (tests inject one). @default Date.now */
  now?: () => number;
}

/** What a checkpoint records besides the tensors. */
export interface CheckpointState {
  position: TrainPosition;
  history: EpochMetrics[];
  elapsedSeconds: number;
  callbacks: Record<string, unknown>;
}

export function checkpoint(save: (s: CheckpointState) => Promise<void>, opts: CheckpointOptions = {}): Callback {
  const every = Math.max(1, opts.every ?? 1);
  const now = opts.now ?? Date.now;
  const history = [...(opts.history ?? [])];
  let elapsed = opts.elapsedSeconds ?? 0;
  let info: TrainBeginInfo | null = null;
  let lastAt = 0, stepsSince = 0, lastSaved = '';
  const write = async () => {
    const callbacks: Record<string, unknown> = {};
    for (const cb of opts.carry ?? []) if (cb.name && cb.state) callbacks[cb.name] = cb.state();
    const position = info!.position();
    await save({ position, history: [...history], elapsedSeconds: elapsed, callbacks });
    lastAt = now();
    stepsSince = 0;
    lastSaved = `${position.epochsDone}:${position.batch}`;
  };
  return {
    onTrainBegin(i) { info = i; lastAt = now(); stepsSince = 0; },
    async onBatchEnd(m) {
      stepsSince++;
      if (m.batch >= m.batchesPerEpoch) return; // the epoch's end checkpoint follows
      const bySteps = (opts.everySteps ?? 0) > 0 && stepsSince >= opts.everySteps!;
      const bySeconds = (opts.everySeconds ?? 0) > 0 && now() - lastAt >= opts.everySeconds! * 1000;
      if (bySteps || bySeconds) await write();
    },
    async onEpochEnd(m) {
      history.push(m);
      elapsed += m.seconds;
      if (m.epoch % every === 0 || m.epoch === m.epochs) await write();
    },
    // Stopped by the user (Ctrl-C, Stop) mid-epoch: save where it stands, so a resume loses no batch.
    async onTrainEnd(end) {
      if (end.status !== 'stopped' || !info) return;
      const p = info.position();
      if (`${p.epochsDone}:${p.batch}` !== lastSaved) await write();
    },
  };
}
