/**
 * The sink lists of the tool-input rule pages are generated from the rows (src/families/tool-input/kinds/): each
 * sink rule's page holds, at the end of `## What it finds`, a block between
 *
 *   <!-- generated: sinks of src/families/tool-input/kinds/<kind>.ts; UPDATE_DOCS=1 NODE_OPTIONS=--experimental-vm-modules npx jest test/docs rewrites it -->
 *   <!-- end generated -->
 *
 * equal to renderKindRows of the kind its rule names (`sinkKind`, the one kind → rule link). After changing rows,
 * `UPDATE_DOCS=1 NODE_OPTIONS=--experimental-vm-modules npx jest test/docs` (or just this file) rewrites the blocks (it inserts a missing one too); read the diff.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sinkRules } from '../../src/families/tool-input/index.js';
import { renderKindRows } from '../../src/families/tool-input/kinds/docs.js';
import { KIND_ROWS } from '../../src/families/tool-input/kinds/index.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const UPDATE = process.env.UPDATE_DOCS === '1';
const REWRITE = 'UPDATE_DOCS=1 NODE_OPTIONS=--experimental-vm-modules npx jest test/docs';

const kindFile = (kind: string) => `src/families/tool-input/kinds/${kind}.ts`;
const startMarker = (kind: string) => `<!-- generated: sinks of ${kindFile(kind)}; ${REWRITE} rewrites it -->`;
const END = '<!-- end generated -->';

/** The block a page holds for `kind`: the markers around the rendered list. */
function expectedBlock(kind: (typeof KIND_ROWS)[number]): string {
  const body = renderKindRows(kind);
  return `${startMarker(kind.kind)}\n\n${body ? `${body}\n` : ''}${END}`;
}

interface Found {
  block: string | null;
  /** Where the block is (or goes: the end of `## What it finds`, before the next `##` heading). */
  start: number;
  end: number;
}

/** The generated block of `## What it finds`; throws when the page has no such section. */
function findBlock(text: string, kind: string): Found {
  const section = /^## What it finds[ \t]*$/m.exec(text);
  if (!section) throw new Error('the page has no "## What it finds" section');
  const next = /^## /m.exec(text.slice(section.index + section[0].length));
  const sectionEnd = next ? section.index + section[0].length + next.index : text.length;
  const within = text.slice(0, sectionEnd);
  const start = within.indexOf(startMarker(kind), section.index);
  if (start >= 0) {
    const end = within.indexOf(END, start);
    if (end < 0) throw new Error(`the generated block has no "${END}" before the next ## heading`);
    return { block: within.slice(start, end + END.length), start, end: end + END.length };
  }
  // Not there yet: it goes after the section's prose, one blank line before the next heading.
  const at = within.trimEnd().length;
  return { block: null, start: at, end: at };
}

const pages = sinkRules.map((rule) => ({ id: rule.meta.id, kind: rule.sinkKind, file: join(ROOT, 'docs', 'rules', `${rule.meta.id}.md`) }));

describe('tool-input rule pages: sink lists generated from the rows', () => {
  it('every kind of the rows has its module, exactly one sink rule and that rule a page; every sink rule a kind', () => {
    expect(KIND_ROWS.map((k) => [k.kind, existsSync(join(ROOT, kindFile(k.kind))), pages.filter((p) => p.kind === k.kind).length])).toEqual(
      KIND_ROWS.map((k) => [k.kind, true, 1]),
    );
    expect(pages.filter((p) => !KIND_ROWS.some((k) => k.kind === p.kind)).map((p) => p.id)).toEqual([]);
    expect(pages.filter((p) => !existsSync(p.file)).map((p) => p.id)).toEqual([]);
  });

  it.each(pages.map((p) => [p.id, p] as const))('%s holds the list of its kind in ## What it finds', (_, page) => {
    const kind = KIND_ROWS.find((k) => k.kind === page.kind)!;
    const text = readFileSync(page.file, 'utf8');
    const found = findBlock(text, page.kind);
    const expected = expectedBlock(kind);
    if (UPDATE && found.block !== expected) {
      const before = text.slice(0, found.start);
      const after = text.slice(found.end);
      const block = found.block === null ? `\n\n${expected}\n\n` : expected;
      writeFileSync(page.file, (found.block === null ? before.trimEnd() : before) + block + (found.block === null ? after.trimStart() : after));
      return;
    }
    try {
      expect(found.block).toBe(expected);
    } catch (e) {
      (e as Error).message =
        `docs/rules/${page.id}.md: the sink list is not what ${kindFile(page.kind)} renders: run ${REWRITE} and read the diff\n\n${(e as Error).message}`;
      throw e;
    }
  });
});

describe('the block finder', () => {
  const kind = 'path';
  const page = ['# x', '', '## What it finds', '', 'Prose.', '', '## Why it matters', '', 'More.', ''].join('\n');

  it('places a missing block after the prose of ## What it finds', () => {
    const found = findBlock(page, kind);
    expect(found.block).toBeNull();
    expect(page.slice(0, found.start).endsWith('Prose.')).toBe(true);
  });

  it('finds a block only inside ## What it finds, and wants its end marker there', () => {
    const block = `${startMarker(kind)}\n\nlist\n\n${END}`;
    const withBlock = page.replace('Prose.\n', `Prose.\n\n${block}\n`);
    expect(findBlock(withBlock, kind).block).toBe(block);
    expect(findBlock(page.replace('More.\n', `${block}\n`), kind).block).toBeNull();
    expect(() => findBlock(withBlock.replace(END, ''), kind)).toThrow(/no "<!-- end generated -->"/);
    expect(findBlock(withBlock, 'sql').block).toBeNull();
  });
});
