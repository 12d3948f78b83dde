/**
 * One docs test for every rule of every family (as eslint's docs checks do): each page is checked for its
 * shape, and its examples are run through the rule they document.
 *
 * The contract of docs/rules/<family>/<name>.md:
 * - every rule of ALL_RULES has a page at docs/rules/<rule id>.md, and every page belongs to a rule;
 * - the first line is `# <rule id>`, and it is the page's only `#` heading;
 * - the `##` headings are exactly, in this order: What it finds, Why it matters, Bad, Good, [What counts as a
 *   guard], [Options], How to suppress. The two bracketed, family-specific sections are optional and may stand
 *   only there, between `## Good` and `## How to suppress` (a reader finds the examples and the suppression at
 *   the same place on every page); no other `##` heading is allowed;
 * - `## How to suppress` shows the inline marker for the page's own rule: `agent-guard-ignore <rule id>:`;
 * - the fenced code blocks of `## Bad` and `## Good` are runnable examples. Each section is written as one small
 *   repository in a temp directory and scanned with that rule alone: every example file of `## Bad` must get at
 *   least one finding of the rule, and `## Good` must get none. `## How to suppress` is run too when its blocks
 *   name their files: no finding of the rule may be left, and at least one must have been suppressed.
 *   (Each example file of `## Bad` must be found on its own: a page showing two cases shows two blocks.)
 *
 * Writing an example:
 * - a block's file name comes from its fence language (`python` -> snippet_1.py, `dotenv` -> .env, ...: EXT);
 * - `<!-- file: path -->` on the line before the fence (blank lines between allowed), or `file=path` in the info
 *   string, gives the file a path instead (LiteLLM's `config.yaml`, payloads under a folder, `.npmrc`);
 * - `<!-- companion: path -->` (or `companion=path`) writes a file the example needs (a schema, an
 *   `.agent-guard.yml`) without expecting a finding in it; the companions of `## Bad` are written for `## Good`
 *   and `## How to suppress` as well, unless those sections give a file at the same path;
 * - secret pages never hold a real-looking key (the repository scans itself): they write `{{FAKE_KEY}}` (the
 *   rule's first fake-key generator), `{{FAKE_KEY:<generator>}}` (see FAKE_KEY_GENERATORS), `{{FAKE_PASSWORD}}`
 *   (24 random letters and digits, for URLs with credentials), `{{FAKE_PEM}}` / `{{FAKE_PEM:<type>}}` (a PEM
 *   private key block), `{{FAKE_PEM_JSON}}` (the same, escaped for a JSON string) or `{{ELIDED_PEM:<type>}}` (its
 *   armor around an elided body, as a README shows a key file), and this test puts a freshly
 *   generated fake there before scanning. Every secret rule's Bad example is generated this way: no rule needs an
 *   exemption. A page itself must hold no credential-shaped string at all (checked below with the secret rules).
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scan } from '../../src/engine/engine.js';
import { ALL_RULES } from '../../src/families/index.js';
import { ALNUM, FAKE_KEY_GENERATORS, fakeKey, fakePrivateKeyPem, randomString, seededRng, type Rng } from '../../src/families/secret/fake-keys.js';
import { tempDir, writeTree } from '../helpers/repo.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DOCS = join(ROOT, 'docs', 'rules');

const REQUIRED_BEFORE = ['What it finds', 'Why it matters', 'Bad', 'Good'];
/** Family-specific sections, optional, allowed only between `## Good` and `## How to suppress`, in this order. */
const OPTIONAL = ['What counts as a guard', 'Options'];
const SUPPRESS = 'How to suppress';

/** Fence language -> extension of the file the block is written to. */
const EXT: Record<string, string> = {
  python: '.py',
  py: '.py',
  ts: '.ts',
  typescript: '.ts',
  js: '.js',
  javascript: '.js',
  json: '.json',
  jsonl: '.jsonl',
  yaml: '.yaml',
  yml: '.yaml',
  sh: '.sh',
  bash: '.sh',
  shell: '.sh',
  dotenv: '.env',
  env: '.env',
  toml: '.toml',
};

/**
 * Documented Bad examples the rule does not find today, with the reason: each is a finding about the rule, not
 * about the page. The test asserts that the gap is still there, so that fixing the rule makes it fail until the
 * entry is removed. Keyed by rule id, then by the path the block is written to. None today.
 */
const KNOWN_GAPS: Record<string, Record<string, string>> = {};

// ---------------------------------------------------------------------------------------------------------------
// Reading a page

interface Block {
  lang: string;
  /** Path given by a `file:`/`companion:` comment or info-string attribute. */
  path?: string;
  companion: boolean;
  text: string;
  /** 1-based line of the opening fence. */
  line: number;
}

interface Section {
  heading: string;
  text: string;
  blocks: Block[];
}

