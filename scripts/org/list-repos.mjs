#!/usr/bin/env node
// Lists an organisation's (or a user's) repositories and deals them into shards for a GitHub Actions
// matrix: `{"include":[{"shard":1,"repos":"org/a org/b"},…]}` on stdout and as the step output `matrix`.
//
//   node scripts/org/list-repos.mjs --owner ORG [--per-shard 10] [--max-shards 256]
//        [--exclude 'legacy-*,sandbox'] [--include-forks] [--include-archived] [--out FILE]
//
// GITHUB_TOKEN (or GH_TOKEN) authenticates; GITHUB_API_URL points at GitHub Enterprise (Actions sets it).
// Archived, disabled and empty repositories and forks are left out unless asked for. Shards are balanced
// by repository size (largest first into the lightest shard), so one shard does not get every monorepo,
// and the result is the same for the same list whatever order the API returns it in.
import { writeFileSync } from 'node:fs';
import { githubClient, parseArgs, runScript, setOutput } from './github-api.mjs';

const MATRIX_LIMIT = 256; // GitHub Actions: at most 256 jobs per matrix

runScript('list-repos', async () => {
  const args = parseArgs(process.argv.slice(2), {
    options: ['owner', 'per-shard', 'max-shards', 'exclude', 'out'],
    flags: ['include-forks', 'include-archived'],
  });
  if (!args.owner) throw new Error('--owner is required (an organisation or user login)');
  const perShard = positiveInt(args['per-shard'] ?? '10', '--per-shard');
  const maxShards = Math.min(positiveInt(args['max-shards'] ?? String(MATRIX_LIMIT), '--max-shards'), MATRIX_LIMIT);
  const excluded = globsToRegExp(args.exclude ?? '');

  const all = await listRepositories(githubClient(), args.owner);
  const kept = all.filter(
    (r) =>
      !(r.archived && !args['include-archived']) &&
      !r.disabled &&
      !(r.fork && !args['include-forks']) &&
      r.size > 0 &&
      !excluded.some((re) => re.test(r.name) || re.test(r.full_name)),
  );
  const shards = dealIntoShards(kept, Math.min(maxShards, Math.max(1, Math.ceil(kept.length / perShard))));
  const matrix = { include: shards.map((repos, i) => ({ shard: i + 1, repos: repos.map((r) => r.full_name).join(' ') })) };

  const json = JSON.stringify(matrix);
  if (args.out) writeFileSync(args.out, `${JSON.stringify(matrix, null, 2)}\n`);
  await setOutput('matrix', json);
  await setOutput('count', String(kept.length));
  process.stderr.write(`${args.owner}: ${kept.length} of ${all.length} repositories to scan in ${shards.length} shard(s)\n`);
  process.stdout.write(`${json}\n`);
});

async function listRepositories(client, owner) {
  try {
    return await client.paginate(`/orgs/${encodeURIComponent(owner)}/repos?type=all`);
  } catch (error) {
    if (error.status !== 404) throw error;
    return client.paginate(`/users/${encodeURIComponent(owner)}/repos?type=owner`); // a user account, not an organisation
  }
}

/** Largest first into the lightest shard; ties broken by name so the deal is deterministic. */
function dealIntoShards(repos, count) {
  if (repos.length === 0) return [];
  const shards = Array.from({ length: Math.min(count, repos.length) }, () => ({ weight: 0, repos: [] }));
  const ordered = [...repos].sort((a, b) => b.size - a.size || a.full_name.localeCompare(b.full_name));
  for (const repo of ordered) {
    const lightest = shards.reduce((min, s) => (s.weight < min.weight ? s : min));
    lightest.repos.push(repo);
    lightest.weight += Math.max(repo.size, 1);
  }
  return shards.map((s) => s.repos.sort((a, b) => a.full_name.localeCompare(b.full_name)));
}

function positiveInt(text, name) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, not "${text}"`);
  return n;
}

/** `legacy-*,sandbox` → anchored expressions; only `*` is special, so a pattern cannot backtrack badly. */
function globsToRegExp(list) {
  return list
    .split(/[,\s]+/)
    .filter(Boolean)
    .map(
      (glob) =>
        new RegExp(
          `^${glob
            .split('*')
            .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
            .join('[^/]*')}$`,
          'i',
        ),
    );
}
