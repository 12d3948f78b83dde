import type { GitHubClient } from './github/client.js';

/** Who the review comments of the default GITHUB_TOKEN are by. */
export const DEFAULT_BOT_LOGIN = 'github-actions[bot]';

export interface TokenIdentity {
  /** The login the token writes comments as. */
  login: string;
  /** How it was learnt, for the log. */
  source: 'GraphQL viewer' | 'GET /user' | 'assumed';
}

/**
 * The identity of the Action's token, learnt once per run, so that a re-run recognizes (and updates) the
 * comments it wrote before, whatever the token:
 * 1. GraphQL `query { viewer { login } }` answers for every kind of token: GITHUB_TOKEN
 *    (`github-actions[bot]`), a GitHub App installation token (`<app-slug>[bot]`; `GET /app` would need the
 *    App's JWT and `GET /user` answers 403), a personal access token (its user);
 * 2. else `GET /user` (a personal access token, where GraphQL is unreachable);
 * 3. else github-actions[bot], the author of GITHUB_TOKEN's comments.
 */
export async function tokenIdentity(client: GitHubClient): Promise<TokenIdentity> {
  try {
    const data = await client.graphql<{ viewer?: { login?: unknown } }>('query { viewer { login } }');
    const login = data?.viewer?.login;
    if (typeof login === 'string' && login) return { login, source: 'GraphQL viewer' };
  } catch {
    // GraphQL unreachable (a proxy, an old GitHub Enterprise Server): try REST.
  }
  try {
    const { data } = await client.rest.users.getAuthenticated();
    if (typeof data?.login === 'string' && data.login) return { login: data.login, source: 'GET /user' };
  } catch {
    // Not allowed for an installation token such as GITHUB_TOKEN: fall through.
  }
  return { login: DEFAULT_BOT_LOGIN, source: 'assumed' };
}

/**
 * Whether a comment's author (REST `user.login`) is the token's identity. GraphQL may name a bot without
 * the `[bot]` suffix REST shows (`my-app` for `my-app[bot]`): `<login>[bot]` matches too. A user's login
 * cannot hold `[`, and an App may not take the name of another account, so that is the same owner.
 */
export function isOwnLogin(author: string, identity: string): boolean {
  const a = author.toLowerCase();
  const me = identity.toLowerCase();
  return a === me || (!me.endsWith('[bot]') && a === `${me}[bot]`);
}
