/**
 * Tab completion for the sandbox terminal: programs (after `|`, `;`, `&&` too), `docker` subcommands, `docker build`
 * flags (from the engine's flag table) and their values (fixed ones, the Dockerfile's stage
 * names for `--target`), workspace directories, and image names for the image commands.
 */
import { BUILD_FLAGS } from '#engine/commands/docker';

/**
 * The programs Tab completes first words to: the terminal's own, the shell's builtins
 * `cd`/`export`, and the busybox applets `help` names (a list here, so the page's first
 * chunk does not carry the applets; a test checks each is one).
 */
export const SANDBOX_COMMANDS: readonly string[] = [
  ...['docker', 'clear', 'help', 'history', 'download', 'file', 'tree', 'curl', 'wget', 'cd', 'export', 'pwd'],
  ...['ls', 'cat', 'echo', 'printf', 'grep', 'awk', 'sed', 'head', 'tail', 'wc', 'sort', 'uniq', 'cut', 'tr', 'find', 'mkdir', 'rm', 'cp', 'mv', 'touch', 'diff', 'tar', 'gzip', 'sha256sum', 'xargs', 'tee', 'env'],
];

/** What Tab does: text to insert at the cursor, and the choices to list when it is ambiguous. */
export interface Completion {
  readonly insert: string;
  /** Every candidate matching the word, when there is more than one. */
  readonly options: readonly string[];
}

const DOCKER_SUBCOMMANDS = ['build', 'buildx', 'history', 'image', 'images', 'inspect', 'rmi', 'run', 'save', '--help'];
const SECOND_LEVEL: Readonly<Record<string, readonly string[]>> = {
  buildx: ['build'],
  image: ['build', 'history', 'inspect', 'ls', 'prune', 'rm', 'save'],
};
const BUILD_VALUES: Readonly<Record<string, readonly string[]>> = {
  call: ['build', 'check', 'outline', 'targets'],
  progress: ['auto', 'plain', 'quiet', 'rawjson', 'tty'],
};
const IMAGES_FLAGS = ['--all', '--help', '--quiet'];
/** Commands whose arguments are images (`docker run IMAGE`, `docker image rm IMAGE`, ...). */
const IMAGE_ARGS = new Set(['run', 'rmi', 'history', 'inspect', 'save', 'rm']);

/** What completion can offer besides fixed words: the workspace's state. */
export interface CompletionWords {
  /** The Dockerfile's stage names (for `--target`). */
  readonly stages?: readonly string[];
  /** Local image names, as `docker images` shows them (`buildme:latest`). */
  readonly images?: readonly string[];
}

/**
 * Complete the word that ends at the cursor. `before` is the line up to the cursor;
 * `dirs` are the workspace's directories (for the build context argument).
 */
export function completeLine(line: string, dirs: readonly string[] = [], known: CompletionWords = {}): Completion {
  // the command being typed starts after the last |, ;, && or ||
  const before = line.slice(Math.max(...['|', ';', '&'].map((op) => line.lastIndexOf(op))) + 1).replace(/^\s+/, '');
  const words = before.split(/\s+/).filter(Boolean);
  const partial = /\s$/.test(before) || before === '' ? '' : (words.pop() ?? '');
  const candidates = candidatesFor(words, partial, dirs, known);
  const matches = [...new Set(candidates.filter((c) => c.startsWith(partial)))].sort();
  if (matches.length === 0) return { insert: '', options: [] };
  if (matches.length === 1) {
    const only = matches[0]!;
    const end = only.endsWith('=') || only.endsWith('/') ? '' : ' ';
    return { insert: only.slice(partial.length) + end, options: [] };
  }
  return { insert: commonPrefix(matches).slice(partial.length), options: matches };
}

function candidatesFor(words: readonly string[], partial: string, dirs: readonly string[], known: CompletionWords): readonly string[] {
  if (words.length === 0) return SANDBOX_COMMANDS;
  if (words[0] !== 'docker') return [];
  const sub = words.slice(1);
  if (sub.length === 0) return DOCKER_SUBCOMMANDS;
  const first = sub[0]!;
  const second = SECOND_LEVEL[first];
  if (second && sub.length === 1) return second;
  const isBuild = first === 'build' || ((first === 'buildx' || first === 'image') && sub[1] === 'build');
  if (isBuild) return buildCandidates(partial, dirs, words.at(-1), known);
  if (first === 'images' || (first === 'image' && sub[1] === 'ls')) return partial.startsWith('-') ? IMAGES_FLAGS : [];
  const command = first === 'image' ? sub[1] : first;
  if (command !== undefined && IMAGE_ARGS.has(command) && (first === 'image' || command !== 'rm') && !partial.startsWith('-')) {
    // `docker save -o NAME`: the word after -o is a file name
    return words.at(-1) === '-o' || words.at(-1) === '--output' ? [] : (known.images ?? []);
  }
  return [];
}

function buildCandidates(partial: string, dirs: readonly string[], previous: string | undefined, known: CompletionWords): readonly string[] {
  const values = (flag: string) => (flag === 'target' ? (known.stages ?? []) : (BUILD_VALUES[flag] ?? []));
  const eq = partial.indexOf('=');
  if (partial.startsWith('--') && eq > 0) {
    const flag = partial.slice(2, eq);
    return values(flag).map((v) => `--${flag}=${v}`);
  }
  if (previous === '--target') return values('target');
  if (partial.startsWith('-')) {
    return [...BUILD_FLAGS.map((f) => (f.type === 'string' && BUILD_VALUES[f.name] ? `--${f.name}=` : `--${f.name}`)), '--help'];
  }
  return ['.', ...dirs.map((d) => `${d}/`)];
}

function commonPrefix(words: readonly string[]): string {
  let prefix = words[0] ?? '';
  for (const w of words) while (!w.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}
