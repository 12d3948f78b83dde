import { resolve } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { buildInventory, formatInventoryText, inventoryJson } from '../../app/tool-inventory.js';
import type { Command } from '../command.js';

export const toolsCommand: Command = {
  name: 'tools',
  summary: 'list every function exposed to a model as a tool: framework, name, file:line, parameters, sinks',
  usage: `agent-guard tools [PATH...] [--format text|json] [--config FILE]

Lists the tool handlers of PATH (default: the current directory): the functions that an agent framework
(LangChain, OpenAI Agents, MCP, Vercel AI SDK, Mastra, CrewAI, pydantic-ai, smolagents, LlamaIndex,
async-toolformer) exposes to a model, with the framework, the tool name, where the handler is, which
parameters carry model input, and the dangerous sinks that input reaches. Files are chosen as by "scan".

  -f, --format FORMAT   text (default) or json
  -c, --config FILE     use FILE instead of .agent-guard.yml at the root`,
  options: { format: { type: 'string', short: 'f' }, config: { type: 'string', short: 'c' } },
  allowPositionals: true,
  async run(args, io) {
    const format = (args.values.format ?? 'text') as string;
    if (format !== 'text' && format !== 'json') throw new UsageError(`unknown --format "${format}" for tools (expected text or json)`);
    const paths = (args.positionals.length ? args.positionals : ['.']).map((p) => resolve(io.cwd, p));
    const configFile = args.values.config ? resolve(io.cwd, args.values.config as string) : undefined;
    const inventory = await buildInventory(paths, configFile);
    io.out(format === 'json' ? JSON.stringify(inventoryJson(inventory), null, 2) + '\n' : formatInventoryText(inventory));
    return 0;
  },
};
