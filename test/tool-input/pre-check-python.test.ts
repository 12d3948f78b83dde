import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { filesUnder, FIXTURES as TOOL_FIXTURES } from '../tools/fixtures.js';
import { FIXTURES as FLOW_FIXTURES, loadFixtures } from './shared.js';
import { passes, registeringFiles, snippetRepository } from './pre-check-helpers.js';

/**
 * The Python pre-check (`mayRegisterPython`) decides which Python files are parsed for tool discovery, so it must
 * be a superset of discovery: discovery runs here on every file WITHOUT the pre-check (a probe rule that parses
 * every code file), and every file it finds a tool in must pass the pre-check. The snippets cover the shapes of
 * `PythonDiscovery` (decorators, call forms, factory calls, agents' tool lists, tool classes, wrappers), each
 * written several ways (aliases, spacing, line continuations, comments and strings holding brackets, CRLF).
 */

const FN = 'def run(cmd: str) -> str:\n    """Run a command."""\n    return cmd\n';
const AFN = 'async def run(cmd: str) -> str:\n    """Run a command."""\n    return cmd\n';

/** Ways to write the object and attribute of a server decorator: `@mcp.tool()`, `@ mcp . tool ()`, `@mcp.\` continued. */
function decorators(obj: string, attr: string, args: string): string[] {
  return [
    `@${obj}.${attr}${args}`,
    `@ ${obj} . ${attr} ${args}`,
    `@${obj}.\\\n    ${attr}${args}`,
    `@${obj}\\\n.${attr}${args}`,
    `@${obj}.${attr}${args}  # the ${attr} (registered)`,
  ];
}

