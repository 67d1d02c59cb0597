/** CLI output rules shared by every command: `--json` makes the last stdout line one JSON object; humans get text and a progress bar on stderr. */

import cliProgress from 'cli-progress';
import { toErrorData } from '../core/errors';

export interface CommonOptions {
  json?: boolean;
}

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/** A progress bar on stderr for humans; silent with --json or when stderr is not a terminal. */
export function progress(opts: CommonOptions, label: string): Progress {
  if (opts.json || !process.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted}`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) { bar.start(total, done); started = true; }
      bar.setTotal(total);
      bar.update(done);
    },
    stop() { if (started) bar.stop(); },
  };
}

/** Print the command's result: JSON as the last line, or the human summary. */
export function emit(opts: CommonOptions, value: unknown, human: () => string): void {
  if (opts.json) process.stdout.write(JSON.stringify(value) + '\n');
  else process.stdout.write(human() + '\n');
}

/** Wrap a command action so any failure prints a clear message (or a JSON error line) and exits 1. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      const data = toErrorData(err);
      const cmd = args[args.length - 1] as { opts?: () => CommonOptions } | undefined;
      const json = typeof cmd?.opts === 'function' ? cmd.opts().json : process.argv.includes('--json');
      if (json) process.stdout.write(JSON.stringify({ ok: false, error: data }) + '\n');
      // Most messages already start with the file they are about: name it once.
      process.stderr.write(`hebb: ${data.message}${data.file && !data.message.includes(data.file) ? ` (${data.file})` : ''}\n`);
      process.exitCode = 1;
    }
  };
}
