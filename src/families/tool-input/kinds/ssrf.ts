/** The ssrf kind's sinks and sanitisers (rows.ts says how a row is read). */
import type { KindRows, SanitizerRow, SinkRow } from './rows.js';

// ---- Python -------------------------------------------------------------------------------------------------

const PY_HTTP_WHEN = 'the URL (its scheme and host) comes from input';

const pythonSinks: SinkRow[] = [
  {
    lang: 'python',
    form: 'call',
    names: ['requests.get', 'requests.post', 'requests.put', 'requests.patch', 'requests.delete', 'requests.head', 'requests.options', 'requests.api.get'],
    args: [0],
    keywords: ['url'],
    when: PY_HTTP_WHEN,
  },
  { lang: 'python', form: 'call', names: ['requests.request', 'requests.api.request'], args: [1], keywords: ['url'], when: PY_HTTP_WHEN },
  {
    lang: 'python',
    form: 'call',
    names: ['httpx.get', 'httpx.post', 'httpx.put', 'httpx.patch', 'httpx.delete', 'httpx.head', 'httpx.options'],
    args: [0],
    keywords: ['url'],
    when: PY_HTTP_WHEN,
  },
  { lang: 'python', form: 'call', names: ['httpx.request', 'httpx.stream'], args: [1], keywords: ['url'], when: PY_HTTP_WHEN },
  {
    lang: 'python',
    form: 'call',
    names: ['urllib.request.urlopen', 'urllib.request.Request', 'urllib.request.urlretrieve', 'urllib2.urlopen', 'urllib.urlopen'],
    args: [0],
    keywords: ['url'],
    when: PY_HTTP_WHEN,
  },
  { lang: 'python', form: 'call', names: ['aiohttp.request'], args: [1], keywords: ['url'], when: PY_HTTP_WHEN },
  { lang: 'python', form: 'call', names: ['webbrowser.open'], args: [0], keywords: ['url'], when: PY_HTTP_WHEN },
  ...[
    { names: ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'ws_connect'], args: [0] },
    { names: ['request', 'stream', 'urlopen'], args: [1] },
  ].map((r): SinkRow => ({
    lang: 'python',
    form: 'method',
    ...r,
    keywords: ['url'],
    receiver:
      'an HTTP client: the result of a client constructor, a variable or field assigned one, or a usual client name (`session`, `http_client`, `self._client`)',
    receivers: [
      'requests.Session',
      'requests.session',
      'httpx.Client',
      'httpx.AsyncClient',
      'aiohttp.ClientSession',
      'urllib3.PoolManager',
      'urllib3.PoolManager()',
    ],
    when: PY_HTTP_WHEN,
  })),
];

const pythonSanitizers: SanitizerRow[] = [];

// ---- JavaScript / TypeScript --------------------------------------------------------------------------------

const javascriptSinks: SinkRow[] = [
  {
    lang: 'javascript',
    form: 'call',
    names: [
      'fetch',
      'globalThis.fetch',
      'window.fetch',
      'node-fetch',
      'cross-fetch',
      'undici.fetch',
      'undici.request',
      'undici.stream',
      'axios',
      'axios.get',
      'axios.post',
      'axios.put',
      'axios.patch',
      'axios.delete',
      'axios.head',
      'axios.options',
      'axios.request',
      'got',
      'got.get',
      'got.post',
      'got.put',
      'got.delete',
      'got.patch',
      'got.stream',
      'ky',
      'ky.get',
      'ky.post',
      'superagent.get',
      'superagent.post',
      'needle.get',
      'http.get',
      'http.request',
      'https.get',
      'https.request',
    ],
    args: [0],
    keywords: ['url', 'hostname', 'host'],
    when: "the URL (or an options object's url/hostname/host) does not fix the host",
  },
  {
    lang: 'javascript',
    form: 'method',
    names: ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request'],
    args: [0],
    keywords: ['url', 'hostname', 'host'],
    receiver: 'HTTP client instance (made by axios.create(), got.extend(), ky.create(), ky.extend())',
    when: 'the URL does not fix the host; a relative path (`/items/${id}`) stays under the base URL',
  },
];

const javascriptSanitizers: SanitizerRow[] = [];

// -------------------------------------------------------------------------------------------------------------

const rows: KindRows = {
  kind: 'ssrf',
  sinks: [...pythonSinks, ...javascriptSinks],
  sanitizers: [...pythonSanitizers, ...javascriptSanitizers],
};
export default rows;