/** Registration snippets by shape: each a whole module (extra files of a snippet are keyed `+name.py`). */
function snippets(): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  const one = (text: string) => out.push({ 'm.py': text });
  const FASTMCP = ['from mcp.server.fastmcp import FastMCP', 'from fastmcp import FastMCP', 'from mcp.server.fastmcp import FastMCP as F'];
  // FastMCP / MCPServer decorators, on several objects and imports
  for (const imp of FASTMCP) {
    const ctor = imp.endsWith(' F') ? 'F' : 'FastMCP';
    for (const obj of ['mcp', 'server', 'app'])
      for (const [attr, args] of [
        ['tool', '()'],
        ['tool', ''],
        ['tool', '(name="run", description="Run (a) command")'],
        ['resource', '("db://{cmd}")'],
        ['prompt', '()'],
      ])
        for (const dec of decorators(obj, attr, args)) one(`${imp}\n${obj} = ${ctor}("s")\n\n${dec}\n${FN}`);
  }
  // a server decorator in call form, and through wrappers and decorator factories
  const SERVER = 'from mcp.server.fastmcp import FastMCP\nmcp = FastMCP("s")\n';
  for (const call of [
    'mcp.tool()(run)',
    'mcp.tool(name="run")(run)',
    'mcp.tool() (run)',
    'mcp.tool()\\\n    (run)',
    'mcp.tool(\n    name="run",  # the name (shown)\n    description="a (b",\n)(run)',
    "mcp.tool(description='''multi\n(line''')(run)",
    'mcp.tool(description="it\'s")(run)',
    'mcp.resource("r://x/{cmd}")(run)',
    'mcp.prompt(name="p")(run)',
    'registered = mcp.tool(name="run")(run)',
    'mcp.add_tool(run, name="run")',
    'mcp.add_tool(fn=run)',
    'mcp.add_tool (\n    run)',
    // inside brackets a line may break anywhere, with comments
    'registered = (mcp.\n    tool()(run))',
    'registered = (mcp.  # the server\n    tool(name="run")  # the decorator\n    (run))',
    'registered = [mcp.add_tool  # add it\n    (run)]',
  ])
    one(`${SERVER}\n${FN}\n${call}\n`);
  one(`${SERVER}\ndef register(name, fn):\n    mcp.add_tool(fn, name=name)\n\n${FN}\nregister("run", run)\n`);
  one(`${SERVER}\ndef plain(fn):\n    mcp.add_tool(fn)\n    return fn\n\n@plain\n${FN}`);
  one(`${SERVER}\ndef tool(name):\n    def deco(fn):\n        return mcp.tool(name=name)(fn)\n    return deco\n\n@tool("run")\n${FN}`);
  one(`${SERVER}\ndef tool(name):\n    return mcp.tool(name=name)\n\n@tool("run")\n${FN}`);
  one(`${SERVER}\ndef tool(*args, **kwargs):\n    return mcp.tool(*args, **kwargs)\n\n@tool(name="run")\n${FN}`);
  // the server imported from another module, and an instance attribute
  out.push({ 'server.py': SERVER, 'm.py': `from .server import mcp\n\n@mcp.tool()\n${FN}` });
  one(
    `from mcp.server.fastmcp import FastMCP\n\nclass Tools:\n    def __init__(self, app: FastMCP):\n        self.app = app\n        self.app.tool(name="run")(self.run)\n\n    def run(self, cmd: str) -> str:\n        return cmd\n`,
  );
  one(`from mcp.server.fastmcp import FastMCP\n\ndef register(mcp: FastMCP):\n    @mcp.tool()\n    ${FN.replace(/\n(?!$)/g, '\n    ')}`);
  // FastMCP factories
  for (const [imp, call] of [
    ['from mcp.server.fastmcp.tools import Tool', 'Tool.from_function(run, name="run")'],
    ['from mcp.server.fastmcp.prompts import Prompt', 'Prompt.from_function(run)'],
    ['from mcp.server.fastmcp.resources import ResourceTemplate', 'ResourceTemplate.from_function(run, uri_template="r://{cmd}", name="r")'],
    ['from mcp.server.fastmcp.tools import Tool as T', 'T.from_function(fn=run)'],
  ])
    one(`${imp}\n\n${FN}\nt = ${call}\n`);
  // the low-level server: decorators and keyword handlers
  for (const imp of ['from mcp.server.lowlevel import Server', 'from mcp.server import Server', 'from mcp.server.lowlevel import Server as LowLevelServer']) {
    const ctor = imp.endsWith('LowLevelServer') ? 'LowLevelServer' : 'Server';
    for (const [attr, fn] of [
      ['call_tool', 'async def call(name: str, arguments: dict):\n    return [arguments]\n'],
      ['read_resource', 'async def read(uri):\n    return uri\n'],
      ['get_prompt', 'async def prompt(name: str, arguments: dict):\n    return arguments\n'],
    ])
      for (const dec of decorators('server', attr, '()')) one(`${imp}\nserver = ${ctor}("s")\n\n${dec}\n${fn}`);
  }
  for (const ctor of [
    'Server("s", on_call_tool=handle)',
    'Server[State]("s", on_call_tool=handle)',
    'lowlevel.Server("s", on_read_resource=handle)',
    'Server(\n    "s",\n    on_get_prompt=handle,\n)',
  ])
    one(
      `from mcp.server import lowlevel\nfrom mcp.server.lowlevel import Server\n\nasync def handle(ctx, params):\n    return params.arguments\n\nserver = ${ctor}\n`,
    );
  // framework decorators by name, renamed, module-qualified
  for (const [imp, dec] of [
    ['from langchain_core.tools import tool', '@tool'],
    ['from langchain_core.tools import tool', '@tool("run")'],
    ['from langchain.tools import tool as lc_tool', '@lc_tool'],
    ['from langchain.tools import (\n    BaseTool,\n    tool as lc_tool,\n)', '@lc_tool(description="d")'],
    ['from langchain.tools import (\n    BaseTool,  # the base (for classes)\n    tool as lc_tool,\n)', '@lc_tool'],
    ['from langchain.tools import BaseTool, \\\n    tool as lc_tool', '@lc_tool'],
    ['from crewai.tools import tool', '@tool("Run")'],
    ['from smolagents import tool', '@tool'],
    ['import smolagents as sa', '@sa.tool'],
    ['from agno.tools import tool', '@tool(name="run")'],
    ['from agents import function_tool', '@function_tool'],
    ['from agents import function_tool as ft', '@ft(name_override="run")'],
    ['import agents', '@agents.function_tool'],
    ['from async_toolformer.tool import Tool', '@Tool(description="Run")'],
    ['', '@tool'],
  ])
    one(`${imp}\n\n${dec}\n${FN}`);
  // pydantic-ai and browser-use decorators
  for (const dec of ['@agent.tool', '@agent.tool_plain', '@agent.tool(retries=2)'])
    one(`from pydantic_ai import Agent, RunContext\nagent = Agent("m")\n\n${dec}\ndef run(ctx: RunContext[int], cmd: str) -> str:\n    return cmd\n`);
  for (const dec of ['@controller.action("Run a command")', '@controller.registry.action(description="Run")'])
    one(`from browser_use import Controller\ncontroller = Controller()\n\n${dec}\n${AFN}`);
  // LangChain and LlamaIndex factory calls
  for (const [imp, call] of [
    ['from langchain.tools import Tool', 'Tool(name="run", func=run, description="d")'],
    ['from langchain.tools import Tool', 'Tool("run", run, "d")'],
    ['from langchain.tools import Tool as T', 'T(name="run", func=run, description="d")'],
    ['from langchain_core.tools import StructuredTool', 'StructuredTool(name="run", func=run, description="d")'],
    ['from langchain_core.tools import StructuredTool', 'StructuredTool.from_function(func=run)'],
    ['from langchain_core.tools import StructuredTool', 'StructuredTool . from_function(run)'],
    ['from langchain.tools import Tool', 'Tool.from_function(run, name="run", description="d")'],
    ['from llama_index.core.tools import FunctionTool', 'FunctionTool.from_defaults(fn=run)'],
    ['from llama_index.core.tools import FunctionTool', 'FunctionTool.from_defaults(\n    async_fn=run)'],
    ['', 'Tool(name="run", func=run, description="d")'],
  ])
    one(`${imp}\n\n${FN}\nt = ${call}\n`);
  // agents given plain functions: Google ADK, agno, CAMEL, Swarm
  for (const [imp, call] of [
    ['from google.adk.agents import Agent', 'Agent(name="a", tools=[run])'],
    ['from google.adk.agents import LlmAgent as A', 'A(name="a", tools=[run])'],
    ['from google.adk import agents', 'agents.Agent(name="a", tools=[run])'],
    ['from google.adk.tools import FunctionTool', 'FunctionTool(func=run)'],
    ['from google.adk.tools import LongRunningFunctionTool as L', 'L(run)'],
    ['from agno.agent import Agent', 'Agent(tools=[run])'],
    ['from agno.team import Team', 'Team(tools=[run])'],
    ['from camel.agents import ChatAgent', 'ChatAgent(tools=[run])'],
    ['from camel.toolkits import FunctionTool', 'FunctionTool(run)'],
    ['from swarm import Agent', 'Agent(functions=[run])'],
  ])
    one(`${imp}\n\n${FN}\na = ${call}\n`);
  one(`from swarm import Agent\n\n${FN}\nagent = Agent()\nagent.functions.append(run)\n`);
  one(`from google.adk.agents import Agent\n\n${FN}\nTOOLS = [run]\na = Agent(name="a", tools=TOOLS)\n`);
  // tool classes: LangChain / CrewAI BaseTool, smolagents Tool, LlamaIndex specs, agno toolkits, callable tools
  const RUN = '    def _run(self, cmd: str) -> str:\n        return cmd\n';
  for (const [imp, base, body] of [
    ['from langchain.tools import BaseTool', 'BaseTool', `    name = "run"\n    description = "d"\n\n${RUN}`],
    ['from langchain_core.tools import BaseTool', 'BaseTool', `    name: str = "run"\n\n    async def _arun(self, cmd: str) -> str:\n        return cmd\n`],
    ['from crewai.tools import BaseTool', 'BaseTool', `    name: str = "run"\n${RUN}`],
    ['', 'BaseTool', RUN],
    [
      'from smolagents import Tool',
      'Tool',
      '    name = "run"\n    inputs = {"cmd": {"type": "string"}}\n    output_type = "string"\n\n    def forward(self, cmd: str):\n        return cmd\n',
    ],
    [
      'from llama_index.core.tools.tool_spec.base import BaseToolSpec',
      'BaseToolSpec',
      '    spec_functions = ["run"]\n\n    def run(self, cmd: str) -> str:\n        return cmd\n',
    ],
    [
      'from agno.tools import Toolkit',
      'Toolkit',
      '    def __init__(self):\n        super().__init__(name="t", tools=[self.run])\n\n    def run(self, cmd: str) -> str:\n        return cmd\n',
    ],
    [
      'from agno.tools import Toolkit',
      'Toolkit',
      '    def __init__(self):\n        super().__init__(name="t")\n        self.register(self.run)\n\n    def run(self, cmd: str) -> str:\n        return cmd\n',
    ],
    [
      'from agno.tools import Toolkit',
      'Toolkit',
      '    def __init__(self):\n        tools = []\n        tools.append(self.run)\n        super().__init__(name="t", tools=tools)\n\n    def run(self, cmd: str) -> str:\n        return cmd\n',
    ],
    [
      'from agno.tools import Toolkit',
      'Toolkit',
      '    def __init__(self):\n        super().__init__(\n            name="t",\n            async_tools=[\n                # the async one\n                (self.run, "run")\n            ],\n        )\n\n    async def run(self, cmd: str) -> str:\n        return cmd\n',
    ],
  ])
    one(`${imp}\n\nclass Run(${base}):\n${body}`);
  one(
    `class BaseAnthropicTool:\n    pass\n\nclass BashTool20250124(BaseAnthropicTool):\n    async def __call__(self, command: str | None = None, **kwargs):\n        return command\n`,
  );
  // a tool base class of the repository, in another module
  out.push({
    'base.py': 'from langchain.tools import BaseTool\n\nclass MyBase(BaseTool):\n    name = "base"\n',
    'm.py': `from .base import MyBase\n\nclass Run(MyBase):\n    name = "run"\n${RUN}`,
  });
  out.push({
    'base.py': 'from agno.tools import Toolkit\n\nclass MyKit(Toolkit):\n    pass\n',
    'm.py':
      'from .base import MyKit\n\nclass Run(MyKit):\n    def __init__(self):\n        super().__init__(tools=[self.run])\n\n    def run(self, cmd: str) -> str:\n        return cmd\n',
  });
  return out;
}

