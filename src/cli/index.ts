import { main } from './main.js';
import { processIO } from '../app/io.js';

/** Entry point of the CLI bundle (dist/cli.js). */
const code = await main(process.argv.slice(2), processIO());
process.exitCode = code;
