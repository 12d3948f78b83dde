// Types of bench/lib/discovery-count.mjs (a plain ESM module the benchmark runs without a build).
export type Kind = 'tool' | 'resource' | 'prompt';
export interface Counted {
  path: string;
  line: number;
  kind: Kind;
  idiom: string;
  name: string;
}
export interface HandlerSpan {
  path: string;
  line: number;
  endLine?: number;
}
export interface Discovered {
  path: string;
  line: number;
  kind: Kind;
  name: string;
  framework: string;
  handler: HandlerSpan;
  otherHandlers: HandlerSpan[];
}
export interface MatchResult {
  found: [Counted, Discovered][];
  missed: Counted[];
  extra: Discovered[];
}
export const JS_EXTENSIONS: RegExp;
export function countJs(source: string, path: string): Counted[];
export function isTestPath(path: string): boolean;
export function discoveredOf(tool: {
  path: string;
  line: number;
  kind?: Kind;
  name: string;
  framework: string;
  handler: HandlerSpan;
  otherHandlers?: HandlerSpan[];
}): Discovered;
export function match(counted: Counted[], discovered: Discovered[]): MatchResult;
export function tally(result: MatchResult): Partial<Record<Kind, { found: number; counted: number; extra: number; percent: number | null }>>;
