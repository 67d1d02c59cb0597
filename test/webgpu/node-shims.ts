/**
 * esbuild plugin for the Chromium bundle: Node built-ins become browser stand-ins. fs/promises reads a virtual file
 * table the page fills over HTTP (the transfer backbone's model folder), so backbone.ts runs unchanged; everything
 * else throws if called, which the engine never does in a page.
 */

import type { Plugin } from 'esbuild';

const FS = `
const files = () => globalThis.__hebbFiles ?? new Map();
const missing = (p) => Object.assign(new Error("ENOENT: no such file in the page's file table: " + p), { code: 'ENOENT' });
async function readFile(p, enc) {
  const f = files().get(p);
  if (!f) throw missing(p);
  return enc ? new TextDecoder().decode(f) : f;
}
async function stat(p) {
  const dir = [...files().keys()].some((k) => k.startsWith(p.replace(/\\/$/, '') + '/'));
  if (!dir && !files().has(p)) throw missing(p);
  return { isDirectory: () => dir, isFile: () => !dir, size: files().get(p)?.byteLength ?? 0 };
}
module.exports = { readFile, stat, default: { readFile, stat } };
`;

const PATH = `
const norm = (p) => p.replace(/\\/+/g, '/');
const join = (...parts) => norm(parts.filter(Boolean).join('/'));
const dirname = (p) => p.replace(/\\/[^/]*$/, '') || '/';
const basename = (p) => p.split('/').pop();
module.exports = { join, dirname, basename, sep: '/', default: { join, dirname, basename, sep: '/' } };
`;

/** The kernels' module-level thread count asks the OS for its cores; a page has one thread for them. */
const OS = `const cpus = () => [{}]; const availableParallelism = () => 1; module.exports = { cpus, availableParallelism, default: { cpus, availableParallelism } };`;

const THROWING = (name: string): string => `
const fail = () => { throw new Error('${name} is not available in the browser bundle'); };
module.exports = new Proxy({}, { get: (_t, k) => (k === '__esModule' ? false : k === 'default' ? module.exports : fail) });
`;

/** Node's built-ins and the native packages the engine loads only on other rungs. */
const NATIVE = /^(node:.*|fs|path|os|url|util|vm|module|child_process|worker_threads|onnxruntime-node|sharp)$/;

export function nodeShims(): Plugin {
  return {
    name: 'hebb-node-shims',
    setup(build) {
      build.onResolve({ filter: NATIVE }, (args) => ({ path: args.path, namespace: 'hebb-shim' }));
      build.onLoad({ filter: /.*/, namespace: 'hebb-shim' }, (args) => {
        const name = args.path.replace(/^node:/, '');
        const contents = name === 'fs/promises' ? FS : name === 'path' ? PATH : name === 'os' ? OS : THROWING(args.path);
        return { contents, loader: 'js' };
      });
    },
  };
}
