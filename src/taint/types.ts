import type { Range } from '../core/location.js';
import type { ToolHandler, ToolParameter } from '../tools/types.js';

/** The dangerous operation a tool argument reaches; one tool-input/* rule per kind. */
export type SinkKind = 'path' | 'command' | 'argument' | 'code' | 'sql' | 'ssrf' | 'deserialization';
export const SINK_KINDS: readonly SinkKind[] = ['path', 'command', 'argument', 'code', 'sql', 'ssrf', 'deserialization'];

/** One step of a flow, for SARIF codeFlows. */
export interface Step {
  path: string;
  range: Range;
  message: string;
}

/** Where a tainted value comes from: one tool parameter (or one property of the tool's input object). */
export interface Origin {
  handler: ToolHandler;
  param: ToolParameter;
}

/**
 * A model-controlled value as the engine tracks it. Immutable: operations return copies.
 */
export interface Taint {
  origin: Origin;
  /** Name shown in messages: the parameter, or the input property (`path` of `arguments["path"]`). */
  label: string;
  /** Steps since the parameter (without the final sink step). */
  steps: Step[];
  /** Sink kinds a guard has made this value safe for. */
  safe: ReadonlySet<SinkKind>;
  /** For object parameters: how many member accesses remain before the input object (0 = the input object itself). */
  container?: number;
  /** A URL whose scheme and host are fixed by an untainted prefix. */
  hostFixed?: boolean;
  /** A string that starts with an untainted part (cannot start with '-'). */
  prefixFixed?: boolean;
  /** Normalised by realpath/abspath/normpath/resolve (a containment check on it is meaningful). */
  resolved?: boolean;
  /** A string built by combining the value with literal SQL text. */
  sqlBuilt?: boolean;
  /** A list used as argv: is the tainted element the program itself, and does a `--` precede it. */
  argv?: { first: boolean; afterDashDash: boolean };
  /** Inside a callee summary: the index of the parameter this value came from. */
  slot?: number;
}

export interface Flow {
  kind: SinkKind;
  handler: ToolHandler;
  param: ToolParameter;
  label: string;
  /** Human name of the sink call (`subprocess.run(shell=True)`, `fs.readFile`). */
  sink: string;
  path: string;
  range: Range;
  steps: Step[];
  /** Inside a callee summary: the parameter index the flow starts from. */
  slot?: number;
}
