// Runs a module's CLI in this process and prints its peak RSS (KiB) on fd 3 at exit, so the bench can
// measure the shipped bundle's memory without a wrapper program. Usage: node measure.mjs CLI.js ARGS...
import { writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [, , cli, ...args] = process.argv;
process.argv = [process.argv[0], cli, ...args];
process.on('exit', () => {
  try {
    writeSync(3, `${process.resourceUsage().maxRSS}\n`);
  } catch {
    /* fd 3 not open: nothing to report */
  }
});
await import(pathToFileURL(cli).href);
