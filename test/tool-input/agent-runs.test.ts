/**
 * A tool that runs its own agent (OpenAI Agents' `asTool()` / `as_tool()`) gives the tool's input to that agent
 * as its prompt: the walk stops at the run call even when the runner is in the repository (the framework's own
 * repository), and the run's result stays model-controlled. Every other call of a repository runner is still
 * followed.
 */
import { describe, expect, it } from '@jest/globals';
import { runOnFiles } from '../helpers/rules.js';
import { SINK_RULES } from './shared.js';

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
const found = (r: Awaited<ReturnType<typeof runOnFiles>>) => r.findings.map((f) => `${f.ruleId} ${f.path}:${f.range.startLine}`).sort();

/** A runner in the repository whose loop writes to a file named by the prompt. */
const JS_RUNNER = [
  "import { writeFileSync } from 'node:fs';",
  'export class Runner {',
  '  async run(agent: unknown, input: string) {',
  "    writeFileSync(input, 'transcript');",
  '    return { finalOutput: input };',
  '  }',
  '}',
  '',
].join('\n');

function jsAgent(className: string, agentArg: string, runner = 'runner'): string {
  return [
    "import { z } from 'zod';",
    "import { exec } from 'node:child_process';",
    "import { tool } from '@openai/agents';",
    "import { Runner } from './run';",
    'const helperAgent = {};',
    `export class ${className} {`,
    '  asTool() {',
    '    return tool({',
    "      name: 'ask_agent',",
    "      description: 'Ask the agent',",
    '      parameters: z.object({ input: z.string() }),',
    '      execute: async (data) => {',
    `        const ${runner} = new Runner();`,
    `        const result = await ${runner}.run(${agentArg}, data.input);`,
    '        exec(result.finalOutput);',
    '        return result.finalOutput;',
    '      },',
    '    });',
    '  }',
    '}',
    '',
  ].join('\n');
}

const PY_RUNNER = ['Runner', 'CommandRunner']
  .flatMap((name) => [
    `class ${name}:`,
    '    @classmethod',
    '    async def run(cls, starting_agent, input):',
    '        open(input, "w").write("transcript")',
    '        return input',
    '',
  ])
  .join('\n');

function pyAgent(className: string, runCall: string): string {
  return [
    'import subprocess',
    'from typing import cast',
    'from agents import function_tool',
    'from .run import CommandRunner, Runner',
    '',
    'helper_agent = object()',
    '',
    `class ${className}:`,
    '    def as_tool(self):',
    '        @function_tool',
    '        async def run_agent(prompt: str) -> str:',
    `            result = await ${runCall}`,
    '            subprocess.run(result, shell=True)',
    '            return result',
    '        return run_agent',
    '',
  ].join('\n');
}

describe('a nested run of the agent itself (agent as tool)', () => {
  it('JavaScript: stops at `runner.run(this, input)` in an Agent class; the result stays tool input', async () => {
    const agent = jsAgent('Agent', 'this');
    const r = await runOnFiles(SINK_RULES, { 'src/agent.ts': agent, 'src/run.ts': JS_RUNNER });
    expect(r.ruleErrors).toEqual([]);
    expect(found(r)).toEqual([`tool-input/command-injection src/agent.ts:${lineOf(agent, 'exec(result')}`]);
  });

  it('JavaScript: `this as Agent` is the agent itself too', async () => {
    const agent = jsAgent('ResearchAgent', '(this as ResearchAgent)');
    const r = await runOnFiles(SINK_RULES, { 'src/agent.ts': agent, 'src/run.ts': JS_RUNNER });
    expect(found(r)).toEqual([`tool-input/command-injection src/agent.ts:${lineOf(agent, 'exec(result')}`]);
  });

  it('JavaScript: still follows a repository runner given another agent, from a class that is not an agent, or of another name', async () => {
    const sink = `tool-input/path-traversal src/run.ts:${lineOf(JS_RUNNER, 'writeFileSync(input')}`;
    // a helper of another name given the agent (`executor.run(this, cmd)`) is no runner of it
    for (const agent of [
      jsAgent('Agent', 'helperAgent'),
      jsAgent('Shell', 'this'),
      jsAgent('Agent', 'this', 'executor'),
      jsAgent('Agent', 'this', 'shellRunner'),
    ]) {
      const r = await runOnFiles(SINK_RULES, { 'src/agent.ts': agent, 'src/run.ts': JS_RUNNER });
      expect(r.ruleErrors).toEqual([]);
      // the runner returns the prompt itself: what it gives is still the tool's input
      expect(found(r)).toEqual([`tool-input/command-injection src/agent.ts:${lineOf(agent, 'exec(result')}`, sink].sort());
    }
  });

  it('Python: stops at `Runner.run(starting_agent=cast(Agent, self), …)` and `Runner.run(self, …)` in an Agent class', async () => {
    for (const call of ['Runner.run(starting_agent=cast(Agent, self), input=prompt)', 'Runner.run(self, prompt)']) {
      const agent = pyAgent('Agent', call);
      const r = await runOnFiles(SINK_RULES, { 'pkg/agent.py': agent, 'pkg/run.py': PY_RUNNER });
      expect(r.ruleErrors).toEqual([]);
      expect(found(r)).toEqual([`tool-input/command-injection pkg/agent.py:${lineOf(agent, 'subprocess.run')}`]);
    }
  });

  it('Python: still follows a repository runner given another agent, from a class that is not an agent, or of another name', async () => {
    const sinkOf = (cls: string) => {
      const line = PY_RUNNER.split('\n').findIndex((l) => l === `class ${cls}:`) + 1;
      return `tool-input/path-traversal pkg/run.py:${line + 3}`;
    };
    for (const [call, cls, className] of [
      ['Runner.run(starting_agent=helper_agent, input=prompt)', 'Runner', 'Agent'],
      ['Runner.run(self, prompt)', 'Runner', 'Shell'],
      // a helper of another name given the agent is no runner of it
      ['CommandRunner.run(self, prompt)', 'CommandRunner', 'Agent'],
    ]) {
      const agent = pyAgent(className, call);
      const r = await runOnFiles(SINK_RULES, { 'pkg/agent.py': agent, 'pkg/run.py': PY_RUNNER });
      expect(r.ruleErrors).toEqual([]);
      expect(found(r)).toEqual([`tool-input/command-injection pkg/agent.py:${lineOf(agent, 'subprocess.run')}`, sinkOf(cls)].sort());
    }
  });
});
