import { FlagError, formatFlagUsage, parseFlags, type FlagSpec, type FlagValues } from './flags.ts';

/** `docker build` / `docker buildx build` options, normalised. */
export interface BuildOptions {
  readonly context: string;
  readonly file?: string;
  readonly target?: string;
  readonly tags: readonly string[];
  /** `--build-arg K=V`; a bare `K` takes its value from the environment, as Docker does. */
  readonly buildArgs: Readonly<Record<string, string>>;
  readonly platforms: readonly string[];
  readonly noCache: boolean;
  readonly progress: 'auto' | 'plain' | 'tty' | 'quiet' | 'rawjson';
  readonly outputs: readonly string[];
  readonly call: { readonly name: 'build' | 'check' | 'outline' | 'targets'; readonly format: 'text' | 'json' };
  readonly jobs?: number;
  readonly root?: string;
  readonly secrets: readonly string[];
  /** `--label K=V` (repeatable): set on the target image's config over its `LABEL`s (BuildKit's `label:` build opts). */
  readonly labels: Readonly<Record<string, string>>;
  /** `--explain-cache` (stageplay's, not Docker's): after the progress, why each step was CACHED or ran. */
  readonly explainCache?: boolean;
}

export type DockerCommand =
  | { readonly kind: 'build'; readonly options: BuildOptions }
  | { readonly kind: 'images'; readonly root?: string; readonly pattern?: string; readonly quiet: boolean; readonly all: boolean }
  | { readonly kind: 'history'; readonly root?: string; readonly image: string; readonly quiet: boolean }
  | { readonly kind: 'inspect'; readonly root?: string; readonly images: readonly string[] }
  | { readonly kind: 'rmi'; readonly root?: string; readonly images: readonly string[]; readonly force: boolean }
  | { readonly kind: 'image-prune'; readonly root?: string; readonly all: boolean }
  | { readonly kind: 'builder-prune'; readonly root?: string; readonly all: boolean; readonly force: boolean }
  | { readonly kind: 'run'; readonly root?: string; readonly image: string; readonly args: readonly string[]; readonly rm: boolean; readonly env: readonly string[]; readonly entrypoint?: string }
  | { readonly kind: 'save'; readonly root?: string; readonly images: readonly string[]; readonly output?: string }
  | { readonly kind: 'help'; readonly text: string };

/** A usage error, printed as the Docker CLI prints it; `exitCode` 125 like `docker`. */
export class UsageError extends Error {
  readonly exitCode = 125;
}

export const BUILD_FLAGS: readonly FlagSpec[] = [
  { name: 'build-arg', type: 'string', multiple: true, description: 'Set build-time variables' },
  { name: 'call', type: 'string', description: 'Set method for evaluating build ("check", "outline", "targets")', defaultText: 'build' },
  { name: 'check', type: 'bool', description: 'Shorthand for "--call=check"' },
  { name: 'explain-cache', type: 'bool', description: 'After the progress, say why each step was CACHED or ran (stageplay)' },
  { name: 'file', short: 'f', type: 'string', description: 'Name of the Dockerfile', defaultText: 'PATH/Dockerfile' },
  { name: 'jobs', type: 'string', description: 'Number of parallel stage workers (stageplay)' },
  { name: 'label', type: 'string', multiple: true, description: 'Set metadata for an image' },
  { name: 'load', type: 'bool', description: 'Shorthand for "--output=type=docker" (the default here)' },
  { name: 'no-cache', type: 'bool', description: 'Do not use cache when building the image' },
  { name: 'output', short: 'o', type: 'string', multiple: true, description: 'Output destination (format: "type=local,dest=path")' },
  { name: 'platform', type: 'string', multiple: true, description: 'Set target platform for build' },
  { name: 'progress', type: 'string', description: 'Set type of progress output ("auto", "plain", "quiet", "rawjson", "tty")', defaultText: 'auto' },
  { name: 'pull', type: 'bool', description: 'Always attempt to pull all referenced images (offline: no effect)' },
  { name: 'quiet', short: 'q', type: 'bool', description: 'Suppress the build output and print image ID on success' },
  { name: 'root', type: 'string', description: 'Where stageplay keeps images and cache (stageplay)' },
  { name: 'secret', type: 'string', multiple: true, description: 'Secret to expose to the build (format: "id=mysecret[,src=/local/secret]")' },
  { name: 'tag', short: 't', type: 'string', multiple: true, description: 'Image identifier (format: "[registry/]repository[:tag]")' },
  { name: 'target', type: 'string', description: 'Set the target build stage to build' },
];