interface Page {
  id: string;
  firstLine: string;
  /** `#` headings outside code blocks. */
  titles: string[];
  sections: Section[];
}

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*(.*)$/;
const FILE_COMMENT = /^<!--\s*(file|companion)\s*:\s*(\S+)\s*-->$/;

function readPage(id: string): Page {
  const lines = readFileSync(join(DOCS, `${id}.md`), 'utf8').split('\n');
  const sections: Section[] = [];
  const titles: string[] = [];
  let current: Section | null = null;
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (open) {
      const fence = open[1];
      const body: string[] = [];
      let j = i + 1;
      for (; j < lines.length; j++) {
        const close = FENCE.exec(lines[j]);
        if (close && close[1][0] === fence[0] && close[1].length >= fence.length && close[2].trim() === '') break;
        body.push(lines[j]);
      }
      const [lang = '', ...attrs] = open[2].trim().split(/\s+/);
      let path: string | undefined;
      let companion = false;
      for (const a of attrs) {
        const m = /^(file|companion)=(\S+)$/.exec(a);
        if (m) [path, companion] = [m[2], m[1] === 'companion'];
      }
      let k = i - 1;
      while (k >= 0 && lines[k].trim() === '') k--;
      const comment = k >= 0 ? FILE_COMMENT.exec(lines[k].trim()) : null;
      if (comment) [path, companion] = [comment[2], comment[1] === 'companion'];
      current?.blocks.push({ lang: lang.toLowerCase(), path, companion, text: body.join('\n') + '\n', line: i + 1 });
      if (current) current.text += [lines[i], ...body, lines[j] ?? ''].join('\n') + '\n';
      i = j;
      continue;
    }
    if (/^# /.test(lines[i])) titles.push(lines[i]);
    const heading = /^## (.+?)\s*$/.exec(lines[i]);
    if (heading) {
      current = { heading: heading[1], text: '', blocks: [] };
      sections.push(current);
    } else if (current) current.text += `${lines[i]}\n`;
  }
  return { id, firstLine: lines[0], titles, sections };
}

function section(page: Page, heading: string): Section | undefined {
  return page.sections.find((s) => s.heading === heading);
}

// ---------------------------------------------------------------------------------------------------------------
// Writing a section as a repository

/** A stable seed per rule, so a failing example fails the same way on every run. */
function seedOf(id: string): number {
  let h = 2166136261;
  for (const c of id) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return h >>> 0;
}

const PLACEHOLDER = /\{\{(FAKE_KEY|FAKE_PASSWORD|FAKE_PEM|FAKE_PEM_JSON|ELIDED_PEM)(?::([A-Za-z0-9-]+))?\}\}/g;

/** Replace the fake-credential placeholders of a block with generated fakes (see the header). */
function fillPlaceholders(text: string, ruleId: string, rng: Rng): string {
  return text.replace(PLACEHOLDER, (_, kind: string, arg: string | undefined) => {
    if (kind === 'FAKE_KEY') {
      const generator = arg ?? Object.keys(FAKE_KEY_GENERATORS).find((g) => FAKE_KEY_GENERATORS[g].ruleId === ruleId);
      if (!generator || !FAKE_KEY_GENERATORS[generator]) throw new Error(`${ruleId}: no fake key generator ${arg ?? 'for this rule'}`);
      return fakeKey(generator, rng).key;
    }
    if (kind === 'FAKE_PASSWORD') return randomString(rng, ALNUM, 24);
    const pem = fakePrivateKeyPem(rng, arg ?? 'RSA').trimEnd();
    if (kind === 'ELIDED_PEM') {
      // What a README shows of a key file: the armor and the start of the body, the rest elided.
      const lines = pem.split('\n');
      return [lines[0], `${lines[1].slice(0, 44)}...`, lines[lines.length - 1]].join('\n');
    }
    return kind === 'FAKE_PEM' ? pem : JSON.stringify(`${pem}\n`).slice(1, -1);
  });
}

interface WrittenFile {
  path: string;
  companion: boolean;
  line: number;
}

/** The files of a section (with the companions of `## Bad` it inherits); throws on a block it cannot place. */
function filesOf(page: Page, sec: Section, inherited: Block[] = []): { files: WrittenFile[]; tree: Record<string, string> } {
  const rng = seededRng(seedOf(`${page.id} ${sec.heading}`));
  const files: WrittenFile[] = [];
  const tree: Record<string, string> = {};
  const counts = new Map<string, number>();
  const blocks = [...sec.blocks];
  for (const c of inherited) if (!blocks.some((b) => b.path === c.path)) blocks.push(c);
  for (const b of blocks) {
    let path = b.path;
    if (!path) {
      const ext = EXT[b.lang];
      if (!ext)
        throw new Error(
          `${page.id}: the \`${b.lang || '(no language)'}\` block at line ${b.line} under "## ${sec.heading}" names no file: give it a known language or a <!-- file: path --> comment`,
        );
      const n = (counts.get(ext) ?? 0) + 1;
      counts.set(ext, n);
      path = ext === '.env' && n === 1 ? '.env' : `snippet_${n}${ext}`;
    }
    if (path in tree) throw new Error(`${page.id}: two blocks under "## ${sec.heading}" are written to ${path}`);
    tree[path] = fillPlaceholders(b.text, page.id, rng);
    files.push({ path, companion: b.companion, line: b.line });
  }
  return { files, tree };
}

