// The bundles are written in ASCII only. V8 keeps each script's source text for as long as the script lives
// (functions are compiled lazily from it), in every thread that loads it: one byte per character when every
// character is Latin-1, two bytes otherwise. A single "—" in a comment doubled the CLI bundle's source in
// memory (2.3 MB -> 4.6 MB, in the main thread and again in each scan worker).
//
// esbuild already writes strings and identifiers in ASCII (its default charset), but keeps comments and
// regular expression literals as they are; this escapes what is left. `\uXXXX` means the same character in
// a string, a template or a regular expression (an astral character becomes its two surrogates, which
// both read as that character, in `u` mode too); a character escaped with a backslash (`\…`, an identity
// escape) loses the backslash, which it did not need; in a comment the escape is only text.

/** `code` with every non-ASCII character written as `\uXXXX`. */
export function asciiOnly(code) {
  return code.replace(/(\\*)([^\x00-\x7f])/gu, (_, slashes, ch) => {
    const kept = slashes.length % 2 === 1 ? slashes.slice(1) : slashes;
    let out = '';
    for (let i = 0; i < ch.length; i++) out += `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`;
    return kept + out;
  });
}
