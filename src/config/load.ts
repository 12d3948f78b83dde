import { existsSync, lstatSync, realpathSync } from 'node:fs';
import { basename, isAbsolute, join, relative, sep } from 'node:path';
import type { Ajv as AjvInstance, ErrorObject } from 'ajv';
import { UsageError } from '../core/errors.js';
import { maskSecret } from '../core/redact.js';
import { jsonErrorSummary, readRegularFile } from '../core/safe-read.js';
import { checkGlob } from './globs.js';
import { loadAjv, loadYaml } from '../core/lazy-modules.js';
import type { RuleMeta } from '../core/types.js';
import { configSchema, FAMILY_KEY_PATTERN } from './schema.js';
import { didYouMean } from './suggest.js';
import { validateConfig } from './config-validator.generated.js';
import { FAMILIES } from '../core/types.js';
import { defaultConfig, type AgentGuardConfig, type RuleSetting } from '../core/config.js';
import { regexProblem } from './regex-safety.js';

export const CONFIG_FILE_NAMES = ['.agent-guard.yml', '.agent-guard.yaml', '.agent-guard.json'];

/** Largest config file read (bytes): a config is a few lines; a bigger one is refused, not parsed. */
export const MAX_CONFIG_BYTES = 1024 * 1024;
/** YAML aliases a config may expand (a "billion laughs" document is refused, not expanded). */
const MAX_ALIAS_COUNT = 100;

export function findConfigFile(root: string): string | null {
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = join(root, name);
    let link: boolean;
    try {
      link = lstatSync(candidate).isSymbolicLink();
    } catch {
      continue;
    }
    // A config found in the repository is the repository's: a symlink to a file outside it (another
    // project's `failOn: never`, a file the attacker planted elsewhere) is refused, not followed.
    if (link && !insideRoot(root, candidate)) {
      throw new UsageError(`${name} is a symbolic link to a file outside the repository: refusing to read it (replace it with a file, or pass --config)`);
    }
    if (existsSync(candidate) || link) return candidate;
  }
  return null;
}

function insideRoot(root: string, path: string): boolean {
  let real: string;
  let realRoot: string;
  try {
    real = realpathSync(path);
    realRoot = realpathSync(root);
  } catch {
    return false;
  }
  const rel = relative(realRoot, real);
  return rel !== '' && rel !== '..' && !rel.startsWith('..' + sep) && !isAbsolute(rel);
}

/**
 * Only agent-guard's own schemas are compiled here (each rule's options), and a test checks them against
 * the draft-07 meta-schema: ajv does not check them again at run time, which would compile the
 * meta-schema on every scan that sets rule options.
 */
function newAjv(): AjvInstance {
  const ajv = new (loadAjv().Ajv)({ allErrors: true, strict: false, verbose: true, validateSchema: false });
  // A regular expression from the config runs on scanned text: refused unless it cannot backtrack without bound.
  ajv.addFormat('regex', { type: 'string', validate: (s: string) => regexProblem(s) === null });
  return ajv;
}

/**
 * The config's own schema is checked by code ajv generated at build time (scripts/config-validator.mjs,
 * a test keeps it current): a scan with a config neither loads ajv nor compiles the schema.
 */
function validate(data: unknown): ErrorObject[] {
  const check = validateConfig as ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
  return check(data) ? [] : [...(check.errors ?? [])];
}

/**
 * A name written in the config (a key, a rule id), as an error message may quote it: whole when it reads
 * as a name, masked like a secret when it could be a credential pasted in the wrong place (long, or a run
 * of 16 letters and digits, or of 12 mixing both). The redactor cannot know such a key: no rule found it.
 */
export function quoteName(name: string): string {
  const credentialLike =
    name.length > 40 ||
    /[^A-Za-z0-9_.*/-]/.test(name) ||
    /[A-Za-z0-9]{16}/.test(name) ||
    /(?=[A-Za-z0-9]*\d)(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{12}/.test(name);
  return credentialLike ? maskSecret(name) : name;
}

/** `rules.secret/foo.severity` style key path from an ajv instance path, under an optional prefix. */
function keyPath(instancePath: string, prefix = ''): string {
  const parts = instancePath
    .slice(1)
    .split('/')
    .filter((p) => p !== '')
    .map((p) => quoteName(p.replace(/~1/g, '/').replace(/~0/g, '~')));
  const joined = [prefix, ...parts]
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? `[${p}]` : p))
    .join('.')
    .replace(/\.\[/g, '[');
  return joined || '(top level)';
}

/** `: did you mean "x"?`, or ''. */
function suggestion(input: string, candidates: Iterable<string>): string {
  const hint = didYouMean(input, candidates);
  return hint ? `: ${hint}` : '';
}

