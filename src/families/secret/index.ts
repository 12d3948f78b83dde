import type { Rule } from '../../core/types.js';
import anthropicApiKey from './rules/anthropic-api-key.js';
import azureOpenaiApiKey from './rules/azure-openai-api-key.js';
import cohereApiKey from './rules/cohere-api-key.js';
import deepseekApiKey from './rules/deepseek-api-key.js';
import fireworksApiKey from './rules/fireworks-api-key.js';
import googleApiKey from './rules/google-api-key.js';
import groqApiKey from './rules/groq-api-key.js';
import huggingfaceToken from './rules/huggingface-token.js';
import langsmithApiKey from './rules/langsmith-api-key.js';
import mistralApiKey from './rules/mistral-api-key.js';
import openaiApiKey from './rules/openai-api-key.js';
import openrouterApiKey from './rules/openrouter-api-key.js';
import perplexityApiKey from './rules/perplexity-api-key.js';
import pineconeApiKey from './rules/pinecone-api-key.js';
import replicateApiToken from './rules/replicate-api-token.js';
import { presetRules } from './rules/secretlint-preset.js';
import tavilyApiKey from './rules/tavily-api-key.js';
import togetherApiKey from './rules/together-api-key.js';
import xaiApiKey from './rules/xai-api-key.js';
import type { ProviderKeyRule } from './provider-rule.js';
import { withUnicodeEscapes } from './json-escapes.js';

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
  tavilyApiKey,
];

/** Every rule of the secret/* family. */
export const secretRules: Rule[] = [...providerKeyRules, ...presetRules].map(withUnicodeEscapes);
