import type { Rule } from '../../core/types.js';
import clientWithoutTimeout from './rules/client-without-timeout.js';
import gatewayWithoutLimits from './rules/gateway-without-limits.js';
import orchestratorWithoutLimits from './rules/orchestrator-without-limits.js';
import unboundedAgentLoop from './rules/unbounded-agent-loop.js';
import unboundedToolConcurrency from './rules/unbounded-tool-concurrency.js';

/** Every rule of the rate-limit/* family. */
export const rateLimitRules: Rule[] = [orchestratorWithoutLimits, unboundedToolConcurrency, unboundedAgentLoop, gatewayWithoutLimits, clientWithoutTimeout];
