import { randomInt } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assetPath } from '../../core/assets.js';
import { scan } from '../../engine/engine.js';
import { UsageError } from '../../core/errors.js';
import { fakeKey, FAKE_KEY_GENERATORS, seededRng } from '../../families/secret/fake-keys.js';
import { ALL_RULES } from '../../families/index.js';
import type { Command } from '../command.js';
import { emitReport, REPORT_OPTIONS, REPORT_USAGE } from '../../app/scan-output.js';

export const DEMO_REPOSITORY = 'examples/vulnerable-agent';

/** Placeholders in the example files (`{{FAKE_KEY:anthropic}}`) become freshly generated fake keys. */
const PLACEHOLDER = /\{\{FAKE_KEY:([a-z0-9-]+)\}\}/g;

function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const abs = join(dir, name);
    if (statSync(abs).isDirectory()) out.push(...listFiles(abs, `${prefix}${name}/`));
    else out.push(`${prefix}${name}`);
  }
  return out;
}

/** Copy the embedded example into `target`, filling each key placeholder with a fresh fake key; returns the keys. */
export function materialiseDemo(target: string, seed: number): string[] {
  const source = assetPath(DEMO_REPOSITORY);
  try {
    statSync(source);
  } catch {
    throw new UsageError(`the demo repository is missing (${source}); reinstall agent-guard`);
  }
  cpSync(source, target, { recursive: true });
  const rng = seededRng(seed);
  const keys: string[] = [];
  for (const rel of listFiles(target)) {
    const abs = join(target, rel);
    const text = readFileSync(abs, 'utf8');
    if (!text.includes('{{FAKE_KEY:')) continue;
    writeFileSync(
      abs,
      text.replace(PLACEHOLDER, (_, provider: string) => {
        if (!FAKE_KEY_GENERATORS[provider]) throw new Error(`demo file ${rel} names unknown provider ${provider}`);
        const { key } = fakeKey(provider, rng);
        keys.push(key);
        return key;
      }),
    );
  }
  return keys;
}

export const demoCommand: Command = {
  name: 'demo',
  summary: 'scan the embedded example agent repository (with freshly generated fake keys)',
  usage: 'agent-guard demo [options]',
  description: `Copies the example repository ${DEMO_REPOSITORY} to a temporary directory, fills it with freshly
generated fake API keys, scans it and prints the report: a finding of every family, in any format.`,
  optionsHelp: `${REPORT_USAGE}
      --keep            keep the temporary directory and print its path on stderr`,
  options: { ...REPORT_OPTIONS, keep: { type: 'boolean' } },
  allowPositionals: false,
  async run(args, io) {
    const dir = mkdtempSync(join(tmpdir(), 'agent-guard-demo-'));
    try {
      materialiseDemo(dir, randomInt(2 ** 31));
      const result = await scan({ paths: [dir], rules: ALL_RULES });
      if (args.values.keep) io.err(`agent-guard: demo repository kept at ${dir}\n`);
      return emitReport(result, args, io, 'error');
    } finally {
      if (!args.values.keep) rmSync(dir, { recursive: true, force: true });
    }
  },
};
