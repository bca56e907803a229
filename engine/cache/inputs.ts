/**
 * What a step's cache key was made of, kept beside its cache record so a later build can
 * say why the step ran (`explain.ts`). Bounded: paths with short content digests only (no
 * bytes), at most `FILES_CAP` paths per file set, `ENV_CAP` environment entries.
 */
import { loadContent } from '../fs/index.ts';
import type { TreeView } from '../fs/view.ts';
import type { Hasher } from '../platform/types.ts';

/** Most paths a file set keeps (the rest are counted and summed, not listed). */
export const FILES_CAP = 256;
/** Most environment entries kept per step. */
export const ENV_CAP = 64;
/** Hex digits kept of each file's sha256 (64 bits: enough to tell an edit). */
const DIGEST_HEX = 16;

/** Files a step read: `[path, digest]` sorted by path, relative to the source's root. */
export interface FileDigests {
  /** The first `FILES_CAP` paths and their digests. */
  readonly paths: readonly (readonly [string, string])[];
  /** How many paths past the cap were left off. */
  readonly more?: number;
  /** Digest of every path and digest, the left-off ones included. */
  readonly sum: string;
}

/** A RUN mount's source as keyed. */
export interface MountInputs {
  /** The mount's target in the container. */
  readonly target: string;
  /** What it binds: files of the context, or a stage's/image's result (`from`, its cache key). */
  readonly files?: FileDigests;
  readonly from?: string;
  /** How the source is named for a person (`build:/bin`, `cache id go-mod`), when not context files. */
  readonly source?: string;
}

/** The inputs of one step's cache key. */
export interface StepInputs {
  /** The step's place: platform, stage (name or index) and position in it. */
  readonly step: string;
  /** The parent step's cache key ('' for a step that does not depend on it, `COPY --link`). */
  readonly parent: string;
  /** The instruction as keyed (expanded), e.g. `COPY . .`, `RUN go mod download`. */
  readonly text: string;
  /** Working directory, user, platform and other op settings, as one line. */
  readonly settings?: string;
  /** Build arguments in the step's environment, `[name, value]`. */
  readonly args?: readonly (readonly [string, string])[];
  /** Other environment entries, `[name, value]` (at most `ENV_CAP`). */
  readonly env?: readonly (readonly [string, string])[];
  /** Files it copies: the context's (paths relative to it) or a stage's (absolute, `from` set). */
  readonly files?: FileDigests;
  /** For `COPY --from`: the source's name and cache key. */
  readonly from?: { readonly ref: string; readonly key: string };
  readonly mounts?: readonly MountInputs[];
  /** For a stage's first step on an image: the image reference and digest. */
  readonly base?: { readonly ref: string; readonly digest: string };
}

const enc = new TextEncoder();
const fileDigests = new WeakMap<object, Promise<string>>();

/** Short sha256 of a file's bytes, memoised per content object. */
function contentDigest(content: object, hasher: Hasher): Promise<string> {
  let d = fileDigests.get(content);
  if (d === undefined) {
    d = hasher.sha256([loadContent(content as Parameters<typeof loadContent>[0])]).then((hex) => hex.slice(0, DIGEST_HEX));
    fileDigests.set(content, d);
  }
  return d;
}

/** Every file, link and directory under `paths` of `view`, each with a short digest of what the key reads. */
export async function digestFiles(view: TreeView, paths: readonly string[], hasher: Hasher): Promise<FileDigests> {
  const out = new Map<string, string>();
  const rel = (p: string) => p.replace(/^\/+/, '');
  for (const p of paths) {
    const st = view.get(p, true);
    if (st === undefined) continue;
    if (st.kind !== 'dir') {
      out.set(rel(p), await nodeDigest(st.kind, st.mode, st.kind === 'symlink' ? st.target : '', st.kind === 'file' ? st.content : undefined, hasher));
      continue;
    }
    for (const e of view.walk(p)) {
      if (e.type === 'dir') continue;
      out.set(rel(e.path), await nodeDigest(e.type, e.mode, e.target ?? '', e.type === 'file' ? e.content : undefined, hasher));
    }
  }
  const all = [...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const sum = (await hasher.sha256([enc.encode(all.map(([p, d]) => `${p}\0${d}\n`).join(''))])).slice(0, DIGEST_HEX);
  return { paths: all.slice(0, FILES_CAP), ...(all.length > FILES_CAP ? { more: all.length - FILES_CAP } : {}), sum };
}

async function nodeDigest(kind: string, mode: number, target: string, content: object | undefined, hasher: Hasher): Promise<string> {
  const head = `${kind}:${(mode & 0o7777).toString(8)}:${target}`;
  if (content === undefined) return (await hasher.sha256([enc.encode(head)])).slice(0, DIGEST_HEX);
  return `${(mode & 0o7777).toString(8)}:${await contentDigest(content, hasher)}`;
}

/** What differs between two file sets: changed, added and removed paths (sorted), or undefined when equal. */
export function changedFiles(before: FileDigests, after: FileDigests): { paths: string[]; unlisted: boolean } | undefined {
  if (before.sum === after.sum) return undefined;
  const a = new Map(before.paths);
  const b = new Map(after.paths);
  const paths = [...new Set([...a.keys(), ...b.keys()])].filter((p) => a.get(p) !== b.get(p)).sort();
  // a difference past the cap cannot be named
  return { paths, unlisted: paths.length === 0 };
}

/** The environment split into build arguments (names in `argNames`) and the rest, sorted and capped. */
export function splitEnv(env: Iterable<readonly [string, string]>, argNames: ReadonlySet<string>): Pick<StepInputs, 'args' | 'env'> {
  const args: [string, string][] = [];
  const rest: [string, string][] = [];
  for (const [k, v] of env) (argNames.has(k) ? args : rest).push([k, v]);
  const byName = (x: readonly [string, string], y: readonly [string, string]) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0);
  args.sort(byName);
  rest.sort(byName);
  return { ...(args.length ? { args } : {}), ...(rest.length ? { env: rest.slice(0, ENV_CAP) } : {}) };
}
