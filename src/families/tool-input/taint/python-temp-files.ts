/**
 * Python calls creating a fresh temporary file or directory whose name holds a random part the library
 * generates, created exclusively (`O_EXCL` / `mkdir`): `tempfile.mkstemp(suffix=f".{ext}", dir=d)`,
 * `NamedTemporaryFile(...)`, `mkdtemp(...)`, `TemporaryDirectory(...)`. What they give (the name, the
 * file object, the `(fd, name)` pair) is not a path the model chose, even with a model-chosen `dir`,
 * `prefix` or `suffix`: creating it cannot clobber an existing file (a suffix with `/../` fails, the
 * random directory component does not exist), so a later write, read or `os.unlink` of it touches only
 * the file the tool itself just made. It stays tool input for every other kind (a `dir` of `-x` still
 * starts the name with `-`).
 */
export const TEMP_CREATORS = new Set([
  'tempfile.mkstemp',
  'tempfile.mkdtemp',
  'tempfile.NamedTemporaryFile',
  'tempfile.TemporaryDirectory',
  'tempfile.SpooledTemporaryFile',
  'tempfile.TemporaryFile',
]);
