/**
 * The provider-key rules' prefilters, searched for together: one pass over a file finds which of the
 * rules' words it holds, instead of one search per word and rule (openai-agents-js, 15 MB: 66 ms instead of
 * 194). The one pass only narrows: a rule whose words were seen still runs its own exact prefilter (case,
 * regexes), so what a rule applies to is unchanged.
 */
import type { SourceFile } from '../../core/source-file.js';

export type Prefilter = (string | RegExp)[] | RegExp;

/** A regex that is only a word (`/cohere/i`): searched for as that word. */
const PLAIN_WORD = /^[A-Za-z0-9_]+$/;

interface Entry {
  /** Lowercase words; one of them must be in the file (case-insensitively) for `exact` to be asked. */
  words: string[];
}

const entries: Entry[] = [];
let combined: { search: RegExp; words: Map<string, number[]>; longest: number; size: number } | null = null;
const seen = new WeakMap<SourceFile, { size: number; hits: Set<number> }>();

/** The words of a prefilter, or null when one of its parts is a regex that is more than a word. */
function wordsOf(prefilter: Prefilter): string[] | null {
  const parts = prefilter instanceof RegExp ? [prefilter] : prefilter;
  const words: string[] = [];
  for (const p of parts) {
    if (typeof p === 'string') words.push(p.toLowerCase());
    else if (PLAIN_WORD.test(p.source) && !p.sticky && !p.multiline) words.push(p.source.toLowerCase());
    else return null;
  }
  return words;
}

function build(): NonNullable<typeof combined> {
  const words = new Map<string, number[]>();
  entries.forEach((e, i) => e.words.forEach((w) => words.set(w, [...(words.get(w) ?? []), i])));
  const sorted = [...words.keys()].sort((a, b) => b.length - a.length);
  const escaped = sorted.map((w) => w.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&'));
  return { search: new RegExp(escaped.join('|'), 'gi'), words, longest: sorted[0]?.length ?? 0, size: entries.length };
}

/** Which entries' words the file holds: every position a word starts at is found, overlapping ones too. */
function hitsOf(file: SourceFile): Set<number> {
  const cached = seen.get(file);
  if (cached && cached.size === entries.length) return cached.hits;
  if (!combined || combined.size !== entries.length) combined = build();
  const { search, words, longest } = combined;
  const text = file.text;
  const hits = new Set<number>();
  search.lastIndex = 0;
  for (let m = search.exec(text); m; m = search.exec(text)) {
    const at = text.slice(m.index, m.index + longest).toLowerCase();
    for (const [word, owners] of words) if (at.startsWith(word)) for (const o of owners) hits.add(o);
    search.lastIndex = m.index + 1;
  }
  seen.set(file, { size: entries.length, hits });
  return hits;
}

/** A rule's appliesTo for its prefilter: the exact test, asked only of files the shared search kept. */
export function sharedPrefilter(prefilter: Prefilter): (file: SourceFile) => boolean {
  const exact =
    prefilter instanceof RegExp
      ? (text: string) => prefilter.test(text)
      : (text: string) => prefilter.some((p) => (typeof p === 'string' ? text.includes(p) : p.test(text)));
  const words = wordsOf(prefilter);
  if (!words) return (file) => exact(file.text);
  const index = entries.push({ words }) - 1;
  return (file) => hitsOf(file).has(index) && exact(file.text);
}
