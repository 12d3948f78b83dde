/**
 * Option value slots (argument injection): in `["git", "-C", path]` or `["gh", "--repo", x]` the value
 * right after an option that requires one is read as that option's value, whatever it starts with —
 * getopt (`optarg` is the next argv element), Go's `flag` and cobra/pflag (kubectl, helm, gh, docker),
 * commander and yargs for a required value — so it cannot become an option itself. Python's argparse
 * refuses a value starting with `-` (an error, not an option).
 *
 * Data only: options that take a required value in the programs agents drive. Options whose value is
 * itself dangerous (`git -c core.sshCommand=...`, `python -c`, `node -e`, `ssh -o ProxyCommand=...`,
 * `--upload-pack`, `--exec`) are deliberately absent: a model-chosen value there is still reported.
 */

/**
 * Long options that take a required value in every common CLI they appear in (git, gh, kubectl, helm,
 * docker/podman/finch, aws, gcloud, adb/simctl/idb/go-ios, npm). Flags that take no value anywhere common
 * (`--all`, `--force`, `--user` of pip, `--directory` of ls, `--version`) are not listed: after them a
 * value is a positional argument.
 */
const LONG_VALUE_OPTIONS = new Set([
  // git
  '--git-dir',
  '--work-tree',
  '--message',
  '--branch',
  '--author',
  '--since',
  '--until',
  '--max-count',
  '--depth',
  '--origin',
  '--pretty',
  '--grep',
  '--contains',
  '--no-contains',
  '--merged',
  '--no-merged',
  '--points-at',
  // gh / GitHub-style CLIs
  '--repo',
  '--title',
  '--body',
  '--base',
  '--head',
  '--assignee',
  '--milestone',
  '--limit',
  '--state',
  // kubectl / helm
  '--namespace',
  '--context',
  '--cluster',
  '--selector',
  '--field-selector',
  '--container',
  '--replicas',
  '--sort-by',
  '--kube-context',
  '--values',
  '--set',
  '--set-string',
  '--timeout',
  '--tail',
  // docker / podman / finch / build tools
  '--tag',
  '--name',
  '--platform',
  '--network',
  '--workdir',
  '--env',
  '--label',
  '--file',
  '--build-arg',
  '--target',
  // cloud CLIs
  '--region',
  '--profile',
  '--project',
  '--zone',
  '--query',
  '--bucket',
  '--key',
  '--stack-name',
  '--function-name',
  '--log-group-name',
  // mobile device tools (adb, xcrun simctl, idb, go-ios, mobilecli)
  '--udid',
  '--serial',
  '--device',
  '--device-id',
  '--bundle-id',
  '--package',
  '--duration',
  // generic
  // container builds (docker/podman/finch buildx) and AWS SAM
  '--build-context',
  '--cache-from',
  '--base-dir',
  '--template-file',
  // file filters of grep, ripgrep, rsync, tar
  '--include',
  '--exclude',
  '--exclude-dir',
  '--output',
  '--format',
  '--input',
  '--id',
  '--port',
  '--host',
  '--url',
  // media tools (yt-dlp, ffmpeg wrappers)
  '--sub-lang',
  '--sub-langs',
  '--sub-format',
]);

/** Short options, per program (a short letter means different things to different programs). */
const SHORT_VALUE_OPTIONS = new Map<string, Set<string>>([
  ['git', new Set(['-C', '-m', '-b', '-B', '-n', '-F', '-o'])],
  ['kubectl', new Set(['-n', '-l', '-o', '-c', '-f', '-p'])],
  ['helm', new Set(['-n', '-f', '-o'])],
  ['docker', new Set(['-t', '-f', '-e', '-w', '-l', '-p', '-v', '--progress'])],
  ['podman', new Set(['-t', '-f', '-e', '-w', '-l', '-p', '-v', '--progress'])],
  ['finch', new Set(['-t', '-f', '-e', '-w', '-l', '-p', '-v', '--progress'])],
  ['gh', new Set(['-R', '-t', '-b', '-L', '-B', '-H', '-s'])],
  ['adb', new Set(['-s'])],
  ['ios', new Set(['-u'])],
  ['tar', new Set(['-C', '-f'])],
  ['grep', new Set(['-A', '-B', '-C', '-m'])],
  // AWS SAM CLI (click options that take a value; awslabs aws-serverless-mcp-server builds these argv lists)
  [
    'sam',
    new Set([
      '--app-template',
      '--architecture',
      '--base-image',
      '--build-dir',
      '--build-image',
      '--config-env',
      '--config-file',
      '--container-env-var',
      '--container-env-var-file',
      '--cw-log-group',
      '--dependency-manager',
      '--docker-network',
      '--end-time',
      '--env-vars',
      '--event',
      '--extra-context',
      '--layer-cache-basedir',
      '--location',
      '--log-file',
      '--manifest',
      '--output-dir',
      '--package-type',
      '--parameter-overrides',
      '--profile',
      '--region',
      '--runtime',
      '--s3-bucket',
      '--s3-prefix',
      '--start-time',
      '--template',
    ]),
  ],
]);

