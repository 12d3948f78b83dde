import type { Rule } from '../../core/types.js';
import { clientWithoutTimeout } from './client-without-timeout.js';
import { gatewayWithoutLimits } from './gateway-without-limits.js';
import { orchestratorWithoutLimits } from './orchestrator-without-limits.js';
import { unboundedAgentLoop } from './unbounded-agent-loop.js';
import { unboundedToolConcurrency } from './unbounded-tool-concurrency.js';

/** Every rule of the rate-limit/* family. */
export const rateLimitRules: Rule[] = [orchestratorWithoutLimits, unboundedToolConcurrency, unboundedAgentLoop, gatewayWithoutLimits, clientWithoutTimeout];
