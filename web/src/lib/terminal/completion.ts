/**
 * Tab completion for the sandbox terminal: commands, `docker` subcommands, `docker build`
 * flags (from the engine's flag table) and their fixed values, and workspace directories.
 */
import { BUILD_FLAGS } from '../../../../engine/commands/docker.ts';
import { SANDBOX_COMMANDS } from '../sandbox/session.ts';

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

/**
 * Complete the word that ends at the cursor. `before` is the line up to the cursor;
 * `dirs` are the workspace's directories (for the build context argument).
 */
export function completeLine(before: string, dirs: readonly string[] = []): Completion {
  const words = before.split(/\s+/).filter(Boolean);
  const partial = /\s$/.test(before) || before === '' ? '' : (words.pop() ?? '');
  const candidates = candidatesFor(words, partial, dirs);
  const matches = [...new Set(candidates.filter((c) => c.startsWith(partial)))].sort();
  if (matches.length === 0) return { insert: '', options: [] };
  if (matches.length === 1) {
    const only = matches[0]!;
    const end = only.endsWith('=') || only.endsWith('/') ? '' : ' ';
    return { insert: only.slice(partial.length) + end, options: [] };
  }
  return { insert: commonPrefix(matches).slice(partial.length), options: matches };
}

function candidatesFor(words: readonly string[], partial: string, dirs: readonly string[]): readonly string[] {
  if (words.length === 0) return SANDBOX_COMMANDS;
  if (words[0] !== 'docker') return [];
  const sub = words.slice(1);
  if (sub.length === 0) return DOCKER_SUBCOMMANDS;
  const first = sub[0]!;
  const second = SECOND_LEVEL[first];
  if (second && sub.length === 1) return second;
  const isBuild = first === 'build' || ((first === 'buildx' || first === 'image') && sub[1] === 'build');
  if (isBuild) return buildCandidates(partial, dirs);
  if (first === 'images' || (first === 'image' && sub[1] === 'ls')) return partial.startsWith('-') ? IMAGES_FLAGS : [];
  return [];
}

function buildCandidates(partial: string, dirs: readonly string[]): readonly string[] {
  const eq = partial.indexOf('=');
  if (partial.startsWith('--') && eq > 0) {
    const flag = partial.slice(2, eq);
    return (BUILD_VALUES[flag] ?? []).map((v) => `--${flag}=${v}`);
  }
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
