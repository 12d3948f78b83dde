import { fakeKey, HEX, randomString } from '../fake-keys.js';
import { providerKeyRule } from '../provider-rule.js';
import { committedForms, referenceForms } from '../samples.js';

/** Azure keys carry no prefix: an Azure OpenAI env var, client or endpoint must be nearby. */
const AZURE = /azure|cognitiveservices/i; // (openai.azure.com endpoints name azure)

export default providerKeyRule({
  id: 'secret/azure-openai-api-key',
  provider: 'Azure OpenAI',
  description: 'Finds committed Azure OpenAI / Azure AI services keys (32 hex digits, or 84 alphanumerics) next to an Azure env var, client or endpoint.',
  prefilter: [/azure/i, /cognitiveservices/i],
  shapes: [
    { kind: 'API key', pattern: '(?<body>[a-f0-9]{32})', near: AZURE },
    { kind: 'API key', pattern: '(?<body>[A-Za-z0-9]{84})', near: AZURE, notHex: true },
  ],
  samples: (rng) => ({
    findings: [
      ...committedForms('azure-openai', rng, 'AzureOpenAI'),
      `AZURE_OPENAI_KEY=${fakeKey('azure-openai-v2', rng).key}\n`,
      `client = AzureOpenAI(\n    azure_endpoint="https://contoso.openai.azure.com/",\n    api_key="${fakeKey('azure-openai', rng).key}",\n)\n`,
      // In a notebook cell, escaped inside the JSON string.
      `{"source": ["import os\\n", "os.environ[\\"AZURE_OPENAI_API_KEY\\"] = \\"${fakeKey('azure-openai', rng).key}\\"\\n"]}\n`,
    ],
    clean: [
      ...referenceForms('AZURE_OPENAI_API_KEY'),
      'AZURE_OPENAI_API_KEY=<your-azure-openai-key>\n',
      'AZURE_OPENAI_API_KEY=00000000000000000000000000000000\n',
      // Deployment ids and request ids are GUIDs.
      'AZURE_OPENAI_DEPLOYMENT_KEY=3f2b8c1e-9d4a-4e7b-a1c2-5d6e7f8a9b0c\n',
      // A hex digest near "azure" on a line that does not name a credential.
      'azure-pipelines cache digest: 9e107d9d372bb6826bd81d3542a419d6\n',
      // A request id in a recorded response (cassettes) next to an Azure endpoint and token counts.
      `{"endpoint": "https://x.openai.azure.com", "usage": {"total_tokens": 12}, "request_id": "${randomString(rng, HEX, 32)}"}\n`,
    ],
  }),
});
