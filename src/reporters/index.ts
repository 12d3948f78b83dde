import { githubReporter } from './github.js';
import { jsonReporter } from './json.js';
import { sarifReporter } from './sarif.js';
import { textReporter } from './text.js';
import type { FormatName, Reporter } from './types.js';

export const REPORTERS: Record<FormatName, Reporter> = {
  text: textReporter,
  json: jsonReporter,
  sarif: sarifReporter,
  github: githubReporter,
};

export { FORMATS, type FormatName, type Reporter } from './types.js';
