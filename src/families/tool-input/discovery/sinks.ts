import type { ProjectContext } from '../../../core/types.js';
import type { ToolHandler } from './types.js';

/** One dangerous sink a tool handler's input reaches, as the taint engine reports it. */
export interface SinkSummary {
  /** The tool-input rule that flags this sink, e.g. `tool-input/path-traversal`. */
  ruleId: string;
  /** What the sink is, e.g. `open()`, `child_process.exec`. */
  sink: string;
  path: string;
  line: number;
}

/** What `agent-guard tools` asks of the dataflow engine: the sinks a handler's input reaches. */
export type SinkAnalyzer = (handler: ToolHandler, project: ProjectContext) => Promise<SinkSummary[]>;

/** Sinks sorted by place, rule and sink, each once. */
export function uniqueSortedSinks(found: SinkSummary[]): SinkSummary[] {
  const seen = new Set<string>();
  const out: SinkSummary[] = [];
  for (const s of found) {
    const key = `${s.path}\0${s.line}\0${s.ruleId}\0${s.sink}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(s);
  }
  return out.sort(
    (a, b) =>
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
      a.line - b.line ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
      (a.sink < b.sink ? -1 : a.sink > b.sink ? 1 : 0),
  );
}
