/**
 * The command that builds an image of the sandbox with a real Docker: the build record's
 * line read again with the shell parser and the docker flag parser, written back as
 * `docker buildx build` with only the flags that shape the image (file, target, platforms,
 * build args, labels, secrets, tags), `--load` so it lands in `docker images`. Pure.
 */
import { parseDockerCommand, type BuildFlags } from '#engine/commands/docker';
import type { BuildRecord } from '#engine/lessons';
import { lessonCommands } from '#engine/lessons/commands';
import { parseReference } from '#engine/reference';

/** `ref` in the form `docker images` lists it (`buildme` → `buildme:latest`); unparsable refs as given. */
function normal(ref: string): string {
  try {
    return parseReference(ref).full;
  } catch {
    return ref;
  }
}

/** The newest successful build that stored `ref` (any spelling: `buildme`, `buildme:latest`). */
export function recordOf(builds: readonly BuildRecord[], ref: string): BuildRecord | undefined {
  const want = normal(ref);
  for (let i = builds.length - 1; i >= 0; i--) {
    const b = builds[i]!;
    if (b.ok && b.images.some((img) => normal(img.ref) === want)) return b;
  }
  return undefined;
}

/** A word as a POSIX shell reads it back: bare when safe, else single-quoted. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The `docker build` options of a record's command line (the first docker build in it). */
function optionsOf(record: BuildRecord): BuildFlags | undefined {
  try {
    for (const c of lessonCommands(record.command)) {
      if (c.words[0] !== 'docker') continue;
      const cmd = parseDockerCommand(c.words.slice(1));
      if (cmd.kind === 'build') return cmd.options;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** The `docker buildx build ...` line that builds the record's image with a real Docker; undefined when its line cannot be read. */
export function buildxSnippet(record: BuildRecord): string | undefined {
  const o = optionsOf(record);
  if (!o) return undefined;
  const words = ['docker', 'buildx', 'build'];
  const flag = (name: string, value: string) => words.push(`--${name}=${shellQuote(value)}`);
  if (o.file !== undefined) flag('file', o.file);
  if (o.target !== undefined) flag('target', o.target);
  if (o.platforms.length > 0) flag('platform', o.platforms.join(','));
  for (const [k, v] of Object.entries(o.buildArgs)) words.push('--build-arg', shellQuote(`${k}=${v}`));
  for (const [k, v] of Object.entries(o.labels)) words.push('--label', shellQuote(`${k}=${v}`));
  for (const s of o.secrets) words.push('--secret', shellQuote(s));
  if (o.noCache) words.push('--no-cache');
  for (const t of o.tags) words.push('-t', shellQuote(t));
  words.push('--load', shellQuote(o.context));
  return words.join(' ');
}
