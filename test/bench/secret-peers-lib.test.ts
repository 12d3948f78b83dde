/**
 * The pieces of bench/secret-peers.ts that decide what a sample is: the Go reader that rebuilds the
 * peers' test data (trufflehog tables, gitleaks tps/fps with regenerated secrets), the regex-driven
 * generator, and the OpenSSH container built around a node-generated ed25519 key (ssh-keygen must read it).
 */
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GITLEAKS_TEMPLATES, GoEvaluator, randomFromRegex, seededRandom, shannon, tokenize } from '../../bench/lib/go-literals.js';
import { opensshEd25519 } from '../../bench/lib/private-keys.js';
import { tempDir } from '../helpers/repo.js';

const evaluate = (src: string, expr: string, seed = 1) => {
  const ev = new GoEvaluator(seededRandom(seed), tokenize(src));
  return { value: ev.expression(tokenize(expr), 0).value, ev };
};

describe('Go literal reader', () => {
  it('reads interpreted and raw strings, escapes, concatenation and named constants', () => {
    const src = 'var (\n\tprefix = "ab\\tc\\x41"\n\tbody = `raw\\n` + "z"\n)\nconst key = prefix + body // comment "not this"\n';
    expect(evaluate(src, 'key').value).toBe('ab\tcAraw\\nz');
  });

  it('formats fmt.Sprintf and strings.Repeat, and gives up on what it cannot read', () => {
    const src = 'var valid = "r8_x"\nvar keyword = "replicate"\n';
    expect(evaluate(src, 'fmt.Sprintf("%s token = \'%s\'", keyword, valid)').value).toBe("replicate token = 'r8_x'");
    expect(evaluate(src, 'strings.Repeat("ab", 3)').value).toBe('ababab');
    expect(evaluate(src, 'someFunc(valid)').value).toBeUndefined();
    expect(evaluate(src, 'fmt.Sprintf("%s", unknownName)').value).toBeUndefined();
  });

  it('reads []string lists, append with a spread, and nil', () => {
    const { value } = evaluate('', 'append([]string{"a", "b",}, []string{"c"}...)');
    expect(value).toEqual(['a', 'b', 'c']);
    expect(evaluate('', 'nil').value).toEqual([]);
  });

  it("expands gitleaks' GenerateSampleSecrets around a regenerated secret, the same for the same seed", () => {
    const expr = 'utils.GenerateSampleSecrets("groq", "gsk_"+secrets.NewSecretWithEntropy(`[A-Z0-9]{52}`, 3.5))';
    const a = evaluate('', expr, 7);
    const samples = a.value as string[];
    expect(samples).toHaveLength(GITLEAKS_TEMPLATES.length);
    const [secret] = [...a.ev.generated];
    expect(secret).toMatch(/^[A-Z0-9]{52}$/);
    expect(shannon(secret)).toBeGreaterThanOrEqual(3.5);
    expect(samples).toContain(`groqToken = "gsk_${secret}"`);
    expect(samples).toContain(`{"config.ini": "GROQ_TOKEN=gsk_${secret}\\nBACKUP_ENABLED=true"}`);
    expect(evaluate('', expr, 7).value).toEqual(samples);
    expect(evaluate('', expr, 8).value).not.toEqual(samples);
  });

  it('generates strings matching the simple regexes gitleaks samples use, and refuses alternation', () => {
    const random = seededRandom(3);
    for (const pattern of ['AIza[\\w-]{35}', '[a-z0-9_-]{93}', 'hf_(?i:[a-z]{34})', 'pcsk_[A-Za-z0-9]{5,6}_[A-Za-z0-9]{63}']) {
      const s = randomFromRegex(pattern, random)!;
      expect(s).toMatch(new RegExp(`^${pattern.replace('(?i:[a-z]{34})', '[A-Za-z]{34}')}$`));
    }
    expect(randomFromRegex('a|b', random)).toBeUndefined();
  });
});

describe('generated OpenSSH key', () => {
  const hasSshKeygen = (() => {
    try {
      execFileSync('ssh-keygen', ['-?'], { stdio: 'ignore' });
      return true;
    } catch (err) {
      return (err as { status?: number }).status !== undefined && (err as { status?: number }).status !== 127;
    }
  })();

  it('has the OpenSSH armor and an openssh-key-v1 body', () => {
    const pem = opensshEd25519();
    expect(pem).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----\n([A-Za-z0-9+/=]{1,70}\n)+-----END OPENSSH PRIVATE KEY-----\n$/);
    const body = Buffer.from(pem.split('\n').slice(1, -2).join(''), 'base64');
    expect(body.subarray(0, 15).toString('latin1')).toBe('openssh-key-v1\0');
  });

  (hasSshKeygen ? it : it.skip)('is a key ssh-keygen reads (it derives the public key)', () => {
    const t = tempDir();
    try {
      const file = join(t.dir, 'id_ed25519');
      writeFileSync(file, opensshEd25519());
      chmodSync(file, 0o600);
      expect(execFileSync('ssh-keygen', ['-y', '-f', file], { encoding: 'utf8' })).toMatch(/^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI[A-Za-z0-9+/]+/);
    } finally {
      t.cleanup();
    }
  });
});
