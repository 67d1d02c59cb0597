/** The list of sub-commands; each module exports a `register(program)` function. */

import type { Command } from 'commander';
import { register as doctor } from './doctor';
import { register as exportCmd } from './export';
import { register as memory } from './memory';
import { register as scan } from './scan';
import { register as serve } from './serve';
import { register as evaluate } from './eval';
import { register as predict } from './predict';
import { register as train } from './train';
import { register as bench } from './bench';
import { register as cache } from './cache';
import { register as project } from './project';

export const commands: ((program: Command) => void)[] = [
  doctor,
  exportCmd,
  memory,
  scan,
  serve,
  train,
  evaluate,
  predict,
  bench,
  cache,
  project,
];
