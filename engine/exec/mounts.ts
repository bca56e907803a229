/**
 * `RUN --mount`: bind, cache, tmpfs and secret mounts over the step's tree. Mounts are
 * grafted onto a copy of the parent tree for the process; afterwards only changes outside
 * the mount targets reach the layer, cache-mount contents go back to the store, and
 * writes to binds and tmpfs are discarded (BuildKit's executor and `MountStubsCleaner`).
 */
import type { CacheMountStore } from '../cache/index.ts';
import { changesToEntries } from '../cache/index.ts';
import type { Mount } from '../dockerfile/index.ts';
import { applyLayer, cleanPath, copyTree, diffTrees, emptySnapshot, type Snapshot, type TreeEntry } from '../fs/index.ts';
import type { TreeView } from '../fs/view.ts';
import type { Secrets } from './types.ts';
import { DEFAULT_HOSTNAME } from '../toolchain/types.ts';

/** A mount resolved to what it puts at `target`. */
export interface PreparedMount {
  readonly mount: Mount;
  /** Absolute target path. */
  readonly target: string;
  /** Contents placed at the target (a tree rooted at `/`, or a single file at `/file` for secrets). */
  readonly contents: Snapshot;
  /** True when the target is a file (secrets). */
  readonly file: boolean;
  /** Cache mounts: the store id (absent for a private instance that is not written back). */
  readonly cacheId?: string;
}

/** How `prepareMounts` reaches the sources of mounts. */
export interface MountSources {
  /** The build context. */
  readonly context: TreeView;
  /** `from=` (stage name, index or image) → that state's tree. */
  from(ref: string): TreeView;
  readonly cacheMounts: CacheMountStore;
  readonly secrets: Secrets;
  /** Namespace of cache ids (`BUILDKIT_CACHE_MOUNT_NS`). */
  readonly cacheNamespace?: string;
}

/** `source` of `view` as a tree rooted at `/` (directory contents, or a file at `/<name>`). */
function subtree(view: TreeView, source: string, missing: () => Error): { snap: Snapshot; file: boolean } {
  const src = cleanPath('/' + source);
  const node = view.get(src, true);
  if (node === undefined) throw missing();
  const o = emptySnapshot().edit({ limitBytes: Number.POSITIVE_INFINITY });
  if (node.kind === 'dir') {
    copyTree(view, src, o, '/');
    return { snap: o.commit().snapshot, file: false };
  }
  copyTree(view, src, o, '/file');
  return { snap: o.commit().snapshot, file: true };
}

function emptyDir(mode = 0o755, uid = 0, gid = 0): Snapshot {
  const o = emptySnapshot().edit();
  o.setMeta('/', { mode, uid, gid });
  return o.commit().snapshot;
}

/** Resolves the target of a mount against WORKDIR; `/` is rejected as BuildKit does. */
export function mountTarget(m: Mount, workdir: string): string {
  let target = m.target;
  if (m.type === 'secret' && target === '') target = `/run/secrets/${secretId(m)}`;
  if (m.type === 'ssh' && target === '') target = '/run/buildkit/ssh_agent.0';
  const abs = cleanPath(target.startsWith('/') ? target : `${workdir}/${target}`);
  if (abs === '/') throw new Error(`invalid mount target "/"`);
  return abs;
}

/** The store id of a cache mount: `id=` or the target, namespaced by `BUILDKIT_CACHE_MOUNT_NS`. */
export function cacheMountId(m: Mount, workdir: string, namespace?: string): string {
  return (namespace ? `${namespace}/` : '') + (m.id !== '' ? m.id : mountTarget(m, workdir));
}

function secretId(m: Mount): string {
  if (m.id !== '') return m.id;
  if (m.source !== '') return m.source;
  return m.target.slice(m.target.lastIndexOf('/') + 1);
}

/** The ref id text for errors on a missing bind source. */
export type MissingSource = (path: string) => Error;

/**
 * Turns the RUN's mounts into contents to graft. Missing optional secrets are skipped;
 * secret `env=` values are returned in `env`.
 */
