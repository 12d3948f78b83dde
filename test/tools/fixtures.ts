import { defineRule } from '../../src/core/define-rule.js';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTree } from '../helpers/files.js';
import { runOnFiles } from '../helpers/rules.js';
import { toolsOfFile } from '../../src/families/tool-input/discovery/discover.js';
import type { ToolHandler, ToolParameter } from '../../src/families/tool-input/discovery/types.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/tools', import.meta.url));

/** Every discovery fixture (py/ and js/; path relative to test/fixtures/tools) with its text. */
export function fixtureFiles(): Record<string, string> {
  return { ...filesUnder(join(FIXTURES, 'py')), ...filesUnder(join(FIXTURES, 'js')) };
}

/** Every file under `dir`, keyed by its path relative to test/fixtures/tools. */
export function filesUnder(dir: string): Record<string, string> {
  return readTree(dir, FIXTURES);
}

export function paramText(p: ToolParameter): string {
  return `${p.name}:${p.shape}${p.inputPath?.length ? `[${p.inputPath.join('.')}]` : ''}`;
}

/** One line per handler: `handlerPath:line framework[/resource|/prompt] name params`, the format of the fixture markers. */
export function inventoryLine(h: ToolHandler): string {
  const params = h.parameters.length ? h.parameters.map(paramText).join(',') : '-';
  return `${h.handler.path}:${h.handler.range.startLine} ${h.framework}${h.entry ? `/${h.entry}` : ''} ${h.name} ${params}`;
}

/** Markers `tool: <framework> <name> <params>` in comments, as inventory lines. */
export function markedTools(files: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [path, text] of Object.entries(files)) {
    text.split('\n').forEach((line, i) => {
      const m = /(?:#|\/\/)\s*tool:\s*(\S+)\s+(.+?)\s+(\S+)\s*$/.exec(line);
      if (m) out.push(`${path}:${i + 1} ${m[1]} ${m[2]} ${m[3]}`);
    });
  }
  return out.sort();
}

type ProbeContext = Parameters<Parameters<typeof defineRule>[0]['check']>[0];

/** Run `visit` on every code file of in-memory files through the engine, as a rule would; rule errors throw. */
export async function probeCodeFiles(files: Record<string, string>, visit: (ctx: ProbeContext) => Promise<void>): Promise<void> {
  const probe = defineRule({
    id: 'tool-input/probe',
    severity: 'note',
    description: 'probe',
    fix: 'none',
    messages: {},
    cwe: [],
    securitySeverity: 0,
    precision: 'high',
    appliesTo: (f) => f.isCode,
    check: visit,
  });
  const result = await runOnFiles([probe], files);
  if (result.ruleErrors.length) throw new Error(JSON.stringify(result.ruleErrors));
}

/** Run discovery over in-memory files through the engine, as a rule would. */
export async function discoverAll(files: Record<string, string>): Promise<ToolHandler[]> {
  const found: ToolHandler[] = [];
  await probeCodeFiles(files, async (ctx) => {
    found.push(...(await toolsOfFile(ctx)));
  });
  return found;
}
