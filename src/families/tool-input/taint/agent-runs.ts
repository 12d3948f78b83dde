import type { Node } from '../../../parsing/parsers.js';

/**
 * A tool built from an agent that runs that same agent on the tool's input: the agent-as-tool idiom of
 * OpenAI Agents (`agent.asTool()` runs `new Runner().run(this, input)`, `agent.as_tool()` runs
 * `Runner.run(starting_agent=self, input=...)`). The input becomes the nested agent's prompt, and the walk
 * stops at the run call as it does at a library call, even when the runner's code is in the repository
 * (the agent framework's own repository): what the nested agent does with a prompt is decided by its
 * model, and what that model passes to a tool is that tool's input, traced where the tool is found. The
 * call's value (the nested run's result) stays model-controlled, as a library call's does.
 *
 * Following the prompt instead took a tool of openai-agents-js through 85 modules of its run loop, most
 * of a full scan's time, to reach no sink.
 */
const RUN_METHODS = new Set(['run', 'runStreamed', 'run_sync', 'run_streamed']);
const AGENT_CLASS_NAME = /Agent$/;
/** `cast(Agent, self)`, `self as Agent`, `(this)`, `this!`: the value inside. */
const WRAPPERS = new Set(['parenthesized_expression', 'as_expression', 'satisfies_expression', 'non_null_expression', 'type_assertion']);

/** An agent runner by name: `Runner`, `runner`, `this.runner`, `self._runner`, `new Runner(cfg)` (not `shellRunner`). */
const RUNNER_NAME = /(^|[^\w$])_?[rR]unner$/;

/**
 * Is this call a nested run of the agent whose method makes the tool: a runner's `run` method (or a `run`
 * function) called with `agent` (its first positional argument, or Python's `starting_agent=`) being
 * `this` / `self` inside a class whose name ends in `Agent`. `receiver`: the object the method is called on
 * (null for a function); a helper of another name given the agent (`executor.run(self, cmd)`) is followed.
 */
export function runsOwnAgent(calleeName: string | null, receiver: Node | null, agent: Node | null | undefined): boolean {
  if (!calleeName || !RUN_METHODS.has(calleeName) || !agent) return false;
  if (receiver && !RUNNER_NAME.test(runnerName(receiver))) return false;
  const self = unwrapped(agent);
  if (self.type !== 'this' && !(self.type === 'identifier' && self.text === 'self')) return false;
  const cls = enclosingClass(self);
  const name = cls?.childForFieldName('name')?.text;
  return !!name && AGENT_CLASS_NAME.test(name);
}

/** The name a receiver goes by: `new Runner(cfg)` → `Runner`, `this.runner` → `this.runner`. */
function runnerName(receiver: Node): string {
  const r = unwrapped(receiver);
  if (r.type === 'new_expression') return r.childForFieldName('constructor')?.text ?? '';
  return r.text;
}

function unwrapped(node: Node): Node {
  let n = node;
  for (let i = 0; i < 8; i++) {
    if (WRAPPERS.has(n.type)) n = n.namedChildren[0] ?? n;
    // Python `cast(Agent[Any], self)`: typing's cast returns its second argument
    else if (n.type === 'call' && n.childForFieldName('function')?.text.replace(/^typing\./, '') === 'cast')
      n = n.childForFieldName('arguments')?.namedChildren[1] ?? n;
    else break;
  }
  return n;
}

function enclosingClass(node: Node): Node | null {
  for (let n = node.parent; n; n = n.parent) if (n.type === 'class_declaration' || n.type === 'class_definition' || n.type === 'class') return n;
  return null;
}
