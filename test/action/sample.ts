import type { ScanResult } from '../../src/engine/engine.js';
import type { Finding, Severity } from '../../src/core/types.js';
import { docsUrl } from '../../src/core/types.js';

function finding(ruleId: string, severity: Severity, path: string, line: number, message: string, fingerprint: string, endLine = line): Finding {
  return {
    ruleId,
    family: ruleId.split('/')[0] as Finding['family'],
    severity,
    message,
    path,
    range: { startLine: line, startColumn: 5, endLine, endColumn: 30 },
    related: [],
    flow: [],
    fingerprint,
    fix: `Fix for ${ruleId}.`,
    helpUri: docsUrl(ruleId),
  };
}

/** A fixed scan result for the job-summary and pr-review golden files. */
export function sampleActionResult(): ScanResult {
  return {
    root: '/repo',
    findings: [
      finding('secret/anthropic-api-key', 'error', 'agent/client.py', 3, 'Anthropic API key committed: sk-ant-a…AA', 'a'.repeat(32)),
      finding(
        'tool-input/command-injection',
        'error',
        'agent/client.py',
        3,
        'Tool parameter `cmd` reaches subprocess.run(shell=True) <unchecked>',
        'b'.repeat(32),
      ),
      finding(
        'rate-limit/unbounded-tool-concurrency',
        'warning',
        'agent/run.py',
        10,
        'asyncio.gather over tool calls without a bound | pipe',
        'c'.repeat(32),
        12,
      ),
      finding(
        'tool-payload/invalid-arguments',
        'note',
        'data/calls.jsonl',
        2,
        'Arguments do not match the schema of tool "search" (cc @maintainers)',
        'd'.repeat(32),
      ),
      finding('secret/openai-api-key', 'error', 'agent/settings.py', 1, 'OpenAI API key committed: sk-proj-…AB', 'e'.repeat(32)),
    ],
    skipped: [{ path: 'assets/logo.png', reason: 'binary file' }],
    ruleErrors: [],
    rules: [],
    suppressed: 1,
    stats: { files: 4, bytes: 1000, durationMs: 12 },
  };
}

/** A finding from git history (as scanHistory reports it, with the Action's commit link). */
export function sampleHistoryFinding(): Finding {
  return {
    ...finding(
      'secret/anthropic-api-key',
      'error',
      'agent/old_client.py',
      2,
      'Anthropic API key committed: sk-ant-a…BB (leaked in git history: commit 89abcde of 2025-01-02; rotate the key, deleting it in a later commit does not unpublish it)',
      'f'.repeat(32),
    ),
    properties: {
      history: true,
      commit: '89abcdef0123456789abcdef0123456789abcdef',
      authorDate: '2025-01-02T03:04:05+00:00',
      historyPath: 'agent/old_client.py',
      blob: 'fedcba9876543210fedcba9876543210fedcba98',
      commitUrl: 'https://github.com/acme/agents/commit/89abcdef0123456789abcdef0123456789abcdef',
    },
  };
}
