import { git } from '../sources/discover.js';
import type { GitHubClient } from './github/client.js';
import { addedLinesOfPatch, parseGitDiff, type ChangedFile } from './github/diff.js';

export interface PullRequestRef {
  owner: string;
  repo: string;
  number: number;
  baseSha: string;
  headSha: string;
}

/** Files of a pull request from the PR files endpoint (paginated, 100 a page; GitHub lists up to 3,000). */
export async function changedFilesFromApi(client: GitHubClient, pr: PullRequestRef): Promise<ChangedFile[]> {
  const files = await client.paginate(client.rest.pulls.listFiles, { owner: pr.owner, repo: pr.repo, pull_number: pr.number, per_page: 100 });
  return files
    .filter((f) => f.status !== 'removed')
    .map((f) => ({
      path: f.filename,
      status: f.status as ChangedFile['status'],
      addedLines: typeof f.patch === 'string' ? addedLinesOfPatch(f.patch) : null,
    }));
}

function hasCommit(repoRoot: string, sha: string): boolean {
  return /^[0-9a-f]{7,64}$/i.test(sha) && git(repoRoot, ['cat-file', '-e', `${sha}^{commit}`]).ok;
}

/** Files of a pull request from git, when the checkout holds both commits and their merge base (fetch-depth: 0). */
export function changedFilesFromGit(repoRoot: string, pr: Pick<PullRequestRef, 'baseSha' | 'headSha'>): ChangedFile[] | null {
  if (!hasCommit(repoRoot, pr.baseSha) || !hasCommit(repoRoot, pr.headSha)) return null;
  if (!git(repoRoot, ['merge-base', pr.baseSha, pr.headSha]).ok) return null;
  const r = git(repoRoot, [
    '-c',
    'core.quotePath=false',
    'diff',
    '--no-color',
    '--no-ext-diff',
    '--no-textconv',
    '--find-renames',
    '-U0',
    `${pr.baseSha}...${pr.headSha}`,
  ]);
  if (!r.ok) return null;
  return parseGitDiff(r.stdout.toString('utf8'));
}
