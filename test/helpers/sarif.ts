import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const here = dirname(fileURLToPath(import.meta.url));
const schema = JSON.parse(readFileSync(join(here, '..', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8'));
let validate: ((doc: unknown) => boolean) & { errors?: unknown[] | null };

/** Validate a SARIF document against the official 2.1.0 schema (a draft-04 schema); returns ajv's errors, empty when valid. */
export function sarifErrors(doc: unknown): unknown[] {
  if (!validate) {
    // The schema's `language` pattern is not valid with the `u` flag, hence unicodeRegExp: false.
    const ajv = new (Ajv04 as unknown as typeof import('ajv-draft-04').default)({ allErrors: true, strict: false, unicodeRegExp: false });
    (addFormats as unknown as (a: unknown) => void)(ajv);
    validate = ajv.compile(schema) as typeof validate;
  }
  return validate(doc) ? [] : [...(validate.errors ?? [])];
}
