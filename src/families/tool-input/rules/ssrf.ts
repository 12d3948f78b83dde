import { defineSinkRule } from './sink-rule.js';

export default defineSinkRule({
  id: 'tool-input/ssrf',
  sinkKind: 'ssrf',
  severity: 'error',
  description: 'A model-controlled tool argument chooses the host of an outgoing HTTP request (requests, httpx, urllib, aiohttp, fetch, axios, got, undici, http.request).',
  fix: 'Fix the scheme and host in code (a literal base URL) or check urlparse(url).hostname / new URL(url).hostname against an allowlist before the request.',
  messages: {
    flow:
      'Tool "{{tool}}" passes its model-controlled parameter "{{param}}" to {{sink}}: a hostile argument such as "http://169.254.169.254/latest/meta-data/" makes the agent fetch internal services and cloud credentials. Fix the scheme and host in code (a literal base URL) or check urlparse(url).hostname / new URL(url).hostname against an allowlist before the request.',
  },
  cwe: [918],
  securitySeverity: 9.1,
  precision: 'high',
});
