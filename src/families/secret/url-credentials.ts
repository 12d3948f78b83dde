/**
 * URLs with a password in them (`scheme://user:password@host`), for the schemes and passwords
 * secretlint's rules do not read: its basic-auth rule takes only http(s)/ftp, passwords of `[-A-Za-z0-9_]`
 * and hosts with a dot (a password with `.` or `!` in it, or a host such as `@jenkins/`, is missed); its connection-string rule only
 * PostgreSQL, MySQL and MongoDB (`redis://`, `amqp://`, `mssql://` are missed). These hits are added to the
 * preset rules' own (secret/database-connection-string for database schemes, secret/basic-auth-url for the
 * rest), and judged by the same placeholder checks.
 */
import { placeholderReason, TEMPLATE_CHARS, urlCredentialReason } from './decoys.js';

export interface UrlCredentialHit {
  /** The password's span: the secret. */
  start: number;
  end: number;
  secret: string;
  scheme: string;
  url: { user: string; host: string };
}

/**
 * User, password, host, read right after a scheme's `://`. The user and password stop at what ends a URL
 * in text (space, quotes, brackets) and at the delimiters RFC 3986 forbids in them unencoded (`/ ? # @`,
 * `:` in the user).
 */
const AFTER_SCHEME = /([^\s:/?#@"'`<>()[\]\\]{1,128}):([^\s/?#@"'`<>\\]{1,256})@([A-Za-z0-9._~%-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])/y;
/** A scheme (`https`, `mongodb+srv`), read backwards from its `://`. */
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]{1,30}$/;
const SCHEME_CHAR = /[A-Za-z0-9+.-]/;

/** Schemes of databases, caches and queues: their URLs are connection strings. */
export const DATABASE_SCHEMES =
  /^(?:jdbc:)?(?:postgres(?:ql)?|mysql[x2]?|mariadb|mongodb(?:\+srv)?|redis|rediss|valkey|memcached|amqps?|mssql|sqlserver|oracle|db2|cockroachdb|clickhouse|couchdb|cassandra|neo4j(?:\+s)?|bolt|nats|kafka|snowflake|elasticsearch|opensearch)$/i;

/** The start of a port that is a word or a template, not a number. */
const PLACEHOLDER_PORT = /^:[A-Za-z_<{$[]/;

/** Whether the host ending at `at` is followed by a port that is a word or a template (`@myproxy:port`, `:<port>`, `:${PORT}`): the URL is a template. */
export function placeholderPortAt(text: string, at: number): boolean {
  return PLACEHOLDER_PORT.test(text.slice(at, at + 2));
}

/** Template syntax of languages and tools: `%(password)s`, `%s`, `$(cat pw)`, `{{ secrets.X }}`. */
const TEMPLATE_SYNTAX = /%\(|%s(?![0-9A-Fa-f])|\$\(|\{\{|\}\}/;

/** Why the credentials of a URL are not worth a finding, or null when the password looks real. */
export function urlPasswordReason(user: string, password: string, host: string): string | null {
  if (TEMPLATE_CHARS.test(user) || TEMPLATE_SYNTAX.test(user) || TEMPLATE_SYNTAX.test(password)) return 'template';
  if (password.length < 4) return 'placeholder';
  return placeholderReason(password) ?? urlCredentialReason(user, password, host);
}

let last: { text: string; hits: UrlCredentialHit[] } | undefined;

/** Every URL in the text whose password looks real (the last text's answer is kept: two rules ask in turn). */
export function findUrlCredentials(text: string): UrlCredentialHit[] {
  if (last?.text === text) return last.hits;
  const out: UrlCredentialHit[] = [];
  // From one `://` to the next: most have no `user:password@` after them, and cost one sticky match.
  for (let at = text.indexOf('://'); at >= 0; at = text.indexOf('://', at + 3)) {
    let from = at;
    while (from > 0 && at - from < 32 && SCHEME_CHAR.test(text[from - 1])) from--;
    const scheme = text.slice(from, at);
    if (!SCHEME.test(scheme)) continue;
    AFTER_SCHEME.lastIndex = at + 3;
    const m = AFTER_SCHEME.exec(text);
    if (!m) continue;
    const [whole, user, password, host] = m;
    if (placeholderPortAt(text, AFTER_SCHEME.lastIndex)) continue;
    if (urlPasswordReason(user, password, host)) continue;
    const start = at + 3 + whole.length - host.length - 1 - password.length;
    out.push({ start, end: start + password.length, secret: password, scheme, url: { user, host } });
  }
  last = { text, hits: out };
  return out;
}
