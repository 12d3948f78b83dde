import type { ProjectContext } from '../../../core/types.js';
import { MAX_SYNTAX_DEPTH } from '../../../core/budget.js';
import type { Node } from '../../../parsing/parsers.js';
import type { SourceFile } from '../../../core/source-file.js';
import { resolvePythonModule } from '../../../parsing/modules.js';
import { cleanDoc, decodeEscapes, parsedModule, rangeOfNode, tooDeepRegistration, walk, type ModuleView } from './common.js';
import type { Framework, ToolHandler, ToolParameter } from './types.js';
import { ENTRY_WORDS } from './words.js';
import { descendantsOf } from '../../../parsing/nodes.js';

/**
 * Tool discovery for Python: decorators (`@tool`, `@function_tool`, `@mcp.tool()`, `@agent.tool`,
 * `@server.call_tool()`, `@Tool(...)`, `@registry.tool(...)`), factory calls (`StructuredTool.from_function`,
 * `Tool(func=...)`, `FunctionTool.from_defaults`, Google ADK `FunctionTool(func)` and `Agent(tools=[fn])`) and tool
 * classes (`BaseTool._run`, smolagents `Tool.forward`).
 */

interface PyImport {
  /** Module as written after the dots (`a.b`), '' for `from . import x`. */
  module: string;
  /** Imported name; null when the binding is the module itself (`import a.b as m`). */
  name: string | null;
  /** Number of leading dots (relative import). */
  level: number;
}

type Lib =
  | 'langchain'
  | 'crewai'
  | 'smolagents'
  | 'openai-agents'
  | 'mcp'
  | 'pydantic-ai'
  | 'llamaindex'
  | 'async-toolformer'
  | 'google-adk'
  | 'browser-use'
  | 'agno'
  | 'camel'
  | 'swarm';

function libOf(module: string, level: number): Lib | null {
  if (level > 0) return null;
  const top = module.split('.')[0];
  if (top.startsWith('langchain') || top === 'langgraph') return 'langchain';
  if (top === 'crewai' || top === 'crewai_tools') return 'crewai';
  if (top === 'smolagents') return 'smolagents';
  if (top === 'agents') return 'openai-agents';
  // awslabs' MCP server for AWS Lambda (awslabs.mcp_lambda_handler.MCPLambdaHandler) registers as FastMCP does
  if (top === 'mcp' || top === 'fastmcp' || /^awslabs\.mcp_lambda_handler(\.|$)/.test(module)) return 'mcp';
  if (top === 'pydantic_ai') return 'pydantic-ai';
  if (top === 'llama_index') return 'llamaindex';
  if (top === 'async_toolformer') return 'async-toolformer';
  if (top === 'google' && /^google\.adk(\.|$)/.test(module)) return 'google-adk';
  if (top === 'browser_use') return 'browser-use';
  if (top === 'agno') return 'agno';
  if (top === 'camel') return 'camel';
  if (top === 'swarm') return 'swarm';
  return null;
}

/** Parameter types a framework fills in itself: never model input. */
const INJECTED_TYPE =
  /\b(RunContext|RunContextWrapper|ToolContext|Context|CallbackManagerForToolRun|AsyncCallbackManagerForToolRun|RunnableConfig|InjectedToolArg|InjectedState|InjectedStore|InjectedToolCallId|ToolRuntime)\b/;

interface PyModule {
  view: ModuleView;
  imports: Map<string, PyImport>;
  libs: Set<Lib>;
  /** Modules imported with `from x import *` (name null): a name defined nowhere else may come from them. */
  stars: PyImport[];
}

/**
 * Google ADK names that register tools: an agent wraps every plain function of its `tools=[...]` in a
 * FunctionTool (`LlmAgent._convert_tool_union_to_tools`; `Agent` is `LlmAgent`), and a FunctionTool (or its
 * subclass LongRunningFunctionTool) wraps the one function it is given.
 */
const ADK_AGENTS = new Set(['Agent', 'LlmAgent']);
const ADK_FUNCTION_TOOLS = new Set(['FunctionTool', 'LongRunningFunctionTool']);

/**
 * Parameters agno fills in itself (agno/tools/function.py `FRAMEWORK_INJECTED_PARAMS`, `AGNO_INJECTED_PARAMS`):
 * never model input.
 */
const AGNO_PARAMS: ParamOptions = {
  skipNames: ['agent', 'team', 'run_context', 'images', 'videos', 'audios', 'files', '_agno_agent', '_agno_team', '_agno_run_context'],
};

/** OpenAI Swarm passes the run's `context_variables` itself (swarm/core.py `__CTX_VARS_NAME__`): not model input. */
const SWARM_PARAMS: ParamOptions = { skipNames: ['context_variables'] };

/**
 * Agent classes whose tool list wraps each plain function it holds as a tool: agno `Agent`/`Team(tools=[fn])`
 * (agno/tools/function.py `Function.from_callable`), CAMEL `ChatAgent(tools=[fn])` (a callable becomes a
 * FunctionTool), OpenAI Swarm `Agent(functions=[fn])` (swarm/types.py `functions: List[AgentFunction]`).
 */
const AGENT_TOOL_LISTS: Partial<Record<Lib, { classes: Set<string>; keyword: string; framework: Framework; params: ParamOptions }>> = {
  agno: { classes: new Set(['Agent', 'Team']), keyword: 'tools', framework: 'agno', params: AGNO_PARAMS },
  camel: { classes: new Set(['ChatAgent']), keyword: 'tools', framework: 'camel', params: {} },
  swarm: { classes: new Set(['Agent']), keyword: 'functions', framework: 'swarm', params: SWARM_PARAMS },
};

/**
 * Toolkit base classes whose subclasses list their tool methods: agno `Toolkit` (`super().__init__(tools=[self.fn])`,
 * `self.register(self.fn)`; agno/tools/toolkit.py) and CAMEL `BaseToolkit` (`get_tools()` returning
 * `[FunctionTool(self.fn)]`; camel/toolkits/base.py). Any class of the library named `…Toolkit` is one
 * (agno `GoogleToolkit`, CAMEL `MCPToolkit`).
 */
const TOOLKIT_LIBS: Partial<Record<Lib, Framework>> = { agno: 'agno', camel: 'camel' };

/** ADK fills these in itself (FunctionTool `_ignore_params`); a `ToolContext`/`Context` annotation is caught by INJECTED_TYPE. */
const ADK_PARAMS: ParamOptions = { skipNames: ['tool_context', 'input_stream'] };

/**
 * Cheap syntactic filter for `fromCall`: `X.from_function(...)`, `FunctionTool.from_defaults(...)`, `Tool(...)`,
 * `StructuredTool(...)`, `adk.Agent(...)` (possibly aliased).
 */
function isRegistrationCall(call: Node): boolean {
  const f = call.childForFieldName('function');
  if (!f) return false;
  if (f.type === 'attribute') {
    const attr = f.childForFieldName('attribute')?.text ?? '';
    return (
      attr === 'from_function' ||
      attr === 'from_defaults' ||
      attr === 'add_tool' ||
      attr === 'Server' ||
      ADK_AGENTS.has(attr) ||
      ADK_FUNCTION_TOOLS.has(attr) ||
      // Swarm `agent.functions.append(f)`
      ((attr === 'append' || attr === 'extend') && f.childForFieldName('object')?.childForFieldName('attribute')?.text === 'functions')
    );
  }
  // the low-level server subscripted with its lifespan state type: `Server[AppState](..., on_call_tool=f)`
  if (f.type === 'subscript') return isServerClassRef(f.childForFieldName('value'));
  // the call form of a server decorator: `mcp.tool(name="x")(fn)`, `mcp.resource("db://{t}")(fn)`
  if (f.type === 'call') return SERVER_DECORATOR_CALLS.has(f.childForFieldName('function')?.childForFieldName('attribute')?.text ?? '');
  return f.type === 'identifier';
}

/** `Server` or `x.Server` (the class a generic subscript `Server[AppState]` instantiates). */
function isServerClassRef(n: Node | null): n is Node {
  if (n?.type === 'identifier') return n.text === 'Server';
  return n?.type === 'attribute' && n.childForFieldName('attribute')?.text === 'Server';
}

/** FastMCP / MCPServer methods whose call form registers the function it is given (`mcp.tool(...)(fn)`). */
const SERVER_DECORATOR_CALLS = new Set(['tool', 'resource', 'prompt']);

/**
 * Low-level MCP `Server(...)` keyword handlers (mcp/server/lowlevel/server.py): each receives
 * `(ctx, params)`; the client chooses `params` (a tool's `arguments`, a resource `uri`, a prompt's `arguments`).
 */
const LOWLEVEL_HANDLERS: Record<string, { entry?: 'resource' | 'prompt'; inputPath: string[] }> = {
  on_call_tool: { inputPath: ['arguments'] },
  on_read_resource: { entry: 'resource', inputPath: [] },
  on_get_prompt: { entry: 'prompt', inputPath: [] },
};

/** Factory classes of FastMCP / MCPServer whose `from_function(fn, ...)` wraps a handler. */
const MCP_FROM_FUNCTION: Record<string, 'tool' | 'resource' | 'prompt'> = {
  Tool: 'tool',
  Prompt: 'prompt',
  FunctionResource: 'resource',
  ResourceTemplate: 'resource',
};

/**
 * Parameters browser-use fills in itself (`SpecialActionParameters` of browser_use/tools/registry/views.py):
 * never model input.
 */
const BROWSER_USE_PARAMS: ParamOptions = {
  skipNames: [
    'context',
    'browser_session',
    'browser',
    'browser_context',
    'page',
    'page_extraction_llm',
    'file_system',
    'available_file_paths',
    'has_sensitive_data',
    'sensitive_data',
    'cdp_client',
    'extraction_schema',
  ],
};

function analyze(view: ModuleView): PyModule {
  const imports = new Map<string, PyImport>();
  const libs = new Set<Lib>();
  const stars: PyImport[] = [];
  for (const n of descendantsOf(view.root, ['import_statement', 'import_from_statement'])) {
    if (n) analyzeImport(n, imports, libs, stars);
  }
  return { view, imports, libs, stars };
}

function analyzeImport(n: Node, imports: Map<string, PyImport>, libs: Set<Lib>, stars: PyImport[]): void {
  if (n.type === 'import_statement') {
    for (const name of n.childrenForFieldName('name')) {
      if (!name) continue;
      if (name.type === 'aliased_import') {
        const mod = name.childForFieldName('name')?.text ?? '';
        const alias = name.childForFieldName('alias')?.text;
        if (alias) imports.set(alias, { module: mod, name: null, level: 0 });
        const lib = libOf(mod, 0);
        if (lib) libs.add(lib);
      } else {
        const mod = name.text;
        imports.set(mod.split('.')[0], { module: mod.split('.')[0], name: null, level: 0 });
        const lib = libOf(mod, 0);
        if (lib) libs.add(lib);
      }
    }
    return;
  }
  if (n.type === 'import_from_statement') {
    const modNode = n.childForFieldName('module_name');
    let module = '';
    let level = 0;
    if (modNode?.type === 'relative_import') {
      for (const c of modNode.namedChildren) {
        if (c?.type === 'import_prefix') level = c.text.length;
        else if (c?.type === 'dotted_name') module = c.text;
      }
    } else if (modNode) module = modNode.text;
    const lib = libOf(module, level);
    if (lib) libs.add(lib);
    if (n.namedChildren.some((c) => c?.type === 'wildcard_import')) stars.push({ module, name: null, level });
    for (const name of n.childrenForFieldName('name')) {
      if (!name) continue;
      if (name.type === 'aliased_import') {
        const orig = name.childForFieldName('name')?.text ?? '';
        const alias = name.childForFieldName('alias')?.text ?? orig;
        imports.set(alias, { module, name: orig, level });
      } else imports.set(name.text, { module, name: name.text, level });
    }
  }
}