/** `--root`: where stageplay keeps its images and cache (accepted by every image command). */
const ROOT_FLAG: FlagSpec = { name: 'root', type: 'string', description: 'Where stageplay keeps images and cache (stageplay)' };

const IMAGES_FLAGS: readonly FlagSpec[] = [
  ROOT_FLAG,
  { name: 'all', short: 'a', type: 'bool', description: 'Show all images (default hides intermediate images)' },
  { name: 'quiet', short: 'q', type: 'bool', description: 'Only show image IDs' },
];
const HISTORY_FLAGS: readonly FlagSpec[] = [ROOT_FLAG, { name: 'quiet', short: 'q', type: 'bool', description: 'Only show image IDs' }];
const RMI_FLAGS: readonly FlagSpec[] = [ROOT_FLAG, { name: 'force', short: 'f', type: 'bool', description: 'Force removal of the image' }];
const PRUNE_FLAGS: readonly FlagSpec[] = [
  ROOT_FLAG,
  { name: 'all', short: 'a', type: 'bool', description: 'Remove all unused images, not just dangling ones' },
  { name: 'force', short: 'f', type: 'bool', description: 'Do not prompt for confirmation' },
];
const BUILDER_PRUNE_FLAGS: readonly FlagSpec[] = [
  ROOT_FLAG,
  { name: 'all', short: 'a', type: 'bool', description: 'Include internal/frontend images' },
  { name: 'force', short: 'f', type: 'bool', description: 'Do not prompt for confirmation' },
];
const RUN_FLAGS: readonly FlagSpec[] = [
  ROOT_FLAG,
  { name: 'rm', type: 'bool', description: 'Automatically remove the container when it exits' },
  { name: 'name', type: 'string', description: 'Assign a name to the container' },
  { name: 'detach', short: 'd', type: 'bool', description: 'Run container in background and print container ID' },
  { name: 'interactive', short: 'i', type: 'bool', description: 'Keep STDIN open even if not attached' },
  { name: 'tty', short: 't', type: 'bool', description: 'Allocate a pseudo-TTY' },
  { name: 'env', short: 'e', type: 'string', multiple: true, description: 'Set environment variables' },
  { name: 'entrypoint', type: 'string', description: 'Overwrite the default ENTRYPOINT of the image' },
  { name: 'platform', type: 'string', description: 'Set platform if server is multi-platform capable' },
];
const SAVE_FLAGS: readonly FlagSpec[] = [ROOT_FLAG, { name: 'output', short: 'o', type: 'string', description: 'Write to a file, instead of STDOUT' }];

/**
 * Parse a `docker ...` command line (the words after `docker`) into a typed command.
 * `env` resolves bare `--build-arg NAME`.
 */
