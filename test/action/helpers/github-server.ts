import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the GitHub REST endpoints the Action uses, on 127.0.0.1, recording every request:
 *   GET   /repos/{o}/{r}/pulls/{n}/files          (paginated, Link header)
 *   GET   /repos/{o}/{r}/pulls/{n}/comments       (paginated, Link header)
 *   POST  /repos/{o}/{r}/pulls/{n}/reviews        (validates each comment's line against the diff, like GitHub's 422)
 *   PATCH /repos/{o}/{r}/pulls/comments/{id}     (only the comment's author may edit it, like GitHub's 403)
 *   GET   /user                                  (403 for an installation token: GITHUB_TOKEN or a GitHub App's, as GitHub answers)
 *   POST  /graphql                               (`query { viewer { login } }`: the token's identity, for every kind of token)
 *
 * Comments carry `user: { login, type }`: the token's identity for those the Action posts
 * (`github-actions[bot]` unless `tokenUser` is set), or whoever `addComment` says for the rest.
 */
export interface PrFile {
  filename: string;
  status: string;
  patch?: string;
}

export interface StoredComment {
  id: number;
  path: string;
  line: number | null;
  side: string;
  body: string;
  pull_request_review_id: number;
  commit_id: string;
  user: GitHubUser;
}

export interface GitHubUser {
  login: string;
  type: 'Bot' | 'User';
}

/** Who comments made with the default GITHUB_TOKEN are by. */
export const ACTIONS_BOT: GitHubUser = { login: 'github-actions[bot]', type: 'Bot' };

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: any;
  status: number;
  at: number;
}

export interface InjectedFailure {
  method: string;
  path: RegExp;
  /** How many matching requests fail before the endpoint answers normally. */
  times: number;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface FakeGitHubOptions {
  owner: string;
  repo: string;
  pull: number;
  files: PrFile[];
  /** The token has no write access: POST/PATCH answer 403 "Resource not accessible by integration". */
  readOnly?: boolean;
  /** GET files answers 403 too (a token with `contents: read` only, on a private repository). */
  pullsForbidden?: boolean;
  /**
   * Who the token is: a personal access token's user (`type: 'User'`: GET /user answers it), or a GitHub
   * App installation token's bot (`type: 'Bot'`, e.g. `my-app[bot]`: GET /user answers 403). Comments the
   * Action posts are by it; GraphQL `viewer` names it. Default: GITHUB_TOKEN (github-actions[bot]).
   */
  tokenUser?: GitHubUser;
}

const FORBIDDEN = { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest' };

/** Head-side lines inside the hunks of a patch (added and context): where GitHub accepts a review comment. */
function hunkLines(patch: string | undefined): Set<number> {
  const lines = new Set<number>();
  if (!patch) return lines;
  let line = 0;
  for (const raw of patch.split('\n')) {
    const m = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(raw);
    if (m) {
      line = Number(m[1]);
      continue;
    }
    if (raw.startsWith('+') || raw.startsWith(' ')) lines.add(line++);
  }
  return lines;
}

export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  readonly comments: StoredComment[] = [];
  readonly reviews: { id: number; body: string; commit_id: string; event: string; comments: number }[] = [];
  readonly failures: InjectedFailure[] = [];
  private server?: Server;
  private nextId = 1000;
  url = '';

  constructor(readonly options: FakeGitHubOptions) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => this.handle(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server?.close(() => r()));
  }

  /** The identity the token writes as. */
  get me(): GitHubUser {
    return this.options.tokenUser ?? ACTIONS_BOT;
  }

  /** A review comment someone else (or the bot, with `user: server.me`) posted on the pull request. */
  addComment(c: Omit<StoredComment, 'id' | 'side' | 'pull_request_review_id' | 'commit_id'> & Partial<StoredComment>): StoredComment {
    const stored: StoredComment = { id: this.nextId++, side: 'RIGHT', pull_request_review_id: this.nextId++, commit_id: 'f'.repeat(40), ...c };
    this.comments.push(stored);
    return stored;
  }

  fail(f: InjectedFailure): void {
    this.failures.push(f);
  }

  /** Requests other than GETs and GraphQL queries: what the Action wrote. */
  writes(): RecordedRequest[] {
    return this.requests.filter((r) => r.method !== 'GET' && r.path !== '/graphql');
  }

  private handle(req: IncomingMessage, res: ServerResponse, raw: string): void {
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    let body: any;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const record: RecordedRequest = { method, path: url.pathname, query: url.searchParams, headers: req.headers, body, status: 0, at: Date.now() };
    this.requests.push(record);
    const send = (status: number, data: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(data));
    };

    const failure = this.failures.find((f) => f.times > 0 && f.method === method && f.path.test(url.pathname));
    if (failure) {
      failure.times--;
      return send(failure.status, failure.body ?? { message: 'injected failure' }, failure.headers);
    }
    if (req.headers.authorization !== 'token test-token') return send(401, { message: 'Bad credentials' });

    const { owner, repo, pull } = this.options;
    const base = `/repos/${owner}/${repo}`;
    const page = (items: unknown[]) => {
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const p = Number(url.searchParams.get('page') ?? 1);
      const slice = items.slice((p - 1) * perPage, p * perPage);
      const headers: Record<string, string> = {};
      if (p * perPage < items.length) {
        const next = new URL(url);
        next.searchParams.set('page', String(p + 1));
        headers.link = `<${next.toString()}>; rel="next"`;
      }
      return send(200, slice, headers);
    };

    if (method === 'GET' && url.pathname === `${base}/pulls/${pull}/files`) {
      if (this.options.pullsForbidden) return send(403, FORBIDDEN);
      return page(this.options.files.map((f, i) => ({ sha: `sha${i}`, additions: 1, deletions: 0, changes: 1, ...f })));
    }
    if (method === 'GET' && url.pathname === `${base}/pulls/${pull}/comments`) {
      if (this.options.pullsForbidden) return send(403, FORBIDDEN);
      return page(this.comments.map((c) => ({ ...c, original_line: c.line })));
    }
    if (method === 'GET' && url.pathname === '/user') {
      if (this.me.type !== 'User') return send(403, FORBIDDEN);
      return send(200, { id: 1, ...this.me });
    }
    if (method === 'POST' && url.pathname === '/graphql') {
      const query = typeof body?.query === 'string' ? body.query : '';
      if (!/\bviewer\s*\{\s*login\s*\}/.test(query))
        return send(200, { errors: [{ type: 'NOT_SUPPORTED', message: `fake server: unsupported query ${query}` }] });
      return send(200, { data: { viewer: { login: this.me.login } } });
    }
    if (method === 'POST' && url.pathname === `${base}/pulls/${pull}/reviews`) {
      if (this.options.readOnly) return send(403, FORBIDDEN);
      const comments: any[] = body?.comments ?? [];
      for (const c of comments) {
        const file = this.options.files.find((f) => f.filename === c.path);
        if (!file || !hunkLines(file.patch).has(c.line)) {
          return send(422, { message: 'Unprocessable Entity', errors: [`Line could not be resolved (${c.path}:${c.line})`] });
        }
      }
      const id = this.nextId++;
      this.reviews.push({ id, body: body.body, commit_id: body.commit_id, event: body.event, comments: comments.length });
      for (const c of comments) {
        this.comments.push({
          id: this.nextId++,
          path: c.path,
          line: c.line,
          side: c.side ?? 'RIGHT',
          body: c.body,
          pull_request_review_id: id,
          commit_id: body.commit_id,
          user: this.me,
        });
      }
      return send(200, { id, body: body.body, state: 'COMMENTED', commit_id: body.commit_id });
    }
    const patch = new RegExp(`^${base}/pulls/comments/(\\d+)$`).exec(url.pathname);
    if (method === 'PATCH' && patch) {
      if (this.options.readOnly) return send(403, FORBIDDEN);
      const c = this.comments.find((x) => x.id === Number(patch[1]));
      if (!c) return send(404, { message: 'Not Found' });
      if (c.user.login !== this.me.login)
        return send(403, { message: 'You must be the author of this comment to edit it', documentation_url: 'https://docs.github.com/rest' });
      c.body = body.body;
      return send(200, c);
    }
    return send(404, { message: `Not Found: ${method} ${url.pathname}` });
  }
}