/** The string value of a literal (plain, concatenated, or a module constant), with the node holding it. */
function stringValue(node: Node | null | undefined, mod?: PyModule, depth = 0, nest = 0): { text: string; node: Node } | null {
  if (nest > MAX_SYNTAX_DEPTH) throw tooDeepRegistration(); // `((((…"x"…))))` 20,000 deep
  if (!node) return null;
  if (node.type === 'string') {
    let start = node.startIndex;
    let end = node.endIndex;
    let raw = false;
    for (const c of node.children) {
      if (!c) continue;
      if (c.type === 'string_start') {
        start = c.endIndex;
        raw = /r/i.test(c.text.replace(/["']/g, ''));
      } else if (c.type === 'string_end') end = c.startIndex;
    }
    const body = node.text.slice(start - node.startIndex, end - node.startIndex);
    return { text: raw ? body : decodeEscapes(body), node };
  }
  if (node.type === 'concatenated_string') {
    const parts = node.namedChildren.map((c) => stringValue(c, mod, depth, nest + 1)?.text ?? '');
    return { text: parts.join(''), node };
  }
  if (node.type === 'parenthesized_expression') return stringValue(node.namedChildren[0], mod, depth, nest + 1);
  if (node.type === 'identifier' && mod && depth < 2) {
    const value = moduleAssignment(mod.view.root, node.text);
    if (value && (value.type === 'string' || value.type === 'concatenated_string')) return stringValue(value, mod, depth + 1);
  }
  return null;
}

/** Right-hand side of `name = ...` at module level (or anywhere, when `anywhere`). */
function moduleAssignment(root: Node, name: string, anywhere = false): Node | null {
  let found: Node | null = null;
  walk(root, (n) => {
    if (found) return false;
    if (n.type === 'assignment') {
      const left = n.childForFieldName('left');
      if (left?.type === 'identifier' && left.text === name) {
        found = n.childForFieldName('right');
        return false;
      }
    }
    if (!anywhere && (n.type === 'function_definition' || n.type === 'class_definition')) return false;
    return true;
  });
  return found;
}

function docstringOf(fn: Node): Node | null {
  if (fn.type !== 'function_definition' && fn.type !== 'class_definition') return null;
  const body = fn.childForFieldName('body');
  const first = body?.namedChildren.find((c) => c && c.type !== 'comment');
  if (first?.type === 'expression_statement') {
    const s = first.namedChildren[0];
    if (s && (s.type === 'string' || s.type === 'concatenated_string')) return s;
  }
  return null;
}

function callArgs(call: Node | null): { positional: Node[]; kw: Map<string, Node> } {
  const positional: Node[] = [];
  const kw = new Map<string, Node>();
  const args = call?.type === 'call' ? call.childForFieldName('arguments') : null;
  for (const a of args?.namedChildren ?? []) {
    if (!a || a.type === 'comment') continue;
    if (a.type === 'keyword_argument') {
      const k = a.childForFieldName('name')?.text;
      const v = a.childForFieldName('value');
      if (k && v) kw.set(k, v);
    } else positional.push(a);
  }
  return { positional, kw };
}

function functionName(fn: Node): string {
  return fn.childForFieldName('name')?.text ?? '<lambda>';
}

interface ParamOptions {
  /** Skip this many leading parameters after self/cls (pydantic-ai's run context). */
  skipLeading?: number;
  /** Only the parameter at this index (after self/cls) is model input, as an object (low-level MCP `arguments`). */
  objectAt?: number;
  /** With `objectAt`: where the input sits in that object (`params.arguments` of the newer low-level `on_call_tool`). */
  objectPath?: string[];
  skipNames?: string[];
  /** The framework validates arguments against the annotations (pydantic): note int/float/bool/Literal parameters. */
  enforcesTypes?: boolean;
}

/** Frameworks that build a pydantic model from a function's signature and validate every call against it (agno: `validate_call` in agno/tools/function.py). */
const TYPE_ENFORCING = new Set<Framework>(['mcp-python', 'openai-agents', 'pydantic-ai', 'langchain', 'crewai', 'agno']);

/** What a validated annotation lets through: `int`, `Optional[float]`, `Annotated[int, Field(...)]`, `bool | None`, `Literal["a", "b"]`. */
export function validatedKind(typeText: string): ToolParameter['validated'] {
  let t = typeText.replace(/\s+/g, '');
  for (let i = 0; i < 3; i++) {
    const before = t;
    t = t
      .replace(/^Optional\[(.*)\]$/, '$1')
      .replace(/^(?:typing\.)?Annotated\[([^,\]]+)[,\]].*$/, '$1')
      .replace(/\|None$/, '')
      .replace(/^None\|/, '');
    if (t === before) break;
  }
  if (t === 'int' || t === 'float') return 'number';
  if (t === 'bool') return 'bool';
  if (/^(?:typing\.)?Literal\[.*\]$/.test(t)) return 'fixed';
  return undefined;
}

function parametersOf(file: SourceFile, fn: Node, options: ParamOptions = {}): ToolParameter[] {
  const params = fn.childForFieldName('parameters');
  const out: ToolParameter[] = [];
  let index = 0;
  let first = true;
  let skipped = 0;
  for (const p of params?.namedChildren ?? []) {
    if (!p || p.type === 'keyword_separator' || p.type === 'positional_separator' || p.type === 'comment') continue;
    let nameNode: Node | null = null;
    let typeText = '';
    let splat: 'list' | 'dict' | null = null;
    const inner = (n: Node): void => {
      if (n.type === 'identifier') nameNode = n;
      else if (n.type === 'list_splat_pattern' || n.type === 'dictionary_splat_pattern') {
        splat = n.type === 'list_splat_pattern' ? 'list' : 'dict';
        nameNode = n.namedChildren.find((c) => c?.type === 'identifier') ?? null;
      }
    };
    if (p.type === 'identifier' || p.type === 'list_splat_pattern' || p.type === 'dictionary_splat_pattern') inner(p);
    else if (p.type === 'typed_parameter') {
      const c = p.namedChildren[0];
      if (c) inner(c);
      typeText = p.childForFieldName('type')?.text ?? '';
    } else if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') {
      const c = p.childForFieldName('name');
      if (c) inner(c);
      typeText = p.childForFieldName('type')?.text ?? '';
    }
    const node = nameNode as Node | null;
    if (!node) continue;
    const name = node.text;
    const wasFirst = first;
    first = false;
    if (wasFirst && (name === 'self' || name === 'cls') && !splat) continue;
    if (options.skipLeading && skipped < options.skipLeading && !splat) {
      skipped++;
      continue;
    }
    const i = index++;
    if (options.objectAt !== undefined) {
      if (i === options.objectAt) out.push({ name, shape: 'object', inputPath: options.objectPath ?? [], range: rangeOfNode(file, node) });
      continue;
    }
    if (typeText && INJECTED_TYPE.test(typeText)) continue;
    if (options.skipNames?.includes(name)) continue;
    const validated = options.enforcesTypes && !splat && typeText ? validatedKind(typeText) : undefined;
    out.push(
      splat === 'dict'
        ? { name, shape: 'object', inputPath: [], range: rangeOfNode(file, node) }
        : { name, shape: 'value', range: rangeOfNode(file, node), ...(validated ? { validated } : {}) },
    );
  }
  return out;
}

/** Every string literal under `node`, except inside `exclude` nodes. */
function stringsUnder(node: Node | null | undefined, exclude: (Node | null | undefined)[] = []): Node[] {
  const out: Node[] = [];
  if (!node) return out;
  walk(node, (n) => {
    if (exclude.some((e) => e && e.startIndex === n.startIndex && e.endIndex === n.endIndex && e.type === n.type)) return false;
    if (n.type === 'string' || n.type === 'concatenated_string') {
      out.push(n);
      return false;
    }
    return true;
  });
  return out;
}

interface Candidate {
  framework: Framework;
  /** An MCP resource or prompt handler rather than a tool. */
  entry?: 'resource' | 'prompt';
  /** Name the handler by the tool names it dispatches on (low-level MCP), once it is resolved. */
  nameFromDispatch?: boolean;
  /** Name given at registration; else the function's (or class's) name. */
  name?: string;
  registration: Node;
  /** function_definition / lambda in this file, or an identifier / attribute naming one. */
  handlerRef: Node;
  /** Explicit description node in this file (`description=`), else the handler's docstring. */
  description?: { text: string; node: Node } | null;
  useDocstring?: boolean;
  params?: ParamOptions;
  texts?: Node[];
}

/** Frameworks whose one handler may be registered several times (several agents, a decorated method a toolkit lists). */
const LISTED_ONCE = new Set<Framework>(['google-adk', 'agno', 'camel', 'swarm', 'callable-tool']);

/** A class name that marks a tool base of a repository's own (`BaseAnthropicTool`, `BashTool20250124`): `__call__` runs it. */
const TOOL_CLASS_NAME = /Tool\d*$/;

/** Attributes of a server object that register the function they decorate (or are called with). */
const SERVER_DECORATOR_ATTRS = new Set(['tool', 'tool_plain', 'call_tool', 'list_tools', 'resource', 'prompt', 'read_resource', 'get_prompt', 'action']);

/** What a decorated object (`mcp`, `agent`, `registry`, `server`) was created from. */
type ServerKind = 'fastmcp' | 'lowlevel' | 'pydantic-ai' | 'registry' | null;

function kindOfConstructor(callee: string): ServerKind {
  const last = callee.split('.').pop() ?? '';
  // ToolManager: the server's own registry, whose add_tool(fn) the server's add_tool calls
  if (last === 'FastMCP' || last === 'MCPServer' || last === 'ToolManager') return 'fastmcp';
  if (last === 'Server' || last === 'LowLevelServer') return 'lowlevel';
  if (last === 'Agent') return 'pydantic-ai';
  if (last === 'ToolRegistry') return 'registry';
  return null;
}

class PythonDiscovery {
  private readonly mod: PyModule;
  constructor(
    private readonly file: SourceFile,
    view: ModuleView,
    private readonly project: ProjectContext,
  ) {
    this.mod = analyze(view);
  }

  async run(): Promise<ToolHandler[]> {
    const candidates: Candidate[] = [];
    const root = this.mod.view.root;
    const decorated: Node[] = [];
    const calls: Node[] = [];
    const classes: Node[] = [];
    // One pass inside the parser (descendantsOfType) instead of visiting every node from JS: large files
    // (test suites of agent SDKs) have hundreds of thousands of nodes.
    const toolNames = [
      'Tool',
      'StructuredTool',
      ...[...this.mod.imports].filter(([, i]) => i.name === 'Tool' || i.name === 'StructuredTool').map(([local]) => local),
    ];
    const callWords =
      this.mod.libs.has('google-adk') ||
      this.mod.libs.has('mcp') ||
      this.mod.libs.has('agno') ||
      this.mod.libs.has('camel') ||
      this.mod.libs.has('swarm') ||
      new RegExp(`\\.(from_function|from_defaults|add_tool|tool|resource|prompt)\\s*\\(|\\b(${toolNames.join('|')})\\s*\\(`).test(this.file.text);
    for (const n of descendantsOf(root, callWords ? ['decorated_definition', 'call', 'class_definition'] : ['decorated_definition', 'class_definition'])) {
      if (!n) continue;
      if (n.type === 'decorated_definition') decorated.push(n);
      else if (n.type === 'call') {
        if (isRegistrationCall(n)) calls.push(n);
      } else classes.push(n);
    }
    const listTools: Node[] = [];
    for (const d of decorated) {
      const def = d.childForFieldName('definition');
      if (def?.type !== 'function_definition') continue;
      for (const dec of d.namedChildren) {
        if (dec?.type !== 'decorator') continue;
        const c = await this.fromDecorator(dec, def);
        if (c === 'list_tools') listTools.push(def);
        else if (c) candidates.push(c);
      }
    }
    for (const call of calls) {
      const c = await this.fromCall(call);
      if (Array.isArray(c)) candidates.push(...c);
      else if (c) candidates.push(c);
      else {
        if (this.mod.libs.has('google-adk')) candidates.push(...this.fromAdkCall(call));
        candidates.push(...this.fromAgentToolList(call));
      }
    }
    candidates.push(...(await this.fromClasses(classes)));
    this.throughWrappers(candidates, decorated);
    candidates.push(...(await this.throughDecoratorFactories(decorated)));
    const lowLevelTexts = listTools.flatMap((fn) => stringsUnder(fn.childForFieldName('body')));

    const out: ToolHandler[] = [];
    const adkHandlers = new Set<string>();
    for (const c of candidates) {
      const h = await this.build(c, lowLevelTexts);
      if (!h) continue;
      // One function is often given to several agents (or listed by a toolkit and decorated): list it once, at its first registration.
      if (LISTED_ONCE.has(h.framework)) {
        const key = `${h.handler.path}:${h.handler.startIndex}`;
        if (adkHandlers.has(key)) continue;
        adkHandlers.add(key);
      }
      out.push(h);
    }
    return out;
  }

  private libOfBinding(name: string): { lib: Lib | null; imported: string; imp?: PyImport } {
    const imp = this.mod.imports.get(name);
    if (!imp) return { lib: null, imported: name };
    if (imp.name === null) return { lib: libOf(imp.module, imp.level), imported: name, imp };
    return { lib: libOf(imp.module, imp.level), imported: imp.name, imp };
  }

  private definesLocally(name: string): boolean {
    return this.mod.view.root.namedChildren.some(
      (n) =>
        (n?.type === 'function_definition' && functionName(n) === name) ||
        (n?.type === 'decorated_definition' && n.childForFieldName('definition')?.childForFieldName('name')?.text === name),
    );
  }

  private async fromDecorator(dec: Node, fn: Node): Promise<Candidate | 'list_tools' | null> {
    const expr = dec.namedChildren.find((c) => c && c.type !== 'comment');
    if (!expr) return null;
    const isCall = expr.type === 'call';
    const callee = isCall ? expr.childForFieldName('function') : expr;
    if (!callee) return null;
    const { positional, kw } = callArgs(isCall ? expr : null);
    const base = { registration: dec, handlerRef: fn, useDocstring: true };
    const firstString = stringValue(positional[0], this.mod);
    const kwString = (k: string) => stringValue(kw.get(k), this.mod);
    const decoratorTexts = (exclude: (Node | null | undefined)[]) => [...stringsUnder(isCall ? expr.childForFieldName('arguments') : null, exclude)];

    // Plain names (possibly aliased, possibly module-qualified): @tool, @function_tool, @Tool(...), @smolagents.tool
    let imported: string | null = null;
    let lib: Lib | null = null;
    let explicitModule = false;
    if (callee.type === 'identifier') {
      const b = this.libOfBinding(callee.text);
      if (b.imp?.name === null) return null;
      imported = b.imported;
      lib = b.lib;
      explicitModule = Boolean(b.imp);
      if (b.imp && !lib) return null; // imported from a library no framework of ours is
      if (!b.imp && this.definesLocally(callee.text)) return null;
    } else if (callee.type === 'attribute') {
      const obj = callee.childForFieldName('object');
      const attr = callee.childForFieldName('attribute')?.text ?? '';
      const head = obj ? (obj.type === 'identifier' ? obj : null) : null;
      const headImport = head ? this.mod.imports.get(head.text) : undefined;
      if (headImport && headImport.name === null && libOf(headImport.module, headImport.level)) {
        imported = attr;
        lib = libOf(headImport.module, headImport.level);
        explicitModule = true;
      } else {
        return this.fromServerDecorator(dec, expr, isCall, obj, attr, fn);
      }
    }
    if (!imported) return null;
    if (imported === 'tool') {
      let fw: Framework | null = null;
      if (lib === 'langchain') fw = 'langchain';
      else if (lib === 'crewai') fw = 'crewai';
      else if (lib === 'smolagents') fw = 'smolagents';
      else if (lib === 'agno') {
        // agno `@tool` / `@tool(name=..., description=...)` (agno/tools/decorator.py)
        const desc = kwString('description');
        return { ...base, framework: 'agno', name: kwString('name')?.text, description: desc, params: AGNO_PARAMS, texts: decoratorTexts([desc?.node]) };
      } else if (!explicitModule) fw = this.mod.libs.has('crewai') ? 'crewai' : this.mod.libs.has('smolagents') ? 'smolagents' : 'langchain';
      if (!fw) return null;
      const desc = kwString('description');
      return {
        ...base,
        framework: fw,
        name: firstString?.text,
        description: desc,
        params: fw === 'langchain' ? { skipNames: ['run_manager', 'callbacks'] } : {},
        texts: decoratorTexts([desc?.node]),
      };
    }
    if (imported === 'function_tool') {
      if (explicitModule && lib !== 'openai-agents') return null;
      const desc = kwString('description_override');
      return { ...base, framework: 'openai-agents', name: kwString('name_override')?.text, description: desc, texts: decoratorTexts([desc?.node]) };
    }
    if (imported === 'Tool' && isCall) {
      if (explicitModule && lib !== 'async-toolformer') return null;
      if (!explicitModule && (this.mod.libs.has('smolagents') || this.mod.libs.has('langchain'))) return null;
      const desc = kwString('description') ?? firstString;
      if (!desc && !explicitModule) return null;
      return {
        ...base,
        framework: 'async-toolformer',
        name: kwString('name')?.text,
        description: desc,
        useDocstring: false,
        texts: decoratorTexts([desc?.node]),
      };
    }
    return null;
  }

  /**
   * `@<obj>.<attr>(...)` on `handler` (a function definition), or its call form `<obj>.<attr>(...)(handler)`
   * (`registration` is then the outer call and `handler` the reference it is given).
   */
  private async fromServerDecorator(
    registration: Node,
    expr: Node,
    isCall: boolean,
    obj: Node | null,
    attr: string,
    handler: Node,
  ): Promise<Candidate | 'list_tools' | null> {
    if (!SERVER_DECORATOR_ATTRS.has(attr) || !obj) return null;
    const objName = obj.type === 'identifier' ? obj.text : obj.type === 'attribute' ? (obj.childForFieldName('attribute')?.text ?? '') : '';
    if (!objName) return null;
    const libs = this.mod.libs;
    if (attr === 'action') {
      // browser-use: `@controller.action(...)`, `@tools.registry.action(...)`, `@self.registry.action(...)`
      if (!libs.has('browser-use') || !isCall) return null;
      const { positional, kw } = callArgs(expr);
      const desc = stringValue(kw.get('description'), this.mod) ?? stringValue(positional[0], this.mod);
      const model = kw.get('param_model');
      return {
        registration,
        handlerRef: handler,
        framework: 'browser-use',
        description: desc,
        useDocstring: !desc,
        // With a param_model the action receives one model instance (`params.url`); else its own parameters.
        params: model ? { ...BROWSER_USE_PARAMS, objectAt: 0 } : BROWSER_USE_PARAMS,
        texts: stringsUnder(expr.childForFieldName('arguments'), [desc?.node]),
      };
    }
    const kind = obj.type === 'identifier' ? await this.serverKind(objName) : isSelfAttribute(obj) ? await this.selfAttributeKind(objName) : null;
    const fn = handler.type === 'function_definition' ? handler : null;
    const { positional, kw } = callArgs(isCall ? expr : null);
    const kwString = (k: string) => stringValue(kw.get(k), this.mod);
    const argsNode = isCall ? expr.childForFieldName('arguments') : null;
    const base = { registration, handlerRef: handler, useDocstring: true };
    const lowLevel = kind === 'lowlevel' || (kind === null && libs.has('mcp'));
    if (attr === 'list_tools') return lowLevel && fn ? 'list_tools' : null;
    if (attr === 'call_tool' || attr === 'get_prompt') {
      if (!lowLevel) return null;
      return {
        ...base,
        framework: 'mcp-python-lowlevel',
        ...(attr === 'get_prompt' ? { entry: 'prompt' as const } : {}),
        nameFromDispatch: true,
        useDocstring: false,
        params: { objectAt: 1 },
      };
    }
    if (attr === 'read_resource') {
      // `async def read_resource(uri: AnyUrl)`: the client chooses the URI
      return lowLevel ? { ...base, framework: 'mcp-python-lowlevel', entry: 'resource', useDocstring: false } : null;
    }
    if (attr === 'resource' || attr === 'prompt') {
      // FastMCP `@mcp.resource("db://{table}")` (template parameters are the function's), `@mcp.prompt()`
      if (kind !== 'fastmcp' && !(kind === null && (libs.has('mcp') || /mcp/i.test(objName)))) return null;
      if (!isCall) return null;
      const desc = kwString('description');
      return {
        ...base,
        framework: 'mcp-python',
        entry: attr,
        name: kwString('name')?.text ?? (attr === 'prompt' ? stringValue(positional[0], this.mod)?.text : undefined),
        description: desc,
        texts: stringsUnder(argsNode, [desc?.node]),
      };
    }
    if (attr === 'tool_plain') {
      if (kind !== null && kind !== 'pydantic-ai') return null;
      const desc = kwString('description');
      return { ...base, framework: 'pydantic-ai', name: kwString('name')?.text, description: desc, texts: stringsUnder(argsNode, [desc?.node]) };
    }
    // attr === 'tool'
    let fw: Framework | null = null;
    if (kind === 'fastmcp') fw = 'mcp-python';
    else if (kind === 'pydantic-ai') fw = 'pydantic-ai';
    else if (kind === 'registry') fw = 'async-toolformer';
    else if (kind === 'lowlevel') fw = null;
    else {
      const firstParam = fn?.childForFieldName('parameters')?.namedChildren[0];
      const firstType = firstParam?.childForFieldName('type')?.text ?? '';
      if (/\bRunContext\b/.test(firstType)) fw = 'pydantic-ai';
      else if (libs.has('mcp')) fw = 'mcp-python';
      else if (libs.has('pydantic-ai')) fw = 'pydantic-ai';
      else if (libs.has('async-toolformer') || kw.has('calls_per_min') || kw.has('timeout_s')) fw = 'async-toolformer';
      else if (/mcp/i.test(objName)) fw = 'mcp-python';
    }
    if (!fw) return null;
    if (fw === 'async-toolformer') {
      const desc = kwString('description') ?? stringValue(positional[0], this.mod);
      return { ...base, framework: fw, name: kwString('name')?.text, description: desc, useDocstring: false, texts: stringsUnder(argsNode, [desc?.node]) };
    }
    if (fw === 'pydantic-ai') {
      const desc = kwString('description');
      return {
        ...base,
        framework: fw,
        name: kwString('name')?.text,
        description: desc,
        params: { skipLeading: 1 },
        texts: stringsUnder(argsNode, [desc?.node]),
      };
    }
    const desc = kwString('description');
    return {
      ...base,
      framework: fw,
      name: kwString('name')?.text ?? stringValue(positional[0], this.mod)?.text,
      description: desc,
      texts: stringsUnder(argsNode, [desc?.node]),
    };
  }

  private readonly kinds = new Map<string, Promise<ServerKind>>();

  /** What `name` was created from: `name = FastMCP(...)` here, or in the repository module it is imported from. */
  private serverKind(name: string): Promise<ServerKind> {
    let k = this.kinds.get(name);
    if (!k) {
      k = this.computeServerKind(name);
      this.kinds.set(name, k);
    }
    return k;
  }

  private async computeServerKind(name: string): Promise<ServerKind> {
    const value = moduleAssignment(this.mod.view.root, name, true);
    if (value?.type === 'call') {
      const callee = value.childForFieldName('function')?.text ?? '';
      const imp = this.mod.imports.get(callee.split('.')[0]);
      const full = imp?.name ? `${imp.module}.${imp.name}` : callee;
      return kindOfConstructor(full);
    }
    // `app = self.app` inside a method: what the instance attribute holds
    if (value && isSelfAttribute(value)) return this.selfAttributeKind(value.childForFieldName('attribute')?.text ?? '');
    // `def register(mcp: FastMCP): @mcp.tool() ...`
    if (!value && !this.mod.imports.has(name)) {
      const annotated = kindOfAnnotation(parameterAnnotation(this.mod.view.root, name));
      if (annotated) return annotated;
    }
    const imp = this.mod.imports.get(name);
    if (imp?.name) {
      const target = await resolvePythonModule(this.project, this.file.path, imp.module, imp.level);
      if (target) {
        const other = await parsedModule(this.project, target);
        if (other) {
          const v = moduleAssignment(other.root, imp.name, true);
          if (v?.type === 'call') return kindOfConstructor(v.childForFieldName('function')?.text ?? '');
        }
      }
    }
    return null;
  }

  /**
   * `name = Foo(...)` with `Foo` imported from a package outside the repository that is no framework of
   * ours (`toolbox = Toolbox()` from `mylib`): its `tool(...)` / `add_tool(...)` register nothing we know.
   */
  private async isForeignObject(obj: Node | null): Promise<boolean> {
    if (obj?.type !== 'identifier') return false;
    const value = moduleAssignment(this.mod.view.root, obj.text, true);
    if (value?.type !== 'call') return false;
    const callee = value.childForFieldName('function')?.text ?? '';
    if (kindOfConstructor(callee)) return false;
    const imp = this.mod.imports.get(callee.split('.')[0]);
    if (!imp || imp.level > 0 || libOf(imp.module, 0)) return false;
    return !(await resolvePythonModule(this.project, this.file.path, imp.module, 0));
  }

  private readonly attrKinds = new Map<string, Promise<ServerKind>>();

  /**
   * What `self.<attr>` holds: `self.app = FastMCP(...)`, `self.app = app` with `app: FastMCP` a parameter,
   * or a class annotation `app: FastMCP`; in this file, else in the repository module of a base class
   * (`class Tools(Base)` with `Base.__init__(self, app: FastMCP)`).
   */
  private selfAttributeKind(attr: string): Promise<ServerKind> {
    let k = this.attrKinds.get(attr);
    if (!k) {
      k = (async () => {
        const here = attributeKindIn(this.mod, attr);
        if (here !== undefined) return here;
        for (const cls of descendantsOf(this.mod.view.root, 'class_definition')) {
          for (const base of cls?.childForFieldName('superclasses')?.namedChildren ?? []) {
            if (base?.type !== 'identifier') continue;
            const imp = this.mod.imports.get(base.text);
            if (!imp?.name) continue;
            const target = await resolvePythonModule(this.project, this.file.path, imp.module, imp.level);
            const other = target ? await parsedModule(this.project, target) : null;
            if (!other) continue;
            const there = attributeKindIn(analyze(other), attr);
            if (there !== undefined) return there;
          }
        }
        return null;
      })();
      this.attrKinds.set(attr, k);
    }
    return k;
  }

  /** A registration call naming its tool and description by keyword (`name=`, `description=`), the docstring otherwise. */
  private keywordRegistration(
    framework: Framework,
    call: Node,
    argsNode: Node | null,
    kw: Map<string, Node>,
    ref: Node,
    entry: 'tool' | 'resource' | 'prompt' = 'tool',
  ): Candidate {
    const desc = stringValue(kw.get('description'), this.mod);
    return {
      framework,
      ...(entry !== 'tool' ? { entry } : {}),
      name: stringValue(kw.get('name'), this.mod)?.text,
      registration: call,
      handlerRef: ref,
      description: desc,
      useDocstring: true,
      texts: stringsUnder(argsNode, [desc?.node, ref]),
    };
  }

  /**
   * Registrations made through a local wrapper: a module-level function that hands its function parameter
   * to a registration (`def register(name, fn): mcp.add_tool(fn, name=name)`, a decorator `def plain(fn):
   * mcp.add_tool(fn); return fn`, or a decorator factory `def tool(name): def deco(fn): return
   * mcp.tool(name=name)(fn); return deco`). Each call (`register("run", run)`) or use (`@plain`,
   * `@tool("run")`) registers that function, named by the argument given where the wrapper passes its name
   * parameter (else by the function's own name). Uses in this file only.
   */
  private throughWrappers(candidates: Candidate[], decorated: Node[]): void {
    const found: Candidate[] = [];
    const replaced = new Set<Candidate>();
    for (const c of candidates) {
      if (c.handlerRef.type !== 'identifier') continue;
      const inner = enclosingFunction(c.registration);
      if (!inner || inner.parent?.parent?.type === 'class_definition') continue;
      const innerParams = paramNames(inner);
      const callback = innerParams.indexOf(c.handlerRef.text);
      if (callback < 0) continue;
      // a decorator factory: `inner` is returned by the function around it
      const outer = enclosingFunction(inner);
      const factory = outer && callback === 0 && returnsName(outer, functionName(inner)) ? outer : null;
      const named = factory ?? inner;
      const params = paramNames(named);
      const { nameNode, descNode } = registrationKeywords(c.registration);
      const nameAt = nameNode?.type === 'identifier' ? params.indexOf(nameNode.text) : -1;
      if (nameNode && nameAt < 0 && !stringValue(nameNode, this.mod)) continue; // a name computed from something else
      const descAt = descNode?.type === 'identifier' ? params.indexOf(descNode.text) : -1;
      const argOf = (call: Node | null, i: number): Node | undefined => {
        if (i < 0 || !call) return undefined;
        const { positional, kw } = callArgs(call);
        return positional[i] ?? kw.get(params[i]);
      };
      const site = (registration: Node, handlerRef: Node, args: Node | null): Candidate => {
        const nameArg = argOf(args, nameAt);
        const desc = stringValue(argOf(args, descAt), this.mod);
        return {
          framework: c.framework,
          ...(c.entry ? { entry: c.entry } : {}),
          name: nameAt >= 0 ? stringValue(nameArg, this.mod)?.text : c.name,
          registration,
          handlerRef,
          description: desc,
          useDocstring: !desc,
          ...(c.params ? { params: c.params } : {}),
          texts: args ? stringsUnder(args.childForFieldName('arguments'), [desc?.node, handlerRef]) : [],
        };
      };
      const before = found.length;
      const wrapperName = functionName(named);
      if (!factory) {
        // `register("run", run)`: the function argument at the wrapper's position
        for (const call of callsByName(this.mod.view.root, wrapperName, named)) {
          const ref = argOf(call, callback);
          if (ref && ['identifier', 'attribute', 'lambda'].includes(ref.type)) found.push(site(call, ref, call));
        }
      }
      for (const d of decorated) {
        const def = d.childForFieldName('definition');
        if (def?.type !== 'function_definition') continue;
        for (const dec of d.namedChildren) {
          const expr = dec?.type === 'decorator' ? dec.namedChildren.find((k) => k && k.type !== 'comment') : null;
          if (!expr) continue;
          // `@plain` uses the wrapper itself as the decorator; `@tool("x")` calls the factory for one
          const isCall = expr.type === 'call';
          const callee = isCall ? expr.childForFieldName('function') : expr;
          if (callee?.type !== 'identifier' || callee.text !== wrapperName || isCall !== Boolean(factory) || (!factory && callback !== 0)) continue;
          found.push(site(dec, def, isCall ? expr : null));
        }
      }
      if (found.length > before) replaced.add(c);
    }
    if (!found.length) return;
    const kept = candidates.filter((c) => !replaced.has(c));
    candidates.splice(0, candidates.length, ...kept, ...found);
  }

  /**
   * A module-level function that returns a server's decorator (`def tool(name): return mcp.tool(name=name)`,
   * `def tool(*args, **kwargs): return mcp.tool(*args, **kwargs)`): each `@tool("x")` of this file registers
   * the decorated function as that decorator would, named by the argument given for the name.
   */
  private async throughDecoratorFactories(decorated: Node[]): Promise<Candidate[]> {
    const out: Candidate[] = [];
    const returned = new Map<string, { fn: Node; inner: Node } | null>();
    const root = this.mod.view.root;
    for (const d of decorated) {
      const def = d.childForFieldName('definition');
      if (def?.type !== 'function_definition') continue;
      for (const dec of d.namedChildren) {
        const expr = dec?.type === 'decorator' ? dec.namedChildren.find((k) => k && k.type !== 'comment') : null;
        const callee = expr?.type === 'call' ? expr.childForFieldName('function') : null;
        if (!expr || callee?.type !== 'identifier' || this.mod.imports.has(callee.text)) continue;
        if (!returned.has(callee.text)) {
          let found: { fn: Node; inner: Node } | null = null;
          for (const n of root.namedChildren) {
            if (n?.type !== 'function_definition' || functionName(n) !== callee.text) continue;
            for (const st of n.childForFieldName('body')?.namedChildren ?? []) {
              const v = st?.type === 'return_statement' ? st.namedChildren[0] : null;
              const attr = v?.type === 'call' ? v.childForFieldName('function') : null;
              if (attr?.type === 'attribute' && SERVER_DECORATOR_CALLS.has(attr.childForFieldName('attribute')?.text ?? '')) found = { fn: n, inner: v! };
            }
          }
          returned.set(callee.text, found);
        }
        const factory = returned.get(callee.text);
        if (!factory) continue;
        const attr = factory.inner.childForFieldName('function')!;
        const obj = attr.childForFieldName('object');
        if (await this.isForeignObject(obj)) continue;
        const c = await this.fromServerDecorator(dec!, factory.inner, true, obj, attr.childForFieldName('attribute')!.text, def);
        if (!c || c === 'list_tools') continue;
        // the name as the decorator gives it: through the factory's parameter, or its forwarded `*args` / `**kwargs`
        const params = paramNames(factory.fn);
        const given = callArgs(expr);
        const { positional: innerPositional, kw: innerKw } = callArgs(factory.inner);
        const nameNode = innerKw.get('name') ?? innerPositional[0];
        const at = nameNode?.type === 'identifier' ? params.indexOf(nameNode.text) : -1;
        const splat = factory.inner.childForFieldName('arguments')?.namedChildren.some((a) => a?.type === 'list_splat' || a?.type === 'dictionary_splat');
        const nameArg = at >= 0 ? (given.positional[at] ?? given.kw.get(params[at])) : splat ? (given.kw.get('name') ?? given.positional[0]) : undefined;
        const name = stringValue(nameArg, this.mod)?.text;
        out.push({ ...c, ...(name ? { name } : {}), texts: stringsUnder(expr.childForFieldName('arguments')) });
      }
    }
    return out;
  }

  private async fromCall(call: Node): Promise<Candidate | Candidate[] | null> {
    let callee = call.childForFieldName('function');
    if (!callee) return null;
    if (callee.type === 'subscript') {
      // `Server[AppState](...)`: the generic class, instantiated with its type parameter
      const cls = callee.childForFieldName('value');
      if (!isServerClassRef(cls)) return null;
      callee = cls;
    }
    const { positional, kw } = callArgs(call);
    const argsNode = call.childForFieldName('arguments');
    if (callee.type === 'call') {
      // The call form of a server decorator: `mcp.tool(name="x")(fn)`, `self.mcp.tool(...)(self.method)`
      const inner = callee.childForFieldName('function');
      const ref = positional[0];
      if (inner?.type !== 'attribute' || positional.length !== 1 || kw.size || !ref) return null;
      if (!['identifier', 'attribute', 'lambda', 'call'].includes(ref.type)) return null;
      const attr = inner.childForFieldName('attribute')?.text ?? '';
      if (!SERVER_DECORATOR_CALLS.has(attr) || (await this.isForeignObject(inner.childForFieldName('object')))) return null;
      const c = await this.fromServerDecorator(call, callee, true, inner.childForFieldName('object'), attr, ref);
      return c === 'list_tools' ? null : c;
    }
    if (callee.type === 'attribute') {
      const obj = callee.childForFieldName('object');
      const attr = callee.childForFieldName('attribute')?.text;
      const objName = obj?.type === 'identifier' ? obj.text : (obj?.childForFieldName('attribute')?.text ?? '');
      const objImport = obj?.type === 'identifier' ? this.libOfBinding(obj.text) : null;
      if (attr === 'add_tool') {
        // FastMCP / MCPServer `mcp.add_tool(fn, name=..., description=...)`
        const ref = kw.get('fn') ?? positional[0];
        if (!obj || !ref || !['identifier', 'attribute', 'lambda'].includes(ref.type) || (await this.isForeignObject(obj))) return null;
        const kind = obj.type === 'identifier' ? await this.serverKind(objName) : isSelfAttribute(obj) ? await this.selfAttributeKind(objName) : null;
        if (kind !== 'fastmcp' && !(kind === null && this.mod.libs.has('mcp') && /mcp|server|app/i.test(objName))) return null;
        return this.keywordRegistration('mcp-python', call, argsNode, kw, ref);
      }
      if (attr === 'from_function' && objImport?.lib === 'mcp' && Object.hasOwn(MCP_FROM_FUNCTION, objImport.imported)) {
        // FastMCP / MCPServer `Tool.from_function(fn, name=...)`, `Prompt.from_function`, `ResourceTemplate.from_function`
        const entry = MCP_FROM_FUNCTION[objImport.imported];
        const ref = kw.get('fn') ?? positional[0];
        if (!ref) return null;
        return this.keywordRegistration('mcp-python', call, argsNode, kw, ref, entry);
      }
      if (attr === 'Server') return this.fromLowLevelServer(call, callee, kw);
      if (attr === 'from_function' && (objName === 'StructuredTool' || objName === 'Tool')) {
        if (objImport?.imp && objImport.lib !== 'langchain') return null;
        const ref = kw.get('func') ?? kw.get('coroutine') ?? positional[0];
        if (!ref) return null;
        return this.keywordRegistration('langchain', call, argsNode, kw, ref);
      }
      if (attr === 'from_defaults' && objName === 'FunctionTool') {
        if (objImport?.imp && objImport.lib !== 'llamaindex') return null;
        const ref = kw.get('fn') ?? kw.get('async_fn') ?? positional[0];
        if (!ref) return null;
        return this.keywordRegistration('llamaindex', call, argsNode, kw, ref);
      }
      return null;
    }
    if (callee.type === 'identifier') {
      const b = this.libOfBinding(callee.text);
      if (b.imported === 'Server') return this.fromLowLevelServer(call, callee, kw);
      if (b.imported !== 'Tool' && b.imported !== 'StructuredTool') return null;
      if (b.imp && b.lib !== 'langchain') return null;
      if (!b.imp && this.mod.libs.size && !this.mod.libs.has('langchain')) return null;
      let ref = kw.get('func') ?? kw.get('coroutine');
      let nameNode = kw.get('name');
      let descNode = kw.get('description');
      if (!ref && positional.length >= 2 && stringValue(positional[0], this.mod)) {
        nameNode = positional[0];
        ref = positional[1];
        descNode ??= positional[2];
      }
      if (!ref || ref.type === 'none') return null;
      const desc = stringValue(descNode, this.mod);
      return {
        framework: 'langchain',
        name: stringValue(nameNode, this.mod)?.text,
        registration: call,
        handlerRef: ref,
        description: desc,
        useDocstring: !desc,
        texts: stringsUnder(argsNode, [desc?.node, ref]),
      };
    }
    return null;
  }

  /**
   * The newer low-level MCP server (mcp/server/lowlevel/server.py): `Server("name", on_call_tool=handler,
   * on_read_resource=..., on_get_prompt=...)`, each handler called as `(ctx, params)`.
   */
  private fromLowLevelServer(call: Node, callee: Node, kw: Map<string, Node>): Candidate[] {
    let lib: Lib | null;
    if (callee.type === 'identifier') lib = this.libOfBinding(callee.text).lib;
    else {
      const obj = callee.childForFieldName('object');
      const imp = obj?.type === 'identifier' ? this.mod.imports.get(obj.text) : undefined;
      lib = imp ? libOf(imp.name === null ? imp.module : `${imp.module}.${imp.name}`, imp.level) : null;
    }
    if (lib !== 'mcp') return [];
    const out: Candidate[] = [];
    for (const [key, spec] of Object.entries(LOWLEVEL_HANDLERS)) {
      const ref = kw.get(key);
      if (!ref || !['identifier', 'attribute', 'lambda', 'call'].includes(ref.type)) continue;
      out.push({
        framework: 'mcp-python-lowlevel',
        ...(spec.entry ? { entry: spec.entry } : {}),
        // the `on_call_tool=handler` argument: one registration per handler of the call
        registration: ref.parent ?? call,
        handlerRef: ref,
        nameFromDispatch: true,
        useDocstring: false,
        params: { objectAt: 1, objectPath: spec.inputPath },
      });
    }
    return out;
  }

  /** The Google ADK name a callee binds to (`Agent`, `adk_agents.LlmAgent`, an alias of `FunctionTool`), else null. */
  private adkName(callee: Node): string | null {
    if (callee.type === 'identifier') {
      const b = this.libOfBinding(callee.text);
      return b.lib === 'google-adk' && b.imp?.name ? b.imported : null;
    }
    const obj = callee.childForFieldName('object');
    if (callee.type !== 'attribute' || obj?.type !== 'identifier') return null;
    const imp = this.mod.imports.get(obj.text);
    if (!imp) return null;
    const module = imp.name === null ? imp.module : `${imp.module}.${imp.name}`;
    return libOf(module, imp.level) === 'google-adk' ? (callee.childForFieldName('attribute')?.text ?? null) : null;
  }

  /**
   * Google ADK: `FunctionTool(func=fn)` / `FunctionTool(fn)` / `LongRunningFunctionTool(func=fn)`, and every plain
   * function (name, module attribute or lambda) in an agent's `tools=[...]`, written inline or as a module-level
   * list (`tools=TOOLS`). Calls in the list (`FunctionTool(...)`, toolsets, `AgentTool(agent=...)`) are not
   * functions: a FunctionTool is found as a call of its own.
   */
  private fromAdkCall(call: Node): Candidate[] {
    const callee = call.childForFieldName('function');
    const name = callee ? this.adkName(callee) : null;
    if (!name) return [];
    const { positional, kw } = callArgs(call);
    if (ADK_FUNCTION_TOOLS.has(name)) {
      const ref = kw.get('func') ?? positional[0];
      return ref ? [{ framework: 'google-adk', registration: call, handlerRef: ref, useDocstring: true, params: ADK_PARAMS }] : [];
    }
    if (!ADK_AGENTS.has(name)) return [];
    let list = kw.get('tools') ?? null;
    if (list?.type === 'identifier') list = moduleAssignment(this.mod.view.root, list.text);
    if (list?.type !== 'list' && list?.type !== 'tuple') return [];
    return list.namedChildren
      .filter((e): e is Node => Boolean(e && ['identifier', 'attribute', 'lambda'].includes(e.type)))
      .map((e) => ({ framework: 'google-adk', registration: e, handlerRef: e, useDocstring: true, params: ADK_PARAMS }));
  }

  /**
   * Plain functions an agent of agno, CAMEL or OpenAI Swarm is given (`Agent(tools=[fn])`, `ChatAgent(tools=[fn])`,
   * `Agent(functions=[fn])`, also as a module-level list), Swarm's `agent.functions.append(fn)`, and CAMEL's
   * `FunctionTool(fn)` / `FunctionTool(self.method)`. Toolkit instances, calls and other objects in a list are not
   * functions: only references that resolve to a function become tools.
   */
  private fromAgentToolList(call: Node): Candidate[] {
    const callee = call.childForFieldName('function');
    if (!callee || (callee.type !== 'identifier' && !this.mod.libs.has('swarm'))) return [];
    const b = callee.type === 'identifier' ? this.libOfBinding(callee.text) : null;
    if (b && (!b.lib || !b.imp?.name || !(b.imported === 'FunctionTool' || AGENT_TOOL_LISTS[b.lib]?.classes.has(b.imported)))) return [];
    const { positional, kw } = callArgs(call);
    const refs = (list: Node | null | undefined): Node[] => {
      if (list?.type === 'identifier') list = moduleAssignment(this.mod.view.root, list.text);
      if (list?.type !== 'list' && list?.type !== 'tuple') return [];
      return list.namedChildren.filter((e): e is Node => Boolean(e && ['identifier', 'attribute', 'lambda'].includes(e.type)));
    };
    if (callee.type === 'attribute') {
      // Swarm `agent.functions.append(fn)` / `.extend([f, g])`
      if (!this.mod.libs.has('swarm')) return [];
      const attr = callee.childForFieldName('attribute')?.text;
      const items = attr === 'append' ? positional.slice(0, 1).filter((e) => ['identifier', 'attribute'].includes(e.type)) : refs(positional[0]);
      return items.map((e) => ({ framework: 'swarm', registration: e, handlerRef: e, useDocstring: true, params: SWARM_PARAMS }));
    }
    if (!b?.lib) return [];
    if (b.lib === 'camel' && b.imported === 'FunctionTool') {
      const ref = kw.get('func') ?? positional[0];
      return ref && ['identifier', 'attribute', 'lambda'].includes(ref.type)
        ? [{ framework: 'camel', registration: call, handlerRef: ref, useDocstring: true }]
        : [];
    }
    const spec = AGENT_TOOL_LISTS[b.lib];
    if (!spec?.classes.has(b.imported)) return [];
    return refs(kw.get(spec.keyword)).map((e) => ({ framework: spec.framework, registration: e, handlerRef: e, useDocstring: true, params: spec.params }));
  }

  /**
   * Tool methods an agno toolkit lists in its constructor: `self.fn` in a list (`super().__init__(tools=[self.fn])`,
   * `async_tools=[(self.afn, "name")]`), appended to one (`tools.append(self.fn)`) or registered
   * (`self.register(self.fn, name=...)`). A method referenced otherwise (`atexit.register(self.close)`) is not a tool.
   */
  private toolkitMethods(body: Node | null): Candidate[] {
    const init = classMethod(body, '__init__');
    if (!init) return [];
    const methods = new Map<string, Node>();
    for (const m of body?.namedChildren ?? []) {
      const fn = m?.type === 'decorated_definition' ? m.childForFieldName('definition') : m;
      if (fn?.type === 'function_definition' && !methods.has(functionName(fn))) methods.set(functionName(fn), fn);
    }
    const out: Candidate[] = [];
    walk(init, (ref) => {
      if (ref.type !== 'attribute' || !isSelfAttribute(ref)) return true;
      const method = methods.get(ref.childForFieldName('attribute')?.text ?? '');
      let n = ref;
      if (!method) return false;
      let parent = n.parent;
      let name: string | undefined;
      let listed = false;
      // `(self.afn, "name")` of agno's async_tools, `("read_file", self.read_file)`: in a list or appended to one
      if (parent?.type === 'tuple' && ['list', 'argument_list'].includes(parent.parent?.type ?? '')) {
        if (parent.namedChildren[0]?.startIndex === n.startIndex) name = stringValue(parent.namedChildren[1], this.mod)?.text;
        n = parent;
        parent = parent.parent;
      }
      if (parent?.type === 'list') listed = true;
      else if (parent?.type === 'argument_list' && parent.namedChildren[0]?.startIndex === n.startIndex) {
        const f = parent.parent?.childForFieldName('function');
        const attr = f?.type === 'attribute' ? f.childForFieldName('attribute')?.text : undefined;
        if (attr === 'append' || (attr === 'register' && isSelfAttribute(f!))) listed = true;
        if (attr === 'register') name ??= stringValue(callArgs(parent.parent).kw.get('name'), this.mod)?.text;
      }
      if (listed) out.push({ framework: 'agno', name, registration: ref, handlerRef: method, useDocstring: true, params: AGNO_PARAMS });
      return false;
    });
    return out;
  }

  private async fromClasses(classes: Node[]): Promise<Candidate[]> {
    const known = new Map<string, Framework>();
    const out: Candidate[] = [];
    const specs = new Set<string>();
    const toolkits = new Set<string>();
    const done = new Set<number>();
    const byName = new Map(classes.map((c) => [c.childForFieldName('name')?.text ?? '', c]));
    // Two passes so a subclass of a tool base defined later in the file is still recognised.
    for (let pass = 0; pass < 2; pass++) {
      for (const cls of classes) {
        const className = cls.childForFieldName('name')?.text ?? '';
        // two same-named classes (in two functions) are two classes
        if (done.has(cls.startIndex)) continue;
        let fw: Framework | null = null;
        for (const base of cls.childForFieldName('superclasses')?.namedChildren ?? []) {
          if (!base || base.type === 'keyword_argument') continue;
          const text = base.text;
          const simple = text.split('.').pop() ?? '';
          const head = text.split('.')[0];
          const b = this.libOfBinding(head);
          const lib = base.type === 'identifier' ? b.lib : b.imp?.name === null ? b.lib : null;
          const imported = base.type === 'identifier' ? b.imported : simple;
          if (known.has(text)) {
            fw = known.get(text)!;
            if (specs.has(text)) specs.add(className);
            if (toolkits.has(text)) toolkits.add(className);
          } else if (lib && TOOLKIT_LIBS[lib] && /Toolkit$/.test(imported)) {
            fw = TOOLKIT_LIBS[lib]!;
            toolkits.add(className);
          } else if (imported === 'BaseToolSpec' && (lib === 'llamaindex' || (!b.imp && this.mod.libs.has('llamaindex')))) {
            fw = 'llamaindex';
            specs.add(className);
          } else if (imported === 'BaseTool') {
            if (lib === 'crewai') fw = 'crewai';
            else if (lib === 'langchain') fw = 'langchain';
            else if (!lib) fw = this.mod.libs.has('crewai') ? 'crewai' : this.mod.libs.has('langchain') ? 'langchain' : b.imp ? null : 'langchain';
          } else if (imported === 'Tool') {
            if (lib === 'smolagents' || (!b.imp && this.mod.libs.has('smolagents'))) fw = 'smolagents';
            else if (!lib && hasSmolagentsShape(cls)) fw = 'smolagents';
          } else if (pass === 1 && base.type === 'identifier' && b.imp?.name) {
            // A tool base class of the repository's own (`class MyTool(MyBaseTool)`, `MyBaseTool(BaseTool)` elsewhere)
            const inherited = await this.importedToolBase(this.file.path, b.imp, 0);
            if (inherited) {
              fw = inherited.fw;
              if (inherited.spec) specs.add(className);
              if (inherited.toolkit) toolkits.add(className);
            }
          }
          // A tool base of the repository's own, run by calling the instance with the model's arguments
          // (anthropic-quickstarts computer-use `BaseAnthropicTool`, `ToolCollection.run`: `await tool(**tool_input)`)
          // (second pass: an imported base may first turn out to be a LangChain/CrewAI tool of the repository)
          if (!fw && pass === 1 && !lib && base.type === 'identifier' && TOOL_CLASS_NAME.test(imported)) fw = 'callable-tool';
          if (fw) break;
        }
        if (!fw) continue;
        known.set(className, fw);
        done.add(cls.startIndex);
        const body = cls.childForFieldName('body');
        const attrs = classAttributes(body);
        const name = stringValue(attrs.get('name'), this.mod)?.text ?? className;
        const desc = stringValue(attrs.get('description'), this.mod);
        if (specs.has(className)) {
          out.push(...specMethods(cls, body, attrs));
          continue;
        }
        if (toolkits.has(className)) {
          if (fw === 'agno') out.push(...this.toolkitMethods(body));
          continue;
        }
        if (fw === 'callable-tool') {
          const call = callableToolMethod(cls, byName);
          if (call) out.push({ framework: fw, name, registration: cls, handlerRef: call, description: desc, useDocstring: !desc });
          continue;
        }
        const methods = fw === 'smolagents' ? ['forward'] : ['_run', '_arun'];
        const texts = fw === 'smolagents' ? stringsUnder(attrs.get('inputs')) : [];
        for (const m of body?.namedChildren ?? []) {
          const fn = m?.type === 'decorated_definition' ? m.childForFieldName('definition') : m;
          if (fn?.type !== 'function_definition' || !methods.includes(functionName(fn))) continue;
          out.push({
            framework: fw,
            name,
            registration: cls,
            handlerRef: fn,
            description: desc,
            useDocstring: !desc,
            params: { skipNames: ['run_manager', 'callbacks'] },
            texts,
          });
        }
      }
    }
    return out;
  }

  /**
   * The framework of a tool base class defined in a repository module (`from .base import MyBaseTool` with
   * `class MyBaseTool(BaseTool)` there), following further repository bases a few levels deep.
   */
  private async importedToolBase(fromPath: string, imp: PyImport, depth: number): Promise<{ fw: Framework; spec?: boolean; toolkit?: boolean } | null> {
    // Only a module of the repository (`langchain_community...` inside langchain-community itself resolves too).
    if (depth > 3 || !imp.name) return null;
    const target = await resolvePythonModule(this.project, fromPath, imp.module, imp.level);
    const view = target ? await parsedModule(this.project, target) : null;
    if (!target || !view) return null;
    const mod = analyze(view);
    const seen = new Set<string>();
    const classOf = async (name: string, level: number): Promise<{ fw: Framework; spec?: boolean; toolkit?: boolean } | null> => {
      if (seen.has(name) || level > 3) return null;
      seen.add(name);
      const cls = descendantsOf(view.root, 'class_definition').find((c) => c?.childForFieldName('name')?.text === name);
      if (!cls) {
        // re-exported: `from .impl import MyBaseTool`
        const re = mod.imports.get(name);
        return re?.name ? this.importedToolBase(target, re, depth + 1) : null;
      }
      for (const base of cls.childForFieldName('superclasses')?.namedChildren ?? []) {
        if (!base || base.type === 'keyword_argument') continue;
        const head = base.text.split('.')[0];
        const simple = base.text.split('.').pop() ?? '';
        const bi = mod.imports.get(head);
        const lib = bi ? libOf(bi.module, bi.level) : null;
        const imported = base.type === 'identifier' ? (bi?.name ?? head) : simple;
        if (imported === 'BaseTool' && (lib === 'langchain' || lib === 'crewai')) return { fw: lib };
        if (imported === 'Tool' && lib === 'smolagents') return { fw: 'smolagents' };
        if (imported === 'BaseToolSpec' && lib === 'llamaindex') return { fw: 'llamaindex', spec: true };
        if (lib && TOOLKIT_LIBS[lib] && /Toolkit$/.test(imported)) return { fw: TOOLKIT_LIBS[lib]!, toolkit: true };
        if (!lib && base.type === 'identifier' && TOOL_CLASS_NAME.test(imported)) return { fw: 'callable-tool' };
        if (base.type !== 'identifier') continue;
        const found = bi?.name && !lib ? await this.importedToolBase(target, bi, depth + 1) : !bi ? await classOf(head, level + 1) : null;
        if (found) return found;
      }
      return null;
    };
    return classOf(imp.name, 0);
  }

  private async build(c: Candidate, lowLevelTexts: Node[]): Promise<ToolHandler | null> {
    const resolved = await this.resolveFunction(c.handlerRef);
    if (!resolved) return null;
    const { view, fn } = resolved;
    const params = parametersOf(view.file, fn, { ...c.params, enforcesTypes: TYPE_ENFORCING.has(c.framework) && c.registration.type !== 'class_definition' });
    let description: ToolHandler['description'];
    if (c.description) description = { text: c.description.text, path: this.file.path, range: rangeOfNode(this.file, c.description.node) };
    else if (c.useDocstring) {
      const doc = docstringOf(fn);
      const value = doc ? stringValue(doc) : null;
      if (doc && value) description = { text: cleanDoc(value.text), path: view.file.path, range: rangeOfNode(view.file, doc) };
    }
    const texts = [...(c.texts ?? []), ...(c.framework === 'mcp-python-lowlevel' ? lowLevelTexts : [])];
    const modelTexts: NonNullable<ToolHandler['modelTexts']> = [];
    for (const t of texts) {
      const v = stringValue(t, this.mod);
      if (v && v.text.trim()) modelTexts.push({ text: v.text, path: this.file.path, range: rangeOfNode(this.file, t) });
    }
    // Parameter annotations and defaults (`Annotated[str, Field(description=...)]`) are schema text too.
    for (const s of stringsUnder(fn.childForFieldName('parameters'))) {
      const v = stringValue(s);
      if (v && v.text.trim()) modelTexts.push({ text: v.text, path: view.file.path, range: rangeOfNode(view.file, s) });
    }
    const fnName = fn.type === 'lambda' ? '<lambda>' : functionName(fn);
    return {
      framework: c.framework,
      ...(c.entry ? { entry: c.entry } : {}),
      language: 'python',
      name: c.name ?? (c.nameFromDispatch ? (dispatchedNames(fn) ?? fnName) : fnName),
      registration: { path: this.file.path, range: rangeOfNode(this.file, c.registration) },
      handler: { path: view.file.path, startIndex: fn.startIndex, endIndex: fn.endIndex, range: rangeOfNode(view.file, fn) },
      parameters: params,
      ...(description ? { description } : {}),
      ...(modelTexts.length ? { modelTexts } : {}),
    };
  }

  /** The function a reference names: inline, defined in this file, or imported from a repository module. */
  private async resolveFunction(ref: Node, depth = 0): Promise<{ view: ModuleView; fn: Node } | null> {
    if (ref.type === 'function_definition' || ref.type === 'lambda') return { view: this.mod.view, fn: ref };
    // A wrapped handler (`func=with_retry(search)`): the wrapper passes the arguments through to the one
    // function it is given. Not `functools.partial(f, x)`, which binds leading parameters.
    if (ref.type === 'call' && depth < 2) {
      const { positional, kw } = callArgs(ref);
      if (
        positional.length === 1 &&
        kw.size === 0 &&
        ['identifier', 'attribute', 'lambda'].includes(positional[0].type) &&
        !/(^|\.)partial$/.test(ref.childForFieldName('function')?.text ?? '')
      ) {
        const wrapped = await this.resolveFunction(positional[0], depth + 1);
        if (wrapped) return wrapped;
      }
      // A factory (`make_tool("alpha")`, `self.__create_operation_function(op)`): the function it defines and returns.
      const callee = ref.childForFieldName('function');
      if (callee?.type === 'identifier' || (callee && isSelfAttribute(callee))) {
        const factory = await this.resolveFunction(callee, depth + 1);
        const made = factory?.fn.type === 'function_definition' ? returnedInnerFunction(factory.fn) : null;
        if (factory && made) return { view: factory.view, fn: made };
      }
      return null;
    }
    if (ref.type === 'identifier') {
      // the nearest definition first: `def fn` in the same function as `Prompt.from_function(fn)`
      const scoped = enclosingDefinition(ref, ref.text);
      if (scoped) return { view: this.mod.view, fn: scoped };
      // `handler = create_handler(x)` earlier in the same function: what the factory returns
      const made = depth < 2 ? enclosingCallAssignment(ref) : null;
      if (made) {
        const r = await this.resolveFunction(made, depth + 1);
        if (r) return r;
      }
      const local = findFunction(this.mod.view.root, ref.text);
      if (local) return { view: this.mod.view, fn: local };
      const imp = this.mod.imports.get(ref.text);
      if (imp?.name) return findInModule(this.project, this.file.path, imp.module, imp.level, imp.name, 0);
      // `from configs.tools import *` (OpenAI Swarm's airline example): a repository module that defines it
      for (const star of imp ? [] : this.mod.stars) {
        const found = await findInModule(this.project, this.file.path, star.module, star.level, ref.text, 0);
        if (found) return found;
      }
      return null;
    }
    if (ref.type === 'attribute') {
      const obj = ref.childForFieldName('object');
      const attr = ref.childForFieldName('attribute')?.text;
      if (obj?.type !== 'identifier' || !attr) return null;
      // `mcp.tool(name="x")(self.handle_x)` inside a class: a method of that class
      if (obj.text === 'self') {
        const method = enclosingClassMethod(ref, attr);
        return method ? { view: this.mod.view, fn: method } : null;
      }
      const imp = this.mod.imports.get(obj.text);
      if (!imp) return null;
      // `import pkg.handlers as h` / `from pkg import handlers` then `h.fn`
      const modulePath = imp.name === null ? imp.module : imp.module ? `${imp.module}.${imp.name}` : imp.name;
      return findInModule(this.project, this.file.path, modulePath, imp.level, attr, 0);
    }
    return null;
  }
}

function isSelfAttribute(n: Node): boolean {
  return n.type === 'attribute' && n.childForFieldName('object')?.text === 'self';
}

/** Server kind named by a type annotation (`FastMCP`, `Optional[FastMCP]`, `"mcp.server.Server"`). */
function kindOfAnnotation(annotation: string | null): ServerKind {
  if (!annotation) return null;
  const names: string[] = annotation.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
  if (names.includes('FastMCP') || names.includes('MCPServer')) return 'fastmcp';
  if (names.includes('Server') || names.includes('LowLevelServer')) return 'lowlevel';
  return null;
}

/** Annotation of a parameter named `name` of some function of the file (`def f(mcp: FastMCP)`). */
function parameterAnnotation(root: Node, name: string): string | null {
  for (const p of descendantsOf(root, ['typed_parameter', 'typed_default_parameter'])) {
    if (!p) continue;
    const id = p.type === 'typed_parameter' ? p.namedChildren[0] : p.childForFieldName('name');
    if (id?.type === 'identifier' && id.text === name) return p.childForFieldName('type')?.text ?? null;
  }
  return null;
}

/** `self.<attr> = ...` or a class-level `<attr>: T` of a module; undefined when the module says nothing. */
function attributeKindIn(mod: PyModule, attr: string): ServerKind | undefined {
  const root = mod.view.root;
  for (const a of descendantsOf(root, 'assignment')) {
    if (!a) continue;
    const left = a.childForFieldName('left');
    const right = a.childForFieldName('right');
    const type = a.childForFieldName('type');
    if (left?.type === 'identifier' && left.text === attr && type && !right) {
      const k = kindOfAnnotation(type.text);
      if (k) return k;
      continue;
    }
    if (!left || !isSelfAttribute(left) || left.childForFieldName('attribute')?.text !== attr) continue;
    if (type) return kindOfAnnotation(type.text);
    if (right?.type === 'call') {
      const callee = right.childForFieldName('function')?.text ?? '';
      const imp = mod.imports.get(callee.split('.')[0]);
      return kindOfConstructor(imp?.name ? `${imp.module}.${imp.name}` : callee);
    }
    if (right?.type === 'identifier') {
      let fn: Node | null = a.parent;
      while (fn && fn.type !== 'function_definition') fn = fn.parent;
      const ann = fn ? parameterAnnotation(fn, right.text) : null;
      if (ann) return kindOfAnnotation(ann);
    }
  }
  return undefined;
}

/** A smolagents tool class even when `Tool` comes from elsewhere: `inputs`, `output_type` and `forward`. */
function hasSmolagentsShape(cls: Node): boolean {
  const body = cls.childForFieldName('body');
  const attrs = classAttributes(body);
  return (
    attrs.has('inputs') &&
    attrs.has('output_type') &&
    Boolean(body?.namedChildren.some((m) => m?.type === 'function_definition' && functionName(m) === 'forward'))
  );
}

/**
 * LlamaIndex `BaseToolSpec` subclass: each method named in `spec_functions` is a tool
 * (`BaseToolSpec.to_tool_list`: a name, or a `(sync, async)` pair of names sharing the first one's tool).
 */
function specMethods(cls: Node, body: Node | null, attrs: Map<string, Node>): Candidate[] {
  const list = attrs.get('spec_functions');
  if (list?.type !== 'list' && list?.type !== 'tuple') return [];
  const out: Candidate[] = [];
  for (const e of list.namedChildren) {
    if (!e) continue;
    const names = e.type === 'string' ? [e] : e.type === 'tuple' || e.type === 'list' ? e.namedChildren.filter((x): x is Node => x?.type === 'string') : [];
    const toolName = names[0] ? stringValue(names[0])?.text : undefined;
    for (const n of names) {
      const method = stringValue(n)?.text;
      const fn = method ? classMethod(body, method) : null;
      if (fn) out.push({ framework: 'llamaindex', name: toolName, registration: cls, handlerRef: fn, useDocstring: true });
    }
  }
  return out;
}

/**
 * The `__call__` a tool class runs with the model's arguments: its own, else one inherited from a base class of
 * the same file (`class ComputerTool(BaseComputerTool, BaseAnthropicTool)`). Not an abstract one, nor one
 * without a parameter the model could fill.
 */
function callableToolMethod(cls: Node, byName: Map<string, Node>, depth = 0): Node | null {
  const body = cls.childForFieldName('body');
  for (const m of body?.namedChildren ?? []) {
    const fn = m?.type === 'decorated_definition' ? m.childForFieldName('definition') : m;
    if (fn?.type !== 'function_definition' || functionName(fn) !== '__call__') continue;
    if (m?.type === 'decorated_definition' && m.namedChildren.some((d) => d?.type === 'decorator' && /abstractmethod/.test(d.text))) return null;
    const params = (fn.childForFieldName('parameters')?.namedChildren ?? []).filter((p) => p && p.type !== 'comment' && !/separator/.test(p.type));
    return params.length > 1 ? fn : null;
  }
  if (depth > 3) return null;
  for (const base of cls.childForFieldName('superclasses')?.namedChildren ?? []) {
    const parent = base?.type === 'identifier' ? byName.get(base.text) : undefined;
    const found = parent && parent !== cls ? callableToolMethod(parent, byName, depth + 1) : null;
    if (found) return found;
  }
  return null;
}

function classMethod(body: Node | null, name: string): Node | null {
  for (const m of body?.namedChildren ?? []) {
    const fn = m?.type === 'decorated_definition' ? m.childForFieldName('definition') : m;
    if (fn?.type === 'function_definition' && functionName(fn) === name) return fn;
  }
  return null;
}

function classAttributes(body: Node | null): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const st of body?.namedChildren ?? []) {
    if (st?.type !== 'expression_statement') continue;
    const a = st.namedChildren[0];
    if (a?.type !== 'assignment') continue;
    const left = a.childForFieldName('left');
    const right = a.childForFieldName('right');
    if (left?.type === 'identifier' && right) out.set(left.text, right);
  }
  return out;
}

