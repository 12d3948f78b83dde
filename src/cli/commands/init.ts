import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findConfigFile } from '../../config/load.js';
import { UsageError } from '../../core/errors.js';
import { findRoot } from '../../sources/discover.js';
import type { Command } from '../command.js';
import { isQuiet, writeFileAtomic } from '../../app/io.js';
import { CONFIG_SCHEMA_URL, CONFIGURATION_DOCS_URL } from '../../core/identity.js';

export const STARTER_CONFIG = `# agent-guard configuration: ${CONFIGURATION_DOCS_URL}
# yaml-language-server: $schema=${CONFIG_SCHEMA_URL}

# Lowest severity that fails the scan (exit 1): error, warning, note or never.
failOn: error

# Files larger than this (bytes) are skipped and listed as skipped.
maxFileSize: 1048576

# Globs, relative to this file, that are never scanned.
exclude:
  - "**/node_modules/**"
  - "**/.venv/**"

# Test code: the tool-input and rate-limit rules leave it alone (tools in tests are test doubles); the
# secret and tool-payload rules scan it. A list here replaces the default one; [] analyzes every file.
# testFiles: ["**/test/**", "**/tests/**", "**/__tests__/**", "**/__mocks__/**", "**/*.test.*", "**/*.spec.*", "**/test_*.py", "**/*_test.py", "**/conftest.py"]

# Per-rule severity ("off" disables a rule) and options; "agent-guard rules" lists the ids.
rules: {}
#  tool-input/ssrf: warning
#  tool-payload/*: warning            # every rule of a family; an entry for a rule id overrides it
#  rate-limit/unbounded-agent-loop:
#    options: { maxIterations: 50 }

# Stored tool payloads that must satisfy a project JSON Schema.
payloads: []
#  - files: "payloads/calls/**/*.json"
#    schema: "payloads/schema.json"

# Suppressions for files that cannot hold a comment (JSON); each needs a reason.
ignore: []
#  - rule: tool-payload/unknown-tool
#    files: "fixtures/legacy/**"
#    reason: recorded before the tool was renamed
`;

export const initCommand: Command = {
  name: 'init',
  summary: 'write a commented starter .agent-guard.yml at the repository root',
  usage: 'agent-guard init [PATH] [--force]',
  description: `Writes .agent-guard.yml at the root of the git repository holding PATH (default: the current
directory): every key with its default and a comment saying what it does (failOn, maxFileSize,
include/exclude, testFiles, rules, payloads, ignore). The file names its JSON Schema, so editors complete and check
it. An existing config (.agent-guard.yml, .yaml or .json) is left alone unless --force is given.`,
  optionsHelp: `      --force           overwrite an existing config file`,
  options: { force: { type: 'boolean' } },
  allowPositionals: true,
  async run(args, io) {
    const { root } = findRoot(resolve(io.cwd, args.positionals[0] ?? '.'));
    const existing = findConfigFile(root);
    if (existing && !args.values.force) throw new UsageError(`${existing} already exists (use --force to overwrite it)`);
    const target = existing ?? join(root, '.agent-guard.yml');
    if (existsSync(target) && !args.values.force) throw new UsageError(`${target} already exists`);
    writeFileAtomic(target, STARTER_CONFIG);
    if (!isQuiet(io)) io.out(`wrote ${target}\n`);
    return 0;
  },
};
