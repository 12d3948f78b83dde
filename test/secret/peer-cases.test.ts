/**
 * Cases other scanners' test suites label (issue 17) and URLs with passwords (issue 18): what agent-guard
 * missed and must find, what it reported and must not. Keys are generated at run time; public example
 * values are assembled from parts so that no key-shaped string is committed.
 */
import { describe, expect, it } from '@jest/globals';
import { secretRules } from '../../src/families/secret/index.js';
import { ALNUM, ALNUM_DASH, fakeKey, LOWER_ALNUM, OPENAI_MARKER, randomString, seededRng } from '../../src/families/secret/fake-keys.js';
import { runOnFiles } from '../helpers/rules.js';

async function findings(files: Record<string, string>): Promise<string[]> {
  const result = await runOnFiles(secretRules, files);
  expect(result.ruleErrors).toEqual([]);
  return result.findings.map((f) => `${f.path}:${f.range.startLine} ${f.ruleId}`).sort();
}

describe('keys peers find that agent-guard missed', () => {
  const rng = seededRng(1701);

  it('finds Gemini AQ.Ab8RN6 keys (44 characters after the prefix) and only those', async () => {
    const key = fakeKey('gemini-aq', rng).key;
    const prefix = key.slice(0, 9);
    expect(prefix).toBe(['AQ', 'Ab8RN6'].join('.'));
    expect(
      await findings({
        'a.env': `GEMINI_API_KEY=${key}\n`,
        'b.py': `genai.configure(api_key="${prefix}${randomString(rng, ALNUM_DASH, 43)}-")\n`,
        // Not this shape: the generic `AQ.` start with another fixed part, one character short, one too long.
        'c.env': `TOKEN=AQ.${randomString(rng, ALNUM, 50)}\nGEMINI_API_KEY=${key.slice(0, -1)}\nGEMINI_API_KEY=${key}x\n`,
      }),
    ).toEqual(['a.env:1 secret/google-api-key', 'b.py:1 secret/google-api-key']);
  });

  it('finds xAI keys with _ and - in the body, up to their last character', async () => {
    const body = randomString(rng, ALNUM_DASH, 82);
    const files = {
      'a.env': `XAI_API_KEY=xai-${body}_-\n`,
      'b.ts': `const grok = new XAI({ apiKey: 'xai-${randomString(rng, ALNUM, 40)}_${randomString(rng, ALNUM, 40)}' });\n`,
    };
    const result = await runOnFiles(secretRules, files);
    expect(result.findings.map((f) => `${f.path} ${f.ruleId}`).sort()).toEqual(['a.env secret/xai-api-key', 'b.ts secret/xai-api-key']);
    const a = result.findings.find((f) => f.path === 'a.env')!;
    expect([a.range.startColumn, a.range.endColumn]).toEqual([13, 13 + 4 + 84]);
  });

  it("finds OpenAI's older sk-service-<name>- keys", async () => {
    expect(await findings({ 'a.py': `OPENAI_API_KEY = "${fakeKey('openai-service', rng).key}"\n` })).toEqual(['a.py:1 secret/openai-api-key']);
  });

  it('finds legacy Pinecone UUID keys next to a Pinecone name, not other UUIDs', async () => {
    const uuid = () => fakeKey('pinecone-legacy', rng).key;
    expect(
      await findings({
        'a.env': `PINECONE_API_KEY=${uuid()}\n`,
        'b.yaml': `pinecone:\n  api_key: "${uuid()}"\n  environment: us-east-1-aws\n`,
        'c.env': `PINECONE_INDEX=agents\nPINECONE_PROJECT_ID=${uuid()}\nSESSION_TOKEN=${uuid()}\n`,
        'd.py': `session_token = "${uuid()}"\n`,
      }),
    ).toEqual(['a.env:1 secret/pinecone-api-key', 'b.yaml:2 secret/pinecone-api-key', 'c.env:3 secret/pinecone-api-key']);
  });

  it('finds DeepSeek keys whose body is not hex', async () => {
    expect(await findings({ 'a.env': `DEEPSEEK_API_KEY=sk-${randomString(rng, LOWER_ALNUM, 32)}\n` })).toEqual(['a.env:1 secret/deepseek-api-key']);
  });

  it('reads the name of keyword-anchored keys in Go typed declarations and XML elements', async () => {
    const mistral = fakeKey('mistral', rng).key;
    const cohere = fakeKey('cohere', rng).key;
    const deepseek = fakeKey('deepseek', rng).key;
    expect(
      await findings({
        'main.go': `package main\n\n// Mistral client\nconst mistralAPIKey string = "${mistral}"\nvar deepseekToken string = "${deepseek}"\n`,
        'App.config': `<configuration>\n  <cohere>\n    <apiKey>\n      ${cohere}\n    </apiKey>\n  </cohere>\n</configuration>\n`,
        'web.config': `<appSettings>\n  <!-- cohere -->\n  <add key="CohereApiKey">\n    ${fakeKey('cohere', rng).key}\n  </add>\n</appSettings>\n`,
        // The declared type is not the name, and an element or attribute that names no credential is no key.
        'other.go': `package main\n\n// Mistral\nvar modelRevision string = "${fakeKey('mistral', rng).key}"\n`,
        'other.xml': `<cohere>\n  <add key="Endpoint">\n    ${fakeKey('cohere', rng).key}\n  </add>\n  <revision>\n    ${fakeKey('cohere', rng).key}\n  </revision>\n</cohere>\n`,
      }),
    ).toEqual([
      'App.config:4 secret/cohere-api-key',
      'main.go:4 secret/mistral-api-key',
      'main.go:5 secret/deepseek-api-key',
      'web.config:4 secret/cohere-api-key',
    ]);
  });
});

