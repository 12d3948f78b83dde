/**
 * jest 30 + ts-jest in ESM mode (run with NODE_OPTIONS=--experimental-vm-modules).
 *
 * Two projects (`--selectProjects unit` / `--selectProjects e2e`, or both when none is selected):
 * - unit: everything in-process (engine, rules, CLI from source, real git repositories) — `npm run test:unit`;
 * - e2e: the suites that build the bundle or run the shipped program through real tools (the Action, the
 *   pre-commit framework and git hooks, the npm tarball, the dist/ bundle) — `npm run test:e2e`.
 * `npm test` runs the typecheck and both.
 */
const E2E = [
  'test/action/action.e2e.test.ts', // the Action built and run as a runner runs it, against a fake GitHub API
  'test/hook/end-to-end.test.ts', // bundle built; real `pre-commit try-repo` and git hooks
  'test/package/pre-commit-rev.test.ts', // real `pre-commit` against a released-like copy of the repository
  'test/package/tarball.test.ts', // `npm pack`, installed offline, real commits through husky/lefthook
  'test/dist/bundle.test.ts', // rebuilds dist/ and compares it with the committed one
  'test/cli/epipe.test.ts', // bundle built; the real CLI piped into a reader that stops early
  'test/dist/parallel.test.ts', // scan --jobs: worker threads exist only in the bundle
  'test/dist/cache.test.ts', // scan --cache with --jobs: worker threads exist only in the bundle
  'test/org/org-scan.test.ts', // the organisation scan scripts with the shipped bundle, 24 git repositories, a GitHub API stand-in
];

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const shared = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: { ignoreCodes: [151002] } }],
  },
};

export default {
  testTimeout: 60000,
  maxWorkers: 2,
  // A worker leaves no handle open when told to end (its event loop drains at once), but Node then tears
  // down its V8 heap (the module registries of ~20 test files): 60-300 ms on an idle 2-core machine, past
  // jest's default 500 ms under load, when jest kills it and warns "A worker process has failed to exit
  // gracefully". A real leak (a server, child process or timer left referenced) keeps a worker alive for
  // good, so it is still reported, after 5 s.
  workerGracefulExitTimeout: 5000,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...E2E.map((f) => `<rootDir>/${escape(f)}$`)],
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: E2E.map((f) => `<rootDir>/${f}`),
    },
  ],
};
