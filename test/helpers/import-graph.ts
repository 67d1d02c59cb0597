/**
 * A static import graph of our TypeScript sources (relative and '#contract/*' specifiers; packages are leaves)
 * and the cycles in it, for the layering test. Type-only imports count: they couple modules all the same.
 */

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const SPECIFIER = /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;(])import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

/** Every .ts/.vue file under `dirs` (relative to `root`), as root-relative paths. */
export function sourceFiles(root: string, dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(path.join(root, d), { withFileTypes: true })) {
      const rel = path.join(d, e.name);
      if (e.isDirectory()) walk(rel);
      else if (/\.(ts|vue)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(rel);
    }
  };
  for (const d of dirs) if (existsSync(path.join(root, d))) walk(d);
  return out.sort();
}

/** The specifiers a source imports, comments stripped (a commented-out import is no edge). */
export function specifiers(code: string): string[] {
  const bare = code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  return [...bare.matchAll(SPECIFIER)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

/** The root-relative file a specifier names, or null for a package. */
export function resolveImport(root: string, from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith('#contract/')) base = path.join('src-shared/contract', spec.slice('#contract/'.length));
  else if (spec.startsWith('.')) base = path.join(path.dirname(from), spec);
  else return null;
  base = base.replace(/\.js$/, '');
  for (const c of [base, `${base}.ts`, `${base}.vue`, path.join(base, 'index.ts')]) {
    const abs = path.join(root, c);
    if (existsSync(abs) && statSync(abs).isFile()) return c;
  }
  return null;
}

export function importGraph(root: string, dirs: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const f of sourceFiles(root, dirs)) {
    const deps = specifiers(readFileSync(path.join(root, f), 'utf8')).map((s) => resolveImport(root, f, s)).filter((d): d is string => d !== null);
    graph.set(f, [...new Set(deps)]);
  }
  return graph;
}

/** The strongly connected components with more than one member (or a self-import): each is an import cycle. */
export function cycles(graph: Map<string, string[]>): string[][] {
  // Tarjan's algorithm, iterative enough for a few hundred files by plain recursion.
  let index = 0;
  const idx = new Map<string, number>(), low = new Map<string, number>(), stack: string[] = [], on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index); low.set(v, index++); stack.push(v); on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
      else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do { w = stack.pop()!; on.delete(w); scc.push(w); } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

/** The folder-level graph (src-main/dataset, src-main/preprocess …): module cycles between layers show up here. */
export function folderGraph(graph: Map<string, string[]>, depth = 2): Map<string, string[]> {
  const folder = (f: string) => f.split('/').slice(0, Math.min(depth, f.split('/').length - 1)).join('/') || f;
  const g = new Map<string, Set<string>>();
  for (const [f, deps] of graph) {
    const a = folder(f);
    if (!g.has(a)) g.set(a, new Set());
    for (const d of deps) if (folder(d) !== a) g.get(a)!.add(folder(d));
  }
  return new Map([...g].map(([k, v]) => [k, [...v].sort()]));
}
