import { main } from './main.js';
import { processIO } from '../app/io.js';
import { enableScanWorkers, isScanWorker, runScanWorker } from '../engine/parallel.js';

/** Entry point of the CLI bundle (dist/cli.js); in a scan worker thread (--jobs), the worker's loop. */
if (isScanWorker()) {
  await runScanWorker();
} else {
  enableScanWorkers(import.meta.url);
  process.exitCode = await main(process.argv.slice(2), processIO());
}
