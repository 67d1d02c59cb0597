/** `hebb eval`: accuracy, confusion matrix, per-class metrics, top-k and the most confident mistakes of a run on a folder. */

import path from 'node:path';
import type { Command } from 'commander';
import { HebbError } from '../core/errors';
import { evaluateRun } from '../engine/evaluate/index';
import { action, emit, type CommonOptions } from './output';

interface EvalOptions extends CommonOptions { model: string; data?: string; project?: string; split?: string; topK: string }

export function register(program: Command): void {
  program
    .command('eval')
    .description('evaluate a trained run on a folder of class subfolders')
    .requiredOption('--model <runDir>', 'run directory written by hebb train')
    .option('--data <dir>', 'images, one subfolder per class (names as in training)')
    .option('--project <dir>', 'a project\'s effective dataset instead of --data')
    .option('--split <name>', 'only the run\'s train | val | test split of this folder')
    .option('--top-k <k>', 'k for top-k accuracy', '3')
    .option('--json', 'print the report as one JSON line')
    .action(action(async (o: EvalOptions) => {
      if (!o.data === !o.project) throw new HebbError('INVALID_ARGUMENT', '--data DIR or --project DIR is required (not both)');
      const r = await evaluateRun(path.resolve(o.model), path.resolve((o.data ?? o.project)!), { split: o.split, topK: Number(o.topK) });
      emit(o, { ok: true, ...r }, () => {
        const w = Math.max(...r.labels.map((l) => l.length), 5);
        const lines = [`accuracy ${r.accuracy.toFixed(4)}   top-${r.topKAccuracy.k} ${r.topKAccuracy.accuracy.toFixed(4)}`, '',
          `${'class'.padEnd(w)}  precision  recall  f1      support`,
          ...r.perClass.map((c) => `${c.label.padEnd(w)}  ${c.precision.toFixed(4)}     ${c.recall.toFixed(4)}  ${c.f1.toFixed(4)}  ${c.support}`),
          '', 'confusion matrix (rows = true, columns = predicted):',
          ...r.confusionMatrix.map((row, i) => `${r.labels[i]!.padEnd(w)}  ${row.map((v) => String(v).padStart(5)).join('')}`)];
        if (r.mistakes.length) lines.push('', `most confident mistakes (${r.mistakes.length} in all):`, ...r.mistakes.slice(0, 10).map((m) => `  ${m.path}: ${m.trueLabel} → ${m.predictedLabel} (${(m.probability * 100).toFixed(1)}%)`));
        return lines.join('\n');
      });
    }));
}
