// The few GitHub REST calls the organisation scan makes, with Node's fetch: a token from the environment,
// `Link: rel="next"` pagination, and bounded waits on rate limits. No dependency, so the reusable
// workflow runs these scripts straight from a checkout of agent-guard.

const MAX_PAGES = 1000; // 100,000 repositories: far past any organisation, short of a loop without end
const MAX_RETRIES = 3;
const MAX_WAIT_MS = 60_000;

export function githubClient({
  apiUrl = process.env.GITHUB_API_URL || 'https://api.github.com',
  token = process.env.GITHUB_TOKEN || process.env.GH_TOKEN,
} = {}) {
  const base = apiUrl.replace(/\/+$/, '');
  const headers = { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28', 'user-agent': 'agent-guard-org-scan' };
  if (token) headers.authorization = `Bearer ${token}`;

  async function request(method, pathOrUrl, body) {
    const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${base}${pathOrUrl}`;
    for (let attempt = 0; ; attempt++) {
      let response;
      try {
        response = await fetch(url, {
          method,
          headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch (error) {
        // A dropped connection is retried like a rate limit; its cause names what failed.
        if (attempt >= MAX_RETRIES)
          throw new Error(`GitHub API ${method} ${new URL(url).pathname}: ${error.cause?.message ?? error.message}`, { cause: error });
        await new Promise((resolve) => setTimeout(resolve, 1000));
        continue;
      }
      const wait = retryDelay(response);
      if (wait !== undefined && attempt < MAX_RETRIES) {
        await response.arrayBuffer();
        await new Promise((resolve) => setTimeout(resolve, wait));
        continue;
      }
      if (!response.ok) {
        const text = (await response.text()).slice(0, 300).replace(/\s+/g, ' ');
        const error = new Error(`GitHub API ${method} ${new URL(url).pathname} failed: ${response.status} ${text}`);
        error.status = response.status;
        throw error;
      }
      return response;
    }
  }

  return {
    async json(method, path, body) {
      const response = await request(method, path, body);
      return response.status === 204 ? undefined : response.json();
    },
    /** Every item of a paginated list endpoint, following `Link: rel="next"`. */
    async paginate(path) {
      const items = [];
      let next = `${path}${path.includes('?') ? '&' : '?'}per_page=100`;
      for (let page = 0; next && page < MAX_PAGES; page++) {
        const response = await request('GET', next);
        const batch = await response.json();
        if (!Array.isArray(batch)) throw new Error(`GitHub API GET ${path}: expected a list`);
        items.push(...batch);
        next = nextLink(response.headers.get('link'));
      }
      if (next) throw new Error(`GitHub API GET ${path}: more than ${MAX_PAGES} pages`);
      return items;
    },
  };
}

/** How long to wait before retrying a rate-limited response (429, or 403 with a reset or retry header). */
function retryDelay(response) {
  if (response.status !== 429 && response.status !== 403) return undefined;
  const retryAfter = Number(response.headers.get('retry-after'));
  if (retryAfter > 0) return Math.min(retryAfter * 1000, MAX_WAIT_MS);
  if (response.headers.get('x-ratelimit-remaining') === '0') {
    const reset = Number(response.headers.get('x-ratelimit-reset')) * 1000;
    return Math.min(Math.max(reset - Date.now(), 1000), MAX_WAIT_MS);
  }
  return response.status === 429 ? 1000 : undefined;
}

function nextLink(header) {
  const match = /<([^>]+)>;\s*rel="next"/.exec(header ?? '');
  return match?.[1];
}

/** `--name value` and `--flag` arguments into an object (the scripts take no positional arguments). */
export function parseArgs(argv, { flags = [], options = [] }) {
  const result = {};
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].replace(/^--/, '');
    if (flags.includes(name)) result[name] = true;
    else if (options.includes(name) && i + 1 < argv.length) result[name] = argv[++i];
    else throw new Error(`unknown or incomplete argument: ${argv[i]} (options: ${[...options, ...flags].map((o) => `--${o}`).join(' ')})`);
  }
  return result;
}

/** Append `name=value` to the step's outputs when running in GitHub Actions. */
export async function setOutput(name, value) {
  if (!process.env.GITHUB_OUTPUT) return;
  const { appendFileSync } = await import('node:fs');
  appendFileSync(process.env.GITHUB_OUTPUT, `${name}=${value}\n`);
}

/** Run `main`, printing a one-line error and exiting 2 when it throws. */
export function runScript(name, main) {
  main().then(
    (code) => process.exit(code ?? 0),
    (error) => {
      process.stderr.write(`${name}: ${error.message}\n`);
      process.exit(2);
    },
  );
}