export function parseDockerCommand(words: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): DockerCommand {
  const [first, second, ...rest] = words;
  if (first === 'buildx' && second === 'build') return build(rest, env, 'docker buildx build');
  if (first === 'build' || first === 'builder' && second === 'build') return build(first === 'build' ? words.slice(1) : rest, env, 'docker build');
  if (first === 'image' && (second === 'build')) return build(rest, env, 'docker image build');
  if (first === 'images' || (first === 'image' && (second === 'ls' || second === 'list'))) {
    const p = parse(first === 'images' ? words.slice(1) : rest, IMAGES_FLAGS, first === 'images' ? 'docker images' : 'docker image ls');
    if (p.args.length > 1) throw usage('docker images', '"docker images" requires at most 1 argument.');
    return { kind: 'images', root: root(p.values), pattern: p.args[0], quiet: p.values.quiet === true, all: p.values.all === true };
  }
  if (first === 'history' || (first === 'image' && second === 'history')) {
    const p = parse(first === 'history' ? words.slice(1) : rest, HISTORY_FLAGS, 'docker history');
    if (p.args.length !== 1) throw usage('docker history', '"docker history" requires exactly 1 argument.');
    return { kind: 'history', root: root(p.values), image: p.args[0]!, quiet: p.values.quiet === true };
  }
  if (first === 'inspect' || (first === 'image' && second === 'inspect')) {
    const p = parse(first === 'inspect' ? words.slice(1) : rest, [ROOT_FLAG], 'docker inspect');
    if (p.args.length < 1) throw usage('docker inspect', '"docker inspect" requires at least 1 argument.');
    return { kind: 'inspect', root: root(p.values), images: p.args };
  }
  if (first === 'rmi' || (first === 'image' && (second === 'rm' || second === 'remove'))) {
    const p = parse(first === 'rmi' ? words.slice(1) : rest, RMI_FLAGS, 'docker rmi');
    if (p.args.length < 1) throw usage('docker rmi', '"docker rmi" requires at least 1 argument.');
    return { kind: 'rmi', root: root(p.values), images: p.args, force: p.values.force === true };
  }
  if ((first === 'builder' || first === 'buildx') && second === 'prune') {
    const p = parse(rest, BUILDER_PRUNE_FLAGS, `docker ${first} prune`);
    return { kind: 'builder-prune', root: root(p.values), all: p.values.all === true, force: p.values.force === true };
  }
  if (first === 'image' && second === 'prune') {
    const p = parse(rest, PRUNE_FLAGS, 'docker image prune');
    return { kind: 'image-prune', root: root(p.values), all: p.values.all === true };
  }
  if (first === 'run' || (first === 'container' && second === 'run')) {
    // flags stop at the image name: everything after it belongs to the container
    const argv = first === 'run' ? words.slice(1) : rest;
    const imageAt = firstPositional(argv, RUN_FLAGS);
    const p = parse(imageAt < 0 ? argv : argv.slice(0, imageAt + 1), RUN_FLAGS, 'docker run');
    if (p.args.length < 1) throw usage('docker run', '"docker run" requires at least 1 argument.');
    return {
      kind: 'run',
      root: root(p.values),
      image: p.args[0]!,
      args: imageAt < 0 ? [] : argv.slice(imageAt + 1),
      rm: p.values.rm === true,
      env: (p.values.env as string[] | undefined) ?? [],
      entrypoint: p.values.entrypoint as string | undefined,
    };
  }
  if (first === 'save' || (first === 'image' && second === 'save')) {
    const p = parse(first === 'save' ? words.slice(1) : rest, SAVE_FLAGS, 'docker save');
    if (p.args.length < 1) throw usage('docker save', '"docker save" requires at least 1 argument.');
    return { kind: 'save', root: root(p.values), images: p.args, output: p.values.output as string | undefined };
  }
  if (first === undefined || first === '--help' || first === 'help') return { kind: 'help', text: DOCKER_HELP };
  throw new UsageError(`docker: unknown command: docker ${words.join(' ')}\n\nRun 'docker --help' for what this sandbox supports.`);
}

export const DOCKER_HELP = `Usage:  docker COMMAND

Commands this sandbox supports:
  build       Build an image from a Dockerfile (also "docker buildx build")
  images      List images (also "docker image ls")
  history     Show the history of an image
  inspect     Display detailed information on images
  run         Run an image's entrypoint in the sandbox
  save        Save an image to a tar archive
  rmi         Remove one or more images
  image prune Remove unused images
  builder prune Remove build cache
`;

export function buildUsage(cmd = 'docker buildx build'): string {
  return `Usage:  ${cmd} [OPTIONS] PATH\n\nStart a build\n\nOptions:\n${formatFlagUsage(BUILD_FLAGS)}\n`;
}