/** `def name` in a function enclosing `node` (innermost first), before `node`: what a reference in a function body names. */
function enclosingDefinition(node: Node, name: string): Node | null {
  for (let scope = node.parent; scope; scope = scope.parent) {
    if (scope.type !== 'function_definition') continue;
    let found: Node | null = null;
    for (const st of scope.childForFieldName('body')?.namedChildren ?? []) {
      if (!st || st.startIndex > node.startIndex) break;
      const fn = st.type === 'decorated_definition' ? st.childForFieldName('definition') : st;
      if (fn?.type === 'function_definition' && functionName(fn) === name) found = fn;
    }
    if (found) return found;
  }
  return null;
}

/**
 * The call last assigned to `node`'s name before it in an enclosing function (`handler = make(x)` ...
 * `mcp.prompt(p)(handler)`), innermost function first; null when the name is not assigned from a call there.
 */
function enclosingCallAssignment(node: Node): Node | null {
  for (let scope = node.parent; scope; scope = scope.parent) {
    if (scope.type !== 'function_definition') continue;
    let found: Node | null = null;
    for (const a of scope.descendantsOfType('assignment')) {
      if (!a || a.startIndex > node.startIndex) break;
      const left = a.childForFieldName('left');
      if (left?.type === 'identifier' && left.text === node.text && enclosingFunction(a)?.startIndex === scope.startIndex) found = a.childForFieldName('right');
    }
    if (found) return found.type === 'call' ? found : null;
  }
  return null;
}

