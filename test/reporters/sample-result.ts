import type { ScanResult } from '../../src/engine/engine.js';
import { docsUrl, type RuleMeta } from '../../src/core/types.js';

const meta = (id: string, severity: RuleMeta['severity'], description: string): RuleMeta => ({
  id,
  family: id.split('/')[0] as RuleMeta['family'],
  severity,
  description,
  fix: `Fix for ${id}.`,
  messages: {},
  cwe: [id.startsWith('secret/') ? 798 : 20],
  securitySeverity: severity === 'error' ? 8.8 : 5.3,
  precision: 'high',
  docs: docsUrl(id),
});

/** A fixed scan result covering every field reporters render: flows, related locations, properties, skipped files, odd paths. */
export function sampleResult(): ScanResult {
  const rules = [
    meta('secret/anthropic-api-key', 'error', 'Anthropic API key committed.'),
    {
      ...meta('tool-input/path-traversal', 'error', 'Tool argument reaches a file path unchecked.'),
      coverage: 'Recognises 3 Python and 2 JavaScript/TypeScript sink APIs.',
    },
    meta('rate-limit/unbounded-agent-loop', 'warning', 'Agent loop without an iteration bound.'),
    meta('tool-payload/invalid-arguments', 'error', 'Stored tool call arguments violate the tool schema.'),
  ];
  const f = (
    ruleId: string,
    severity: RuleMeta['severity'],
    path: string,
    line: number,
    message: string,
    extra: Partial<ScanResult['findings'][number]> = {},
  ) => ({
    ruleId,
    family: ruleId.split('/')[0] as RuleMeta['family'],
    severity,
    message,
    path,
    range: { startLine: line, startColumn: 5, endLine: line, endColumn: 17 },
    related: [],
    flow: [],
    fingerprint: `fp-${ruleId.replace('/', '-')}-${line}`,
    fix: `Fix for ${ruleId}.`,
    helpUri: docsUrl(ruleId),
    ...extra,
  });
  return {
    root: '/repo',
    findings: [
      f('secret/anthropic-api-key', 'error', '.env', 2, 'Anthropic API key sk-ant-a…AA committed in plain text.', {
        snippet: 'ANTHROPIC_API_KEY=sk-ant-a…AA',
        lineHash: '635ed32f3193f0d7:1',
      }),
      f('tool-input/path-traversal', 'error', 'agent/tools.py', 17, 'Tool "read_note" passes parameter "path" to open(): a model can read any file.', {
        snippet: '    with open(os.path.join(WORKSPACE, path)) as handle:',
        lineHash: '7342528e9a079d28:1',
        related: [
          {
            path: 'agent/tools.py',
            range: { startLine: 14, startColumn: 15, endLine: 14, endColumn: 19 },
            message: 'tool parameter "path" (model-controlled)',
          },
        ],
        flow: [
          { path: 'agent/tools.py', range: { startLine: 14, startColumn: 15, endLine: 14, endColumn: 19 }, message: 'parameter path' },
          { path: 'agent/tools.py', range: { startLine: 17, startColumn: 10, endLine: 17, endColumn: 40 }, message: 'open(os.path.join(WORKSPACE, path))' },
        ],
      }),
      f('rate-limit/unbounded-agent-loop', 'warning', 'dir with space/ünï code.py', 3, 'AgentExecutor(max_iterations=None): add max_execution_time.'),
      f(
        'tool-payload/invalid-arguments',
        'note',
        'data/a%0A::error::x.jsonl',
        1,
        'line 1, messages[1].tool_calls[0]: "unit" must be one of celsius, fahrenheit; found "kelvin"\nsecond line',
        {
          properties: { commit: '0123456789abcdef0123456789abcdef01234567' },
        },
      ),
      // A key from git history: its path and line belong to the commit that introduced it, not to HEAD.
      f(
        'secret/anthropic-api-key',
        'error',
        'config/old settings.py',
        4,
        'Anthropic API key sk-ant-a…BB committed in plain text. (leaked in git history: commit 89abcde of 2025-01-02; rotate the key, deleting it in a later commit does not unpublish it)',
        {
          properties: {
            history: true,
            commit: '89abcdef0123456789abcdef0123456789abcdef',
            authorDate: '2025-01-02T03:04:05+00:00',
            historyPath: 'config/old settings.py',
            blob: 'fedcba9876543210fedcba9876543210fedcba98',
            commitUrl: 'https://github.com/acme/agents/commit/89abcdef0123456789abcdef0123456789abcdef',
          },
        },
      ),
    ],
    notices: [{ path: 'agent/tools.py', line: 9, message: 'agent-guard-ignore tool-input/path-traversal has no reason: add one after the colon' }],
    skipped: [
      { path: 'assets/logo.png', reason: 'binary file' },
      { path: 'etc-link', reason: 'symlink leaves the repository (points to /etc)' },
    ],
    ruleErrors: [],
    rules,
    suppressed: 1,
    stats: { files: 12, bytes: 3456, durationMs: 42 },
  };
}