function describe(error: ErrorObject, prefix = '', schema: object = configSchema, ruleKeys: string[] = []): string {
  const key = keyPath(error.instancePath, prefix);
  switch (error.keyword) {
    case 'additionalProperties': {
      const extra = (error.params as { additionalProperty: string }).additionalProperty;
      const where = key === '(top level)' ? quoteName(extra) : `${key}.${quoteName(extra)}`;
      const allowed = allowedKeys(error.schemaPath, schema);
      return `unknown key "${where}"${allowed ? suggestion(extra, allowed.split(', ')) : ''}${allowed ? ` (expected one of: ${allowed})` : ''}`;
    }
    case 'enum':
      return `key "${key}": expected one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'required':
      return `key "${key}": missing required key "${(error.params as { missingProperty: string }).missingProperty}"`;
    case 'propertyNames': {
      const name = (error.params as { propertyName: string }).propertyName;
      return `key "${key}": "${quoteName(name)}" is not a rule id${suggestion(name, ruleKeys)} (expected family/rule-name or family/*, family one of ${FAMILIES.join(', ')})`;
    }
    case 'type':
      return `key "${key}": expected ${(error.params as { type: string }).type}`;
    case 'format':
      if ((error.params as { format: string }).format === 'regex' && typeof error.data === 'string')
        return `key "${key}": regular expression refused: ${regexProblem(error.data) ?? 'invalid'}`;
      return `key "${key}": ${error.message ?? 'is invalid'}`;
    default:
      return `key "${key}": ${error.message ?? 'is invalid'}`;
  }
}

function allowedKeys(schemaPath: string, schema: object): string {
  // schemaPath like "#/additionalProperties" or "#/properties/payloads/items/additionalProperties"
  const parts = schemaPath.replace(/^#\//, '').split('/').slice(0, -1);
  let node: unknown = schema;
  for (const p of parts) node = (node as Record<string, unknown> | undefined)?.[p];
  const properties = (node as { properties?: object } | undefined)?.properties;
  return properties
    ? Object.keys(properties)
        .filter((k) => k !== '$schema')
        .join(', ')
    : '';
}

/** Keep one message per key: ajv's oneOf reports every branch, which reads as noise. */
function summarize(errors: ErrorObject[], ruleKeys: string[]): string[] {
  const seen = new Map<string, string>();
  for (const e of errors) {
    if (e.keyword === 'oneOf' || e.keyword === 'if') continue;
    if (e.schemaPath.includes('/propertyNames/')) continue; // the propertyNames error itself says it better
    const k = e.instancePath + '|' + (e.keyword === 'additionalProperties' ? (e.params as { additionalProperty?: string }).additionalProperty : '');
    if (!seen.has(k)) seen.set(k, describe(e, '', configSchema, ruleKeys));
  }
  return [...seen.values()];
}

const FAMILY_KEY = new RegExp(FAMILY_KEY_PATTERN);

/** What a `rules:` entry sets, from its YAML form (`off`, or `{ severity, options }`). */
function ruleSetting(setting: unknown): RuleSetting {
  return typeof setting === 'string' ? { severity: setting as RuleSetting['severity'] } : { ...(setting as RuleSetting) };
}

function parseText(file: string, text: string): unknown {
  if (file.endsWith('.json')) {
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new UsageError(`${basename(file)}: invalid JSON: ${jsonErrorSummary(err, text)}`);
    }
  }
  const doc = loadYaml().parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  // yaml's own messages quote the text around the error, which may be a key: the position says enough.
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    const line = first.linePos?.[0];
    const where = line ? ` at line ${line.line}, column ${line.col}` : '';
    throw new UsageError(`${basename(file)}: YAML syntax error${where}: ${first.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {};
  } catch (err) {
    // toJS fails on aliases (`*name`): in a config that is almost always an unquoted glob. Its message
    // quotes the value, so name the mistake instead of repeating the text.
    const message = (err as Error).message;
    if (/excessive alias count/i.test(message)) {
      throw new UsageError(`${basename(file)}: YAML error: too many alias expansions (more than ${MAX_ALIAS_COUNT}): refusing to expand it`);
    }
    const alias = /alias/i.test(message);
    throw new UsageError(
      `${basename(file)}: YAML error: ${alias ? 'a value starting with "*" is read as an alias: quote globs, e.g. exclude: ["**/vendor/**"]' : 'the document cannot be read'}`,
    );
  }
}

export interface LoadOptions {
  /** Explicit `--config FILE`; otherwise the file at the root, if any. */
  configFile?: string;
  root: string;
  rules: RuleMeta[];
}

export function loadConfig({ configFile, root, rules }: LoadOptions): AgentGuardConfig {
  const file = configFile ?? findConfigFile(root);
  const config = defaultConfig();
  if (!file) return config;
  const read = readRegularFile(file, MAX_CONFIG_BYTES);
  if ('error' in read) throw new UsageError(`cannot read config ${file}: ${read.error}`);
  if ('refused' in read) {
    throw new UsageError(
      read.refused === 'too large'
        ? `config ${file} is larger than ${MAX_CONFIG_BYTES / 1024 / 1024} MiB: refusing to read it`
        : `config ${file} is not a regular file (a FIFO, device or directory): refusing to read it`,
    );
  }
  const text = read.bytes.toString('utf8');
  const data = parseText(file, text);
  const name = basename(file);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new UsageError(`${name}: expected a mapping of keys at the top level`);
  }
  const known = new Map(rules.map((r) => [r.id, r]));
  const ruleKeys = [...known.keys(), ...FAMILIES.map((f) => `${f}/*`)];
  const problems = summarize(validate(data), ruleKeys);
  // Validated against the schema above: the keys have these types.
  const raw = data as Partial<Omit<AgentGuardConfig, 'source' | 'rules'>> & { rules?: Record<string, unknown> };
  for (const [id, setting] of Object.entries((raw.rules ?? {}) as Record<string, unknown>)) {
    if (FAMILY_KEY.test(id)) continue;
    const meta = known.get(id);
    if (!meta) {
      if (/^(secret|tool-input|rate-limit|tool-payload)\//.test(id)) {
        problems.push(`key "rules.${quoteName(id)}": unknown rule${suggestion(id, known.keys())} (run "agent-guard rules" for the list)`);
      }
      continue;
    }
    if (setting && typeof setting === 'object' && 'options' in setting) {
      problems.push(...optionProblems(meta, (setting as RuleSetting).options));
    }
  }
  if (Array.isArray(raw.ignore)) {
    raw.ignore.forEach((entry, i) => {
      const rule = (entry as { rule?: unknown } | null)?.rule;
      if (typeof rule !== 'string' || rule === '*' || FAMILY_KEY.test(rule) || known.has(rule)) return;
      problems.push(`key "ignore[${i}].rule": unknown rule "${quoteName(rule)}"${suggestion(rule, ruleKeys)} (expected a rule id, family/* or *)`);
    });
  }
  const globs: [string, unknown][] = [
    ...(Array.isArray(raw.include) ? raw.include.map((g, i): [string, unknown] => [`include[${i}]`, g]) : []),
    ...(Array.isArray(raw.exclude) ? raw.exclude.map((g, i): [string, unknown] => [`exclude[${i}]`, g]) : []),
    ...(Array.isArray(raw.testFiles) ? raw.testFiles.map((g, i): [string, unknown] => [`testFiles[${i}]`, g]) : []),
    ...(Array.isArray(raw.payloads) ? raw.payloads.map((p, i): [string, unknown] => [`payloads[${i}].files`, (p as { files?: unknown } | null)?.files]) : []),
    ...(Array.isArray(raw.ignore) ? raw.ignore.map((e, i): [string, unknown] => [`ignore[${i}].files`, (e as { files?: unknown } | null)?.files]) : []),
  ];
  for (const [where, glob] of globs) {
    const why = typeof glob === 'string' ? checkGlob(glob) : null;
    if (why) problems.push(`key "${where}": glob refused: ${why} (matching it could take minutes per file)`);
  }
  if (problems.length > 0) {
    throw new UsageError(`${name}: ${problems.join('; ')}`);
  }
  config.source = file;
  if (raw.include) config.include = raw.include;
  if (raw.exclude) config.exclude = raw.exclude;
  if (raw.testFiles) config.testFiles = raw.testFiles;
  if (raw.maxFileSize) config.maxFileSize = raw.maxFileSize;
  if (raw.failOn) config.failOn = raw.failOn;
  if (raw.payloads) config.payloads = raw.payloads;
  if (raw.ignore) config.ignore = raw.ignore;
  // `family/*` sets every rule of the family; an entry for the rule itself overrides it, key by key.
  const entries = Object.entries((raw.rules ?? {}) as Record<string, unknown>);
  for (const [key, setting] of entries) {
    if (!FAMILY_KEY.test(key)) continue;
    const family = key.slice(0, -2);
    for (const meta of rules) if (meta.family === family) config.rules[meta.id] = ruleSetting(setting);
  }
  for (const [id, setting] of entries) {
    if (FAMILY_KEY.test(id)) continue;
    config.rules[id] = { ...config.rules[id], ...ruleSetting(setting) };
  }
  return config;
}

const optionValidators = new Map<string, { schema: object; validate: ReturnType<AjvInstance['compile']> }>();
function optionProblems(meta: RuleMeta, options: unknown): string[] {
  if (!meta.optionsSchema) {
    return options && Object.keys(options as object).length > 0 ? [`key "rules.${meta.id}.options": this rule takes no options`] : [];
  }
  let entry = optionValidators.get(meta.id);
  if (!entry) {
    const schema = { type: 'object', additionalProperties: false, ...meta.optionsSchema };
    entry = { schema, validate: newAjv().compile(schema) };
    optionValidators.set(meta.id, entry);
  }
  if (entry.validate(options)) return [];
  return (entry.validate.errors ?? []).map((e) => describe(e, `rules.${meta.id}.options`, entry.schema));
}
