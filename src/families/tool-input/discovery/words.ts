/**
 * Words every registration shape mentions: a tool (`@tool`, `.tool(`, `Tool(`, `createTool`, `function_tool`,
 * `call_tool`, `CallToolRequestSchema`, …), an MCP resource or prompt (`.resource(`, `registerPrompt`,
 * `read_resource`, `'resources/read'`, `ReadResourceRequestSchema`, `Prompt.from_function`, …), a browser-use `.action(` or
 * OpenAI Swarm agent functions (`Agent(functions=[…])`, `agent.functions.append(f)`).
 */
export const ENTRY_WORDS =
  /tool|functions=|functions =|\.functions\.|\.(?:resource|prompt|action)\s*\(|register(?:Resource|Prompt)|from_function|read_resource|get_prompt|resources\/read|prompts\/get|ReadResourceRequest|GetPromptRequest/i;
