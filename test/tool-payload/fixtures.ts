import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTree } from '../helpers/files.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'tool-payload');

/** Every file under a fixture directory, keyed by its path relative to that directory. */
export function loadTree(dir: string): Record<string, string> {
  return readTree(dir);
}

export const MAPPING = { payloads: [{ files: 'payloads/defender/call*', schema: 'payloads/defender/schema.json' }] };
