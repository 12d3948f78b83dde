import { git } from './discover.js';
import { trimEndChar } from '../core/text.js';

/**
 * Where the scanned repository lives, for SARIF `versionControlProvenance` and commit links. Never an
 * absolute local path, never credentials: a remote URL loses its user info, and a local remote is none.
 */
export interface Provenance {
  /** https URL of the repository (from the `origin` remote, else the first remote), or null. */
  repositoryUri: string | null;
  /** Commit id of HEAD, or null in an empty repository. */
  revisionId: string | null;
  /** Branch HEAD points at, or null when detached. */
  branch: string | null;
}

/** A remote URL as an https URL without credentials or `.git`, or null (local paths, unknown schemes). */
export function publicRepositoryUri(remote: string): string | null {
  const url = remote.trim();
  // scp-like: [user@]host:owner/repo(.git)
  const scp = /^(?:[^@/\s]+@)?([^:/\s]+):(?!\/)(.+)$/.exec(url);
  if (scp && !/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return `https://${scp[1]}/${strip(scp[2])}`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (!['https:', 'http:', 'ssh:', 'git:', 'git+ssh:', 'ssh+git:'].includes(parsed.protocol)) return null;
  const path = strip(parsed.pathname.replace(/^\/+/, ''));
  if (!parsed.hostname || !path) return null;
  return `https://${parsed.hostname}/${path}`;
}

function strip(path: string): string {
  return trimEndChar(path, '/').replace(/\.git$/, '');
}

export function provenanceOf(root: string): Provenance {
  const remotes = git(root, ['remote'])
    .stdout.toString()
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
  const remote = remotes.includes('origin') ? 'origin' : remotes[0];
  let repositoryUri: string | null = null;
  if (remote) {
    const r = git(root, ['config', '--get', `remote.${remote}.url`]);
    if (r.ok) repositoryUri = publicRepositoryUri(r.stdout.toString());
  }
  const head = git(root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  const branch = git(root, ['symbolic-ref', '-q', '--short', 'HEAD']);
  return {
    repositoryUri,
    revisionId: head.ok ? head.stdout.toString().trim() : null,
    branch: branch.ok ? branch.stdout.toString().trim() || null : null,
  };
}

/** Link to a commit on its forge (GitHub, GitLab and Gitea share the `/commit/<id>` shape), or null. */
export function commitUrl(repositoryUri: string | null, commit: string): string | null {
  return repositoryUri ? `${repositoryUri}/commit/${commit}` : null;
}
