import type { Rule } from '../../core/types.js';
import { anthropicApiKey } from './anthropic-api-key.js';
import { azureOpenaiApiKey } from './azure-openai-api-key.js';
import { cohereApiKey } from './cohere-api-key.js';
import { deepseekApiKey } from './deepseek-api-key.js';
import { fireworksApiKey } from './fireworks-api-key.js';
import { googleApiKey } from './google-api-key.js';
import { groqApiKey } from './groq-api-key.js';
import { huggingfaceToken } from './huggingface-token.js';
import { langsmithApiKey } from './langsmith-api-key.js';
import { mistralApiKey } from './mistral-api-key.js';
import { openaiApiKey } from './openai-api-key.js';
import { openrouterApiKey } from './openrouter-api-key.js';
import { perplexityApiKey } from './perplexity-api-key.js';
import { pineconeApiKey } from './pinecone-api-key.js';
import { replicateApiToken } from './replicate-api-token.js';
import { presetRules } from './secretlint-preset.js';
import { togetherApiKey } from './together-api-key.js';
import { xaiApiKey } from './xai-api-key.js';
import type { ProviderKeyRule } from '../../secrets/provider-rule.js';

/** agent-guard's own rules for LLM-provider keys (each carries its samples). */
export const providerKeyRules: ProviderKeyRule[] = [
  openaiApiKey,
  anthropicApiKey,
  googleApiKey,
  huggingfaceToken,
  groqApiKey,
  replicateApiToken,
  perplexityApiKey,
  langsmithApiKey,
  pineconeApiKey,
  xaiApiKey,
  togetherApiKey,
  openrouterApiKey,
  fireworksApiKey,
  deepseekApiKey,
  cohereApiKey,
  mistralApiKey,
  azureOpenaiApiKey,
];

/** Every rule of the secret/* family. */
export const secretRules: Rule[] = [...providerKeyRules, ...presetRules];