describe('values peers label as non-keys that agent-guard reported', () => {
  it('ignores the public Firebase SDK example keys gitleaks allowlists, and still reports other Google keys', async () => {
    // Three of the example keys gitleaks lists (cmd/generate/config/rules/gcp.go), assembled from parts.
    const examples = [
      ['AI', 'zaSyAnLA7NfeLquW1tJFpx_eQCxoX-oo6YyIs'],
      ['AI', 'zaSyCkEhVjf3pduRDt6d1yKOMitrUEke8agEM'],
      ['AI', 'zaSyB8qGxt4ec15vitgn44duC5ucxaOi4FmqE'],
    ].map((p) => p.join(''));
    const real = fakeKey('google', seededRng(5)).key;
    expect(
      await findings({
        'google-services.json': `${JSON.stringify({ client: examples.map((k) => ({ api_key: [{ current_key: k }] })) }, null, 2)}\n`,
        'a.env': `GOOGLE_API_KEY=${real}\n`,
      }),
    ).toEqual(['a.env:1 secret/google-api-key']);
  });

  it('ignores URLs whose password is a word (token, fakepw) or whose host is a documentation address', async () => {
    const pw = randomString(seededRng(6), ALNUM, 20);
    expect(
      await findings({
        'test_git.py': 'url = "https://user:token@github.com/acme/repo.git"\nurl2 = "https://bot:apikey@github.com/acme/repo.git"\n',
        'test_db.py': 'dsn = "postgresql://testuser:fakepw@198.51.100.1/agents"\ndsn2 = "mysql://app:testpass123@db.internal/app"\n',
        'doc.md': `curl https://ci:${pw}@203.0.113.7/artifacts\nredis://default:${pw}@192.0.2.10:6379\n`,
      }),
    ).toEqual([]);
  });

  it('reports OpenAI project, service account and admin keys only with the T3BlbkFJ marker (secretlint openai/ok.valid)', async () => {
    const rng = seededRng(1702);
    // secretlint's negatives are issued-shape keys with the marker swapped for 8 other characters.
    const unmarked = (type: string) => {
      const key = fakeKey(`openai-${type}`, rng).key;
      const at = key.indexOf(OPENAI_MARKER);
      expect(at).toBeGreaterThan(0);
      return `${key.slice(0, at)}${randomString(rng, ALNUM, 8)}${key.slice(at + OPENAI_MARKER.length)}`;
    };
    expect(
      await findings({
        'a.env': `OPENAI_API_KEY=${unmarked('project')}\nOPENAI_API_KEY=${unmarked('svcacct')}\nOPENAI_ADMIN_KEY=${unmarked('admin')}\n`,
        'b.py': `client = OpenAI(api_key="${unmarked('project')}")\n`,
        // The same keys with their marker are found.
        'c.env': `OPENAI_API_KEY=${fakeKey('openai-project', rng).key}\nOPENAI_API_KEY=${fakeKey('openai-svcacct', rng).key}\nOPENAI_ADMIN_KEY=${fakeKey('openai-admin', rng).key}\n`,
      }),
    ).toEqual(['c.env:1 secret/openai-api-key', 'c.env:2 secret/openai-api-key', 'c.env:3 secret/openai-api-key']);
  });

  it('ignores URL passwords that name the field (proxypassword) and URLs with a placeholder port (host:port), and still reports real ones', async () => {
    // run-llama/llama-hub llama_hub/snowflake/README.md: `proxy='http://proxusername:proxypassword@myproxy:port'`.
    const rng = seededRng(1703);
    const pw = () => randomString(rng, ALNUM, 16);
    expect(
      await findings({
        'README.md':
          [
            "proxy='http://proxusername:proxypassword@myproxy:port'",
            'SMTP_URL=smtp://mailer:smtppassword@mail.acme.io',
            'DB=postgres://svc:PasswordForDb@db.acme.io/app',
            `PROXY=http://svc:${pw()}@myproxy:<port>/`,
            `PROXY=http://svc:${pw()}@proxy.acme.io:PORT`,
          ].join('\n') + '\n',
        'real.env': `PROXY=http://svc:${pw()}@myproxy:8080\nSMTP_URL=smtp://mailer:${pw()}@mail.acme.io\n`,
      }),
    ).toEqual(['real.env:1 secret/basic-auth-url', 'real.env:2 secret/basic-auth-url']);
  });

  it('ignores Slack test tokens, and still reports issued ones', async () => {
    const token = fakeKey('slack', seededRng(7)).key;
    expect(
      await findings({
        'test_slack.py': 'client = WebClient(token="xoxb-explicit-token")\nold = "xoxa-2-abc-def"\nother = "xoxp-fake-user-token"\n',
        'slack.env': `SLACK_BOT_TOKEN=${token}\n`,
      }),
    ).toEqual(['slack.env:1 secret/slack-token']);
  });
});