/**
 * Subcommands that stop reading options at their first operand, per program: `xcrun simctl launch [-w] <device>
 * <bundle id> [argv…]`, `simctl terminate|openurl|… <device> <value>` — every option of these subcommands goes
 * before the device operand, and what follows it is an operand (or, for launch, the app's own argv) whatever
 * it starts with (a leading `-` is an unknown bundle id or an unopenable URL, not an option).
 */
const OPTIONS_END_AT_FIRST_OPERAND = new Map<string, ReadonlySet<string>>([['simctl', new Set(['launch', 'terminate', 'openurl'])]]);

/**
 * Is argv element `index` past the operand after which its program's subcommand reads no more options
 * (see OPTIONS_END_AT_FIRST_OPERAND)? `literals` holds each element's literal text (null: not a literal);
 * the program may follow `xcrun`.
 */
export function optionsEndedBefore(literals: readonly (string | null)[], index: number): boolean {
  let at = 0;
  if (programName(literals[0]) === 'xcrun') at = 1;
  const subcommands = OPTIONS_END_AT_FIRST_OPERAND.get(programName(literals[at]) ?? '');
  const sub = literals[at + 1];
  if (!subcommands || !sub || !subcommands.has(sub)) return false;
  // the first element after the subcommand that is not a literal option: the device operand
  for (let i = at + 2; i < index; i++) {
    const lit = literals[i];
    if (lit === null || !lit.startsWith('-')) return true;
  }
  return false;
}

/** The program an argv starts with, as a short name (`/usr/bin/git` → `git`, `kubectl.exe` → `kubectl`). */
export function programName(first: string | null | undefined): string | undefined {
  if (!first || first.startsWith('-')) return undefined;
  return first
    .split(/[\\/]/)
    .pop()!
    .replace(/\.exe$/i, '');
}

/**
 * Does `option` (the literal argv element right before a value) take that value as its own, for
 * `program` (undefined when unknown: then only long options count)?
 */
export function takesValue(option: string | undefined, program: string | undefined): boolean {
  if (!option || option === '--' || !option.startsWith('-') || option.includes('=')) return false;
  if (option.startsWith('--')) return LONG_VALUE_OPTIONS.has(option) || (!!program && !!SHORT_VALUE_OPTIONS.get(program)?.has(option));
  return !!program && !!SHORT_VALUE_OPTIONS.get(program)?.has(option);
}

/**
 * Can a decision be made without knowing the program: long options are program-independent, short ones
 * need the program the sink runs.
 */
export function needsProgram(option: string | undefined): boolean {
  return !!option && /^-[^-]/.test(option) && !option.includes('=');
}

/** Is the argv value in an option's value slot, with the program the sink runs when it names one. */
export function inOptionValueSlot(argv: { option?: string; program?: string } | undefined, sinkProgram?: string | null): boolean {
  return !!argv && takesValue(argv.option, programName(sinkProgram) ?? argv.program);
}

/**
 * Interpreters that run the argv element after one of their options as a program (`python3 -c <code>`,
 * `node -e <code>`, `bash -c <command>`): input there is code or a shell command, not an argument — the
 * issue-13 case of code built from input and handed to an interpreter.
 */
const INTERPRETER_OPTIONS: [RegExp, ReadonlySet<string>, 'code' | 'command'][] = [
  [/^(python(\d(\.\d+)?)?|py|pypy3?)$/, new Set(['-c']), 'code'],
  [/^(node|nodejs|bun)$/, new Set(['-e', '--eval', '-p', '--print']), 'code'],
  [/^(ruby|perl)$/, new Set(['-e', '-E']), 'code'],
  [/^php$/, new Set(['-r']), 'code'],
  [/^(sh|bash|zsh|dash|ksh|ash)$/, new Set(['-c']), 'command'],
  [/^(pwsh|powershell)$/, new Set(['-c', '-Command', '-command']), 'command'],
];

/** `code` / `command` when the argv value is what an interpreter runs (see INTERPRETER_OPTIONS), else null. */
export function interpreterInput(argv: { option?: string; program?: string } | undefined, sinkProgram?: string | null): 'code' | 'command' | null {
  const program = programName(sinkProgram) ?? argv?.program;
  if (!argv?.option || !program) return null;
  for (const [name, options, kind] of INTERPRETER_OPTIONS) if (name.test(program) && options.has(argv.option)) return kind;
  return null;
}
