/**
 * API clients of a service, from a library (`slack_sdk.WebClient`, `google.cloud.storage.Client`,
 * `azure.storage.blob.BlobServiceClient`): their host is the service's, fixed by the library and the
 * operator's configuration, so what a method of theirs answers (`client.files_info(file=id)["file"]
 * ["url_private"]`) is the service's data, not the model's input — like a boto3 client's (python.ts
 * `isCloudClient`). Generic HTTP clients (`httpx.Client`, `requests.Session`) fetch whatever URL they are
 * given, so they are not among them; nor is a repository class, which the walk follows instead.
 */
import type { Node } from '../../../parsing/parsers.js';
import { PY } from './python-catalogue.js';
import { field } from './walk.js';

/** Libraries whose clients take the URL to fetch: their answer is whatever server that URL names. */
const URL_CLIENT_LIBRARIES =
  /^(httpx|requests|aiohttp|urllib3?|http|httplib2|pycurl|tornado|treq|websockets?|socket|ftplib|smtplib|telnetlib|grequests|niquests)\./;

/** Is `canon` (the canonical name of a called class) a library's API client class. */
export function isApiClientClass(canon: string | null): boolean {
  if (!canon || !canon.includes('.') || PY.httpClientCtors.has(canon) || URL_CLIENT_LIBRARIES.test(canon)) return false;
  return /(^|\.)[A-Za-z0-9]*Client$/.test(canon);
}

function named(node: Node | null | undefined): Node[] {
  return node ? (node.namedChildren.filter(Boolean) as Node[]) : [];
}

/** The call a value is (`WebClient(...)`, `await AsyncClient(...)`), else null. */
export function constructorCall(v: Node | null | undefined): Node | null {
  const c = v?.type === 'await' ? named(v)[0] : v;
  return c?.type === 'call' ? c : null;
}

/** The values `self.<attr>` is assigned anywhere in a class body (its methods included); null when assigned through a pattern. */
export function selfFieldValues(cls: Node, attr: string): Node[] | null {
  const out: Node[] = [];
  for (const a of cls.descendantsOfType(['assignment', 'augmented_assignment'])) {
    const left = a && field(a, 'left');
    if (!left) continue;
    const isField = (n: Node) => n.type === 'attribute' && field(n, 'object')?.text === 'self' && field(n, 'attribute')?.text === attr;
    if (isField(left)) {
      const right = field(a!, 'right');
      if (a!.type !== 'assignment' || !right) return null;
      out.push(right);
    } else if (left.type !== 'identifier' && left.type !== 'attribute' && left.descendantsOfType('attribute').some((n) => n && isField(n))) return null;
  }
  return out;
}