/** The function a factory defines in its own body and returns (`def make(): def inner(...): ... return inner`), else null. */
function returnedInnerFunction(factory: Node): Node | null {
  const body = (factory.childForFieldName('body')?.namedChildren ?? []).filter((n): n is Node => Boolean(n));
  const defs = body
    .map((st) => (st.type === 'decorated_definition' ? st.childForFieldName('definition') : st))
    .filter((fn) => fn?.type === 'function_definition');
  for (const st of [...body].reverse()) {
    const value = st.type === 'return_statement' ? st.namedChildren[0] : null;
    const fn = value?.type === 'identifier' ? defs.find((d) => d && functionName(d) === value.text) : undefined;
    if (fn) return fn;
  }
  return null;
}

/** The method `name` of the class that encloses `node` (`self.name`). */
function enclosingClassMethod(node: Node, name: string): Node | null {
  let cls: Node | null = node.parent;
  while (cls && cls.type !== 'class_definition') cls = cls.parent;
  for (const m of cls?.childForFieldName('body')?.namedChildren ?? []) {
    const fn = m?.type === 'decorated_definition' ? m.childForFieldName('definition') : m;
    if (fn?.type === 'function_definition' && functionName(fn) === name) return fn;
  }
  return null;
}

/** The function definition a node sits in (not through a class or a lambda). */
function enclosingFunction(node: Node): Node | null {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'function_definition') return p;
    if (p.type === 'class_definition' || p.type === 'lambda') return null;
  }
  return null;
}

