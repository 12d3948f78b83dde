import { describe, expect, it } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeBaseline } from '../../src/engine/baseline.js';
import type { Finding } from '../../src/core/types.js';
import { publicRepositoryUri } from '../../src/sources/provenance.js';
import { historyFindingMarkdown } from '../../src/reporters/markdown.js';
import { runCli } from '../helpers/cli.js';
import { git } from '../helpers/repo.js';
import { sarifErrors } from '../helpers/sarif.js';
import { anthropicKey, commit, head, newRepo, openaiKey } from './helpers.js';

interface JsonReport {
  findings: (Pick<Finding, 'ruleId' | 'path' | 'range' | 'fingerprint' | 'message'> & { properties?: Record<string, unknown> })[];
}

describe('agent-guard scan --history (real secret rules)', () => {
  it('finds a key deleted in a later commit once, with its commit, and a key still in HEAD once, by the tree scan', async () => {
    const removed = anthropicKey(101);
    const kept = openaiKey(102);
    const repo = newRepo();
    try {
      const leak = commit(repo.dir, 'add client', { 'agent/client.py': `import anthropic\nclient = anthropic.Anthropic(api_key="${removed}")\n` });
      commit(repo.dir, 'use env', { 'agent/client.py': 'import anthropic\nclient = anthropic.Anthropic()\n' });
      commit(repo.dir, 'openai', { 'agent/llm.py': `OPENAI_API_KEY = "${kept}"\n` });
      const run = await runCli(['scan', '--history'], repo.dir);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(`agent/client.py\n  ${leak.slice(0, 7)} 2:`);
      // One finding row each (a row ends with its rule id; the "how to fix" lines start with it).
      expect(run.stdout.match(/secret\/anthropic-api-key$/gm)).toHaveLength(1);
      expect(run.stdout.match(/secret\/openai-api-key$/gm)).toHaveLength(1);
      expect(run.stdout).toMatch(/agent\/llm\.py\n {2}1:\d+ +error/); // no commit prefix: the tree scan owns it
      expect(run.stdout).not.toContain(removed);
      expect(run.stdout).not.toContain(kept);
      expect(run.stderr).toMatch(/history [0-9a-f]{7}|history HEAD \(all history\): 4 commits/);

      const json = JSON.parse((await runCli(['scan', '--history', '--format', 'json'], repo.dir)).stdout) as JsonReport;
      const history = json.findings.filter((f) => f.properties?.history);
      expect(history.map((f) => [f.ruleId, f.path, f.range.startLine, f.properties?.commit, f.properties?.historyPath])).toEqual([
        ['secret/anthropic-api-key', 'agent/client.py', 2, leak, 'agent/client.py'],
      ]);
    } finally {
      repo.cleanup();
    }
  });

  it('finds keys across merges, renames and deleted files once each', async () => {
    const onBranch = anthropicKey(201);
    const renamed = openaiKey(202);
    const repo = newRepo();
    try {
      git(repo.dir, 'checkout', '-q', '-b', 'feature');
      const branchCommit = commit(repo.dir, 'branch key', { 'tools/search.py': `KEY = "${onBranch}"\n` });
      commit(repo.dir, 'branch cleanup', { 'tools/search.py': 'import os\nKEY = os.environ["KEY"]\n' });
      git(repo.dir, 'checkout', '-q', 'main');
      const renamedAt = commit(repo.dir, 'settings', { 'settings.env': `OPENAI_API_KEY=${renamed}\n` });
      mkdirSync(join(repo.dir, 'config'));
      git(repo.dir, 'mv', 'settings.env', 'config/.env');
      commit(repo.dir, 'move settings');
      git(repo.dir, 'merge', '-q', '--no-ff', '--no-edit', 'feature');
      commit(repo.dir, 'drop env file', {}, ['config/.env']);
      const json = JSON.parse((await runCli(['scan', '--history', '--format', 'json'], repo.dir)).stdout) as JsonReport;
      const found = json.findings.map((f) => `${String(f.properties?.commit)} ${f.path} ${f.ruleId}`).sort();
      expect(found).toEqual([`${branchCommit} tools/search.py secret/anthropic-api-key`, `${renamedAt} settings.env secret/openai-api-key`].sort());
    } finally {
      repo.cleanup();
    }
  });

  it('writes SARIF with versionControlProvenance (no credentials) and the commit in each history result', async () => {
    const key = anthropicKey(301);
    const repo = newRepo();
    try {
      const leak = commit(repo.dir, 'leak', { 'a.py': `K = "${key}"\n` });
      commit(repo.dir, 'unleak', { 'a.py': 'K = None\n' });
      // agent-guard-ignore secret/basic-auth-url: a fake credential, to prove the SARIF provenance strips it
      git(repo.dir, 'remote', 'add', 'origin', 'https://someone:not-a-real-token@github.com/acme/agent.git');
      const run = await runCli(['scan', '--history', '--format', 'sarif'], repo.dir);
      const doc = JSON.parse(run.stdout);
      expect(sarifErrors(doc)).toEqual([]);
      const r = doc.runs[0];
      expect(r.versionControlProvenance).toEqual([
        { repositoryUri: 'https://github.com/acme/agent', revisionId: head(repo.dir), branch: 'main', mappedTo: { uriBaseId: '%SRCROOT%' } },
      ]);
      expect(r.properties.history).toMatchObject({ commits: 3, uniqueBlobs: 3, blobVersions: 3, families: ['secret'] });
      expect(r.results).toHaveLength(1);
      expect(r.results[0].properties).toMatchObject({
        history: true,
        commit: leak,
        historyPath: 'a.py',
        commitUrl: `https://github.com/acme/agent/commit/${leak}`,
      });
      expect(run.stdout).not.toContain('not-a-real-token');
      expect(run.stdout).not.toContain(key);
    } finally {
      repo.cleanup();
    }
  });

  it('keeps a baselined history finding out of the report after a rebase', async () => {
    const key = anthropicKey(401);
    const repo = newRepo();
    try {
      git(repo.dir, 'checkout', '-q', '-b', 'feature');
      commit(repo.dir, 'leak', { 'k.py': `K = "${key}"\n` });
      commit(repo.dir, 'unleak', { 'k.py': 'K = None\n' });
      const first = JSON.parse((await runCli(['scan', '--history', '--format', 'json'], repo.dir)).stdout) as JsonReport;
      expect(first.findings).toHaveLength(1);
      writeBaseline(join(repo.dir, '.agent-guard-baseline.json'), first.findings);
      git(repo.dir, 'checkout', '-q', 'main');
      commit(repo.dir, 'main moves', { 'm.py': 'x = 1\n' });
      git(repo.dir, 'checkout', '-q', 'feature');
      git(repo.dir, 'rebase', '-q', 'main');
      const again = JSON.parse((await runCli(['scan', '--history', '--format', 'json'], repo.dir)).stdout) as JsonReport;
      expect(again.findings[0].properties?.commit).not.toBe(first.findings[0].properties?.commit);
      expect(again.findings[0].fingerprint).toBe(first.findings[0].fingerprint);
      const run = await runCli(['scan', '--history', '--baseline', '.agent-guard-baseline.json'], repo.dir);
      expect(run.code).toBe(0);
    } finally {
      repo.cleanup();
    }
  });

  it('honours an inline suppression in a history blob', async () => {
    const repo = newRepo();
    try {
      commit(repo.dir, 'fixture', { 'test_fixture.py': `# agent-guard-ignore secret/anthropic-api-key: revoked test key\nK = "${anthropicKey(501)}"\n` });
      commit(repo.dir, 'drop', {}, ['test_fixture.py']);
      const run = await runCli(['scan', '--history'], repo.dir);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('1 finding suppressed');
    } finally {
      repo.cleanup();
    }
  });

  it('scans only the given range with --since', async () => {
    const repo = newRepo();
    try {
      commit(repo.dir, 'old', { 'old.py': `K = "${anthropicKey(601)}"\n` });
      commit(repo.dir, 'old cleanup', {}, ['old.py']);
      const base = head(repo.dir);
      const leak = commit(repo.dir, 'new', { 'new.py': `K = "${anthropicKey(602)}"\n` });
      commit(repo.dir, 'new cleanup', {}, ['new.py']);
      const json = JSON.parse((await runCli(['scan', '--history', '--since', base, '--format', 'json'], repo.dir)).stdout) as JsonReport;
      expect(json.findings.map((f) => [f.path, f.properties?.commit])).toEqual([['new.py', leak]]);
    } finally {
      repo.cleanup();
    }
  });

  it('rejects inconsistent history flags with exit 2', async () => {
    const repo = newRepo();
    try {
      for (const args of [
        ['--since', 'HEAD'],
        ['--history', '--history-families', 'secrets'],
        ['--history', '--staged'],
        ['--history', '--since', 'no-such-ref'],
      ]) {
        const run = await runCli(['scan', ...args], repo.dir);
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(/^agent-guard: .+\n$/);
      }
    } finally {
      repo.cleanup();
    }
  });
});

