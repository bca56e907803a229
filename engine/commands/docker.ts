import { FlagError, formatFlagUsage, parseFlags, type FlagSpec, type FlagValues } from './flags.ts';

/** `docker build` / `docker buildx build` options, normalised. */
export interface BuildFlags {
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
  | { readonly kind: 'build'; readonly options: BuildFlags }
  | { readonly kind: 'images'; readonly root?: string; readonly pattern?: string; readonly quiet: boolean; readonly all: boolean }
  | { readonly kind: 'history'; readonly root?: string; readonly image: string; readonly quiet: boolean }
  /** `images`: the names or IDs given, each a container or else an image (Docker looks for a container first). */
  | { readonly kind: 'inspect'; readonly root?: string; readonly images: readonly string[] }
  | { readonly kind: 'rmi'; readonly root?: string; readonly images: readonly string[]; readonly force: boolean }
  | { readonly kind: 'image-prune'; readonly root?: string; readonly all: boolean }
  | { readonly kind: 'builder-prune'; readonly root?: string; readonly all: boolean; readonly force: boolean }
  | {
      readonly kind: 'run';
      readonly root?: string;
      readonly image: string;
      readonly args: readonly string[];
      readonly rm: boolean;
      readonly env: readonly string[];
      readonly entrypoint?: string;
      readonly detach: boolean;
      readonly name?: string;
      /** `-p` values as typed (`3000:3000`, `127.0.0.1:8080:3000/tcp`, `3000`). */
      readonly publish: readonly string[];
      readonly interactive: boolean;
      readonly tty: boolean;
    }
  | { readonly kind: 'ps'; readonly root?: string; readonly all: boolean; readonly quiet: boolean; readonly noTrunc: boolean }
  | { readonly kind: 'logs'; readonly root?: string; readonly container: string; readonly follow: boolean }
  | { readonly kind: 'exec'; readonly root?: string; readonly container: string; readonly args: readonly string[]; readonly env: readonly string[]; readonly workdir?: string; readonly interactive: boolean; readonly tty: boolean }
  | { readonly kind: 'stop' | 'start'; readonly root?: string; readonly containers: readonly string[] }
  | { readonly kind: 'rm'; readonly root?: string; readonly containers: readonly string[]; readonly force: boolean }
  | { readonly kind: 'container-prune'; readonly root?: string; readonly force: boolean }
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
  { name: 'publish', short: 'p', type: 'string', multiple: true, description: "Publish a container's port(s) to the host" },
];
const PS_FLAGS: readonly FlagSpec[] = [
  ROOT_FLAG,
  { name: 'all', short: 'a', type: 'bool', description: 'Show all containers (default shows just running)' },
  { name: 'quiet', short: 'q', type: 'bool', description: 'Only display container IDs' },
  { name: 'no-trunc', type: 'bool', description: "Don't truncate output" },
];
const LOGS_FLAGS: readonly FlagSpec[] = [ROOT_FLAG, { name: 'follow', short: 'f', type: 'bool', description: 'Follow log output' }];
const EXEC_FLAGS: readonly FlagSpec[] = [
  ROOT_FLAG,
  { name: 'env', short: 'e', type: 'string', multiple: true, description: 'Set environment variables' },
  { name: 'interactive', short: 'i', type: 'bool', description: 'Keep STDIN open even if not attached' },
  { name: 'tty', short: 't', type: 'bool', description: 'Allocate a pseudo-TTY' },
  { name: 'workdir', short: 'w', type: 'string', description: 'Working directory inside the container' },
];
const STOP_FLAGS: readonly FlagSpec[] = [ROOT_FLAG, { name: 'time', short: 't', type: 'string', description: 'Seconds to wait before killing the container' }];
const RM_FLAGS: readonly FlagSpec[] = [ROOT_FLAG, { name: 'force', short: 'f', type: 'bool', description: 'Force the removal of a running container (uses SIGKILL)' }];
const CONTAINER_PRUNE_FLAGS: readonly FlagSpec[] = [ROOT_FLAG, { name: 'force', short: 'f', type: 'bool', description: 'Do not prompt for confirmation' }];

/** Where the containers live, said by `docker ps --help` and `docker --help`. */
export const CONTAINERS_NOTE = `Containers live in the sandbox: in the web page as long as the page is open (its
sandbox worker); with the stageplay CLI as records in the state root, whose process is
started again, its output discarded, for an exec or a stop (programs are deterministic).`;
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
    if (p.values.help) return { kind: 'help', text: commandUsage('docker run [OPTIONS] IMAGE [COMMAND] [ARG...]', 'Create and run a new container from an image', RUN_FLAGS) };
    if (p.args.length < 1) throw usage('docker run', '"docker run" requires at least 1 argument.');
    return {
      kind: 'run',
      root: root(p.values),
      image: p.args[0]!,
      args: imageAt < 0 ? [] : argv.slice(imageAt + 1),
      rm: p.values.rm === true,
      env: (p.values.env as string[] | undefined) ?? [],
      entrypoint: p.values.entrypoint as string | undefined,
      detach: p.values.detach === true,
      ...(p.values.name !== undefined ? { name: p.values.name as string } : {}),
      publish: (p.values.publish as string[] | undefined) ?? [],
      interactive: p.values.interactive === true,
      tty: p.values.tty === true,
    };
  }
  const container = containerCommand(first, second, first === 'container' ? rest : words.slice(1));
  if (container) return container;
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
  inspect     Display detailed information on containers and images
  run         Create and run a new container from an image (-d, --name, --rm, -p, -e)
  ps          List containers (also "docker container ls")
  logs        Fetch the logs of a container
  exec        Execute a command in a running container
  stop        Stop one or more running containers
  start       Start one or more stopped containers
  rm          Remove one or more containers
  container prune Remove all stopped containers
  save        Save an image to a tar archive
  rmi         Remove one or more images
  image prune Remove unused images
  builder prune Remove build cache

