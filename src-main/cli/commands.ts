/** The list of sub-commands; each module exports a `register(program)` function. */

import type { Command } from 'commander';
import { register as memory } from './memory';
import { register as scan } from './scan';
import { register as serve } from './serve';
import { register as train } from './train';

export const commands: ((program: Command) => void)[] = [
  memory,
  scan,
  serve,
  train,
];
