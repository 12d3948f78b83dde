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
 * Scheme, user, password, host. The user and password stop at what ends a URL in text (space, quotes,
 * brackets) and at the delimiters RFC 3986 forbids in them unencoded (`/ ? # @`, `:` in the user).
 */
const URL_WITH_PASSWORD =
  /(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]{1,30}):\/\/([^\s:/?#@"'`<>()[\]\\]{1,128}):([^\s/?#@"'`<>\\]{1,256})@([A-Za-z0-9._~%-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])/g;

/** Schemes of databases, caches and queues: their URLs are connection strings. */
export const DATABASE_SCHEMES =
  /^(?:jdbc:)?(?:postgres(?:ql)?|mysql[x2]?|mariadb|mongodb(?:\+srv)?|redis|rediss|valkey|memcached|amqps?|mssql|sqlserver|oracle|db2|cockroachdb|clickhouse|couchdb|cassandra|neo4j(?:\+s)?|bolt|nats|kafka|snowflake|elasticsearch|opensearch)$/i;

/** Template syntax of languages and tools: `%(password)s`, `%s`, `$(cat pw)`, `{{ secrets.X }}`. */
const TEMPLATE_SYNTAX = /%\(|%s(?![0-9A-Fa-f])|\$\(|\{\{|\}\}/;

/** Why the credentials of a URL are not worth a finding, or null when the password looks real. */
export function urlPasswordReason(user: string, password: string, host: string): string | null {
  if (TEMPLATE_CHARS.test(user) || TEMPLATE_SYNTAX.test(user) || TEMPLATE_SYNTAX.test(password)) return 'template';
  if (password.length < 4) return 'placeholder';
  return placeholderReason(password) ?? urlCredentialReason(user, password, host);
}

/** Every URL in the text whose password looks real. */
export function findUrlCredentials(text: string): UrlCredentialHit[] {
  if (!text.includes('://')) return [];
  const out: UrlCredentialHit[] = [];
  URL_WITH_PASSWORD.lastIndex = 0;
  for (let m = URL_WITH_PASSWORD.exec(text); m; m = URL_WITH_PASSWORD.exec(text)) {
    const [whole, scheme, user, password, host] = m;
    if (urlPasswordReason(user, password, host)) continue;
    const start = m.index + whole.length - host.length - 1 - password.length;
    out.push({ start, end: start + password.length, secret: password, scheme, url: { user, host } });
  }
  return out;
}
