import type { Range } from '../../../core/location.js';
import type { CodeLanguage } from '../../../parsing/parsers.js';

/**
 * A function that a framework exposes to a model as a tool: the contract between tool discovery
 * (src/families/tool-input/discovery/) and the rules that trace tool input (tool-input/*) or inspect tools (rate-limit/*).
 */
export type Framework =
  | 'langchain'
  | 'langchain-js'
  | 'openai-agents'
  | 'openai-agents-js'
  | 'mcp-python'
  | 'mcp-python-lowlevel'
  | 'mcp-typescript'
  | 'vercel-ai-sdk'
  | 'mastra'
  | 'crewai'
  | 'pydantic-ai'
  | 'smolagents'
  | 'llamaindex'
  | 'google-adk'
  | 'async-toolformer'
  | 'browser-use'
  | 'agno'
  | 'camel'
  | 'swarm'
  | 'callable-tool';

/** How model input reaches one handler parameter. */
export type ParameterShape =
  /** the parameter itself is model input (`def f(path: str)`, `execute(path)`) */
  | 'value'
  /** the parameter is an object/dict whose properties are model input (`input.file`, `arguments["path"]`, `request.params.arguments`) */
  | 'object'
  /** a destructured property of the input object (`({ path }) => ...`): `name` is the local binding */
  | 'destructured';

export interface ToolParameter {
  /** Local name inside the handler (the binding that carries model input). */
  name: string;
  shape: ParameterShape;
  /** For `object` parameters: the member path under which model input sits, e.g. ['params', 'arguments'] for MCP `request`, ['context'] for Mastra. Empty when the parameter object itself holds the arguments. */
  inputPath?: string[];
  /** Declaration of the parameter: SARIF related location of every finding reached from it. */
  range: Range;
  /**
   * The framework validates the argument against the parameter's annotation before the handler runs
   * (pydantic-based: FastMCP, OpenAI Agents, pydantic-ai, LangChain/CrewAI `@tool`): a number (`int`,
   * `float`), a `bool`, or one of fixed `Literal[...]` values. Absent when any string may arrive.
   */
  validated?: 'number' | 'bool' | 'fixed';
}

/**
 * What a handler serves: a tool the model calls (the default), an MCP resource read (its URI, or a URI
 * template's parameters, are chosen by the client) or an MCP prompt (its arguments are chosen by the client).
 */
export type EntryKind = 'tool' | 'resource' | 'prompt';

export interface ToolHandler {
  framework: Framework;
  /** Absent for a tool; `resource` / `prompt` for the other MCP entry points. */
  entry?: Exclude<EntryKind, 'tool'>;
  language: CodeLanguage;
  /** Name the model sees. */
  name: string;
  /** File and range of the registration (decorator, `tool(...)` call, class) that exposes the handler. */
  registration: { path: string; range: Range };
  /** The function that runs with model input: its file and its node's UTF-16 offsets in that file. */
  handler: { path: string; startIndex: number; endIndex: number; range: Range };
  parameters: ToolParameter[];
  /** Tool description/docstring as the model sees it, with where it is written. */
  description?: { text: string; path: string; range: Range };
  /**
   * Other text of the registration the model sees besides the description: parameter descriptions
   * (`Field(description=...)`, zod `.describe(...)`, JSON Schema `description`), a low-level MCP server's
   * tool list. Optional: filled by discovery for the poisoned-description rule.
   */
  modelTexts?: { text: string; path: string; range: Range }[];
}
