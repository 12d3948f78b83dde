/**
 * secretlint's recommended preset, one agent-guard rule per secretlint rule. secretlint runs once per
 * file (shared through `ctx.memo`); each rule here reports the hits of its secretlint rule with
 * agent-guard's own message (secretlint's messages quote the secret) and the secret masked.
 * The preset's LLM-provider rules (openai, anthropic, groq, huggingface) are folded into agent-guard's
 * own provider rules instead (see `secretlintRuleId` in those modules), so one key gives one finding.
 */
import { maskSecret } from '../../../core/redact.js';
import type { Rule } from '../../../core/types.js';
import { longestRepeat, placeholderReason } from '../decoys.js';
import { SECRET_RULE_BASICS } from '../rule-meta.js';
import { defineRule } from '../../../core/define-rule.js';
import { findPrivateKeys } from '../private-keys.js';
import { DATABASE_SCHEMES, findUrlCredentials, placeholderPortAt, urlPasswordReason } from '../url-credentials.js';
import { secretlintHits } from '../secretlint.js';

interface PresetRuleSpec {
  /** secretlint rule id (package name). */
  secretlintId: string;
  /** agent-guard id; its docs page is docs/rules/secret/<name>.md. */
  id: string;
  description: string;
  fix: string;
  /** A phrase per secretlint message id, e.g. "AWS secret access key". */
  kinds: Record<string, string>;
  /**
   * agent-guard's own detector, used instead of secretlint's rule (which is then disabled in secretlint.ts):
   * its hits are judged by their structure, so the placeholder filters below do not apply to them.
   */
  detect?: (text: string) => { start: number; end: number; secret: string; messageId: string }[];
  /** A secretlint rule that reports the same text better (a key inside a GCP key file): overlapping hits are left to it. */
  yieldsTo?: string;
  /** What a real credential of the rule has that a test value (`xoxb-explicit-token`) lacks; hits without it are dropped. */
  realShape?: (secret: string) => boolean;
  /** agent-guard's own hits added to secretlint's (where they do not overlap), already judged by their own checks. */
  alsoDetect?: (text: string) => { start: number; end: number; secret: string; messageId: string }[];
}

/** The last `-` segment of a token is 20+ characters mixing letters and digits. */
function slackRandomTail(secret: string): boolean {
  const tail = secret.slice(secret.lastIndexOf('-') + 1);
  return tail.length >= 20 && /[0-9]/.test(tail) && /[A-Za-z]/.test(tail);
}

/** URLs with real-looking passwords secretlint's rules miss (url-credentials.ts), split between the two URL rules. */
function urlHits(database: boolean) {
  return (text: string) =>
    findUrlCredentials(text)
      .filter((h) => DATABASE_SCHEMES.test(h.scheme) === database)
      .map((h) => {
        const scheme = h.scheme.toLowerCase();
        const messageId = !database
          ? 'BasicAuth'
          : scheme.startsWith('postgres')
            ? 'PostgreSQLConnection'
            : scheme.startsWith('mysql')
              ? 'MySQLConnection'
              : scheme.startsWith('mongodb')
                ? 'MongoDBConnection'
                : 'DatabaseConnection';
        return { start: h.start, end: h.end, secret: h.secret, messageId };
      });
}

const ROTATE = 'Revoke or rotate the credential, remove it from the repository (and its history), and load it from the environment or a secret store.';

