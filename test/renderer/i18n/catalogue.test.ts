// @vitest-environment node
// The en and zh-CN catalogues hold the same keys with the same placeholders, and every key the code uses exists.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { en } from '../../../src-renderer/src/i18n/en';
import { zhCN } from '../../../src-renderer/src/i18n/zh-CN';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SRC = path.join(ROOT, 'src-renderer/src');

function flatten(o: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(o)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object') for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
    else out.set(key, v as string);
  }
  return out;
}
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const CATALOGUES = { en: flatten(en), 'zh-CN': flatten(zhCN) };

/** Keys in one catalogue missing from the other: the check both directions share. */
export function missingKeys(a: Map<string, string>, b: Map<string, string>): string[] {
  return [...a.keys()].filter((k) => !b.has(k));
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'i18n' ? [] : sources(p);
    return /\.(vue|ts)$/.test(e.name) ? [p] : [];
  });
}
/** Every key the code names: t('a.b'), t(`a.${x}.b`) (as a pattern), keypath="a.b". */
function usedKeys(): { file: string; key: string }[] {
  const out: { file: string; key: string }[] = [];
  for (const f of sources(SRC)) {
    const text = readFileSync(f, 'utf8');
    const rel = path.relative(ROOT, f);
    for (const m of text.matchAll(/\bt\(\s*(['"`])([\w.${}\-'"` ?:]+?)\1\s*[,)]/g)) out.push({ file: rel, key: m[2]! });
    for (const m of text.matchAll(/keypath="([\w.]+)"/g)) out.push({ file: rel, key: m[1]! });
  }
  return out;
}
const asPattern = (key: string) => new RegExp(`^${key.split(/\$\{[^}]+\}/).map((p) => p.replace(/[.*+?^()|[\]\\]/g, '\\$&')).join('[\\w-]+')}$`);

describe('i18n catalogues', () => {
  it('en and zh-CN have exactly the same keys', () => {
    expect(missingKeys(CATALOGUES.en, CATALOGUES['zh-CN'])).toEqual([]);
    expect(missingKeys(CATALOGUES['zh-CN'], CATALOGUES.en)).toEqual([]);
  });

  it('the key check fails on a gap', () => {
    const broken = new Map(CATALOGUES['zh-CN']);
    broken.delete('train.start');
    expect(missingKeys(CATALOGUES.en, broken)).toEqual(['train.start']);
  });

  it('every message is non-empty and both languages take the same placeholders', () => {
    const bad: string[] = [];
    for (const [k, v] of CATALOGUES.en) {
      const z = CATALOGUES['zh-CN'].get(k) ?? '';
      if (!v.trim() || !z.trim()) bad.push(`${k}: empty`);
      if (placeholders(v).join() !== placeholders(z).join()) bad.push(`${k}: {${placeholders(v)}} vs {${placeholders(z)}}`);
    }
    expect(bad).toEqual([]);
  });

  it('zh-CN is actually Chinese where English has prose', () => {
    const untranslated = [...CATALOGUES.en].filter(([k, v]) => v.split(' ').length > 3 && CATALOGUES['zh-CN'].get(k) === v).map(([k]) => k);
    expect(untranslated).toEqual([]);
  });

  it('every key the templates and scripts use exists in both catalogues', () => {
    const used = usedKeys();
    expect(used.length).toBeGreaterThan(200);
    const missing = used.filter(({ key }) => {
      if (!key.includes('${')) return !CATALOGUES.en.has(key) || !CATALOGUES['zh-CN'].has(key);
      const re = asPattern(key);
      return ![...CATALOGUES.en.keys()].some((k) => re.test(k)) || ![...CATALOGUES['zh-CN'].keys()].some((k) => re.test(k));
    });
    expect(missing.map((m) => `${m.file}: ${m.key}`)).toEqual([]);
  });

  it('every architecture of the engine\'s registry has a name and a description, and no retired one lingers', () => {
    // Read as text, as the contract's unions are below: a renderer test does not import the engine.
    const registry = readFileSync(path.join(ROOT, 'src-main/engine/arch/registry.ts'), 'utf8');
    const ids = [...registry.matchAll(/^\s+id: '([\w-]+)',$/gm)].map((m) => m[1]!);
    expect(ids.length).toBeGreaterThan(6);
    const missing = ids.flatMap((id) => [`arch.${id}.name`, `arch.${id}.text`]).filter((k) => !CATALOGUES.en.has(k) || !CATALOGUES['zh-CN'].has(k));
    expect(missing).toEqual([]);
    const worded = new Set([...CATALOGUES.en.keys()].filter((k) => /^arch\.[\w-]+\.name$/.test(k)).map((k) => k.split('.')[1]));
    expect([...worded].sort()).toEqual([...ids].sort());
  });

  it('every error code and health-warning kind of the contract has its words', () => {
    const union = (file: string, type: string) => {
      const src = readFileSync(path.join(ROOT, 'src-shared/contract', file), 'utf8');
      const body = src.slice(src.indexOf(`export type ${type} =`)).split(';')[0]!;
      return [...body.matchAll(/'([\w-]+)'/g)].map((m) => m[1]!);
    };
    const codes = union('errors.ts', 'ErrorCode');
    const kinds = union('dataset.ts', 'WarningKind');
    expect(codes.length).toBeGreaterThan(10);
    expect(kinds.length).toBeGreaterThan(5);
    const missing = [...codes.flatMap((c) => [`errors.title.${c}`, `errors.hint.${c}`]), ...kinds.map((k) => `warnings.${k}`)]
      .filter((k) => !CATALOGUES.en.has(k) || !CATALOGUES['zh-CN'].has(k));
    expect(missing).toEqual([]);
  });
});
