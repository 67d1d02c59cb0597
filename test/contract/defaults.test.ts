// Training defaults exist once (the schema): the engine and the CLI's option defaults agree with it (the Model store's
// side is test/renderer/stores/model-defaults.test.ts).
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { TRAIN_DEFAULTS, TrainConfigSchema } from '#contract/engine';
import { register } from '../../src-main/cli/train';
import { DEFAULTS } from '../../src-main/engine/train/config';
import { choices } from '../../src-main/service/choices';

describe('training defaults', () => {
  it('come from the schema', () => {
    expect(TrainConfigSchema.parse({ data: 'd', arch: 'a' }).learningRate).toBe(TRAIN_DEFAULTS.learningRate);
    expect(DEFAULTS).toEqual(TRAIN_DEFAULTS);
  });
  it('are the CLI option defaults, and the CLI offers the registries\' choices', () => {
    const program = new Command();
    register(program);
    const train = program.commands.find((c) => c.name() === 'train')!;
    const opt = (flag: string) => train.options.find((o) => o.long === flag)!;
    const pairs: [string, unknown][] = [
      ['--batch-size', TRAIN_DEFAULTS.batchSize], ['--seed', TRAIN_DEFAULTS.seed], ['--optimizer', TRAIN_DEFAULTS.optimizer],
      ['--schedule', TRAIN_DEFAULTS.schedule], ['--loss', TRAIN_DEFAULTS.loss], ['--warmup', TRAIN_DEFAULTS.warmupEpochs],
      ['--label-smoothing', TRAIN_DEFAULTS.labelSmoothing], ['--l2', TRAIN_DEFAULTS.l2], ['--class-weights', TRAIN_DEFAULTS.classWeights],
      ['--patience', TRAIN_DEFAULTS.earlyStoppingPatience], ['--val', TRAIN_DEFAULTS.split.val], ['--test-split', TRAIN_DEFAULTS.split.test],
      ['--fit', TRAIN_DEFAULTS.fit], ['--backend', TRAIN_DEFAULTS.backend], ['--image-size', TRAIN_DEFAULTS.imageWidth],
    ];
    for (const [flag, v] of pairs) expect(String(opt(flag).defaultValue), flag).toBe(String(v));
    const c = choices();
    expect(opt('--optimizer').argChoices).toEqual(c.optimizer);
    expect(opt('--activation').argChoices).toEqual(c.activation);
    expect(opt('--arch').description).toContain(c.arch.join(', '));
  });
});
