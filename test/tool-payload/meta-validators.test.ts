/**
 * Stored tool schemas are checked against their meta-schema by validators generated at build time
 * (scripts/meta-validators.mjs): they must be what `npm run generate` writes, and report exactly what ajv's own
 * `validateSchema` does, on every object of the tool-payload fixtures and on schemas broken on purpose.
 */
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { validate2020Meta, validateDraft07Meta } from '../../src/families/tool-payload/meta-validators.generated.js';
// @ts-expect-error plain ESM script without types
import { metaValidatorsSource } from '../../scripts/meta-validators.mjs';

type Validator = ((schema: unknown) => boolean) & { errors?: unknown };
const addFormats = (addFormatsModule as unknown as { default?: (a: Ajv) => void }).default ?? (addFormatsModule as unknown as (a: Ajv) => void);

/** ajv as tool-payload/schemas.ts makes it, asked the way it used to ask. */
function ajvOf(dialect: 'draft-07' | '2020-12'): Ajv {
  const options = { strict: false, allErrors: true, logger: false as const, validateSchema: false, addUsedSchema: false, inlineRefs: true };
  const ajv = dialect === '2020-12' ? (new Ajv2020(options) as unknown as Ajv) : new Ajv(options);
  addFormats(ajv);
  return ajv;
}

/** Every object value in the tool-payload fixtures (JSON and JSONL), nested ones included. */
function fixtureObjects(): object[] {
  const out: object[] = [];
  const collect = (v: unknown) => {
    if (!v || typeof v !== 'object') return;
    if (!Array.isArray(v)) out.push(v);
    for (const child of Object.values(v)) collect(child);
  };
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.jsonl'))
        for (const line of readFileSync(path, 'utf8').split('\n')) {
          try {
            collect(JSON.parse(line));
          } catch {
            // a malformed line is a fixture of its own
          }
        }
      else if (name.endsWith('.json')) {
        try {
          collect(JSON.parse(readFileSync(path, 'utf8')));
        } catch {
          // idem
        }
      }
    }
  };
  walk(join(process.cwd(), 'test', 'fixtures', 'tool-payload'));
  return out;
}

/** Broken in ways each dialect's meta-schema refuses. */
const BROKEN: object[] = [
  { type: 'strnig' },
  { type: ['string', 'string'] },
  { type: 'object', properties: [] },
  { type: 'object', properties: { a: { type: 'object', properties: { b: { minimum: '1' } } } } },
  { required: 'name' },
  { required: ['a', 'a'] },
  { minLength: -1 },
  { enum: 'x' },
  { items: 5 },
  { anyOf: [] },
  { $defs: [] },
  { prefixItems: {} },
  { $anchor: '1bad' },
  { dependentRequired: { a: [1] } },
  { $dynamicRef: 5 },
  { additionalProperties: 'no' },
];

describe('meta-schema validators generated at build time', () => {
  it('are what `npm run generate` writes (src/families/tool-payload/meta-validators.generated.ts)', () => {
    const committed = readFileSync(join(process.cwd(), 'src', 'families', 'tool-payload', 'meta-validators.generated.ts'), 'utf8');
    expect(committed).toBe(metaValidatorsSource());
  });

  for (const [dialect, validate] of [
    ['draft-07', validateDraft07Meta],
    ['2020-12', validate2020Meta],
  ] as const) {
    it(`${dialect}: give ajv's answer and errors for every fixture object and every broken schema`, () => {
      const ajv = ajvOf(dialect);
      // as schemas.ts asks: without `$schema` (it picks the dialect) and `$id`
      const corpus = [...fixtureObjects(), ...BROKEN].map((o) => {
        const { $schema: _s, $id: _i, ...body } = o as Record<string, unknown>;
        return body;
      });
      let refused = 0;
      for (const schema of corpus) {
        const expected = ajv.validateSchema(schema);
        const got = (validate as Validator)(schema);
        expect([schema, got, (validate as Validator).errors ?? null]).toEqual([schema, expected, ajv.errors ?? null]);
        if (!got) refused++;
      }
      // the comparison covers refusals, not only schemas both accept
      expect(refused).toBeGreaterThanOrEqual(dialect === 'draft-07' ? 10 : 14);
      expect(corpus.length).toBeGreaterThan(200);
    });
  }
});
