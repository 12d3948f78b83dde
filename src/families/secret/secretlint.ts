/**
 * secretlint's core with its recommended preset, run once per file and shared by every secret/* rule
 * (through `ctx.memo('secretlint', ...)`). Its messages embed the secret in clear text: nothing here
 * passes them on; callers get the rule, message id and the exact span of the secret only.
 */
import type { lintSource as LintSource } from '@secretlint/core';
import type { SecretLintCoreConfig, SecretLintCoreResultMessage } from '@secretlint/types';
import type { RuleContext } from '../../core/types.js';
import { OPENAI_MARKER } from './fake-keys.js';

export const PRESET_ID = '@secretlint/secretlint-rule-preset-recommend';

/**
 * secretlint, loaded on first use: most files never reach it (see PRESET_TRIGGERS), and a pre-commit
 * hook that scans a few files should not pay for loading it.
 *
 * secretlint 12 profiles every run: each `mark()` feeds a PerformanceObserver whose callback scans all
 * earlier entries, so time grows with the square of the file count (2,000 files: 27 s instead of
 * 0.6 s). Nothing reads the profile here, so the marks are dropped at the source.
 * See secretlint/secretlint#1633 and #1653 (fixed in 13.x, which needs Node 22).
 */
let loaded: Promise<{ lintSource: typeof LintSource; config: SecretLintCoreConfig }> | undefined;
function loadSecretlint() {
  loaded ??= (async () => {
    const [{ lintSource }, { secretLintProfiler }, { creator: recommendedPreset }] = await Promise.all([
      import('@secretlint/core'),
      import('@secretlint/profiler'),
      import('@secretlint/secretlint-rule-preset-recommend'),
    ]);
    Object.defineProperty(secretLintProfiler, 'mark', { value: () => {}, configurable: true, writable: true });
    const config: SecretLintCoreConfig = {
      rules: [
        {
          id: PRESET_ID,
          rule: recommendedPreset,
          rules: [
            // AWS access key ids (AKIA…) are only scanned when asked for. The same option turns on the
            // account id check, whose hits are dropped below (IGNORED_MESSAGES).
            { id: '@secretlint/secretlint-rule-aws', options: { enableIDScanRule: true } },
            // agent-guard reads private key blocks itself (private-keys.ts): by structure, not by the look of the text.
            { id: '@secretlint/secretlint-rule-privatekey', disabled: true },
          ],
        },
      ],
    };
    return { lintSource, config };
  })();
  return loaded;
}

/**
 * secretlint messages that are not credentials. An AWS account id (`123456789012`, AWS's documented
 * placeholder, fills whole repositories of examples) is an identifier: knowing it grants nothing. The aws
 * rule has no option for keeping key ids without account ids (`enableIDScanRule` turns on both).
 */
const IGNORED_MESSAGES = new Set(['AWSAccountID']);

/** One secretlint finding, reduced to what agent-guard needs; `secret` is the raw text (mask it). */
export interface SecretlintHit {
  /** secretlint rule id, e.g. `@secretlint/secretlint-rule-aws`. */
  ruleId: string;
  messageId: string;
  /** UTF-16 offsets of the secret itself in the file text. */
  start: number;
  end: number;
  secret: string;
  /** For a URL with credentials (`secret` is its password): the user name and host around it. */
  url?: { user: string; host: string };
}

/**
 * The secret's exact span. secretlint's range sometimes covers more than the secret (the AWS secret
 * key rule reports from the variable name), so prefer the longest data value found inside the range.
 */
