// Start `hebb serve` on a free port with its own app-data folder and read the URL (with its token) it prints.
import { spawn } from 'node:child_process';
import path from 'node:path';

/** `port` 0 picks a free one; a restart passes the old one so the page keeps its origin (and its localStorage). */
export async function startServe(root, home, port = 0) {
  const proc = spawn(process.execPath, [path.join(root, 'bin/hebb.js'), 'serve', '--port', String(port), '--no-open', '--json'], {
    cwd: root, env: { ...process.env, HEBB_HOME: home }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  const info = await new Promise((resolve, reject) => {
    let buf = '';
    proc.stdout.on('data', (d) => {
      buf += d;
      const line = buf.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line));
    });
    proc.once('exit', (code) => reject(new Error(`hebb serve exited with ${code}`)));
    setTimeout(() => reject(new Error('hebb serve printed no URL within 60 s')), 60_000);
  });
  /** Ends the server and waits for it to be gone, so a restart on the same folder starts clean. */
  const stop = () => new Promise((resolve) => {
    if (proc.exitCode !== null) { resolve(); return; }
    proc.once('exit', () => resolve());
    proc.kill('SIGTERM');
  });
  return { ...info, proc, stop };
}
