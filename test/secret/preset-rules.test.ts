import { describe, expect, it } from '@jest/globals';
import { presetRules, PRESET_RULES } from '../../src/families/secret/rules/secretlint-preset.js';
import { ALNUM, fakeKey, fakePrivateKeyPem, HEX, PRESET_FAKE_KEY_GENERATORS, randomString, seededRng } from '../../src/families/secret/fake-keys.js';
import { runOnFiles } from '../helpers/rules.js';

/** A file holding one generated key of each preset service, and the rule expected to report it. */
function presetSamples(seed: number): { path: string; text: string; ruleId: string; secret: string }[] {
  const rng = seededRng(seed);
  const samples = Object.keys(PRESET_FAKE_KEY_GENERATORS).map((provider) => {
    const k = fakeKey(provider, rng);
    return { path: `${provider}.env`, text: `# ${provider}\n${k.envVar}=${k.key}\n`, ruleId: k.ruleId, secret: k.key };
  });
  const pem = fakePrivateKeyPem(rng);
  samples.push({ path: 'id_rsa', text: pem, ruleId: 'secret/private-key', secret: pem.trim() });
  const gcpKey = fakePrivateKeyPem(rng).replace(/\n/g, '\\n');
  const serviceAccount = JSON.stringify({ type: 'service_account', project_id: 'agent-demo', private_key_id: 'f'.repeat(8), private_key: gcpKey }, null, 2);
  samples.push({ path: 'service-account.json', text: serviceAccount, ruleId: 'secret/gcp-service-account-key', secret: gcpKey });
  return samples;
}

