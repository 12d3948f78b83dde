import { describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, quoteName } from '../../src/config/load.js';
import { checkGlob } from '../../src/config/globs.js';
import { configSchema } from '../../src/config/schema.js';
import { ALL_RULES } from '../../src/families/index.js';
// @ts-expect-error plain ESM script without types
import { configValidatorSource } from '../../scripts/config-validator.mjs';
import { UsageError } from '../../src/core/errors.js';
import type { RuleMeta } from '../../src/core/types.js';
import { tempDir, writeTree } from '../helpers/repo.js';

const rules: RuleMeta[] = [
  {
    id: 'rate-limit/unbounded-agent-loop',
    family: 'rate-limit',
    severity: 'warning',
    description: 'd',
    fix: 'f',
    messages: {},
    cwe: [834],
    securitySeverity: 5,
    precision: 'high',
    docs: 'https://example.test/docs',
    optionsSchema: { properties: { maxIterations: { type: 'integer', minimum: 1 } } },
  },
];

function load(files: Record<string, string>) {
  const t = tempDir();
  try {
    writeTree(t.dir, files);
    return loadConfig({ root: t.dir, rules });
  } finally {
    t.cleanup();
  }
}

function errorOf(files: Record<string, string>): string {
  try {
    load(files);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    const message = (err as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected a config error');
}

describe('config loading', () => {
  it('returns defaults when there is no config file', () => {
    const c = load({});
    expect(c.source).toBeNull();
    expect(c.maxFileSize).toBe(1024 * 1024);
    expect(c.failOn).toBe('error');
  });

  it('reads .agent-guard.yml with every key', () => {
    const c = load({
      '.agent-guard.yml': `failOn: warning\nmaxFileSize: 2048\nexclude: ["vendor/**"]\nrules:\n  rate-limit/unbounded-agent-loop:\n    severity: error\n    options: { maxIterations: 40 }\npayloads:\n  - files: "p/**/*.json"\n    schema: "p/schema.json"\nignore:\n  - rule: "*"\n    files: "legacy/**"\n    reason: old fixtures\n`,
    });
    expect(c.failOn).toBe('warning');
    expect(c.maxFileSize).toBe(2048);
    expect(c.exclude).toEqual(['vendor/**']);
    expect(c.rules['rate-limit/unbounded-agent-loop']).toEqual({ severity: 'error', options: { maxIterations: 40 } });
    expect(c.payloads).toEqual([{ files: 'p/**/*.json', schema: 'p/schema.json' }]);
    expect(c.ignore[0].reason).toBe('old fixtures');
  });

  it('reads .agent-guard.json too', () => {
    expect(load({ '.agent-guard.json': '{"failOn": "never"}' }).failOn).toBe('never');
  });

  it('names the file, line and column of a YAML syntax error', () => {
    expect(errorOf({ '.agent-guard.yml': 'failOn: error\nexclude: [unclosed\n' })).toMatch(/^\.agent-guard\.yml: YAML syntax error at line \d+, column \d+/);
  });

  it('explains an unquoted glob read as a YAML alias, without quoting the text', () => {
    expect(errorOf({ '.agent-guard.yml': 'exclude: [**/vendor/**]\n' })).toBe(
      '.agent-guard.yml: YAML error: a value starting with "*" is read as an alias: quote globs, e.g. exclude: ["**/vendor/**"]',
    );
    expect(errorOf({ '.agent-guard.yml': 'exclude:\n  - *.min.js\n' })).toContain('quote globs');
  });

  it('names an unknown key and lists the expected ones', () => {
    expect(errorOf({ '.agent-guard.yml': 'failon: error\n' })).toBe(
      '.agent-guard.yml: unknown key "failon": did you mean "failOn"? (expected one of: include, exclude, testFiles, maxFileSize, failOn, rules, payloads, ignore)',
    );
  });

  it('names the key and the expected values of a wrong value', () => {
    expect(errorOf({ '.agent-guard.yml': 'failOn: sometimes\n' })).toBe('.agent-guard.yml: key "failOn": expected one of "error", "warning", "note", "never"');
    expect(errorOf({ '.agent-guard.yml': 'maxFileSize: big\n' })).toBe('.agent-guard.yml: key "maxFileSize": expected integer');
    expect(errorOf({ '.agent-guard.yml': 'payloads:\n  - files: "x/*.json"\n' })).toBe('.agent-guard.yml: key "payloads[0]": missing required key "schema"');
  });

  it('rejects unknown rule ids and invalid rule options', () => {
    expect(errorOf({ '.agent-guard.yml': 'rules:\n  secret/no-such-rule: off\n' })).toContain('key "rules.secret/no-such-rule": unknown rule');
    expect(errorOf({ '.agent-guard.yml': 'rules:\n  not-a-family/x: off\n' })).toContain('is not a rule id');
    expect(errorOf({ '.agent-guard.yml': 'rules:\n  rate-limit/unbounded-agent-loop:\n    options: { maxIterations: 0 }\n' })).toContain(
      'rules.rate-limit/unbounded-agent-loop.options.maxIterations',
    );
    expect(errorOf({ '.agent-guard.yml': 'rules:\n  rate-limit/unbounded-agent-loop:\n    options: { maxIters: 3 }\n' })).toContain(
      'unknown key "rules.rate-limit/unbounded-agent-loop.options.maxIters"',
    );
  });

  it('gathers every error into one line', () => {
    const message = errorOf({ '.agent-guard.yml': 'failOn: sometimes\nbogus: 1\n' });
    expect(message).toContain('unknown key "bogus"');
    expect(message).toContain('key "failOn"');
  });

  it("holds valid draft-07 schemas (the config's and every rule's options): ajv does not check them at run time", () => {
    const ajv = new Ajv({ strict: false });
    ajv.addFormat('regex', true);
    expect(ajv.validateSchema(configSchema)).toBe(true);
    const withOptions = ALL_RULES.filter((r) => r.meta.optionsSchema);
    expect(withOptions.length).toBeGreaterThan(0);
    for (const rule of withOptions) {
      const schema = { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', ...rule.meta.optionsSchema };
      expect([rule.meta.id, ajv.validateSchema(schema), ajv.errors]).toEqual([rule.meta.id, true, null]);
    }
    // the check is real: a schema with a wrong keyword value is refused
    expect(ajv.validateSchema({ type: 'object', properties: { a: { type: 'strnig' } } })).toBe(false);
  });

  it('validates with the code ajv generates from that schema: src/config/config-validator.generated.ts is what `npm run generate` writes', () => {
    const committed = readFileSync(join(process.cwd(), 'src', 'config', 'config-validator.generated.ts'), 'utf8');
    expect(committed).toBe(configValidatorSource(configSchema));
  });

  it('publishes the same schema it validates with: schema/config.schema.json is what `npm run generate` writes', () => {
    const published = readFileSync(join(process.cwd(), 'schema', 'config.schema.json'), 'utf8');
    // byte for byte, as scripts/write-config-schema.mjs writes it (key order and layout included)
    expect(published).toBe(JSON.stringify(configSchema, null, 2) + '\n');
  });
});

describe('family entries and suggestions', () => {
  const meta = (id: string, severity: RuleMeta['severity'] = 'error'): RuleMeta => ({
    ...rules[0],
    id,
    family: id.split('/')[0] as RuleMeta['family'],
    severity,
    optionsSchema: undefined,
  });
  const family: RuleMeta[] = [
    rules[0],
    meta('rate-limit/unbounded-tool-concurrency', 'warning'),
    meta('tool-payload/invalid-arguments'),
    meta('tool-payload/unknown-tool'),
    meta('tool-input/sql-injection'),
  ];
  function loadWith(yaml: string) {
    const t = tempDir();
    try {
      writeTree(t.dir, { '.agent-guard.yml': yaml });
      return loadConfig({ root: t.dir, rules: family });
    } finally {
      t.cleanup();
    }
  }
  function errorWith(yaml: string): string {
    try {
      loadWith(yaml);
    } catch (err) {
      expect(err).toBeInstanceOf(UsageError);
      return (err as Error).message;
    }
    throw new Error('expected a config error');
  }

  it('accepts family/* and sets every rule of the family; a specific id overrides it', () => {
    const c = loadWith(
      'rules:\n  rate-limit/*: off\n  tool-payload/*: warning\n  tool-payload/unknown-tool: error\n  rate-limit/unbounded-agent-loop:\n    options: { maxIterations: 9 }\n',
    );
    expect(c.rules['rate-limit/unbounded-tool-concurrency']).toEqual({ severity: 'off' });
    // Key by key: the family's severity stays, the rule's own options are added.
    expect(c.rules['rate-limit/unbounded-agent-loop']).toEqual({ severity: 'off', options: { maxIterations: 9 } });
    expect(c.rules['tool-payload/invalid-arguments']).toEqual({ severity: 'warning' });
    expect(c.rules['tool-payload/unknown-tool']).toEqual({ severity: 'error' });
    expect(c.rules['tool-input/sql-injection']).toBeUndefined();
    expect(Object.keys(c.rules).some((k) => k.endsWith('/*'))).toBe(false);
    expect(loadWith('rules:\n  tool-payload/*: { severity: note }\n').rules['tool-payload/unknown-tool']).toEqual({ severity: 'note' });
  });

  it('rejects options on a family entry and an unknown family', () => {
    expect(errorWith('rules:\n  rate-limit/*:\n    options: { maxIterations: 3 }\n')).toContain('unknown key "rules.rate-limit/*.options"');
    expect(errorWith('rules:\n  rate-limits/*: off\n')).toBe(
      '.agent-guard.yml: key "rules": "rate-limits/*" is not a rule id: did you mean "rate-limit/*"? (expected family/rule-name or family/*, family one of secret, tool-input, rate-limit, tool-payload)',
    );
  });

  it('suggests the rule id meant, in rules and in ignore entries', () => {
    expect(errorWith('rules:\n  tool-input/sql-injectoin: off\n')).toBe(
      '.agent-guard.yml: key "rules.tool-input/sql-injectoin": unknown rule: did you mean "tool-input/sql-injection"? (run "agent-guard rules" for the list)',
    );
    expect(errorWith('ignore:\n  - rule: tool-payload/unknown-tol\n    files: "a/**"\n    reason: r\n')).toBe(
      '.agent-guard.yml: key "ignore[0].rule": unknown rule "tool-payload/unknown-tol": did you mean "tool-payload/unknown-tool"? (expected a rule id, family/* or *)',
    );
    expect(loadWith('ignore:\n  - rule: tool-payload/*\n    files: "a/**"\n    reason: r\n').ignore).toHaveLength(1);
  });
});

describe('config bounds (issue 18)', () => {
  it('refuses globs that would backtrack, keeps ordinary ones', () => {
    expect(checkGlob('*a*a*a*a*a*a*a*a*a*a*a*a*b')).toMatch(/more than 3 "\*" in one path segment/);
    expect(checkGlob('**/a/**/b/**/c/**/d')).toMatch(/more than 3 "\*\*" segments/);
    expect(checkGlob('+(a|aa)b')).toMatch(/extglob/);
    expect(checkGlob('x'.repeat(600))).toMatch(/longer than 512/);
    for (const ok of ['**/*.test.*', 'src/**/vendor/**', '*.{ts,tsx}', 'p/**/*.json', '**/*a*b*']) expect(checkGlob(ok)).toBeNull();
    expect(errorOf({ '.agent-guard.yml': 'ignore:\n  - rule: "*"\n    files: "*a*a*a*a*b"\n    reason: r\n' })).toMatch(
      /key "ignore\[0\]\.files": glob refused/,
    );
  });

  it('refuses a YAML alias bomb', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++)
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    expect(errorOf({ '.agent-guard.yml': levels.join('\n') + '\n' })).toMatch(/too many alias expansions/);
  });

  it('shows names whole and credential-like strings masked', () => {
    for (const name of ['exlude', 'secret/opnai-api-key', 'maxFileSize', 'tool-payload/*']) expect(quoteName(name)).toBe(name);
    for (const name of ['AKIA' + 'Q'.repeat(4) + '2345ABCDEFGH', 'ab12cd34ef56gh78', 'x'.repeat(41), 'has space']) expect(quoteName(name)).toContain('…');
  });
});
