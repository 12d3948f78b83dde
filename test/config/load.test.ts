import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { configSchema } from '../../src/config/schema.js';
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
    expect(errorOf({ '.agent-guard.yml': 'exclude: [**/vendor/**]\n' })).toBe('.agent-guard.yml: YAML error: a value starting with "*" is read as an alias: quote globs, e.g. exclude: ["**/vendor/**"]');
    expect(errorOf({ '.agent-guard.yml': 'exclude:\n  - *.min.js\n' })).toContain('quote globs');
  });

  it('names an unknown key and lists the expected ones', () => {
    expect(errorOf({ '.agent-guard.yml': 'failon: error\n' })).toBe(
      '.agent-guard.yml: unknown key "failon" (expected one of: include, exclude, maxFileSize, failOn, rules, payloads, ignore)',
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
    expect(errorOf({ '.agent-guard.yml': 'rules:\n  rate-limit/unbounded-agent-loop:\n    options: { maxIterations: 0 }\n' })).toContain('rules.rate-limit/unbounded-agent-loop.options.maxIterations');
    expect(errorOf({ '.agent-guard.yml': 'rules:\n  rate-limit/unbounded-agent-loop:\n    options: { maxIters: 3 }\n' })).toContain('unknown key "rules.rate-limit/unbounded-agent-loop.options.maxIters"');
  });

  it('gathers every error into one line', () => {
    const message = errorOf({ '.agent-guard.yml': 'failOn: sometimes\nbogus: 1\n' });
    expect(message).toContain('unknown key "bogus"');
    expect(message).toContain('key "failOn"');
  });

  it('publishes the same schema it validates with', () => {
    const published = JSON.parse(readFileSync(join(process.cwd(), 'schema', 'config.schema.json'), 'utf8'));
    expect(published).toEqual(JSON.parse(JSON.stringify(configSchema)));
  });
});
