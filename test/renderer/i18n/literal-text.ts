// Finds user-visible literal text in Vue templates: text nodes, static user-facing attributes, prose string literals.
import { parse } from '@vue/compiler-sfc';

/** Attributes a user reads or hears; a static value with letters in one of these is untranslated text. */
const VISIBLE_ATTRS = new Set(['title', 'aria-label', 'aria-description', 'aria-valuetext', 'aria-roledescription', 'placeholder', 'alt', 'label']);
/** Elements whose text is code or a path, the same in every language. */
const VERBATIM = new Set(['code', 'kbd', 'pre']);
const LETTER = /\p{L}/u;
/** A quoted string of two or more words inside {{ }}: prose, not a key or a class name. */
const PROSE = /(['"`])((?:(?!\1).)*\p{L}+\s+\p{L}+(?:(?!\1).)*)\1/u;

export interface Literal { file: string; line: number; text: string; why: string }

interface Node { type: number; tag?: string; content?: unknown; children?: Node[]; props?: { type: number; name: string; value?: { content: string } }[]; loc: { start: { line: number }; source: string } }

export function literalText(file: string, source: string): Literal[] {
  const { descriptor } = parse(source, { filename: file });
  const out: Literal[] = [];
  const visit = (n: Node, verbatim: boolean): void => {
    if (n.type === 1) {
      const hidden = n.props?.some((p) => p.type === 6 && p.name === 'aria-hidden' && p.value?.content === 'true');
      for (const p of n.props ?? []) {
        if (p.type === 6 && VISIBLE_ATTRS.has(p.name) && p.value && LETTER.test(p.value.content)) {
          out.push({ file, line: n.loc.start.line, text: `${p.name}="${p.value.content}"`, why: 'static attribute' });
        }
      }
      const v = verbatim || hidden || VERBATIM.has(n.tag ?? '');
      n.children?.forEach((c) => visit(c, v));
    } else if (n.type === 2 && !verbatim && LETTER.test(String(n.content))) {
      out.push({ file, line: n.loc.start.line, text: String(n.content).trim(), why: 'text' });
    } else if (n.type === 5 && !verbatim) {
      const m = PROSE.exec(n.loc.source);
      if (m) out.push({ file, line: n.loc.start.line, text: m[0], why: 'string literal in {{ }}' });
    }
  };
  const ast = descriptor.template?.ast as unknown as Node | undefined;
  ast?.children?.forEach((c) => visit(c, false));
  return out;
}
