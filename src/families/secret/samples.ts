/** Building blocks for the samples each provider rule carries (keys are generated, never committed). */
import { fakeKey, type Rng } from './fake-keys.js';

/** A key of `provider` as it is usually committed: in a .env line and in a client constructor call. */
export function committedForms(provider: string, rng: Rng, client = 'Client'): string[] {
  const k = fakeKey(provider, rng);
  const env = k.envVar ?? 'API_KEY';
  return [`${env}=${k.key}\n`, `client = ${client}(api_key="${fakeKey(provider, rng).key}")\n`];
}

/** References to the key that are not the key: the ways code and configs should name it. */
export function referenceForms(envVar: string): string[] {
  return [
    `${envVar}=\${${envVar}}\n`,
    `api_key = os.environ["${envVar}"]\n`,
    `const apiKey = process.env.${envVar};\n`,
    `{"mcpServers": {"x": {"env": {"${envVar}": "<your-key>"}}}}\n`,
  ];
}