/** The snippets laid out as one repository, each in its own package, also written with CRLF line ends. */
function repository(): Record<string, string> {
  return snippetRepository(snippets());
}

/** Python files that mention tools (docstrings, comments, strings, mocks, reads) and register none: kept before, rejected now. */
const TALK: Record<string, string> = {
  'mocks.py':
    'from unittest.mock import MagicMock\n\ndef test_register():\n    mock_mcp = MagicMock()\n    mock_mcp.tool.return_value = lambda fn: fn\n    decorator = mock_mcp.tool()\n    assert decorator\n',
  'docs.py':
    '"""Checks that tool names defined with @mcp.tool decorators follow\nthe requirements. Pattern: @mcp.tool(name=\'x\').\n"""\n\ndef check(tool_name: str) -> bool:\n    return tool_name.isidentifier()\n',
  'f-string.py': 'def show(request):\n    print(f"request with prompt: \'{request.prompt}\'")\n    # the action: "accept" or "dismiss". action (str)\n',
  'prose.py':
    'import logging\n\ndef start(enabled: bool):\n    logging.info(f\'Starting AWS MCP Server (write operations: {"enabled" if enabled else "disabled"})\')\n    """Mark a tool as safe to run."""\n',
  'listing.py': 'async def names(mcp):\n    tools = await mcp.list_tools()\n    return [tool.name for tool in tools]\n',
  'direct.py':
    'from mcp.server.fastmcp import FastMCP\n\nclass Service:\n    def register(self, mcp: FastMCP):\n        mcp.tool(self.create_job)\n        mcp.prompt(self.create_job)\n\n    async def create_job(self, name: str) -> str:\n        return name\n',
  'helpers.py': 'import asyncio\n\ndef _run(coro):\n    """Run an async coroutine."""\n    return asyncio.run(coro)\n',
  'init.py':
    'class Client:\n    def __init__(self, raw: str, retries: int):\n        self.raw = raw\n        self.parts = [self.raw, raw]\n        print(self.raw, self.retries)\n\n    def tool_names(self):\n        return ["tool"]\n',
};