export function prepareMounts(
  mounts: readonly Mount[],
  workdir: string,
  src: MountSources,
  missing: MissingSource,
  privateIds: ReadonlySet<string> = new Set(),
): { prepared: PreparedMount[]; env: Map<string, string> } {
  const prepared: PreparedMount[] = [];
  const env = new Map<string, string>();
  for (const m of mounts) {
    switch (m.type) {
      case 'bind': {
        const target = mountTarget(m, workdir);
        const view = m.from === '' ? src.context : src.from(m.from);
        const { snap, file } = subtree(view, m.source, () => missing(cleanPath('/' + m.source)));
        prepared.push({ mount: m, target, contents: snap, file });
        break;
      }
      case 'cache': {
        const target = mountTarget(m, workdir);
        const id = cacheMountId(m, workdir, src.cacheNamespace);
        const own = privateIds.has(id);
        let contents = own ? undefined : src.cacheMounts.get(id);
        if (!contents && m.from !== '') contents = subtree(src.from(m.from), m.source, () => missing(cleanPath('/' + m.source))).snap;
        contents ??= emptyDir(m.mode ?? 0o755, m.uid ?? 0, m.gid ?? 0);
        prepared.push({ mount: m, target, contents, file: false, ...(own ? {} : { cacheId: id }) });
        break;
      }
      case 'tmpfs':
        prepared.push({ mount: m, target: mountTarget(m, workdir), contents: emptyDir(0o1777), file: false });
        break;
      case 'secret': {
        const id = secretId(m);
        const data = src.secrets[id];
        if (data === undefined) {
          if (m.required) throw new Error(`secret ${id}: not found`);
          break;
        }
        if (m.env !== undefined) env.set(m.env, new TextDecoder().decode(data));
        if (m.env !== undefined && m.target === '') break;
        const o = emptySnapshot().edit();
        o.writeFile('/file', data, { mode: m.mode ?? 0o400, uid: m.uid ?? 0, gid: m.gid ?? 0 });
        prepared.push({ mount: m, target: mountTarget(m, workdir), contents: o.commit().snapshot, file: true });
        break;
      }
      case 'ssh':
        throw new Error(`no SSH key ${JSON.stringify(m.id || 'default')} forwarded from the client (the stageplay sandbox has no SSH agent)`);
    }
  }
  return { prepared, env };
}

/**
 * The `/etc/hosts` every RUN gets, bind-mounted read-only over the image's (BuildKit's
 * executor `GetHostsFile`/`initHostsFile`): `localhost` and the hostname on 127.0.0.1. What the
 * image has there is hidden during the step and unchanged in its layer.
 */
export function hostsMount(hostname = DEFAULT_HOSTNAME): PreparedMount {
  const o = emptySnapshot().edit();
  o.writeFile('/file', new TextEncoder().encode(`127.0.0.1\tlocalhost ${hostname}\n::1\tlocalhost ip6-localhost ip6-loopback\n`), { mode: 0o644, uid: 0, gid: 0 });
  const mount: Mount = { type: 'bind', from: '', source: '', target: '/etc/hosts', readOnly: true, id: '', sharing: '', required: false };
  return { mount, target: '/etc/hosts', contents: o.commit().snapshot, file: true };
}

/** The mounts every RUN container has before the step's own (runc's defaults as BuildKit sets them up). */
const SYSTEM_MOUNTS: readonly (readonly [string, string, string, string])[] = [
  ['overlay', '/', 'overlay', 'rw,relatime'],
  ['proc', '/proc', 'proc', 'rw,nosuid,nodev,noexec,relatime'],
  ['tmpfs', '/dev', 'tmpfs', 'rw,nosuid,size=65536k,mode=755'],
  ['devpts', '/dev/pts', 'devpts', 'rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=666'],
  ['shm', '/dev/shm', 'tmpfs', 'rw,nosuid,nodev,noexec,relatime,size=65536k'],
  ['mqueue', '/dev/mqueue', 'mqueue', 'rw,nosuid,nodev,noexec,relatime'],
  ['sysfs', '/sys', 'sysfs', 'ro,nosuid,nodev,noexec,relatime'],
  ['cgroup', '/sys/fs/cgroup', 'cgroup2', 'ro,nosuid,nodev,noexec,relatime'],
];

/** One `/proc/mounts` line of a step's mount, as the kernel shows it. */
function mountLine(m: PreparedMount): [string, string, string, string] {
  const ro = m.mount.readOnly ? 'ro' : 'rw';
  switch (m.mount.type) {
    case 'tmpfs': {
      // BuildKit's tmpfsMount: nosuid (+ size=N), which the kernel prints in KiB
      const size = m.mount.sizeLimit ? `,size=${Math.ceil(m.mount.sizeLimit / 1024)}k` : '';
      return ['tmpfs', m.target, 'tmpfs', `${ro},nosuid,relatime${size}`];
    }
    case 'secret':
      return ['tmpfs', m.target, 'tmpfs', `ro,nosuid,nodev,${(m.mount.mode ?? 0o400) & 0o111 ? '' : 'noexec,'}relatime`];
    default:
      return ['overlay', m.target, 'overlay', `${ro},relatime`];
  }
}

