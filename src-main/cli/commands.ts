/** The list of sub-commands; each module exports a `register(program)` function. */

import type { Command } from 'commander';

export const commands: ((program: Command) => void)[] = [
];
