/**
 * Fine-tuning (archOptions.unfreeze) starts with epoch 2, after the head alone has had the first: the blocks become
 * trainable and get a fresh optimizer, as Keras's fine-tuning recipe recompiles. A checkpoint from after that point
 * holds the fine-tuning optimizer's state, so a resume there unfreezes before restoring it.
 */

import type * as tf from '@tensorflow/tfjs';
import type { TrainConfig } from '#contract/engine';
import type { TrainerEvent } from '#contract/worker';
import { pinBatchNorm } from '../../arch/freeze';
import type { FeatureCache } from '../feature-cache';
import { createOptimizer } from '../optimizers/registry';

/** The live optimizer (it changes when fine-tuning starts) and the trainer's hook that switches it. */
export interface FineTuning {
  optimizer: () => tf.Optimizer;
  beforeEpoch: (epoch: number) => tf.Optimizer | void;
}

export function fineTuning(cfg: TrainConfig, features: FeatureCache | null, resumedEpoch: number, emit: (ev: TrainerEvent) => void): FineTuning {
  let optimizer = createOptimizer(cfg.optimizer, cfg.learningRate);
  const blocks = features?.unfrozen ?? [];
  let unfrozen = false;
  const unfreeze = () => { for (const l of blocks) l.trainable = true; pinBatchNorm(blocks); unfrozen = true; };
  if (blocks.length && resumedEpoch > 1) unfreeze();
  return {
    optimizer: () => optimizer,
    beforeEpoch: (epoch) => {
      if (unfrozen || !blocks.length || epoch < 1) return;
      unfreeze();
      optimizer.dispose();
      optimizer = createOptimizer(cfg.optimizer, cfg.learningRate);
      emit({ type: 'status', state: 'running', note: `Fine-tuning from epoch ${epoch + 1}: the backbone's last ${cfg.archOptions?.unfreeze} block(s) train too (batch norms in inference mode).` });
      return optimizer;
    },
  };
}