const work = tempDir('agent-guard-docs-');
afterAll(() => work.cleanup());

async function run(page: Page, heading: string, tree: Record<string, string>) {
  const dir = join(work.dir, page.id.replace('/', '__'), heading.replace(/\W+/g, '-'));
  writeTree(dir, tree);
  const rule = ALL_RULES.find((r) => r.meta.id === page.id)!;
  const result = await scan({ paths: [dir], rules: [rule] });
  expect(result.ruleErrors).toEqual([]);
  return { findings: result.findings.filter((f) => f.ruleId === page.id), suppressed: result.suppressed };
}

// ---------------------------------------------------------------------------------------------------------------

const ids = ALL_RULES.map((r) => r.meta.id);

function pagesOnDisk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? pagesOnDisk(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('rule docs: one page per rule', () => {
  it('every rule has docs/rules/<id>.md, and every file there is the page of a rule', () => {
    expect(ids.filter((id) => !existsSync(join(DOCS, `${id}.md`)))).toEqual([]);
    const orphans = pagesOnDisk(DOCS)
      .map((f) => relative(DOCS, f).replace(/\\/g, '/'))
      .filter((f) => !(f.endsWith('.md') && ids.includes(f.slice(0, -3))));
    expect(orphans).toEqual([]);
    expect(Object.keys(KNOWN_GAPS).filter((id) => !ids.includes(id))).toEqual([]);
  });

  it('no page holds a credential-shaped string (secret examples use the placeholders)', async () => {
    const result = await scan({ paths: [DOCS], rules: ALL_RULES.filter((r) => r.meta.family === 'secret') });
    expect(result.findings.map((f) => `${f.ruleId} ${f.path}:${f.range.startLine}`)).toEqual([]);
    expect(result.stats.files).toBe(ids.length);
  });
});

describe.each(ids.map((id) => [id]))('%s docs', (id) => {
  const page = existsSync(join(DOCS, `${id}.md`)) ? readPage(id) : null;

  it('has the title, the headings in order and the inline suppression marker', () => {
    expect(page).not.toBeNull();
    const { firstLine, titles, sections } = page!;
    expect(firstLine).toBe(`# ${id}`);
    expect(titles).toEqual([`# ${id}`]);
    const headings = sections.map((s) => s.heading);
    expect(headings).toEqual([...REQUIRED_BEFORE, ...OPTIONAL.filter((h) => headings.includes(h)), SUPPRESS]);
    expect(section(page!, SUPPRESS)?.text ?? '').toContain(`agent-guard-ignore ${id}:`);
  });

  const bad = page && section(page, 'Bad');
  const good = page && section(page, 'Good');
  const suppress = page && section(page, SUPPRESS);
  /** Files of `## Bad` that only support the example (a schema, a config): written for every section. */
  const companions = bad?.blocks.filter((b) => b.companion) ?? [];

  it('Bad examples are found', async () => {
    expect(bad?.blocks.filter((b) => !b.companion).length).toBeGreaterThan(0);
    const { files, tree } = filesOf(page!, bad!);
    const gaps = KNOWN_GAPS[id] ?? {};
    const { findings } = await run(page!, 'Bad', tree);
    const perFile = files
      .filter((f) => !f.companion)
      .map((f) => ({ file: f.path, line: f.line, found: findings.some((x) => x.path === f.path), ...(f.path in gaps ? { knownGap: true } : {}) }));
    expect(perFile).toEqual(perFile.map((f) => ({ ...f, found: !f.knownGap })));
    expect(Object.keys(gaps).filter((path) => !perFile.some((f) => f.file === path))).toEqual([]);
  });

  it('Good examples are clean', async () => {
    expect(good?.blocks.filter((b) => !b.companion).length).toBeGreaterThan(0);
    const { findings } = await run(page!, 'Good', filesOf(page!, good!, companions).tree);
    expect(findings.map((f) => `${f.path}:${f.range.startLine} ${f.message}`)).toEqual([]);
  });

  // Run only where the page gives the suppression as files (payload pages: JSON has no comments, so the marker
  // sits in a string, and the test proves that it works there).
  const runnable = suppress?.blocks.filter((b) => b.path) ?? [];
  if (runnable.length > 0) {
    it('the suppression example silences the rule', async () => {
      const { findings, suppressed } = await run(page!, SUPPRESS, filesOf(page!, { ...suppress!, blocks: runnable }, companions).tree);
      expect({ left: findings.map((f) => `${f.path}:${f.range.startLine}`), suppressed: suppressed > 0 }).toEqual({ left: [], suppressed: true });
    });
  }
});