export const PRESET_RULES: PresetRuleSpec[] = [
  {
    secretlintId: '@secretlint/secretlint-rule-aws',
    id: 'secret/aws-credentials',
    description: 'Finds committed AWS access key ids (AKIA…, ASIA…) and secret access keys.',
    fix: ROTATE,
    kinds: { AWSAccessKeyID: 'AWS access key id', AWSSecretAccessKey: 'AWS secret access key' },
  },
  {
    secretlintId: '@secretlint/secretlint-rule-gcp',
    id: 'secret/gcp-service-account-key',
    description: 'Finds committed Google Cloud service account keys (JSON key files with a private key).',
    fix: ROTATE,
    kinds: { PrivateKeyJSON: 'GCP service account key (JSON)', PrivateKeyP12: 'GCP service account key (P12)' },
  },
  {
    secretlintId: '@secretlint/secretlint-rule-privatekey',
    id: 'secret/private-key',
    description: 'Finds committed private keys: OpenSSH, PKCS#8, PKCS#1 (RSA, DSA), SEC1 (EC), encrypted PEM and PGP blocks.',
    fix: 'Treat the key pair as compromised: replace it, remove the private key from the repository and its history, and keep it in a secret store.',
    kinds: {
      PrivateKey: 'private key',
      OpenSSHPrivateKey: 'OpenSSH private key',
      EncryptedPrivateKey: 'encrypted private key',
      PGPPrivateKey: 'PGP private key',
      DerPrivateKey: 'private key (base64 DER)',
      Pkcs12KeyStore: 'PKCS#12 key store (.p12 / .pfx)',
    },
    detect: findPrivateKeys,
    yieldsTo: '@secretlint/secretlint-rule-gcp',
  },
  {
    secretlintId: '@secretlint/secretlint-rule-npm',
    id: 'secret/npm-token',
    description: 'Finds committed npm access tokens (npm_…) and registry auth tokens in .npmrc or package.json.',
    fix: ROTATE,
    kinds: { NPM_ACCESS_TOKEN: 'npm access token', Npmrc_authToken: 'npm registry auth token', PackageJSON_xOauthToken: 'GitHub OAuth token in a package URL' },
  },
  {
    secretlintId: '@secretlint/secretlint-rule-basicauth',
    id: 'secret/basic-auth-url',
    description: 'Finds URLs with a user name and password in them (https://user:password@host).',
    fix: 'Change the password, remove it from the URL, and pass credentials through the environment or a secret store.',
    kinds: { BasicAuth: 'credentials in a URL' },
    alsoDetect: urlHits(false),
  },
  {
    secretlintId: '@secretlint/secretlint-rule-slack',
    id: 'secret/slack-token',
    description: 'Finds committed Slack tokens (xoxb-, xoxp-, xapp-…) and incoming webhook URLs.',
    fix: ROTATE,
    kinds: { SLACK_TOKEN: 'Slack token', IncomingWebhook: 'Slack incoming webhook URL' },
    // secretlint takes any `xoxb-word-word`. Issued tokens carry the numeric team/user ids
    // (`xoxb-<10-13 digits>-<10-13 digits>-<24 chars>`, gitleaks/betterleaks slack.go) or a long random tail
    // (rotating `xoxe.xoxp-1-…`); `xoxb-explicit-token` and `xoxa-2-abc-def` in tests have neither.
    realShape: (secret) => secret.includes('hooks.slack.com') || /-[0-9]{6,}-/.test(secret) || slackRandomTail(secret),
  },
  {
    secretlintId: '@secretlint/secretlint-rule-sendgrid',
    id: 'secret/sendgrid-api-key',
    description: 'Finds committed SendGrid API keys (SG.….…).',
    fix: ROTATE,
    kinds: { SENDGRID_KEY: 'SendGrid API key' },
  },
  {
    secretlintId: '@secretlint/secretlint-rule-shopify',
    id: 'secret/shopify-token',
    description: 'Finds committed Shopify access tokens and shared secrets (shpat_, shpca_, shppa_, shpss_).',
    fix: ROTATE,
    kinds: { SHOPIFY_KEY: 'Shopify token' },
  },
  {
    secretlintId: '@secretlint/secretlint-rule-github',
    id: 'secret/github-token',
    description: 'Finds committed GitHub tokens: classic (ghp_, gho_, ghu_, ghs_, ghr_) and fine-grained (github_pat_).',
    fix: ROTATE,
    kinds: { GITHUB_TOKEN: 'GitHub token' },
  },
  {
    secretlintId: '@secretlint/secretlint-rule-gitlab',
    id: 'secret/gitlab-token',
    description: 'Finds committed GitLab personal access tokens (glpat-…).',
    fix: ROTATE,
    kinds: { GITLAB_PERSONAL_ACCESS_TOKEN: 'GitLab personal access token' },
  },
  {
    secretlintId: '@secretlint/secretlint-rule-linear',
    id: 'secret/linear-api-key',
    description: 'Finds committed Linear API keys (lin_api_…).',
    fix: ROTATE,
    kinds: { LINEAR_API_TOKEN: 'Linear API key' },
  },
  {
    secretlintId: '@secretlint/secretlint-rule-notion',
    id: 'secret/notion-token',
    description: 'Finds committed Notion integration tokens (ntn_…).',
    fix: ROTATE,
    kinds: { NOTION_INTEGRATION_TOKEN: 'Notion integration token' },
  },
  {
    secretlintId: '@secretlint/secretlint-rule-1password',
    id: 'secret/1password-service-account-token',
    description: 'Finds committed 1Password service account tokens (ops_ey…).',
    fix: ROTATE,
    kinds: { OPS_TOKEN: '1Password service account token' },
  },
  {
    secretlintId: '@secretlint/secretlint-rule-database-connection-string',
    id: 'secret/database-connection-string',
    description: 'Finds database, cache and queue connection strings with a password in them (PostgreSQL, MySQL, MongoDB, Redis, AMQP, SQL Server…).',
    fix: 'Change the database password, remove it from the connection string, and build the string from the environment or a secret store.',
    kinds: {
      MongoDBConnection: 'MongoDB connection string with a password',
      MySQLConnection: 'MySQL connection string with a password',
      PostgreSQLConnection: 'PostgreSQL connection string with a password',
      DatabaseConnection: 'connection string with a password',
    },
    alsoDetect: urlHits(true),
  },
  {
    secretlintId: '@secretlint/secretlint-rule-grafana',
    id: 'secret/grafana-token',
    description: 'Finds committed Grafana Cloud API tokens (glc_…) and service account tokens (glsa_…).',
    fix: ROTATE,
    kinds: { GRAFANA_CLOUD_API_TOKEN: 'Grafana Cloud API token', GRAFANA_SERVICE_ACCOUNT_TOKEN: 'Grafana service account token' },
  },
  {
    secretlintId: '@secretlint/secretlint-rule-hashicorp-vault',
    id: 'secret/hashicorp-vault-token',
    description: 'Finds committed HashiCorp Vault service, batch and recovery tokens (hvs., hvb., hvr.).',
    fix: ROTATE,
    kinds: {
      HASHICORP_VAULT_SERVICE_TOKEN: 'HashiCorp Vault service token',
      HASHICORP_VAULT_BATCH_TOKEN: 'HashiCorp Vault batch token',
      HASHICORP_VAULT_RECOVERY_TOKEN: 'HashiCorp Vault recovery token',
    },
  },
  {
    secretlintId: '@secretlint/secretlint-rule-vercel',
    id: 'secret/vercel-token',
    description: 'Finds committed Vercel tokens, including Vercel AI Gateway API keys (vck_…).',
    fix: ROTATE,
    kinds: {
      VERCEL_PERSONAL_ACCESS_TOKEN: 'Vercel personal access token',
      VERCEL_INTEGRATION_TOKEN: 'Vercel integration token',
      VERCEL_APP_ACCESS_TOKEN: 'Vercel app access token',
      VERCEL_APP_REFRESH_TOKEN: 'Vercel app refresh token',
      VERCEL_AI_GATEWAY_API_KEY: 'Vercel AI Gateway API key',
    },
  },
  {
    secretlintId: '@secretlint/secretlint-rule-databricks',
    id: 'secret/databricks-token',
    description: 'Finds committed Databricks personal access tokens (dapi…).',
    fix: ROTATE,
    kinds: { DATABRICKS_PERSONAL_ACCESS_TOKEN: 'Databricks personal access token' },
  },
  {
    secretlintId: '@secretlint/secretlint-rule-docker',
    id: 'secret/docker-hub-token',
    description: 'Finds committed Docker Hub personal access tokens (dckr_pat_…).',
    fix: ROTATE,
    kinds: { DOCKER_PERSONAL_ACCESS_TOKEN: 'Docker Hub personal access token' },
  },
  {
    secretlintId: '@secretlint/secretlint-rule-figma',
    id: 'secret/figma-token',
    description: 'Finds committed Figma personal access tokens (figd_…).',
    fix: ROTATE,
    kinds: { FIGMA_PERSONAL_ACCESS_TOKEN: 'Figma personal access token' },
  },
];

