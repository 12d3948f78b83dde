/**
 * Keys in file names. A path is printed in every format, in `--output`, the baseline and the Action's
 * annotations, summary and SARIF, so a key in a file name must be masked like a key in a file: the
 * secret rules read the scanned paths (one name per line, so that `/` is no key character before a key),
 * every key they find is registered with the redactor, and each file so named gets a notice (its key
 * shown masked) telling the user to rename it and revoke the key.
 */
import { memoTable } from '../core/memo.js';
import { SourceFile } from '../core/source-file.js';
import { globalRedactor, maskSecret } from '../core/redact.js';
import type { Notice, ProjectContext, RuleContext } from '../core/types.js';
import type { AgentGuardConfig } from '../core/config.js';
import { secretRules } from '../families/secret/index.js';
import type { ScanInput } from '../sources/working-tree.js';

/** Names read per pass (characters): secretlint and the key shapes stay fast on text of this size. */
const CHUNK = 256 * 1024;

/** Keys found in `text` by the secret rules (whatever the config enables: masking is not optional). */
export async function secretsInText(text: string, config: AgentGuardConfig): Promise<string[]> {
  const found: string[] = [];
  const file = new SourceFile('paths.txt', text);
  const memo = memoTable();
  const project: ProjectContext = { root: '', config, getFile: async () => null, allPaths: async () => [], memo };
  for (const rule of secretRules) {
    if (!rule.appliesTo(file)) continue;
    const ctx: RuleContext = {
      file,
      project,
      options: { ...(rule.meta.defaultOptions ?? {}) },
      tree: async () => null,
      memo,
      report: (r) => {
        if (r.secret) found.push(r.secret);
      },
    };
    try {
      await rule.check(ctx);
    } catch {
      // A rule failing on the list of names leaves those names as they are; the file scan reports rule errors.
    }
  }
  return found;
}

/**
 * Register every key found in the scanned paths (files and skipped files) with the redactor; one notice per path holding one, keyed for the
 * engine's notice table (`path\0`).
 */
export async function pathSecretNotices(input: Pick<ScanInput, 'entries' | 'skipped'>, config: AgentGuardConfig): Promise<[string, Notice][]> {
  const unique = [...new Set([...input.entries, ...input.skipped].map((e) => e.path))];
  // The config's own paths and globs are printed too (a payload schema that cannot be read).
  const fromConfig = config.payloads.flatMap((m) => [m.files, m.schema]);
  const names = [...new Set([...unique, ...fromConfig].flatMap((p) => p.split('/')))].filter((n) => n.length >= 8);
  const secrets = new Set<string>();
  for (let i = 0; i < names.length;) {
    let size = 0;
    const chunk: string[] = [];
    while (i < names.length && (chunk.length === 0 || size + names[i].length < CHUNK)) {
      size += names[i].length + 1;
      chunk.push(names[i++]);
    }
    for (const s of await secretsInText(chunk.join('\n'), config)) secrets.add(s);
  }
  if (secrets.size === 0) return [];
  for (const s of secrets) globalRedactor.add(s);
  const notices: [string, Notice][] = [];
  for (const path of unique) {
    const held = [...secrets].filter((s) => path.includes(s));
    if (held.length === 0) continue;
    notices.push([`${path}\0name`, { path, message: `the file name holds a key (${held.map(maskSecret).join(', ')}): revoke it, and rename the file` }]);
  }
  return notices;
}
