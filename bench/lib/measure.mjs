// Runs a module's CLI in this process and prints its peak RSS (KiB) and CPU seconds on fd 3 at exit, so the
// bench can measure the shipped bundle's memory and CPU without a wrapper program. Usage: node measure.mjs CLI.js ARGS...
import { writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [, , cli, ...args] = process.argv;
process.argv = [process.argv[0], cli, ...args];
process.on('exit', () => {
  try {
    const u = process.resourceUsage();
    writeSync(3, `${u.maxRSS} ${(u.userCPUTime + u.systemCPUTime) / 1e6}\n`);
  } catch {
    /* fd 3 not open: nothing to report */
  }
});
await import(pathToFileURL(cli).href);