${CONTAINERS_NOTE}
`;

/** A command's usage text as the Docker CLI (cobra) prints it. */
function commandUsage(use: string, short: string, flags: readonly FlagSpec[], note?: string): string {
  return `Usage:  ${use}\n\n${short}\n${note ? `\n${note}\n` : ''}\nOptions:\n${formatFlagUsage(flags)}\n`;
}

/** `docker ps`, `logs`, `exec`, `stop`, `start`, `rm`, `container prune` and their `docker container ...` names; undefined for other words. */
function containerCommand(first: string | undefined, second: string | undefined, argv: readonly string[]): DockerCommand | undefined {
  const sub = first === 'container' ? second : first;
  const named = (cmd: string) => (first === 'container' ? `docker container ${cmd}` : `docker ${cmd}`);
  if (sub === 'ps' || (first === 'container' && (sub === 'ls' || sub === 'list'))) {
    const p = parse(argv, PS_FLAGS, named(sub));
    if (p.values.help) return { kind: 'help', text: commandUsage(`${named(sub)} [OPTIONS]`, 'List containers', PS_FLAGS, CONTAINERS_NOTE) };
    if (p.args.length > 0) throw usage(named(sub), `"${named(sub)}" accepts no arguments.`);
    return { kind: 'ps', root: root(p.values), all: p.values.all === true, quiet: p.values.quiet === true, noTrunc: p.values['no-trunc'] === true };
  }
  if (sub === 'logs') {
    const p = parse(argv, LOGS_FLAGS, named(sub));
    if (p.values.help) return { kind: 'help', text: commandUsage(`${named(sub)} [OPTIONS] CONTAINER`, 'Fetch the logs of a container', LOGS_FLAGS) };
    if (p.args.length !== 1) throw usage(named(sub), `"${named(sub)}" requires exactly 1 argument.`);
    return { kind: 'logs', root: root(p.values), container: p.args[0]!, follow: p.values.follow === true };
  }
  if (sub === 'exec') {
    const at = firstPositional(argv, EXEC_FLAGS);
    const p = parse(at < 0 ? argv : argv.slice(0, at + 1), EXEC_FLAGS, named(sub));
    if (p.values.help) return { kind: 'help', text: commandUsage(`${named(sub)} [OPTIONS] CONTAINER COMMAND [ARG...]`, 'Execute a command in a running container', EXEC_FLAGS) };
    const args = at < 0 ? [] : argv.slice(at + 1);
    if (p.args.length < 1 || args.length < 1) throw usage(named(sub), `"${named(sub)}" requires at least 2 arguments.`);
    return {
      kind: 'exec',
      root: root(p.values),
      container: p.args[0]!,
      args,
      env: (p.values.env as string[] | undefined) ?? [],
      ...(p.values.workdir !== undefined ? { workdir: p.values.workdir as string } : {}),
      interactive: p.values.interactive === true,
      tty: p.values.tty === true,
    };
  }
  if (sub === 'stop' || sub === 'start' || sub === 'rm' || (first === 'container' && sub === 'remove')) {
    const kind = sub === 'remove' ? 'rm' : sub;
    const flags = kind === 'rm' ? RM_FLAGS : kind === 'stop' ? STOP_FLAGS : [ROOT_FLAG];
    const p = parse(argv, flags, named(sub));
    const what = { stop: 'Stop one or more running containers', start: 'Start one or more stopped containers', rm: 'Remove one or more containers' }[kind];
    if (p.values.help) return { kind: 'help', text: commandUsage(`${named(sub)} [OPTIONS] CONTAINER [CONTAINER...]`, what, flags) };
    if (p.args.length < 1) throw usage(named(sub), `"${named(sub)}" requires at least 1 argument.`);
    if (kind === 'rm') return { kind, root: root(p.values), containers: p.args, force: p.values.force === true };
    return { kind, root: root(p.values), containers: p.args };
  }
  if (first === 'container' && sub === 'prune') {
    const p = parse(argv, CONTAINER_PRUNE_FLAGS, named(sub));
    if (p.values.help) return { kind: 'help', text: commandUsage(`${named(sub)} [OPTIONS]`, 'Remove all stopped containers', CONTAINER_PRUNE_FLAGS) };
    return { kind: 'container-prune', root: root(p.values), force: p.values.force === true };
  }
  if (first === 'container' && sub === 'inspect') {
    const p = parse(argv, [ROOT_FLAG], named(sub));
    if (p.args.length < 1) throw usage(named(sub), `"${named(sub)}" requires at least 1 argument.`);
    return { kind: 'inspect', root: root(p.values), images: p.args };
  }
  return undefined;
}

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
  let call: BuildFlags['call'] = { name: 'build', format: 'text' };
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
      progress: progress as BuildFlags['progress'],
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

function parseCall(value: string): BuildFlags['call'] {
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