describe('the Python tool-input pre-check', () => {
  it('passes every Python fixture that registers a tool, resource or prompt', async () => {
    const files = { ...filesUnder(join(TOOL_FIXTURES, 'py')), ...loadFixtures(join(FLOW_FIXTURES, 'python')) };
    const registering = await registeringFiles(files);
    expect(registering.size).toBeGreaterThan(40);
    for (const path of registering.keys()) expect({ path, passes: passes(path, files[path]) }).toEqual({ path, passes: true });
  });

  it('passes every generated registration snippet discovery finds a tool in', async () => {
    const files = repository();
    const registering = await registeringFiles(files);
    // (most snippets register: the test would prove nothing if discovery found none of them; it does not read
    // `@ mcp . resource (…)` written with spaces, which the pre-check keeps all the same)
    expect(registering.size).toBeGreaterThan(0.85 * Object.keys(files).filter((p) => p.endsWith('/m.py')).length);
    const missed = [...registering.keys()].filter((path) => !passes(path, files[path]));
    expect(missed.map((path) => [path, files[path]])).toEqual([]);
  });

  it('rejects files that only talk about tools, which discovery finds nothing in', async () => {
    expect((await registeringFiles(TALK)).size).toBe(0);
    for (const [path, text] of Object.entries(TALK)) expect({ path, passes: passes(path, text) }).toEqual({ path, passes: false });
  });

  it('keeps the same words written as registrations', () => {
    const kept = [
      'mock_mcp.tool()(fn)\n',
      '@mcp.tool\ndef f(): pass\n',
      'server = Server ("s")\n',
      'return Server("s")\n',
      'from x import tool as t\n',
      'from x import (a,\n  tool as t)\n',
      'class A:\n    def _run(self, q): pass\n',
      'class A:\n    def __init__(self):\n        x([self.f])\n    def f(self): pass\n',
      'class A:\n    def __init__(self):\n        self.register(self.f)\n    def f(self): pass\n',
      'import agno\n',
      'mcp.tool(description="x)\n',
    ];
    for (const text of kept) expect({ text, passes: passes('a.py', `# tool\n${text}`) }).toEqual({ text, passes: true });
    const rejected = [
      '# the tool list\nTOOLS = []\n',
      'x = self.tool\n',
      'one tool as a list\n',
      'class A:\n    def __init__(self):\n        x(self.f)\n    def f(self): pass\n',
    ];
    for (const text of rejected) expect({ text, passes: passes('a.py', text) }).toEqual({ text, passes: false });
    expect(passes('a.py', 'print(1)\n')).toBe(false);
  });

  // each input once made every name read the rest of the text again, or a regular expression backtrack without
  // end; they now finish at once (no timing asserted), answering what they can read
  it('reads long runs of comments, decorators, renames, self references and attribute calls and answers', () => {
    const n = 50_000;
    expect(passes('a.py', `# tool\nx.${' #'.repeat(n)}\n`)).toBe(false);
    expect(passes('a.py', `# tool\n${'.# # #  ##   # '.repeat(n)}\n`)).toBe(false);
    expect(passes('a.py', `# tool\n${'@a \\\n'.repeat(n)}`)).toBe(true); // a decorator continued too long: kept
    expect(passes('a.py', `# tool\n${'x Tool as y, '.repeat(n)}`)).toBe(true); // too many renames to read: kept
    expect(passes('a.py', `# tool\ndef __init__(self):\n${'  x(self.a, self.b)\n'.repeat(n)}`)).toBe(false);
    expect(passes('a.py', `# tool\n${'x.tool(y) '.repeat(n)}`)).toBe(true); // too many calls to read: kept
    expect(passes('a.py', `# tool\nx.tool(${'('.repeat(n)}`)).toBe(true); // a parenthesis not closed: kept
  }, 60_000);
});
