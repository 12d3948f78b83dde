// MCP server and AI SDK tools for the research agent's web side.
import { exec } from 'node:child_process';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { tool } from 'ai';
import { z } from 'zod';

const server = new McpServer({ name: 'research-web', version: '1.0.0' });

server.tool('fetch_page', 'Fetch a web page for the agent to read', { url: z.string() }, async ({ url }) => {
  // Any URL the model writes is fetched from inside our network (http://169.254.169.254/ included).
  const response = await fetch(url);
  return { content: [{ type: 'text', text: await response.text() }] };
});

export const archive = tool({
  description: 'Compress a folder of notes',
  inputSchema: z.object({ folder: z.string() }),
  execute: async ({ folder }) =>
    new Promise((resolve, reject) => {
      exec(`tar czf notes.tgz ${folder}`, (error, stdout) => (error ? reject(error) : resolve(stdout)));
    }),
});

export default server;
