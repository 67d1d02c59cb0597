/** `hebb predict`: class probabilities for image files with a trained run, preprocessed exactly as in training. */

import path from 'node:path';
import type { Command } from 'commander';
import { predictFiles } from '../engine/evaluate/index';
import { action, emit, type CommonOptions } from './output';

interface PredictOptions extends CommonOptions { model: string }

export function register(program: Command): void {
  program
    .command('predict')
    .description('classify image files with a trained run')
    .requiredOption('--model <runDir>', 'run directory written by hebb train')
    .argument('<files...>', 'image files')
    .option('--json', 'print {"predictions":[{file,label,probabilities}]} as one JSON line')
    .action(action(async (filesIn: string[], o: PredictOptions) => {
      const predictions = await predictFiles(path.resolve(o.model), filesIn);
      emit(o, { predictions }, () => predictions.map((p) => `${p.file}: ${p.label} (${(Math.max(...p.probabilities) * 100).toFixed(1)}%)`).join('\n'));
    }));
}
