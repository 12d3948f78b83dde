/**
 * Guards recognised by the shape of a whole function rather than by one condition the walker refines: a
 * function that resolves a host name (`dns.lookup`, `socket.getaddrinfo`) derived from its parameter and
 * throws when an address it got back is private, loopback or link-local is an SSRF guard for that
 * parameter. The answer goes through loops, `.map`, comprehensions and helper predicates
 * (`isBlockedIpv4(address)`) the taint walk does not carry back to the URL, so the function is read whole:
 * what it resolves, and which of its throws a check of the answer leads to. Both languages map their syntax
 * onto `GuardSyntax`.
 */
import type { Node } from '../../../parsing/parsers.js';

/** Names of checks that an address is not public: a throw/raise on one of them refuses such an address. */
export const NON_PUBLIC_ADDRESS =
  /(private|loopback|link_?local|linklocal|reserved|blocked|bogon|metadata|unspecified|multicast|is_?global|is_?public|non_?public|internal|forbidden|disallowed)/i;

/** Words every DNS lookup call the languages catalogue contains. */
const DNS_WORDS = /lookup|resolve|getaddrinfo|gethostbyname|query/;

export interface GuardSyntax {
  /** Node types that bind names from a value: `[type, target field, value field]`. */
  bindings: readonly (readonly [string, string, string])[];
  /** `throw` / `raise`. */
  throwType: string;
  /** Branches whose `consequence` runs when their `condition` holds (`if`, `elif`). */
  ifTypes: ReadonlySet<string>;
  /** A try statement, and the clauses that handle its exceptions. */
  tryType: string;
  handlerTypes: ReadonlySet<string>;
  callType: string;
  /** Nested function node types: their bodies are other functions. */
  functionTypes: ReadonlySet<string>;
  /** Is the call a DNS lookup (by its canonical name); its host argument. */
  dnsHost(call: Node): Node | null;
  /** Does the called function throw (a repository function of the same module whose body holds a throw/raise). Absent: never. */
  calleeThrows?(call: Node): boolean;
}

/** Names of a checker that refuses a denied address by throwing itself (`isDeniedIP(address, denyList)`). */
const DENY_CHECKER = /(den(y|ied)|block|forbid|disallow|private|reserved|internal|public|metadata)/i;

/** Node types of a binding target that name a variable (`x`, `{ address }`, `[a, b]`, `a, b`). */
const NAME_TYPES = ['identifier', 'shorthand_property_identifier_pattern'];

/** Names a binding target introduces; none for a property or element (`self.x`, `d[k]`). */
function targetNames(target: Node): string[] {
  if (NAME_TYPES.includes(target.type)) return [target.text];
  if (/member|attribute|subscript/.test(target.type)) return [];
  return (target.descendantsOfType(NAME_TYPES).filter(Boolean) as Node[]).map((n) => n.text);
}

/** Nodes are fresh objects on every access: compare their place and type. */
function same(a: Node | null | undefined, b: Node | null | undefined): boolean {
  return !!a && !!b && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;
}

function named(node: Node | null | undefined): Node[] {
  return node ? (node.namedChildren.filter(Boolean) as Node[]) : [];
}

function identifiers(node: Node): string[] {
  return node.type === 'identifier' ? [node.text] : (node.descendantsOfType('identifier').filter(Boolean) as Node[]).map((n) => n.text);
}

/** Names bound (transitively) from values mentioning one of `seeds`, inside `body`. */
function closure(seeds: Iterable<string>, binds: { target: Node; value: Node }[]): Set<string> {
  const out = new Set(seeds);
  for (let pass = 0; pass < 6; pass++) {
    let grew = false;
    for (const { target, value } of binds) {
      if (!identifiers(value).some((n) => out.has(n))) continue;
      for (const n of targetNames(target))
        if (!out.has(n)) {
          out.add(n);
          grew = true;
        }
    }
    if (!grew) break;
  }
  return out;
}

/**
 * The parameters of `fn` (by name) it is an SSRF guard for: it resolves a host derived from the parameter
 * and throws, on a check of what the lookup answered that names a non-public address, out of any try whose
 * handlers swallow the error. A function that only logs such an address, throws only when the name does not
 * resolve, or checks the literal host without resolving it is not one.
 */