function build(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, cmd: string): DockerCommand {
  const p = parse(argv, BUILD_FLAGS, cmd);
  const v = p.values;
  if (v.help) return { kind: 'help', text: buildUsage(cmd) };
  if (p.args.length !== 1) throw usage(cmd, `"${cmd}" requires exactly 1 argument.`);
  const buildArgs: Record<string, string> = {};
  for (const a of (v['build-arg'] as string[] | undefined) ?? []) {
    const eq = a.indexOf('=');
    if (eq < 0) {
      const fromEnv = env[a];
      if (fromEnv !== undefined) buildArgs[a] = fromEnv;
    } else buildArgs[a.slice(0, eq)] = a.slice(eq + 1);
  }
  // As buildx: a non-empty SOURCE_DATE_EPOCH in the environment is the build arg of that name,
  // unless --build-arg sets it (reproducible builds: created times, history, file mtimes).
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch && buildArgs.SOURCE_DATE_EPOCH === undefined) buildArgs.SOURCE_DATE_EPOCH = epoch;
  const progress = v.quiet === true ? 'quiet' : ((v.progress as string | undefined) ?? 'auto');
  if (!['auto', 'plain', 'tty', 'quiet', 'rawjson'].includes(progress)) {
    throw new UsageError(`invalid progress mode "${progress}"; use one of: auto, plain, tty, quiet, rawjson`);
  }
  let call: BuildOptions['call'] = { name: 'build', format: 'text' };
  if (v.check === true) call = { name: 'check', format: 'text' };
  if (v.call !== undefined) call = parseCall(v.call as string);
  let jobs: number | undefined;
  if (v.jobs !== undefined) {
    jobs = Number(v.jobs);
    if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`invalid argument "${v.jobs}" for "--jobs" flag: must be a positive integer`);
  }
  return {
    kind: 'build',
    options: {
      context: p.args[0]!,
      file: v.file as string | undefined,
      target: v.target as string | undefined,
      tags: (v.tag as string[] | undefined) ?? [],
      buildArgs,
      platforms: ((v.platform as string[] | undefined) ?? []).flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean),
      noCache: v['no-cache'] === true,
      progress: progress as BuildOptions['progress'],
      outputs: (v.output as string[] | undefined) ?? [],
      call,
      jobs,
      root: v.root as string | undefined,
      secrets: (v.secret as string[] | undefined) ?? [],
      labels: labelsOf((v.label as string[] | undefined) ?? []),
      ...(v['explain-cache'] === true ? { explainCache: true } : {}),
    },
  };
}

/**
 * `--label` values as buildx reads them (`listToMap`): `K=V`, or a bare `K` for an empty
 * value; a later one of the same key wins.
 */
function labelsOf(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of values) {
    const eq = l.indexOf('=');
    if (eq < 0) out[l] = '';
    else out[l.slice(0, eq)] = l.slice(eq + 1);
  }
  return out;
}

function parseCall(value: string): BuildOptions['call'] {
  const [name = '', ...opts] = value.split(',');
  let format: 'text' | 'json' = 'text';
  for (const o of opts) {
    const [k, val] = o.split('=');
    if (k === 'format' && (val === 'json' || val === 'text')) format = val;
    else throw new UsageError(`invalid call option ${JSON.stringify(o)}`);
  }
  const n = name.toLowerCase() === 'lint' ? 'check' : name.toLowerCase();
  if (n !== 'build' && n !== 'check' && n !== 'outline' && n !== 'targets') {
    throw new UsageError(`invalid call "${name}": this sandbox supports build, check, outline and targets`);
  }
  return { name: n, format };
}

function root(values: FlagValues): string | undefined {
  return values.root as string | undefined;
}

const HELP: FlagSpec = { name: 'help', short: 'h', type: 'bool', description: 'Print usage' };

function parse(argv: readonly string[], specs: readonly FlagSpec[], cmd: string): { values: FlagValues; args: string[] } {
  try {
    return parseFlags(argv, [...specs, HELP]);
  } catch (err) {
    if (err instanceof FlagError) throw usage(cmd, err.message);
    throw err;
  }
}

function usage(cmd: string, message: string): UsageError {
  return new UsageError(`${message}\nSee '${cmd} --help'.`);
}

/** Index of the first non-flag word (the image of `docker run`), honouring flags that take values. */
function firstPositional(argv: readonly string[], specs: readonly FlagSpec[]): number {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return i + 1 < argv.length ? i + 1 : -1;
    if (!a.startsWith('-') || a === '-') return i;
    if (a.includes('=')) continue;
    const spec = a.startsWith('--') ? specs.find((s) => s.name === a.slice(2)) : specs.find((s) => s.short === a.slice(-1) && a.length === 2);
    if (spec?.type === 'string') i++;
  }
  return -1;
}
