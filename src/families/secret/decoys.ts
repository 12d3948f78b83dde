/**
 * Telling a real key from the strings that merely look like one: placeholders (`sk-your-key-here`),
 * low-entropy fakes (`xxxx…`, `abcdef…`, `1234…`) and template references (`${OPENAI_API_KEY}`).
 * A random key passes every check here; the tests prove it on thousands of generated keys.
 */

/** Shannon entropy in bits per character. */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Length of the longest run of one repeated character (`xxxxxx`). */
export function longestRepeat(s: string): number {
  let best = s.length ? 1 : 0;
  let run = 1;
  for (let i = 1; i < s.length; i++) {
    run = s.charCodeAt(i) === s.charCodeAt(i - 1) ? run + 1 : 1;
    if (run > best) best = run;
  }
  return best;
}

/** Length of the longest ascending or descending character sequence (`abcdef`, `987654`). */
export function longestSequence(s: string): number {
  let best = s.length ? 1 : 0;
  let up = 1;
  let down = 1;
  for (let i = 1; i < s.length; i++) {
    const d = s.charCodeAt(i) - s.charCodeAt(i - 1);
    up = d === 1 ? up + 1 : 1;
    down = d === -1 ? down + 1 : 1;
    best = Math.max(best, up, down);
  }
  return best;
}

/**
 * Entropy a random string of this length over this alphabet reaches with near certainty, scaled down:
 * the expected entropy of n random draws from k symbols is close to log2(min(n, k)) minus a small bias.
 */
function minimumEntropy(s: string, alphabet: number): number {
  return Math.log2(Math.min(s.length, alphabet)) * 0.72;
}

/** Size of the alphabet the string seems drawn from; separators (`_`, `-`) do not count. */
function alphabetSize(s: string): number {
  return /^[0-9a-f_-]+$/.test(s) || /^[0-9A-F_-]+$/.test(s) ? 16 : /^[A-Za-z_-]+$/.test(s) ? 52 : 64;
}

/**
 * Words that mark a placeholder, in one case only and five letters or more (except "your"), so that a
 * random key hits one about once in a million; filler runs (`xxxxxx`) are caught as repeats.
 */
const PLACEHOLDER_WORDS =
  /your|YOUR|example|EXAMPLE|placeholder|PLACEHOLDER|dummy|DUMMY|redacted|REDACTED|changeme|CHANGEME|replace|REPLACE|insert|INSERT|sample|SAMPLE|secret|SECRET/;
/** Characters no key contains but templates and elisions do. */
export const TEMPLATE_CHARS = /[<>{}$*…]|\.\.\./;

/** Passwords that documentation and test fixtures use in example URLs (`https://user:password@host`). */
const PLACEHOLDER_PASSWORDS = new Set([
  'password',
  'passwd',
  'pass',
  'pwd',
  'pw',
  'secret',
  'changeme',
  'admin',
  'root',
  'test',
  'user',
  'guest',
  'x-oauth-basic',
  '1234',
  '12345',
  '123456',
]);

export type DecoyReason = 'placeholder' | 'template' | 'low-entropy' | 'repeated' | 'sequential' | 'identifier';

/** A bare key mixes at least two of upper case, lower case and digits; a word in one case does not. */
export function mixesCharacterClasses(body: string): boolean {
  return Number(/[A-Z]/.test(body)) + Number(/[a-z]/.test(body)) + Number(/[0-9]/.test(body)) >= 2;
}

/**
 * camelCase words (`loadFirmwareImageFromFlash`): each capital followed by at least two lower-case
 * letters. Random text almost never has that structure over 16+ characters.
 */
const CAMEL_CASE = /^[A-Za-z]?[a-z]+(?:[A-Z][a-z]{2,})+[0-9]{0,2}$/;

