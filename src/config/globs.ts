/**
 * Bounds on the globs a config may hold (include, exclude, payloads[].files, ignore[].files). picomatch
 * compiles a glob to a backtracking regular expression: `*a*a*a*a*b` against a long file name takes time
 * growing with the name length to the power of the number of `*` (12 of them: minutes per file), and a
 * config comes from the repository being scanned. Rather than run such a glob, the config is refused with
 * the reason. The limits leave every ordinary glob (`**\/*.test.*`, `src/**\/vendor/**`) alone.
 */
export const MAX_GLOB_LENGTH = 512;
/** `*` wildcards in one path segment (`*.test.*` has 2); each one more multiplies the worst case by the name length. */
export const MAX_STARS_PER_SEGMENT = 3;
/** `**` segments in one glob. */
export const MAX_GLOBSTARS = 3;

/** Why `glob` is refused, or null when it is within the bounds. */
export function checkGlob(glob: string): string | null {
  if (glob.length > MAX_GLOB_LENGTH) return `longer than ${MAX_GLOB_LENGTH} characters`;
  if (/[@!+*?]\(/.test(glob)) return 'extglob patterns ("+(…)", "*(…)", "@(…)", "!(…)", "?(…)") are not supported';
  let globstars = 0;
  for (const segment of glob.split('/')) {
    if (segment === '**') {
      globstars++;
      continue;
    }
    const stars = (segment.replace(/\*\*+/g, '*').match(/\*/g) ?? []).length;
    if (stars > MAX_STARS_PER_SEGMENT) return `more than ${MAX_STARS_PER_SEGMENT} "*" in one path segment`;
  }
  if (globstars > MAX_GLOBSTARS) return `more than ${MAX_GLOBSTARS} "**" segments`;
  return null;
}