/** Parameter names of a function definition, in order (`*args` / `**kwargs` as written, with their stars). */
function paramNames(fn: Node): string[] {
  return (fn.childForFieldName('parameters')?.namedChildren ?? [])
    .filter((p): p is Node => Boolean(p) && p!.type !== 'comment')
    .map((p) => paramName(p) ?? p.text);
}

/** Does the body of `fn` end by returning the name (`return deco`)? */
function returnsName(fn: Node, name: string): boolean {
  return (fn.childForFieldName('body')?.namedChildren ?? []).some((st) => st?.type === 'return_statement' && st.namedChildren[0]?.text === name);
}

/** The `name=` / `description=` given to a registration call, or to the server decorator of its call form (`mcp.tool(name=n)(fn)`). */
function registrationKeywords(call: Node): { nameNode?: Node; descNode?: Node } {
  const callee = call.childForFieldName('function');
  const { kw } = callArgs(callee?.type === 'call' ? callee : call);
  return { nameNode: kw.get('name'), descNode: kw.get('description') };
}

/** Calls of a function by its name, outside its own body. */
function callsByName(root: Node, name: string, fn: Node): Node[] {
  const out: Node[] = [];
  for (const call of root.descendantsOfType('call')) {
    const callee = call?.childForFieldName('function');
    if (callee?.type === 'identifier' && callee.text === name && !(call!.startIndex >= fn.startIndex && call!.endIndex <= fn.endIndex)) out.push(call!);
  }
  return out;
}

