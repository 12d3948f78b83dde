import type { Range } from '../../../core/location.js';
import type { ToolHandler, ToolParameter } from '../discovery/types.js';

/** The dangerous operation a tool argument reaches; one tool-input/* rule per kind. */
export type SinkKind = 'path' | 'command' | 'argument' | 'code' | 'sql' | 'ssrf' | 'deserialization';

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
  /**
   * For an input object: the sink kinds each property is declared safe for by the tool's schema (zod
   * shape, `Schema.parse(args)`); a property read from it starts with them (schema.ts).
   */
  fields?: ReadonlyMap<string, readonly SinkKind[]>;
  /** A URL whose scheme and host are fixed by an untainted prefix. */
  hostFixed?: boolean;
  /**
   * A URL whose host a guard resolved and refused when it named a non-public address (guard-shapes.ts): safe
   * for a request that does not follow redirects; one that follows them goes wherever the checked host sends it.
   */
  hostChecked?: boolean;
  /** A string that starts with an untainted part (cannot start with '-'). */
  prefixFixed?: boolean;
  /** Normalised by realpath/abspath/normpath/resolve (a containment check on it is meaningful). */
  resolved?: boolean;
  /**
   * Checked to hold no `..` (`noDotDot`) and not to be absolute (`relative`): with both, joining it under
   * a fixed root cannot leave the root, so it is safe for path sinks.
   */
  noDotDot?: boolean;
  relative?: boolean;
  /** Read from a fixed-name file under a chosen directory (`JSON.parse(readFileSync(join(dir, "package.json"))).types`): a manifest's content, not what the model wrote (every part of a combination). */
  fromContent?: true;
  /** A string built by combining the value with literal SQL text. */
  sqlBuilt?: boolean;
  /**
   * A list used as argv: is the tainted element the program itself, and does a `--` precede it;
   * `option`: the literal element right before it when that starts with `-` (its value slot, see
   * argv-options.ts); `program`: the literal first element of the list.
   */
  argv?: { first: boolean; afterDashDash: boolean; option?: string; program?: string };
  /**
   * An object / dict literal with literal keys (`{ resourceType: "events", namespace }`): the taint of each
   * key's value (null: untainted). A read of a listed key gives that value, not the whole literal's.
   */
  keys?: ReadonlyMap<string, Taint | null>;
  /** Inside a callee summary: the index of the parameter this value came from. */
  slot?: number;
  /**
   * A value built from several tainted parts (`f"{n} {host}"`): each part as it was when combined, and
   * how many of this value's steps precede the combination. A sink names the part it is unsafe for.
   */
  parts?: { list: Taint[]; at: number };
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
  /**
   * Inside a callee summary: an argv flow that is no flow when the program passed as parameter
   * `programParam` takes `option`'s value (`executeCommand("helm", ["-f", file])` through
   * `execFileSync(command, args)`); decided at each call site (Walker.applySummary).
   */
  optionValue?: { option: string; programParam: number };
  /**
   * The tool the flow belongs to when one low-level handler serves several (`if name == "x":`,
   * `case "x":`): messages and fingerprints name it instead of the handler's combined name.
   */
  tool?: string;
  /** An SSRF flow whose host was checked, to a request that follows redirects unchecked (its own message). */
  redirects?: boolean;
}

/** What the analysis of one handler found, and what it left out (too deep, out of time): the file is then reported incomplete. */
export interface HandlerAnalysis {
  flows: Flow[];
  incomplete: string[];
}