/** The preset's rules that agent-guard's provider rules report instead (same key, one finding). */
export const PRESET_RULES_FOLDED_INTO_PROVIDER_RULES: Record<string, string> = {
  '@secretlint/secretlint-rule-openai': 'secret/openai-api-key',
  '@secretlint/secretlint-rule-anthropic': 'secret/anthropic-api-key',
  '@secretlint/secretlint-rule-groq': 'secret/groq-api-key',
  '@secretlint/secretlint-rule-huggingface': 'secret/huggingface-token',
};

function presetRule(spec: PresetRuleSpec): Rule {
  return defineRule({
    ...SECRET_RULE_BASICS,
    id: spec.id,
    description: spec.description,
    fix: spec.fix,
    messages: { found: '{{kind}} committed: {{masked}}' },
    appliesTo: () => true,
    async check(ctx) {
      const report = (hit: { messageId: string; start: number; end: number; secret: string }, detector: string) =>
        ctx.report({
          messageId: 'found',
          data: { kind: spec.kinds[hit.messageId] ?? 'credential', masked: maskSecret(hit.secret) },
          range: ctx.file.rangeOf(hit.start, hit.end),
          secret: hit.secret,
          properties: { detector },
        });
      if (spec.detect) {
        const hits = spec.detect(ctx.file.text);
        const other = hits.length && spec.yieldsTo ? (await secretlintHits(ctx)).filter((h) => h.ruleId === spec.yieldsTo) : [];
        for (const hit of hits) {
          if (!other.some((o) => o.start < hit.end && hit.start < o.end)) report(hit, 'agent-guard');
        }
        return;
      }
      // Spans secretlint judged (reported, or dropped as a placeholder below): agent-guard's own hits skip them.
      const judged: { start: number; end: number }[] = [];
      for (const hit of await secretlintHits(ctx)) {
        if (hit.ruleId !== spec.secretlintId) continue;
        judged.push(hit);
        if (spec.realShape && !spec.realShape(hit.secret)) continue;
        // Placeholders in documentation (`xoxb-your-token`, `ghp_xxxx…`) are not credentials. URLs and
        // PEM blocks are judged by secretlint alone, only filler runs dropped: their text is not a token.
        // (`x-oauth-basic` as a password marks a token in the user name, which secret/npm-token reports.)
        const structured = hit.secret.includes('://') || hit.secret.includes('-----');
        if (structured ? longestRepeat(hit.secret) >= 8 : placeholderReason(hit.secret)) continue;
        // Passwords of documentation and test URLs: `postgres:postgres@`, `test_user:test_pass@`, `@db.example.com`, `%(password)s`.
        if (hit.url && urlPasswordReason(hit.url.user, hit.secret, hit.url.host)) continue;
        // A port that is a word (`@proxy.acme.io:PORT`): documentation of the URL's shape.
        if (hit.url && placeholderPortAt(ctx.file.text, hit.end + 1 + hit.url.host.length)) continue;
        report(hit, spec.secretlintId);
      }
      for (const hit of spec.alsoDetect?.(ctx.file.text) ?? []) {
        if (!judged.some((r) => r.start < hit.end && hit.start < r.end)) report(hit, 'agent-guard');
      }
    },
  });
}

export const presetRules: Rule[] = PRESET_RULES.map(presetRule);