export function ssrfGuardParams(fn: Node, body: Node, params: string[], syntax: GuardSyntax): Set<string> {
  const out = new Set<string>();
  // no DNS call can be in a body that names none (most functions): skip the tree walks
  if (!params.length || !DNS_WORDS.test(body.text)) return out;
  // the lookups first: a body without one (most that only say `resolve` or `query`) needs no bindings read
  const lookups = (body.descendantsOfType(syntax.callType).filter(Boolean) as Node[])
    .map((call) => ({ call, host: syntax.dnsHost(call) }))
    .filter((l): l is { call: Node; host: Node } => !!l.host);
  if (!lookups.length) return out;
  const binds: { target: Node; value: Node }[] = [];
  for (const [type, t, v] of syntax.bindings)
    for (const b of body.descendantsOfType(type)) {
      const target = b?.childForFieldName(t);
      const value = b?.childForFieldName(v);
      if (target && value) binds.push({ target, value });
    }
  // what the lookups answered: the names bound from a value holding a lookup call
  const answers = closure(
    binds
      .filter((b) => lookups.some((l) => b.value.startIndex <= l.call.startIndex && b.value.endIndex >= l.call.endIndex))
      .flatMap((b) => targetNames(b.target)),
    binds,
  );
  if (!answers.size || !refusesAnswer(fn, body, answers, syntax)) return out;
  for (const p of params) {
    if (!p) continue;
    const fromParam = closure([p], binds);
    if (lookups.some((l) => identifiers(l.host).some((n) => fromParam.has(n)))) out.add(p);
  }
  return out;
}

/** Does a throw run when a check of the answer (`isPrivate(address)`, `blocked` set from one) holds. */
function refusesAnswer(fn: Node, body: Node, answers: Set<string>, syntax: GuardSyntax): boolean {
  const localValue = (name: string): string =>
    syntax.bindings
      .flatMap(([type, t, v]) => (body.descendantsOfType(type).filter(Boolean) as Node[]).map((b) => [b.childForFieldName(t), b.childForFieldName(v)] as const))
      .filter(([t, v]) => t?.type === 'identifier' && t.text === name && v)
      .map(([, v]) => v!.text)
      .join(' ');
  const throwing = (body.descendantsOfType(syntax.throwType).filter(Boolean) as Node[]).concat(checkerCalls(body, answers, syntax));
  for (const th of throwing) {
    // a throwing checker's call refuses by itself; a throw, when a check of the answer leads to it
    let refuses = th.type === syntax.callType;
    let swallowed = false;
    for (let n: Node | null = th, parent = th.parent; parent && !same(n, fn); n = parent, parent = parent.parent) {
      if (syntax.functionTypes.has(parent.type) && !same(parent, fn)) {
        refuses = false;
        break;
      }
      if (syntax.ifTypes.has(parent.type) && same(parent.childForFieldName('consequence'), n)) {
        const cond = parent.childForFieldName('condition');
        if (cond) {
          const names = identifiers(cond);
          const text = [cond.text, ...names.filter((x) => answers.has(x)).map(localValue)].join(' ');
          if (names.some((x) => answers.has(x)) && NON_PUBLIC_ADDRESS.test(text)) refuses = true;
        }
      }
      // a throw inside a try body whose handlers never throw is swallowed
      if (parent.type === syntax.tryType && !syntax.handlerTypes.has(n.type) && n.type !== 'finally_clause' && n.type !== 'else_clause') {
        const handlers = named(parent).filter((c) => syntax.handlerTypes.has(c.type));
        if (handlers.length && handlers.every((h) => !h.descendantsOfType(syntax.throwType).length)) swallowed = true;
      }
    }
    if (refuses && !swallowed) return true;
  }
  return false;
}

/**
 * Calls, as whole statements, of a same-module checker that throws (`isDeniedIP(r.address, denyList)` in a
 * loop over the lookup's answer) named for a denied address and given an answer: each stands for a throw on
 * that answer (its own condition decides, so the call itself counts as refusing).
 */
function checkerCalls(body: Node, answers: Set<string>, syntax: GuardSyntax): Node[] {
  if (!syntax.calleeThrows) return [];
  return (body.descendantsOfType(syntax.callType).filter(Boolean) as Node[]).filter((call) => {
    const stmt = call.parent?.type === 'await_expression' ? call.parent.parent : call.parent;
    if (!stmt || !/expression_statement/.test(stmt.type)) return false;
    const callee = call.childForFieldName('function');
    const name = callee?.type === 'identifier' ? callee.text : '';
    const args = call.childForFieldName('arguments');
    return DENY_CHECKER.test(name) && !!args && identifiers(args).some((n) => answers.has(n)) && syntax.calleeThrows!(call);
  });
}
