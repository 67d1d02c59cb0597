/** A fingerprint of everything in a folder tree — names (as bytes), types, modes, sizes, mtimes, contents, link targets — to prove a scan wrote nothing. */

import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';

/** Walks without following links (a symlink loop is just a link here) and returns the sorted list plus one hash. */
export async function fingerprintTree(root: string): Promise<{ hash: string; paths: string[] }> {
  const lines: string[] = [];
  const walk = async (dir: Buffer, rel: string): Promise<void> => {
    const names = (await fsp.readdir(dir, { encoding: 'buffer' })).sort(Buffer.compare);
    for (const name of names) {
      const abs = Buffer.concat([dir, Buffer.from('/'), name]);
      const r = `${rel}/${name.toString('hex')}`;
      const st = await fsp.lstat(abs);
      let content = '';
      if (st.isSymbolicLink()) content = (await fsp.readlink(abs, { encoding: 'buffer' })).toString('hex');
      else if (st.isFile()) content = createHash('sha256').update(await fsp.readFile(abs)).digest('hex');
      lines.push(`${r} mode=${st.mode.toString(8)} size=${st.size} mtime=${st.mtimeMs} ctime=${st.ctimeMs} ${content}`);
      if (st.isDirectory()) await walk(abs, r);
    }
  };
  await walk(Buffer.from(path.resolve(root)), '');
  return { hash: createHash('sha256').update(lines.join('\n')).digest('hex'), paths: lines.map((l) => l.split(' ')[0]!) };
}
