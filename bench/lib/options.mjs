// `--name value` options of the bench scripts: `option(name, fallback)` gives the value after `--name`, true
// when the flag has no value (end of argv or another flag next), the fallback when it is absent.
export function optionReader(argv) {
  return (name, fallback) => {
    const i = argv.indexOf(`--${name}`);
    if (i < 0) return fallback;
    const value = argv[i + 1];
    return value === undefined || value.startsWith('--') ? true : value;
  };
}