describe('URLs with real-looking passwords (issue 18)', () => {
  const rng = seededRng(1801);
  const pw = () => randomString(rng, ALNUM, 18);

  it('reports them for every scheme, under the connection-string or basic-auth rule', async () => {
    expect(
      await findings({
        'a.env': `REGISTRY=https://deploy:${pw()}@jenkins/job/build\n`,
        'b.env': `REGISTRY=https://deploy:${pw()}.${pw()}!@registry.acme.io/simple\n`,
        'c.env': `REGISTRY=https://deploy:${pw()}%40${pw()}@registry.acme.io/\n`,
        'd.env': `REDIS_URL=redis://default:${pw()}@cache.internal:6379/0\n`,
        'e.env': `BROKER_URL=amqp://svc:${pw()}@mq.internal:5672/\n`,
        'f.env': `MSSQL=mssql://sa:${pw()}@sql.internal/app\n`,
        'g.env': `DATABASE_URL=postgres://app:${pw()}@db/app\n`,
        'h.sh': `git clone ssh://git:${pw()}@git.acme.io/repo.git\n`,
      }),
    ).toEqual([
      'a.env:1 secret/basic-auth-url',
      'b.env:1 secret/basic-auth-url',
      'c.env:1 secret/basic-auth-url',
      'd.env:1 secret/database-connection-string',
      'e.env:1 secret/database-connection-string',
      'f.env:1 secret/database-connection-string',
      'g.env:1 secret/database-connection-string',
      'h.sh:1 secret/basic-auth-url',
    ]);
  });

  it('points at the password and masks it', async () => {
    const password = pw();
    const text = `REDIS_URL=redis://default:${password}@cache.internal:6379/0\n`;
    const result = await runOnFiles(secretRules, { 'a.env': text });
    const [f] = result.findings;
    expect(text.slice(f.range.startColumn - 1, f.range.endColumn - 1)).toBe(password);
    expect(f.message).not.toContain(password);
  });

  it('stays silent on references, templates and placeholders', async () => {
    expect(
      await findings({
        'a.sh':
          [
            'git clone https://${USER}:${PASS}@git.acme.io/repo.git',
            'curl https://user:$PASSWORD@api.acme.io/',
            'curl https://user:<password>@api.acme.io/',
            'curl https://user:***@api.acme.io/',
            'curl https://user:xxxxxxxx@api.acme.io/',
            'git push https://x-access-token:${{ secrets.GITHUB_TOKEN }}@github.com/acme/repo.git',
            'dsn = "postgresql://%(user)s:%(password)s@%(host)s/db"',
            'url = "redis://:pw@cache:6379"',
          ].join('\n') + '\n',
      }),
    ).toEqual([]);
  });
});