/** A function named `name`: module level first, then anywhere in the file. */
function findFunction(root: Node, name: string): Node | null {
  for (const n of root.namedChildren) {
    const fn = n?.type === 'decorated_definition' ? n.childForFieldName('definition') : n;
    if (fn?.type === 'function_definition' && functionName(fn) === name) return fn;
  }
  let found: Node | null = null;
  walk(root, (n) => {
    if (found) return false;
    if (n.type === 'function_definition' && functionName(n) === name) {
      found = n;
      return false;
    }
    return true;
  });
  if (found) return found;
  const value = moduleAssignment(root, name);
  return value?.type === 'lambda' ? value : null;
}

/** Name of a parameter node (`x`, `x: T`, `x=1`, `x: T = 1`). */
function paramName(p: Node | null | undefined): string | undefined {
  if (!p) return undefined;
  if (p.type === 'identifier') return p.text;
  if (p.namedChildren[0]?.type === 'identifier') return p.namedChildren[0].text;
  return p.childForFieldName('name')?.text;
}

/**
 * Tool names a low-level `call_tool` handler dispatches on (`if name == "x"`, `match name: case "x"`): its
 * first parameter (`call_tool(name, arguments)`), or `params.name` of the newer `on_call_tool(ctx, params)`.
 */
function dispatchedNames(fn: Node): string | null {
  const params = (fn.childForFieldName('parameters')?.namedChildren ?? []).filter((p) => p && p.type !== 'comment');
  const first = paramName(params[0]);
  const second = paramName(params[1]);
  const subjects = new Set([first, second ? `${second}.name` : undefined].filter((x): x is string => Boolean(x)));
  if (!subjects.size) return null;
  const isSubject = (k: Node | null | undefined) => Boolean(k && (k.type === 'identifier' || k.type === 'attribute') && subjects.has(k.text));
  const names: string[] = [];
  walk(fn, (n) => {
    if (n.type === 'comparison_operator') {
      const kids = n.namedChildren;
      if (kids.length === 2 && kids.some(isSubject)) {
        const s = kids.find((k) => k?.type === 'string');
        const v = s ? stringValue(s) : null;
        if (v) names.push(v.text);
        // `if name in ("cat", "head"):`
        const group = kids.find((k) => k?.type === 'tuple' || k?.type === 'list' || k?.type === 'set');
        for (const e of group?.namedChildren ?? []) {
          const ev = e?.type === 'string' ? stringValue(e) : null;
          if (ev) names.push(ev.text);
        }
        // `if name == Tools.INIT:` with `class Tools(str, Enum): INIT = "git_init"`
        const a = kids.find((k) => k?.type === 'attribute' && !isSubject(k));
        const parts = a?.text.split('.') ?? [];
        const ev = !v && parts.length === 2 ? enumValue(fn.tree.rootNode, parts[0], parts[1]) : null;
        if (ev) names.push(ev);
      }
    } else if (n.type === 'match_statement' && subjects.has(n.childForFieldName('subject')?.text ?? '')) {
      for (const s of n.descendantsOfType('case_pattern')) {
        const str = s?.namedChildren.find((k) => k?.type === 'string' || k?.type === 'dotted_name');
        if (str?.type === 'dotted_name') {
          // `case Tools.STATUS:` with `class Tools(str, Enum): STATUS = "git_status"`
          const [cls, member] = str.text.split('.');
          const v = member ? enumValue(fn.tree.rootNode, cls, member) : null;
          if (v) names.push(v);
          continue;
        }
        const v = str ? stringValue(str) : null;
        if (v) names.push(v.text);
      }
    }
    return true;
  });
  return names.length ? [...new Set(names)].join('|') : null;
}

