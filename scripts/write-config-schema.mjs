// Writes schema/config.schema.json and src/config/config-validator.generated.ts from src/config/schema.ts (via esbuild
// transform), and the tool-payload family's meta-schema validators (meta-validators.mjs).
import { build } from 'esbuild';
import { configValidatorSource } from './config-validator.mjs';
import { metaValidatorsSource } from './meta-validators.mjs';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = await build({ entryPoints: [join(root, 'src/config/schema.ts')], bundle: true, format: 'esm', platform: 'node', write: false });
const mod = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
writeFileSync(join(root, 'schema/config.schema.json'), JSON.stringify(mod.configSchema, null, 2) + '\n');
writeFileSync(join(root, 'src/config/config-validator.generated.ts'), configValidatorSource(mod.configSchema));
writeFileSync(join(root, 'src/families/tool-payload/meta-validators.generated.ts'), metaValidatorsSource());