/** Identifier tokens: an acronym before a capitalised word, a (capitalised) word, an acronym, digits. */
const IDENTIFIER_TOKENS = /[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+/g;

/**
 * PascalCase / camelCase names with acronyms (`MistralAIPromptExecutionSettings`): made of words (3+
 * letters, a vowel among the lower-case ones, capitalised or not), acronyms of up to 6 capitals and
 * numbers of up to 3 digits, with at least three words, and words for at least half the tokens. About one
 * random 32-character base62 string in 80,000 has that structure (measured on millions), none of 40+.
 * Used for keys with no prefix of their own, where a class name next to the provider's name is the
 * usual false match.
 */
export function looksLikeIdentifier(body: string): boolean {
  const tokens = body.match(IDENTIFIER_TOKENS);
  if (!tokens || tokens.join('').length !== body.length) return false;
  let words = 0;
  for (const t of tokens) {
    const c = t.charCodeAt(0);
    if (c >= 48 && c <= 57) {
      if (t.length > 3) return false;
    } else if (t === t.toUpperCase()) {
      if (t.length > 6) return false;
    } else {
      const lower = c >= 65 && c <= 90 ? t.slice(1) : t;
      if (t.length < 3 || !/[aeiouy]/.test(lower)) return false;
      words++;
    }
  }
  return words >= 3 && words * 2 >= tokens.length;
}

/**
 * Why `body` (the random part of a candidate key, without its fixed prefix and suffix) is not a real key,
 * or null when it looks like one.
 */
export function decoyReason(body: string): DecoyReason | null {
  if (TEMPLATE_CHARS.test(body)) return 'template';
  if (PLACEHOLDER_WORDS.test(body)) return 'placeholder';
  const alphabet = alphabetSize(body);
  // Over 16 symbols, runs of 6 happen in about one random key in 20,000: allow longer runs there.
  const longestAllowed = alphabet === 16 ? 7 : 5;
  if (longestRepeat(body) > longestAllowed) return 'repeated';
  if (longestSequence(body) > longestAllowed) return 'sequential';
  if (body.length >= 16 && (!mixesCharacterClasses(body) || CAMEL_CASE.test(body))) return 'identifier';
  if (shannonEntropy(body) < minimumEntropy(body, alphabet)) return 'low-entropy';
  return null;
}

/**
 * The lighter check for credentials whose shape another scanner vouched for (secretlint's hits): only
 * the signs of a placeholder, no entropy judgement (an AWS key id is legitimately low in entropy).
 */
/** Password words of documentation, tests and local defaults (compared after undoing leetspeak). */
const PLACEHOLDER_PASSWORD_WORDS = new Set([
  ...PLACEHOLDER_PASSWORDS,
  'password',
  'passwd',
  'passw',
  'pass',
  'pwd',
  'pw',
  'secret',
  'test',
  'tests',
  'testing',
  'fake',
  'dummy',
  'example',
  'sample',
  'changeme',
  'change',
  'me',
  'my',
  'mypassword',
  'your',
  'db',
  'postgres',
  'postgresql',
  'mysql',
  'mongo',
  'mongodb',
  'redis',
  'rabbitmq',
  'guest',
  'admin',
  'root',
  'user',
  'foo',
  'bar',
  'baz',
  'xxx',
  'local',
  'dev',
  'default',
  // `https://user:token@github.com/…` in tests: the password names what goes there.
  'token',
  'apikey',
  'api',
  'key',
  'access',
  'auth',
  'login',
  'passphrase',
  'credential',
  'credentials',
  'hunter2',
  'letmein',
  'qwerty',
  'abc',
]);

/** A word run together from placeholder words (`fakepw`, `testpass`, `dbpassword`, `adminpass`). */
function concatenatedPlaceholder(w: string): boolean {
  const s = w.toLowerCase();
  if (s.length > 40) return false;
  // ok[i]: s[0, i) splits into known words of two letters or more.
  const ok = [true, ...Array<boolean>(s.length).fill(false)];
  for (let i = 2; i <= s.length; i++) {
    for (let j = i - 2; j >= 0 && !ok[i]; j--) ok[i] = ok[j] && PLACEHOLDER_PASSWORD_WORDS.has(s.slice(j, i));
  }
  return ok[s.length];
}

function unleet(s: string): string {
  return s.toLowerCase().replace(/[0134579@$]/g, (c) => ({ '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '9': 'g', '@': 'a', $: 's' })[c] ?? c);
}

/**
 * Hosts reserved for documentation and tests: names of RFC 2606 / 6761 (`example.com`, `db.test`,
 * `x.invalid`) and the RFC 5737 documentation address ranges 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24.
 * `localhost` is not among them: a random password for a local database is often the deployed one too.
 */
const DOCUMENTATION_HOST =
  /(?:^|\.)(?:example\.(?:com|net|org)|example|test|invalid|localhost\.localdomain)$|^(?:192\.0\.2|198\.51\.100|203\.0\.113)\.[0-9]{1,3}$/i;

/**
 * A password of letters (digits may follow) that holds the word `password` or `passwd`: it names what goes
 * there. Two linear tests: one expression with the word between two letter runs backtracks quadratically.
 */
const LETTERS_THEN_DIGITS = /^[A-Za-z]+[0-9]*$/;
const PASSWORD_WORD = /pass(?:wor)?d/i;

/**
 * Why the password of a URL with credentials (`scheme://user:password@host`) is not a real one: it
 * repeats the user name (`postgres:postgres`, `fake:fake`), it is made only of placeholder words and
 * digits (`test_pass`, `s3cr3t_pw`, `changeme123`), it is a word naming the field (`proxypassword`), or
 * the host is reserved for documentation.
 */
export function urlCredentialReason(user: string, password: string, host: string): DecoyReason | null {
  if (password.toLowerCase() === user.toLowerCase()) return 'placeholder';
  const words = password.split(/[^A-Za-z0-9@$]+|(?<=[a-z])(?=[A-Z])/).filter(Boolean);
  const known = (w: string) => /^[0-9]+$/.test(w) || PLACEHOLDER_PASSWORD_WORDS.has(w.toLowerCase());
  const placeholderWord = (w: string) =>
    known(w) ||
    PLACEHOLDER_PASSWORD_WORDS.has(unleet(w)) ||
    w.split(/(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])/).every((part) => known(part) || concatenatedPlaceholder(part));
  if (words.length > 0 && words.every(placeholderWord)) return 'placeholder';
  // Letters around the word `password` name the field instead of filling it (`proxypassword`, `smtpPassword`, `PasswordForDb`).
  if (LETTERS_THEN_DIGITS.test(password) && PASSWORD_WORD.test(password)) return 'placeholder';
  if (DOCUMENTATION_HOST.test(host)) return 'placeholder';
  return null;
}

export function placeholderReason(secret: string): DecoyReason | null {
  if (PLACEHOLDER_PASSWORDS.has(secret.toLowerCase())) return 'placeholder';
  if (TEMPLATE_CHARS.test(secret)) return 'template';
  if (PLACEHOLDER_WORDS.test(secret)) return 'placeholder';
  if (longestRepeat(secret) >= 8) return 'repeated';
  return null;
}
