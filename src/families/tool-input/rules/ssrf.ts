import { defineSinkRule } from './sink-rule.js';

export default defineSinkRule({
  id: 'tool-input/ssrf',
  sinkKind: 'ssrf',
  severity: 'error',
  description:
    'A model-controlled tool argument chooses the host of an outgoing HTTP request (requests, httpx, urllib, aiohttp, fetch, axios, got, undici, http.request).',
  fix: "Fix the scheme and host in code (a literal base URL), or check the URL's host against an allowlist before the request.",
  languageFixes: {
    python: 'Fix the scheme and host in code (a literal base URL), or check urllib.parse.urlparse(url).hostname against an allowlist before the request.',
    javascript: 'Fix the scheme and host in code (a literal base URL), or check new URL(url).hostname against an allowlist before the request.',
  },
  messages: {
    flow: 'Tool "{{tool}}" passes model-controlled parameter "{{param}}" to {{sink}}: a URL such as "http://169.254.169.254/latest/meta-data/" makes the agent fetch internal services and cloud credentials.',
    redirectFlow:
      'Tool "{{tool}}" passes model-controlled parameter "{{param}}" to {{sink}}, which follows redirects: its host is checked first, but a public URL that redirects to "http://169.254.169.254/latest/meta-data/" still reaches internal services. Turn redirects off (redirect: "manual" / allow_redirects=False) or check every hop.',
  },
  cwe: [918],
  securitySeverity: 9.1,
  precision: 'high',
});
