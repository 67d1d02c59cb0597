/** `hebb serve`: the studio in a browser over loopback (HTTP + WebSocket), guarded by a Jupyter-style token. */

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { HebbError } from '../core/errors';
import { startServer } from '../server/index';
import { createService } from '../service/index';
import { action, emit, type CommonOptions } from './output';

interface ServeOptions extends CommonOptions {
  port: string;
  host: string;
  open: boolean;
  web: string;
}

/** The built renderer: `npm run build:web` writes it here. */
export const WEB_DIR = fileURLToPath(new URL('../../out/web', import.meta.url));

function openBrowser(url: string): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    spawn(cmd, [url], { detached: true, stdio: 'ignore' }).on('error', () => undefined).unref();
  } catch { /* no browser opener: the printed URL is enough */ }
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('serve the studio to a browser on this machine (prints a URL with a secret token)')
    .option('--port <n>', 'port to listen on (0 picks a free one)', '8765')
    .option('--host <host>', 'interface to bind; keep the loopback default unless you know why', '127.0.0.1')
    .option('--no-open', 'do not open a browser')
    .option('--web <dir>', 'folder holding the built page (index.html + assets/)', WEB_DIR)
    .option('--json', 'print {url, host, port, token} as one JSON line')
    .action(action(async (opts: ServeOptions) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new HebbError('INVALID_ARGUMENT', `--port must be 0–65535, got "${opts.port}"`);
      // A server whose every page is an error helps no one: refuse, and say the one command that fixes it.
      const web = path.resolve(opts.web);
      if (!existsSync(path.join(web, 'index.html'))) {
        throw new HebbError('NOT_FOUND', `the page is not built (no index.html in ${web}): run \`npm run build:web\`, then \`hebb serve\` again`, web);
      }
      if (!['127.0.0.1', 'localhost', '::1'].includes(opts.host)) {
        process.stderr.write(`hebb: listening on ${opts.host} exposes your datasets to that network; anyone with the token can use them.\n`);
      }
      const service = createService();
      const server = await startServer({ service, staticDir: web, host: opts.host, port }).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'EADDRINUSE') throw new HebbError('INVALID_ARGUMENT', `Port ${port} is already in use: pass --port 0 to pick a free one, or another number.`);
        if (err.code === 'EADDRNOTAVAIL') throw new HebbError('INVALID_ARGUMENT', `Cannot listen on ${opts.host}: no such interface on this machine.`);
        throw err;
      });
      emit(opts, { url: server.url, host: server.host, port: server.port, token: server.token },
        () => `Hebb Studio is running. Open this URL in a browser (Ctrl+C to stop):\n\n    ${server.url}\n`);
      if (opts.open) openBrowser(server.url);
      let stopping = false;
      const shutdown = async () => {
        if (stopping) process.exit(130); // a second signal: no more waiting
        stopping = true;
        // Sockets first (every browser sees the close at once), then the workers.
        await server.close();
        await service.dispose();
        process.exit(0);
      };
      process.on('SIGINT', shutdown);
      process.on('SIGTERM', shutdown);
    }));
}
