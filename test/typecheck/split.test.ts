// The node / web tsconfig split: a renderer file that imports Node (or main's code) fails to compile, main code that
// reaches for the DOM fails too, and the real renderer tree compiles. Probes are tiny projects extending the real
// configs, placed inside the repository (node_modules/.cache) so that modules resolve as they do for real files.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const tsc = path.join(root, 'node_modules/typescript/lib/tsc.js');
mkdirSync(path.join(root, 'node_modules/.cache'), { recursive: true });
const probes = mkdtempSync(path.join(root, 'node_modules/.cache/hebb-tsprobe-'));
afterAll(() => rmSync(probes, { recursive: true, force: true }));

/** Type-checks `files` as a project extending `config`; returns the exit status and the diagnostics by file name. */
function probe(config: string, files: Record<string, string>): { status: number | null; errors: Record<string, string[]> } {
  const dir = mkdtempSync(path.join(probes, 'p-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ extends: path.join(root, config), compilerOptions: { composite: false }, include: ['*.ts'] }));
  const r = spawnSync(process.execPath, [tsc, '--noEmit', '-p', dir, '--pretty', 'false'], { encoding: 'utf8' });
  const errors: Record<string, string[]> = {};
  for (const line of r.stdout.split('\n').filter((l) => /error TS\d+/.test(l))) {
    const file = path.basename(line.slice(0, line.indexOf('(')));
    (errors[file] ??= []).push(line);
  }
  return { status: r.status, errors };
}

const mainModule = path.join(root, 'src-main/core/paths').replaceAll('\\', '/');

describe('tsconfig.web.json (the renderer)', () => {
  it('refuses node:fs and main-process modules, and accepts DOM code', () => {
    const r = probe('tsconfig.web.json', {
      'uses-fs.ts': "import fs from 'node:fs';\nexport const here = fs.existsSync('.');\n",
      'uses-main.ts': `import { runsDir } from '${mainModule}';\nexport const runs = runsDir;\n`,
      'uses-dom.ts': "export const title = document.title;\n",
    });
    expect(r.status).not.toBe(0);
    expect(r.errors['uses-fs.ts']?.join('\n')).toMatch(/TS2307: Cannot find module 'node:fs'/);
    // The main module itself fails to compile in the renderer's program: it uses Node.
    expect(r.errors['paths.ts']?.join('\n')).toMatch(/Cannot find module 'node:(os|path)'/);
    expect(r.errors['uses-dom.ts']).toBeUndefined();
    expect(Object.keys(r.errors).filter((f) => !['uses-fs.ts', 'uses-main.ts', 'paths.ts'].includes(f))).toEqual([]);
  });

  it('the real renderer tree compiles under it', () => {
    const r = spawnSync(process.execPath, [tsc, '--noEmit', '-p', path.join(root, 'tsconfig.web.json'), '--pretty', 'false'], { encoding: 'utf8' });
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('tsconfig.node.json (main, shared, tests)', () => {
  it('accepts node:fs and refuses the DOM', () => {
    const r = probe('tsconfig.node.json', {
      'uses-fs.ts': "import fs from 'node:fs';\nexport const here = fs.existsSync('.');\n",
      'uses-dom.ts': "export const title = document.title;\n",
    });
    expect(r.status).not.toBe(0);
    expect(r.errors['uses-fs.ts']).toBeUndefined();
    expect(r.errors['uses-dom.ts']?.join('\n')).toMatch(/Cannot find name 'document'/);
    expect(Object.keys(r.errors)).toEqual(['uses-dom.ts']);
  });
});

/** .vue files are compiled by Vite, not tsc (no vue-tsc here), so their imports are checked by reading them. */
describe('renderer imports in .vue files', () => {
  const vueFiles = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? vueFiles(path.join(dir, e.name)) : e.name.endsWith('.vue') ? [path.join(dir, e.name)] : []);
  const nodeBuiltin = (spec: string) => spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0]!);

  it('name no Node built-in and no main-process module', () => {
    const files = vueFiles(path.join(root, 'src-renderer/src'));
    expect(files.length).toBeGreaterThan(5);
    const bad: string[] = [];
    for (const file of files) {
      for (const m of readFileSync(file, 'utf8').matchAll(/(?:import|from)\s*\(?\s*['"]([^'"]+)['"]/g)) {
        const spec = m[1]!;
        const resolved = spec.startsWith('.') ? path.resolve(path.dirname(file), spec) : '';
        if (nodeBuiltin(spec) || resolved.startsWith(path.join(root, 'src-main'))) bad.push(`${path.relative(root, file)}: ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
