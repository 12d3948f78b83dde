/** The ssrf kind's sinks and sanitisers (rows.ts says how a row is read). */
import type { KindRows, SanitizerRow, SinkRow } from './rows.js';

// ---- Python -------------------------------------------------------------------------------------------------

const pythonSinks: SinkRow[] = [];

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
