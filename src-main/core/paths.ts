/** Where Hebb Studio keeps its own data (cache, runs): never inside a user's dataset folder. */

import os from 'node:os';
import path from 'node:path';

/** HEBB_HOME overrides everything (tests use it); otherwise the platform's app-data convention. */
export function appDataDir(): string {
  if (process.env.HEBB_HOME) return path.resolve(process.env.HEBB_HOME);
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'HebbStudio');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'HebbStudio');
  return path.join(process.env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'hebb-studio');
}

export const cacheDir = (): string => path.join(appDataDir(), 'cache');
export const runsDir = (): string => path.join(appDataDir(), 'runs');
