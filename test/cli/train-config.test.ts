import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { configFrom, register } from '../../src-main/cli/train';
import { normalizeConfig } from '../../src-main/engine/train/config';

/** `hebb train ARGS` parsed by the real command definition, up to the config it would train with. */
function parse(args: string[]) {
  const program = new Command().exitOverride();
  register(program);
  let got: ReturnType<typeof configFrom> | null = null;
  program.commands.find((c) => c.name() === 'train')!.action((o) => { got = configFrom(o); });
  program.parse(['node', 'hebb', 'train', ...args]);
  return got!;
}

describe('hebb train options → config', () => {
  it('leaves epochs and learning rate to the architecture unless given', () => {
    const c = parse(['--data', '/d', '--arch', 'transfer-mobilenetv2']);
    expect(c).not.toHaveProperty('epochs');
    expect(c).not.toHaveProperty('learningRate');
    expect(normalizeConfig(c).learningRate).toBe(0.01);
    expect(parse(['--data', '/d', '--epochs', '3', '--lr', '0.05'])).toMatchObject({ epochs: 3, learningRate: 0.05 });
  });

  it('maps the step-checkpoint flags, and the config refuses bad values naming the field', () => {
    expect(parse(['--data', '/d', '--checkpoint-every-steps', '50', '--checkpoint-every-seconds', '0'])).toMatchObject({ checkpointEverySteps: 50, checkpointEverySeconds: 0 });
    expect(normalizeConfig(parse(['--data', '/d']))).toMatchObject({ checkpointEverySteps: 0, checkpointEverySeconds: 60 });
    expect(() => normalizeConfig(parse(['--data', '/d', '--checkpoint-every-steps', '2.5']))).toThrow('checkpoint every steps must be a whole number ≥ 0 (got 2.5)');
    expect(() => normalizeConfig(parse(['--data', '/d', '--checkpoint-every-seconds', '-1']))).toThrow('checkpoint every seconds must be ≥ 0 (got -1)');
  });
});
