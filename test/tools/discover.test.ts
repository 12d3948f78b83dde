import { describe, expect, it } from '@jest/globals';
import { discoverAll, fixtureFiles, inventoryLine, markedTools } from './fixtures.js';

const files = fixtureFiles();
let all: ReturnType<typeof discoverAll> | undefined;
const discovered = () => (all ??= discoverAll(files));

describe('tool discovery over the fixtures', () => {
  it('finds exactly the marked handlers of every fixture (both languages)', async () => {
    const handlers = await discovered();
    expect(handlers.map(inventoryLine).sort()).toEqual(markedTools(files));
  });

  for (const path of Object.keys(files).filter((p) => !p.includes('/pkg/') && !p.includes('/handlers/'))) {
    it(`inventory of ${path}`, async () => {
      // Cross-file handlers need their modules: give every file, keep the handlers registered in this one.
      const handlers = (await discovered()).filter((h) => h.registration.path === path);
      const expected = markedTools(files).filter((l) => l.startsWith(`${path}:`));
      expect(
        handlers
          .filter((h) => h.handler.path === path)
          .map(inventoryLine)
          .sort(),
      ).toEqual(expected);
    });
  }
});

describe('entry points of files that never say "tool"', () => {
  it('finds MCP resources and prompts of a server without tools (Python and TypeScript)', async () => {
    const py = [
      'from mcp.server.fastmcp import FastMCP',
      'mcp = FastMCP("db")',
      '@mcp.resource("db://{table}")',
      'def read_table(table: str) -> str:',
      '    return table',
      '',
    ].join('\n');
    const ts = [
      "import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';",
      "const server = new McpServer({ name: 'db', version: '1' });",
      "server.registerPrompt('review', { argsSchema: {} }, async ({ code }) => ({ messages: [] }));",
      '',
    ].join('\n');
    const found = await discoverAll({ 'py/only_resources.py': py, 'js/only_prompts.ts': ts });
    expect(found.map(inventoryLine).sort()).toEqual([
      'js/only_prompts.ts:3 mcp-typescript/prompt review code:destructured',
      'py/only_resources.py:4 mcp-python/resource read_table table:value',
    ]);
  });

  it('finds OpenAI Swarm agent functions in a file that only says functions=', async () => {
    const py = ['from swarm import Agent', 'def lookup(city: str) -> str:', '    return city', 'agent = Agent(name="a", functions=[lookup])', ''].join('\n');
    const found = await discoverAll({ 'py/only_functions.py': py });
    expect(found.map(inventoryLine)).toEqual(['py/only_functions.py:2 swarm lookup city:value']);
  });
});
