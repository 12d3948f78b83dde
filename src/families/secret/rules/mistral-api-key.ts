import { fakeKey } from '../fake-keys.js';
import { providerKeyRule } from '../provider-rule.js';
import { committedForms, referenceForms } from '../samples.js';

/** Mistral keys are 32 bare alphanumerics: Mistral must be named nearby. */
const MISTRAL = /mistral/i;

export default providerKeyRule({
  id: 'secret/mistral-api-key',
  provider: 'Mistral',
  description: 'Finds committed Mistral AI API keys (32 alphanumerics) next to a Mistral env var, client or endpoint.',
  prefilter: MISTRAL,
  shapes: [{ kind: 'API key', pattern: '(?<body>[A-Za-z0-9]{32})', near: MISTRAL, notHex: true }],
  samples: (rng) => ({
    findings: [
      ...committedForms('mistral', rng, 'Mistral'),
      `[mistral]\nmodel = "mistral-large-latest"\napi_key = "${fakeKey('mistral', rng).key}"\n`,
      // A settings class field with a type annotation.
      `class MistralSettings(BaseSettings):\n    mistral_api_key: str = "${fakeKey('mistral', rng).key}"\n`,
    ],
    clean: [
      ...referenceForms('MISTRAL_API_KEY'),
      'MISTRAL_API_KEY=your_mistral_api_key\n',
      // An MD5 checksum of a Mistral model file, on a line that names a key.
      'mistral-7b.gguf md5 key: 9e107d9d372bb6826bd81d3542a419d6\n',
      `OTHER_API_KEY=${fakeKey('mistral', rng).key}\n`,
      // Class names of an SDK (seen in microsoft/semantic-kernel's .NET samples): 32 letters, on a line
      // that mentions tokens, next to Mistral.
      'var reply = await chatService.GetChatMessageContentAsync(chatHistory, new MistralAIPromptExecutionSettings { MaxTokens = 200 });\n',
      'var configuration = new ConfigurationBuilder()\n    .AddUserSecrets<MistralAIEmbeddingGeneratorTests>()\n    .Build();\n',
    ],
  }),
});
