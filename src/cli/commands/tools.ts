import { resolve } from 'node:path';
import { buildInventory, formatInventoryText, inventoryJson } from '../../app/tool-inventory.js';
import { isQuiet, verbose } from '../../app/io.js';
import { oneOf } from '../../app/scan-output.js';
import { plural } from '../../reporters/types.js';
import type { Command } from '../command.js';

export const toolsCommand: Command = {
  name: 'tools',
  summary: 'list every function exposed to a model as a tool: framework, name, file:line, parameters, sinks',
  usage: 'agent-guard tools [PATH...] [--format text|json] [--config FILE]',
  description: `Lists the tool handlers of PATH (default: the current directory): the functions that an agent framework
(LangChain, OpenAI Agents, MCP, Vercel AI SDK, Mastra, CrewAI, pydantic-ai, smolagents, LlamaIndex,
Google ADK, async-toolformer, browser-use, agno, CAMEL, OpenAI Swarm, tool classes run through __call__) exposes to a model, with the framework, the tool name, where
the handler is, which parameters carry model input, and the dangerous sinks that input reaches. MCP
resource and prompt handlers are listed too, marked "resource" / "prompt" (JSON: "kind"). A tool with two
handlers (a LangChain tool's _run and _arun) is listed once. Files are chosen as by "scan".
Exit 0: the list is complete; 1: a file could not be analyzed (listed as an error; the list may miss
its tools); 2: usage, config or internal error.`,
  optionsHelp: `  -f, --format FORMAT   text (default) or json (always valid JSON; text from the files masked)
  -c, --config FILE     use FILE instead of .agent-guard.yml at the root`,
  options: { format: { type: 'string', short: 'f' }, config: { type: 'string', short: 'c' } },
  allowPositionals: true,
  async run(args, io) {
    const format = oneOf('--format', String(args.values.format ?? 'text'), ['text', 'json'] as const, ' for tools');
    const paths = (args.positionals.length ? args.positionals : ['.']).map((p) => resolve(io.cwd, p));
    const configFile = args.values.config ? resolve(io.cwd, args.values.config as string) : undefined;
    const started = performance.now();
    const inventory = await buildInventory(paths, configFile);
    const handlers = inventory.tools.reduce((n, t) => n + 1 + (t.otherHandlers?.length ?? 0), 0);
    verbose(
      io,
      `root ${inventory.root}; ${plural(inventory.files, 'file')} read${inventory.excluded ? ` (${inventory.excluded} excluded by the config)` : ''}, ${plural(inventory.tools.length, 'tool')} (${plural(handlers, 'handler')}) found in ${Math.round(performance.now() - started)} ms`,
    );
    io.out(format === 'json' ? JSON.stringify(inventoryJson(inventory), null, 2) + '\n' : formatInventoryText(inventory, { quiet: isQuiet(io) }));
    return inventory.errors.length ? 1 : 0;
  },
};