describe('publicRepositoryUri', () => {
  it('turns remote URLs into https URLs without credentials, and refuses local ones', () => {
    expect(publicRepositoryUri('git@github.com:acme/agent.git')).toBe('https://github.com/acme/agent');
    expect(publicRepositoryUri('ssh://git@github.com:22/acme/agent.git')).toBe('https://github.com/acme/agent');
    expect(publicRepositoryUri('https://x-access-token:abc@github.com/acme/agent')).toBe('https://github.com/acme/agent');
    expect(publicRepositoryUri('https://gitlab.example.com/group/sub/proj.git/')).toBe('https://gitlab.example.com/group/sub/proj');
    expect(publicRepositoryUri('/srv/git/agent.git')).toBeNull();
    expect(publicRepositoryUri('file:///srv/git/agent.git')).toBeNull();
    expect(publicRepositoryUri('../agent')).toBeNull();
  });
});

describe('historyFindingMarkdown', () => {
  it('names the commit (linked), the place and the rotation advice; nothing for tree findings', () => {
    const base = {
      ruleId: 'secret/anthropic-api-key',
      family: 'secret' as const,
      path: 'a.py',
      range: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 9 },
      message: 'Anthropic API key committed: sk-ant-a…AA',
    };
    const md = historyFindingMarkdown({
      ...base,
      properties: {
        history: true,
        commit: 'a'.repeat(40),
        authorDate: '2025-01-02T03:04:05Z',
        commitUrl: `https://github.com/acme/agent/commit/${'a'.repeat(40)}`,
      },
    });
    expect(md).toContain(`[\`aaaaaaa\`](https://github.com/acme/agent/commit/${'a'.repeat(40)}) (2025-01-02), \`a.py:2\``);
    expect(md).toMatch(/rotate it now.*Deleting it in a later commit is not enough/s);
    expect(historyFindingMarkdown({ ...base })).toBeNull();
  });
});
