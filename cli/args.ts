import { parseArgs } from 'node:util';

/** `docker buildx build` flags that stageplay's CLI accepts. */
export interface BuildFlags {
  readonly context: string;
  readonly file?: string;
  readonly target?: string;
  readonly tags: readonly string[];
  /** `--build-arg K=V` (a bare `K` takes the value from the environment, as Docker does). */
  readonly buildArgs: Readonly<Record<string, string>>;
  readonly platforms: readonly string[];
  readonly noCache: boolean;
  readonly progress: 'auto' | 'plain' | 'tty' | 'quiet' | 'rawjson';
  readonly outputs: readonly string[];
  readonly call?: { readonly name: 'build' | 'check' | 'outline' | 'targets'; readonly format: 'text' | 'json' };
  readonly jobs?: number;
  readonly root?: string;
  readonly secrets: readonly string[];
}

/** A usage error, printed as the Docker CLI prints them (`unknown flag: --x`). */
export class UsageError extends Error {}

const BUILD_OPTIONS = {
  file: { type: 'string', short: 'f' },
  target: { type: 'string' },
  tag: { type: 'string', short: 't', multiple: true },
  'build-arg': { type: 'string', multiple: true },
  platform: { type: 'string', multiple: true },
  'no-cache': { type: 'boolean' },
  progress: { type: 'string' },
  output: { type: 'string', short: 'o', multiple: true },
  check: { type: 'boolean' },
  call: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  jobs: { type: 'string' },
  root: { type: 'string' },
  secret: { type: 'string', multiple: true },
  pull: { type: 'boolean' },
  load: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const BUILD_USAGE = `Usage:  stageplay build [OPTIONS] PATH

Start a build (mirrors "docker buildx build")

Options:
      --build-arg stringArray   Set build-time variables
      --call string             Set method for evaluating build ("check", "outline", "targets") (default "build")
      --check                   Shorthand for "--call=check"
  -f, --file string             Name of the Dockerfile (default: "PATH/Dockerfile")
      --jobs int                Number of parallel stage workers
      --no-cache                Do not use cache when building the image
  -o, --output stringArray      Output destination (format: "type=local,dest=path")
      --platform stringArray    Set target platform for build
      --progress string         Set type of progress output ("auto", "plain", "quiet", "rawjson", "tty") (default "auto")
  -q, --quiet                   Suppress the build output and print image ID on success
      --root string             Where stageplay keeps its image store and cache
      --secret stringArray      Secret to expose to the build (format: "id=mysecret[,src=/local/secret]")
  -t, --tag stringArray         Image identifier (format: "[registry/]repository[:tag]")
      --target string           Set the target build stage to build
`;

export function parseBuildFlags(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): BuildFlags | 'help' {
  let parsed;
  try {
    parsed = parseArgs({ args: argv.flatMap(normalizeBoolFlag), options: BUILD_OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(translateParseError(err));
  }
  const v = parsed.values;
  if (v.help) return 'help';
  if (parsed.positionals.length !== 1) {
    throw new UsageError(`"stageplay build" requires exactly 1 argument.\nSee 'stageplay build --help'.\n\n${BUILD_USAGE.split('\n')[0]}`);
  }
  const buildArgs: Record<string, string> = {};
  for (const a of v['build-arg'] ?? []) {
    const eq = a.indexOf('=');
    if (eq < 0) {
      const fromEnv = env[a];
      if (fromEnv !== undefined) buildArgs[a] = fromEnv;
    } else {
      buildArgs[a.slice(0, eq)] = a.slice(eq + 1);
    }
  }
  const progress = v.quiet ? 'quiet' : (v.progress ?? 'auto');
  if (!['auto', 'plain', 'tty', 'quiet', 'rawjson'].includes(progress)) {
    throw new UsageError(`invalid progress mode "${progress}"; use one of auto, plain, tty, quiet, rawjson`);
  }
  let call: BuildFlags['call'];
  if (v.check) call = { name: 'check', format: 'text' };
  if (v.call !== undefined) call = parseCall(v.call);
  let jobs: number | undefined;
  if (v.jobs !== undefined) {
    jobs = Number(v.jobs);
    if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`invalid argument "${v.jobs}" for "--jobs" flag: must be a positive integer`);
  }
  return {
    context: parsed.positionals[0]!,
    file: v.file,
    target: v.target,
    tags: v.tag ?? [],
    buildArgs,
    platforms: (v.platform ?? []).flatMap((p) => p.split(',')).map((p) => p.trim()).filter((p) => p !== ''),
    noCache: v['no-cache'] ?? false,
    progress: progress as BuildFlags['progress'],
    outputs: v.output ?? [],
    call,
    jobs,
    root: v.root,
    secrets: v.secret ?? [],
  };
}

/** Docker accepts `--no-cache=true|false` for boolean flags; parseArgs does not. */
function normalizeBoolFlag(arg: string): string[] {
  const m = /^--([a-z-]+)=(true|false|1|0)$/i.exec(arg);
  if (!m) return [arg];
  const spec = (BUILD_OPTIONS as Record<string, { type: string }>)[m[1]!];
  if (spec?.type !== 'boolean') return [arg];
  return /^(true|1)$/i.test(m[2]!) ? [`--${m[1]}`] : [];
}

function parseCall(value: string): NonNullable<BuildFlags['call']> {
  const [name = '', ...opts] = value.split(',');
  let format: 'text' | 'json' = 'text';
  for (const o of opts) {
    const [k, val] = o.split('=');
    if (k === 'format' && (val === 'json' || val === 'text')) format = val;
    else throw new UsageError(`invalid call option ${JSON.stringify(o)}`);
  }
  const n = name.toLowerCase() === 'lint' ? 'check' : name.toLowerCase();
  if (n !== 'build' && n !== 'check' && n !== 'outline' && n !== 'targets') {
    throw new UsageError(`invalid call "${name}": stageplay supports build, check, outline and targets`);
  }
  return { name: n, format };
}

/** Node's parseArgs messages → the Docker CLI's (`unknown flag: --x`, `flag needs an argument: --tag`). */
function translateParseError(err: unknown): string {
  const e = err as { code?: string; message?: string };
  const msg = e.message ?? String(err);
  const opt = /'(-{1,2}[^' ]+)/.exec(msg)?.[1] ?? '';
  let text: string;
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      text = opt.startsWith('--') ? `unknown flag: ${opt}` : `unknown shorthand flag: '${opt.replace(/^-/, '').charAt(0)}' in ${opt}`;
      break;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      text = `flag needs an argument: ${opt}`;
      break;
    default:
      text = msg;
  }
  return `${text}\nSee 'stageplay build --help'.`;
}
