// The README's CLI reference names the same choices the registries and the schema hold: an optimizer, schedule,
// loss, export format, memory rule or architecture added (or dropped) in code without the README fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIT_MODES } from '#contract/dataset';
import { MemoryRule } from '#contract/memory';
import { choices } from '../../src-main/service/choices';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const cli = readme.slice(readme.indexOf('## CLI reference'), readme.indexOf('### Benchmarks'));

/** The `a\|b\|c` list the README gives after a flag (escaped pipes, as in a Markdown table). */
function listed(flag: string): string[] {
  const m = new RegExp(`${flag} ([\\w-]+(?:\\\\\\|[\\w-]+)+)`).exec(cli);
  if (!m) throw new Error(`README's CLI reference does not list the values of ${flag}`);
  return m[1]!.split('\\|');
}

describe('README CLI reference', () => {
  const c = choices();
  it.each([
    ['--optimizer', c.optimizer], ['--schedule', c.schedule], ['--loss', c.loss],
    ['--fit', [...FIT_MODES]], ['--rule', [...MemoryRule.options]], ['--format', [...c.exportFormat, 'all']],
  ])('lists %s as the code does', (flag, values) => {
    expect(listed(flag).sort()).toEqual([...values].sort());
  });

  it('describes every architecture of the registry, and no other', () => {
    const section = cli.slice(cli.indexOf('Architectures (`--arch`)'));
    const bullets = [...section.matchAll(/^- ((?:`[\w-]+`(?:, )?)+)/gm)].flatMap((m) => [...m[1]!.matchAll(/`([\w-]+)`/g)].map((x) => x[1]!));
    expect(bullets.sort()).toEqual([...c.arch].sort());
  });
});