/** The string value of `member` in `class cls: member = "..."` of this file. */
function enumValue(root: Node, cls: string, member: string): string | null {
  for (const n of root.namedChildren) {
    const c = n?.type === 'decorated_definition' ? n.childForFieldName('definition') : n;
    if (c?.type !== 'class_definition' || c.childForFieldName('name')?.text !== cls) continue;
    return stringValue(classAttributes(c.childForFieldName('body')).get(member))?.text ?? null;
  }
  return null;
}

/** Find function `name` in a module of the repository, following `from .x import name` re-exports. */
async function findInModule(
  project: ProjectContext,
  fromPath: string,
  module: string,
  level: number,
  name: string,
  depth: number,
): Promise<{ view: ModuleView; fn: Node } | null> {
  if (depth > 3) return null;
  const target = await resolvePythonModule(project, fromPath, module, level);
  if (target) {
    const view = await parsedModule(project, target);
    if (view) {
      const fn = findFunction(view.root, name);
      if (fn) return { view, fn };
      const mod = analyze(view);
      const imp = mod.imports.get(name);
      if (imp?.name) return findInModule(project, target, imp.module, imp.level, imp.name, depth + 1);
    }
  }
  // `from pkg import handlers` where handlers is a submodule: `name` is then looked up by the caller.
  return null;
}

export async function discoverPython(file: SourceFile, root: Node, project: ProjectContext): Promise<ToolHandler[]> {
  const text = file.text;
  // Cheap precheck: every registration shape mentions one of these words.
  if (!ENTRY_WORDS.test(text)) return [];
  return new PythonDiscovery(file, { file, root }, project).run();
}
