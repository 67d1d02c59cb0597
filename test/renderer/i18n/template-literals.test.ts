// @vitest-environment node
// Fails on user-visible literal text in any .vue template: every word must come from the i18n catalogues.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { literalText } from './literal-text';

const SRC = fileURLToPath(new URL('../../../src-renderer/src', import.meta.url));
const vueFiles = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
  .flatMap((e) => (e.isDirectory() ? vueFiles(path.join(dir, e.name)) : e.name.endsWith('.vue') ? [path.join(dir, e.name)] : []));

describe('template literal text', () => {
  it('finds the kinds of literal text it is meant to catch', () => {
    const found = literalText('x.vue', `<template><div title="Open it"><p>Hello</p><code>pets/cat</code><span aria-hidden="true">H</span>
      <img alt="A cat" /><b>{{ busy ? 'Please wait' : t('k') }}</b><i>{{ t('ok.key') }} · 12 ×</i><input :placeholder="t('a')" /></div></template>`);
    expect(found.map((f) => f.text)).toEqual(['title="Open it"', 'Hello', 'alt="A cat"', "'Please wait'"]);
  });

  it('no .vue file under src-renderer shows untranslated text', () => {
    const files = vueFiles(SRC);
    expect(files.length).toBeGreaterThan(20);
    const found = files.flatMap((f) => literalText(path.relative(SRC, f), readFileSync(f, 'utf8')));
    expect(found.map((f) => `${f.file}:${f.line} ${f.why}: ${f.text}`)).toEqual([]);
  });
});
