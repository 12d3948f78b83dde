/**
 * What the pre-check tests share: discovery run on every file WITHOUT the pre-check (a probe rule that parses
 * every code file), the pre-check's answer for one file, and snippets laid out as one repository.
 */
import { discoverTools, mayRegisterTools } from '../../src/families/tool-input/discovery/discover.js';
import type { ToolHandler } from '../../src/families/tool-input/discovery/types.js';
import { SourceFile } from '../../src/core/source-file.js';
import { probeCodeFiles } from '../tools/fixtures.js';

/** The files discovery finds a tool registered in, with the handlers. */
export async function registeringFiles(files: Record<string, string>): Promise<Map<string, ToolHandler[]>> {
  const found = new Map<string, ToolHandler[]>();
  await probeCodeFiles(files, async (ctx) => {
    const tree = await ctx.tree();
    const handlers = tree ? (await discoverTools(ctx.file, tree, ctx.project)).filter((h) => h.registration.path === ctx.file.path) : [];
    if (handlers.length) found.set(ctx.file.path, handlers);
  });
  return found;
}

export const passes = (path: string, text: string) => mayRegisterTools(new SourceFile(path, text));

/** Snippets (each a few files) laid out as one repository, each in its own directory, also with CRLF line ends. */
export function snippetRepository(snippets: Record<string, string>[]): Record<string, string> {
  const files: Record<string, string> = {};
  snippets.forEach((snippet, i) => {
    for (const [name, text] of Object.entries(snippet)) {
      files[`s${i}/${name}`] = text;
      files[`c${i}/${name}`] = text.replace(/\n/g, '\r\n');
    }
  });
  return files;
}