/**
 * The RUN container's `/proc`, as far as the sandbox models it: `mounts` lists the runtime's
 * own mounts, then the step's (`/etc/hosts`, `--mount`s), a later one of the same target
 * replacing the earlier (BuildKit's `dedupMounts`). The host paths of overlay options are left out.
 */
export function procMount(mounts: readonly PreparedMount[]): PreparedMount {
  const rows = new Map<string, readonly string[]>();
  for (const r of SYSTEM_MOUNTS) rows.set(r[1], r);
  for (const m of mounts) {
    rows.delete(m.target);
    rows.set(m.target, mountLine(m));
  }
  const o = emptySnapshot().edit();
  o.setMeta('/', { mode: 0o555, uid: 0, gid: 0 });
  o.writeFile('/mounts', new TextEncoder().encode([...rows.values()].map((r) => `${r.join(' ')} 0 0\n`).join('')), { mode: 0o444, uid: 0, gid: 0 });
  const mount: Mount = { type: 'bind', from: '', source: '', target: '/proc', readOnly: true, id: '', sharing: '', required: false };
  return { mount, target: '/proc', contents: o.commit().snapshot, file: false };
}

/** `parent` with every mount's contents placed at its target (missing parents created). */
export function graftMounts(parent: Snapshot, mounts: readonly PreparedMount[]): Snapshot {
  if (mounts.length === 0) return parent;
  const o = parent.edit({ limitBytes: Number.POSITIVE_INFINITY });
  for (const m of mounts) {
    if (o.get(m.target, false) !== undefined) o.rm(m.target, { recursive: true, force: true });
    copyTree(m.contents, m.file ? '/file' : '/', o, m.target);
  }
  return o.commit().snapshot;
}

/**
 * The first path the process wrote under a read-only bind mount, if any: the kernel would
 * have refused that write (`Read-only file system`).
 */
export function readOnlyViolation(mounted: Snapshot, after: Snapshot, mounts: readonly PreparedMount[]): string | undefined {
  for (const m of mounts) {
    if (m.mount.type !== 'bind' || !m.mount.readOnly) continue;
    const before = mounted.get(m.target, false);
    const now = after.get(m.target, false);
    if (before === now) continue;
    if (before?.kind === 'dir' && now?.kind === 'dir') {
      const first = diffTrees(before, now)[0];
      if (!first) continue;
      return `${m.target === '/' ? '' : m.target}${first.path}`;
    }
    return m.target;
  }
  return undefined;
}

function under(path: string, target: string): boolean {
  return path === target || path.startsWith(target === '/' ? '/' : `${target}/`);
}

/** The path a whiteout entry deletes, or the entry's own path. */
function affected(e: TreeEntry): string {
  const name = e.path.slice(e.path.lastIndexOf('/') + 1);
  if (!name.startsWith('.wh.')) return e.path;
  const dir = e.path.slice(0, e.path.lastIndexOf('/'));
  return `${dir}/${name.slice(4)}`;
}

/**
 * After the process: the step's result (`parent` plus the changes made outside mount
 * targets, `.wh.` whiteouts included) and cache-mount contents written back to `store`
 * (merged onto what other steps stored meanwhile).
 */
export function unmount(parent: Snapshot, mounted: Snapshot, after: Snapshot, mounts: readonly PreparedMount[], store: CacheMountStore): Snapshot {
  for (const m of mounts) {
    if (m.cacheId === undefined) continue;
    const o = emptySnapshot().edit({ limitBytes: Number.POSITIVE_INFINITY });
    if (after.get(m.target, true)?.kind === 'dir') copyTree(after, m.target, o, '/');
    const final = o.commit().snapshot;
    const changes = changesToEntries(diffTrees(m.contents.rootDir, final.rootDir), final);
    const current = store.get(m.cacheId) ?? m.contents;
    store.set(m.cacheId, changes.length === 0 ? current : applyLayer(current, changes));
  }
  if (mounts.length === 0) return after;
  const entries = changesToEntries(diffTrees(mounted.rootDir, after.rootDir), after)
    .filter((e) => !mounts.some((m) => under(affected(e), m.target) || (e.type === 'dir' && under(m.target, e.path) && parent.get(e.path, false) === undefined)));
  return entries.length === 0 ? parent : applyLayer(parent, entries);
}
