/** `hebb predict`: class probabilities for image files with a trained run, preprocessed exactly as in training. */

import path from 'node:path';
import type { Command } from 'commander';
import { predictFiles } from '../engine/evaluate/index';
import { action, emit, type CommonOptions } from './output';

interface PredictOptions extends CommonOptions { model: string; strict?: boolean }

export function register(program: Command): void {
  program
    .command('predict')
    .description('classify image files with a trained run')
    .requiredOption('--model <runDir>', 'run directory written by hebb train')
    .argument('<files...>', 'image files')
    .option('--json', 'print {"predictions":[{file,label,probabilities} or {file,error:{code,message}}]} as one JSON line')
    .option('--strict', 'exit 1 when any file fails (default: only when every file fails)')
    .action(action(async (filesIn: string[], o: PredictOptions) => {
      const predictions = await predictFiles(path.resolve(o.model), filesIn);
      const failed = predictions.filter((p) => 'error' in p).length;
      emit(o, { predictions }, () => predictions.map((p) => ('error' in p
        ? `${p.file}: error: ${unprefixed(p.error.message, p.file)}`
        : `${p.file}: ${p.label} (${(Math.max(...p.probabilities) * 100).toFixed(1)}%)`)).join('\n'));
      if (failed > 0 && (failed === predictions.length || o.strict)) process.exitCode = 1;
    }));
}

/** The decoder's message starts with the absolute path; the line already starts with the file as given. */
function unprefixed(message: string, file: string): string {
  const abs = `${path.resolve(file)}: `;
  return message.startsWith(abs) ? message.slice(abs.length) : message;
}
