import { enableScanWorkers, isScanWorker, runScanWorker } from '../engine/parallel.js';
import { run } from './run.js';

/** Entry point of the Action bundle (dist/action.js); in a scan worker thread, the worker's loop. */
if (isScanWorker()) {
  await runScanWorker();
} else {
  enableScanWorkers(import.meta.url);
  await run();
}