function secretSpan(text: string, message: SecretLintCoreResultMessage): { start: number; end: number; url?: { user: string; host: string } } {
  const [from, to] = message.range;
  // The GCP rule reports a service account key file as a whole: point at its private key instead.
  if (message.messageId === 'PrivateKeyJSON') {
    const key = /"private_key"\s*:\s*"([^"]*)"/.exec(text);
    if (key) {
      const start = key.index + key[0].length - key[1].length - 1;
      return { start, end: start + key[1].length };
    }
  }
  let best: { start: number; end: number } | null = null;
  for (const value of Object.values(message.data ?? {})) {
    if (typeof value !== 'string' || value.length < 8) continue;
    const at = text.indexOf(value, from);
    if (at < 0 || at > to) continue; // the value must start inside the reported range
    if (!best || value.length > best.end - best.start) best = { start: at, end: at + value.length };
  }
  const span = best ?? { start: from, end: to };
  // A URL with credentials (basic auth, database connection string): the password is the secret.
  const password = /^[a-z][a-z0-9+.-]*:\/\/([^:/@\s]+):([^@\s]+)@([^/:?#\s]*)/i.exec(text.slice(span.start, span.end));
  if (password) {
    const start = span.start + password[0].length - password[3].length - 1 - password[2].length;
    return { start, end: start + password[2].length, url: { user: password[1], host: password[3] } };
  }
  return span;
}

/**
 * Text every hit of the preset contains (each rule's fixed prefix or anchor, read from its patterns).
 * Most files hold none of them, and skipping secretlint there halves the family's time on real code.
 * A superset on purpose: a false "maybe" costs one secretlint run, a false "no" would lose a finding.
 */
const PRESET_TRIGGERS = new RegExp(
  [
    'A3T[A-Z0-9]|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA', // aws key ids
    // aws secret key: the name, the assignment and the value's shape, as the rule reads them
    // (the bare name is common in agent code and recorded requests: 825 of crewAI's 27,000 files).
    '(?:SECRET|secret|Secret)_?(?:ACCESS|access|Access)_?(?:KEY|key|Key)["\']?\\s*(?::|=>|=)\\s*["\']?[A-Za-z0-9/+=]{40}',
    'BEGIN\\s?(?:[A-Z]+\\s?)?PRIVATE KEY', // gcp (its JSON key holds a PEM block)
    'x-oauth-basic|_authToken|npm_', // npm
    'xox[bpaor]-|xapp-|hooks\\.slack\\.com', // slack
    ':\\/\\/[^:\\/\\s]+:[^@\\/\\s]+@', // basicauth, database connection strings
    `${OPENAI_MARKER}|sk-ant-api0|gsk_|hf_`, // openai, anthropic, groq, huggingface
    'lin_api_|ntn_|SG\\.|shp(?:pa|ca|at|ss)_|gh[pousr]_|github_pat_|glpat-|glc_|glsa_|ops_ey|hv[sbr]\\.|vc[piark]_|dapi|dckr_pat_|figd_',
  ].join('|'),
);

export function mayHoldPresetSecret(text: string): boolean {
  return PRESET_TRIGGERS.test(text);
}

export async function runSecretlint(text: string, path: string): Promise<SecretlintHit[]> {
  if (!mayHoldPresetSecret(text)) return [];
  const { lintSource, config } = await loadSecretlint();
  const dot = path.lastIndexOf('.');
  let result;
  try {
    result = await lintSource({
      source: { filePath: path, content: text, ext: dot > path.lastIndexOf('/') ? path.slice(dot) : '', contentType: 'text' },
      options: { config, noPhysicFilePath: true, maskSecrets: false },
    });
  } catch (err) {
    // Never let a third-party error message (which could quote the file) reach the output: no cause attached.
    // eslint-disable-next-line preserve-caught-error
    throw new Error(`secretlint failed on this file (${(err as Error)?.name ?? 'error'})`);
  }
  return result.messages
    .filter((m) => !IGNORED_MESSAGES.has(m.messageId))
    .map((m) => {
      const span = secretSpan(text, m);
      return { ruleId: m.ruleId, messageId: m.messageId, ...span, secret: text.slice(span.start, span.end) };
    });
}

/** secretlint's hits for the file being checked, computed once per file. */
export function secretlintHits(ctx: RuleContext): Promise<SecretlintHit[]> {
  return ctx.memo('secretlint', () => runSecretlint(ctx.file.text, ctx.file.path));
}
