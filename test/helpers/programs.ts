import { spawnSync } from 'node:child_process';

/**
 * Runs real programs (git, npm, pre-commit, the installed bin) as a user's shell would, with a fixed
 * environment: `run` returns the exit code and the merged output, `ok` throws with that output unless
 * the program exits 0.
 */
export function programRunner(env: NodeJS.ProcessEnv, timeoutMs: number) {
  const run = (cmd: string, args: string[], cwd: string) => {
    const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: timeoutMs });
    if (r.error) throw r.error;
    return { code: r.status, out: `${r.stdout}${r.stderr}` };
  };
  const ok = (cmd: string, args: string[], cwd: string): string => {
    const r = run(cmd, args, cwd);
    if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.code}:\n${r.out}`);
    return r.out;
  };
  return { run, ok };
}
