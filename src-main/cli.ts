/** The `hebb` command: one sub-command per file under cli/, all over the same core modules as the app. */

import { Command } from 'commander';
import { commands } from './cli/commands';
import { packageVersion } from './core/version';

const program = new Command('hebb')
  .description('Hebb Studio: train image classifiers on your own machine')
  .version(packageVersion())
  .showHelpAfterError();

for (const register of commands) register(program);

await program.parseAsync(process.argv);