describe('secretlint preset rules', () => {
  it('maps every scanner rule of the preset exactly once', async () => {
    const { rules } = await import('@secretlint/secretlint-rule-preset-recommend');
    const { PRESET_RULES_FOLDED_INTO_PROVIDER_RULES } = await import('../../src/families/secret/rules/secretlint-preset.js');
    const scanners = rules.filter((r) => r.meta.type === 'scanner' && r.meta.id !== '@secretlint/secretlint-rule-filter-comments').map((r) => r.meta.id);
    const mapped = [...PRESET_RULES.map((r) => r.secretlintId), ...Object.keys(PRESET_RULES_FOLDED_INTO_PROVIDER_RULES)];
    expect([...mapped].sort()).toEqual([...scanners].sort());
  });

  it.each([1, 2])('reports a generated credential of every mapped rule, once, masked (seed %i)', async (seed) => {
    const samples = presetSamples(seed);
    const result = await runOnFiles(presetRules, Object.fromEntries(samples.map((s) => [s.path, s.text])));
    expect(result.ruleErrors).toEqual([]);
    const got = samples.map((s) => result.findings.filter((f) => f.path === s.path).map((f) => f.ruleId));
    expect(got).toEqual(samples.map((s) => [s.ruleId]));
    // Every mapped rule is exercised by at least one sample.
    expect(new Set(samples.map((s) => s.ruleId))).toEqual(new Set(PRESET_RULES.map((r) => r.id)));
    for (const s of samples) {
      const finding = result.findings.find((f) => f.path === s.path)!;
      expect(finding.message).not.toContain(s.secret);
    }
  });

  it('points a service account key file at its private key, not the whole file', async () => {
    const [sample] = presetSamples(3).filter((s) => s.ruleId === 'secret/gcp-service-account-key');
    const result = await runOnFiles(presetRules, { [sample.path]: sample.text });
    const line = sample.text.split('\n').findIndex((l) => l.includes('"private_key"')) + 1;
    expect(result.findings.map((f) => [f.range.startLine, f.range.endLine])).toEqual([[line, line]]);
  });

  it("reports the preset's less common shapes too (webhook, .npmrc, x-oauth-basic)", async () => {
    const rng = seededRng(11);
    const files = {
      'notify.py': `WEBHOOK = "https://hooks.slack.com/services/T${randomString(rng, ALNUM, 10)}/B${randomString(rng, ALNUM, 10)}/${randomString(rng, ALNUM, 24)}"\n`,
      '.npmrc': `//registry.npmjs.org/:_authToken=${randomString(rng, ALNUM, 36)}\n`,
      'package.json': `{"dependencies": {"x": "git+https://${randomString(rng, HEX, 40)}:x-oauth-basic@github.com/acme/x.git"}}\n`,
    };
    const result = await runOnFiles(presetRules, files);
    expect(result.findings.map((f) => `${f.path} ${f.ruleId}`)).toEqual([
      '.npmrc secret/npm-token',
      'notify.py secret/slack-token',
      'package.json secret/npm-token',
    ]);
  });

  it('does not report AWS account ids (identifiers, not credentials) and still reports AWS keys next to them', async () => {
    // AWS's documented placeholder account id, and a random one: neither grants anything.
    const rng = seededRng(12);
    const accountIds = [['1234', '5678', '9012'].join(''), randomString(rng, '0123456789', 12)];
    const id = fakeKey('aws-access-key-id', rng).key;
    const secret = fakeKey('aws-secret-access-key', rng).key;
    const files = {
      'config.py': accountIds.map((a) => `aws_account_id = "${a}"\nAccountId: ${a}\n`).join(''),
      'creds.env': `AWS_ACCOUNT_ID=${accountIds[1]}\nAWS_ACCESS_KEY_ID=${id}\nAWS_SECRET_ACCESS_KEY=${secret}\n`,
    };
    const result = await runOnFiles(presetRules, files);
    expect(result.findings.map((f) => `${f.ruleId} ${f.path}:${f.range.startLine} ${f.severity}`)).toEqual([
      'secret/aws-credentials creds.env:2 error',
      'secret/aws-credentials creds.env:3 error',
    ]);
  });

  it('stays silent on placeholders, references and filler', async () => {
    const awsDocsExample = ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join('');
    const files = {
      'a.env': `AWS_ACCESS_KEY_ID=${awsDocsExample}\nGITHUB_TOKEN=ghp_...\nGITHUB_TOKEN=\${GITHUB_TOKEN}\nNPM_TOKEN=npm_your_token\n`,
      'b.env': `GITHUB_TOKEN=ghp_${'x'.repeat(36)}\nSLACK_BOT_TOKEN=xoxb-your-token\n`,
      'c.py': 'DATABASE_URL = "postgresql://user:${DB_PASSWORD}@localhost:5432/app"\nurl = f"https://{user}:{password}@example.com/"\n',
      // A header with no key material (assembled from parts: no PEM header literal in the source).
      'd.md': `\`\`\`\n${'-----BEGIN RSA '}PRIVATE KEY-----\n...\n${'-----END RSA '}PRIVATE KEY-----\n\`\`\`\n`,
      'e.json': JSON.stringify({ type: 'service_account', private_key_id: '<id>', private_key: '<paste the key here>' }),
    };
    const result = await runOnFiles(presetRules, files);
    expect(result.findings.map((f) => `${f.ruleId} ${f.path}:${f.range.startLine}`)).toEqual([]);
  });

  it('stays silent on the default, test and documentation passwords of connection strings', async () => {
    // Classes seen in langchain-ai/langgraph, mem0ai/mem0, crewAIInc/crewAI and openai/openai-agents-python.
    const rng = seededRng(21);
    const files = {
      'conftest.py': 'DEFAULT_POSTGRES_URI = "postgres://postgres:postgres@localhost:5442/"\n',
      'docker-compose.yml': 'environment:\n  DATABASE_URI: postgres://postgres:postgres@postgres:5432/postgres?sslmode=disable\n',
      'test_pgvector.py': 'dsn = "postgresql://test_user:test_pass@localhost:5432/test_db"\n',
      '.env.test': 'SINGLESTOREDB_URL=mysql://fake:fake@localhost:3306/fake\nMONGODB_URI=mongodb://fake:fake@localhost:27017/fake\n',
      'test_mcp.py': 'url = "https://user:s3cr3t_pw@mcp.example.test:8443/mcp"\n',
      'pg.test.ts': `const url = "postgresql://app:${randomString(rng, ALNUM, 20)}@db.example.com:5432/neondb";\n`,
      'redis.env': 'REDIS_URL=redis://default:changeme123@localhost:6379\nAMQP_URL=amqp://guest:guest@rabbitmq:5672/\n',
    };
    const result = await runOnFiles(presetRules, files);
    expect(result.findings.map((f) => `${f.ruleId} ${f.path}:${f.range.startLine}`)).toEqual([]);
  });

  it('still reports a random password in a connection string or URL', async () => {
    const rng = seededRng(22);
    const files = {
      'settings.py': `DATABASE_URL = "postgresql://app:${randomString(rng, ALNUM, 24)}@db.internal.acme.io:5432/app"\n`,
      'mongo.env': `MONGODB_URI=mongodb+srv://svc:${randomString(rng, ALNUM, 16)}_prod@cluster0.abcde.mongodb.net/agents\n`,
      'fetch.sh': `curl https://deploy:${randomString(rng, ALNUM, 18)}@artifacts.acme.io/agent.tgz\n`,
    };
    const result = await runOnFiles(presetRules, files);
    expect(result.findings.map((f) => `${f.ruleId} ${f.path}`)).toEqual([
      'secret/basic-auth-url fetch.sh',
      'secret/database-connection-string mongo.env',
      'secret/database-connection-string settings.py',
    ]);
  });

  it('honours inline suppression', async () => {
    const k = fakeKey('github', seededRng(4));
    const text = `# agent-guard-ignore secret/github-token: revoked, kept as a test vector\nGITHUB_TOKEN=${k.key}\n`;
    const result = await runOnFiles(presetRules, { 'x.env': text });
    expect(result.findings).toEqual([]);
    expect(result.suppressed).toBe(1);
  });
});
