/**
 * The terminal's shell over the learner's workspace: one line runs in the engine's
 * busybox `sh` (`toolchain/sh`), on a small Linux tree whose `/home/learner/project` holds
 * the workspace files, with the busybox applets on PATH and the host's own programs
 * (`docker`, `download`, `file`, `tree`, `curl`, `wget`) beside them. What the line created, changed or
 * deleted under the project directory comes back as changes for the workspace; writes
 * anywhere else are refused after the line (that tree is made afresh for every line) and
 * so are writes over the files a program protects (the Dockerfile a build read).
 */
import { inertControls } from '../report/controls.ts';
import { Snapshot, type Overlay, type TreeEntry, type WorkFs } from '../fs/index.ts';
import { APPLET_NAMES, APPLETS } from '../toolchain/busybox/applets.ts';
import { Input } from '../toolchain/process/proc.ts';
import { readToolMarker, toolMarker } from '../toolchain/marker.ts';
import { resolveProgram } from '../toolchain/registry.ts';
import { ShSyntaxError } from '../toolchain/sh/errors.ts';
import { newShell } from '../toolchain/sh/shell.ts';
import { parseScript } from '../toolchain/sh/parser.ts';
import { chunkText, type Io } from '../toolchain/sh/redirect.ts';
import type { ExecContext, ProcessDeps, ProgramResolver, Toolchain } from '../toolchain/types.ts';
import { curlProgram } from '../toolchain/host/curl.ts';
import { fileProgram } from '../toolchain/host/file.ts';
import { treeProgram } from '../toolchain/host/tree.ts';
import { wgetProgram } from '../toolchain/host/wget.ts';
import type { SimNetwork } from '../toolchain/net.ts';

/** Where the workspace is mounted, and the shell's home. */
export const PROJECT_DIR = '/home/learner/project';
export const HOME_DIR = '/home/learner';

import { asWorkspaceContent, workspaceMode, type WorkspaceContent } from './workspace-content.ts';

export { asWorkspaceContent, workspaceMode, type WorkspaceContent };

/** The learner's account: the shell runs as uid 1000, as on a desktop. */
const LEARNER = { uid: 1000, gid: 1000, name: 'learner' } as const;

/** The shell state one line leaves for the next: working directory and variables. */
export class ShellSession {
  cwd = PROJECT_DIR;
  vars = new Map<string, string>([
    ['HOME', HOME_DIR],
    ['PATH', '/usr/local/bin:/usr/bin:/bin'],
    ['USER', LEARNER.name],
    ['LOGNAME', LEARNER.name],
    ['SHELL', '/bin/sh'],
    ['TERM', 'xterm-256color'],
    ['PWD', PROJECT_DIR],
  ]);
  exported = new Set(this.vars.keys());
}

/** What a host program learns about the line it runs in. */
export interface HostLineApi {
  /** True when `write` (the program's stdout or stderr) reaches the terminal itself, not a file or pipe. */
  isTerminal(write: (chunk: string) => void): boolean;
  /**
   * The terminal's stderr as it is, for a host program's own display (the build's tty view
   * redraws in place). Everything else programs write to a terminal is shown inert
   * (`inertControls`): only the sandbox's own sequences drive it.
   */
  terminalStderr(text: string): void;
  /** Workspace paths (relative) that this line must not change (the Dockerfile a build read). */
  protect(path: string): void;
  /** The workspace path of an absolute path, or `null` outside the project directory. */
  workspacePath(abs: string): string | null;
}

/** One line to run. */
export interface HostLineRequest {
  readonly line: string;
  /** The workspace, by path relative to its root. */
  readonly files: ReadonlyMap<string, WorkspaceContent>;
  readonly session: ShellSession;
  /** The host's programs by name (`docker`, `download`, `history`, `help`, `clear`), made for this line. */
  readonly programs: (api: HostLineApi) => Readonly<Record<string, Toolchain>>;
  /** Where the terminal's text goes; `tty` when it is a terminal. */
  stdout(text: string): void;
  stderr(text: string): void;
  readonly tty: boolean;
  readonly signal?: AbortSignal;
  /** The clock, seconds since the epoch: the files' times (the workspace keeps none) and new files' (default 0). */
  readonly now?: number;
  /** The host's network namespace (`curl localhost:3000` reaches ports `docker run -p` published); absent: every dial is refused. */
  readonly net?: SimNetwork;
  /** The platform's hashing and gzip for the line's programs (`sha256sum`, `gzip`, `tar -z`). */
  readonly deps: ProcessDeps;
}

/** What a line did to the workspace. */
export interface HostLineResult {
  readonly exitCode: number;
  /** New or changed files (relative paths). */
  readonly written: ReadonlyMap<string, WorkspaceContent>;
  /** Removed files (relative paths). */
  readonly deleted: readonly string[];
}

const enc = new TextEncoder();

/** The host's own programs, installed in /usr/bin beside busybox's links. */
const HOST_TOOLS = ['docker', 'download', 'file', 'tree', 'curl', 'wget', 'clear', 'help', 'history'] as const;

let base: Snapshot | undefined;

/** The fixed part of the tree: busybox and its links, the host tools, /etc, the learner's home. */
function baseTree(): Snapshot {
  if (base) return base;
  const dir = (path: string, mode = 0o755, uid = 0): TreeEntry => ({ path, type: 'dir', mode, uid, gid: uid, mtime: 0 });
  const file = (path: string, content: Uint8Array, mode = 0o644): TreeEntry => ({ path, type: 'file', mode, uid: 0, gid: 0, mtime: 0, content });
  const entries: TreeEntry[] = [
    dir('/bin'), dir('/etc'), dir('/home'), dir(HOME_DIR, 0o755, LEARNER.uid), dir('/tmp', 0o1777), dir('/usr'), dir('/usr/bin'), dir('/usr/local'), dir('/usr/local/bin'),
    file('/bin/busybox', toolMarker('busybox'), 0o755),
    file('/etc/passwd', enc.encode(`root:x:0:0:root:/root:/bin/sh\n${LEARNER.name}:x:${LEARNER.uid}:${LEARNER.gid}:Learner:${HOME_DIR}:/bin/sh\n`)),
    file('/etc/group', enc.encode(`root:x:0:root\n${LEARNER.name}:x:${LEARNER.gid}:\n`)),
    file('/etc/hostname', enc.encode('stageplay\n')),
  ];
  for (const n of ['sh', ...APPLET_NAMES]) {
    if (n !== 'busybox') entries.push({ path: `/bin/${n}`, type: 'symlink', mode: 0o777, uid: 0, gid: 0, mtime: 0, target: '/bin/busybox' });
  }
  for (const t of HOST_TOOLS) entries.push(file(`/usr/bin/${t}`, toolMarker(`host-${t}`), 0o755));
  base = Snapshot.fromEntries(entries);
  return base;
}

/** The workspace under PROJECT_DIR on a fresh overlay. */
function mount(files: ReadonlyMap<string, WorkspaceContent>, now: number): Overlay {
  const fs = baseTree().edit({ limitBytes: 1 << 30, now });
  const owner = { uid: LEARNER.uid, gid: LEARNER.gid, mtime: now };
  fs.mkdir(PROJECT_DIR, { mode: 0o755, ...owner, recursive: true });
  for (const [path, content] of files) {
    const abs = `${PROJECT_DIR}/${path}`;
    fs.mkdir(abs.slice(0, abs.lastIndexOf('/')), { recursive: true, mode: 0o755, ...owner });
    fs.writeFile(abs, typeof content === 'string' ? enc.encode(content) : content, { mode: workspaceMode(content), ...owner });
  }
  fs.commit(); // changes are measured from here
  return fs;
}

/** Every regular file under `dir` (absolute), as paths relative to `dir`. */
export function filesUnder(fs: WorkFs, dir: string): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const walk = (abs: string, rel: string) => {
    for (const name of fs.readdir(abs)) {
      const a = `${abs}/${name}`;
      const r = rel ? `${rel}/${name}` : name;
      const st = fs.lstat(a);
      if (st?.type === 'dir') walk(a, r);
      else if (st?.type === 'file') out.set(r, fs.readFile(a));
    }
  };
  if (fs.stat(dir)?.type === 'dir') walk(dir, '');
  return out;
}

/** Run one terminal line over the workspace. Never throws for the learner's mistakes. */
export async function runHostLine(req: HostLineRequest): Promise<HostLineResult> {
  const fs = mount(req.files, Math.floor(req.now ?? 0));
  // What programs print reaches a terminal inert (C0 and C1 controls as `^[`, `M-^[`).
  const stdout = req.tty ? (t: string) => req.stdout(inertControls(t)) : (t: string) => req.stdout(t);
  const stderr = req.tty ? (t: string) => req.stderr(inertControls(t)) : (t: string) => req.stderr(t);
  const protectedPaths = new Set<string>();
  // Each program's stdout/stderr is a wrapper around the shell's current sink; a probe (an
  // empty write) tells whether that sink is the terminal's own.
  let probing: ((chunk: string) => void) | undefined;
  let probeHit = false;
  const top = (write: (t: string) => void) => (s: string | Uint8Array) => {
    const t = chunkText(s);
    if (probing) {
      if (t === '') probeHit = true;
      return;
    }
    write(t);
  };
  const api: HostLineApi = {
    isTerminal(write) {
      if (!req.tty) return false;
      probing = write;
      probeHit = false;
      try {
        write('');
      } finally {
        probing = undefined;
      }
      return probeHit;
    },
    terminalStderr: (text) => req.stderr(text),
    protect: (path) => void protectedPaths.add(path),
    workspacePath: (abs) => (abs === PROJECT_DIR ? '' : abs.startsWith(`${PROJECT_DIR}/`) ? abs.slice(PROJECT_DIR.length + 1) : null),
  };
  const hostTools = req.programs(api);
  const tools: Record<string, Toolchain> = { ...hostTools, file: fileProgram, tree: treeProgram, curl: curlProgram, wget: wgetProgram };
  const programs: ProgramResolver = (path, f) => {
    const marker = readToolMarker(f.readHead(path, 4096));
    if (marker?.startsWith('host-')) return tools[marker.slice(5)];
    return resolveProgram(path, f);
  };
  const s = req.session;
  const ctx: ExecContext = {
    fs,
    env: new Map([...s.exported].filter((k) => s.vars.has(k)).map((k) => [k, s.vars.get(k)!])),
    cwd: fs.stat(s.cwd)?.type === 'dir' ? s.cwd : PROJECT_DIR,
    user: LEARNER,
    platform: 'linux/amd64',
    now: Math.floor(req.now ?? 0),
    stdin: new Uint8Array(),
    stdout: (t) => stdout(t),
    stderr: (t) => stderr(t),
    programs,
    deps: req.deps,
    ...(req.signal ? { signal: req.signal } : {}),
    ...(req.net ? { net: req.net } : {}),
  };
  const sh = newShell(ctx, { arg0: 'sh', positional: [], applets: APPLETS });
  for (const [k, v] of s.vars) sh.vars.set(k, v);
  const io: Io = { stdin: new Input(''), out: top(stdout), err: top(stderr) };
  let exitCode: number;
  try {
    const list = parseScript(req.line);
    exitCode = await sh.runIsolated(list, io);
  } catch (e) {
    if (e instanceof ShSyntaxError) {
      req.stderr(`sh: ${e.message}\n`);
      exitCode = 2;
    } else if (req.signal?.aborted) {
      // Ctrl+C between commands: the line stops there (SIGINT's status); what it wrote so far is kept.
      // A program that handles it (docker build cancels, exit 1) and ends the line gives its own status.
      exitCode = 130;
    } else throw e;
  }
  // the shell's state for the next line (a subshell's cd stays in the subshell, as in sh)
  s.cwd = sh.cwd;
  s.vars = new Map(sh.vars);
  s.exported = new Set(sh.exported);
  const result = collect(fs, req.files, protectedPaths);
  for (const m of result.refused) req.stderr(m);
  return { exitCode: result.refused.length > 0 && exitCode === 0 ? 1 : exitCode, written: result.written, deleted: result.deleted };
}

/** The line's changes: those under the project directory become workspace changes; the rest are refused with a message. */
function collect(fs: Overlay, before: ReadonlyMap<string, WorkspaceContent>, protectedPaths: ReadonlySet<string>) {
  const { changes } = fs.commit();
  const refused: string[] = [];
  const roots = new Set<string>();
  for (const c of changes) {
    if (c.path === PROJECT_DIR || c.path.startsWith(`${PROJECT_DIR}/`)) roots.add(c.path);
    else if (!PROJECT_DIR.startsWith(`${c.path}/`)) {
      refused.push(`stageplay: ${c.path}: not kept: only files under ${PROJECT_DIR} (the workspace) are saved; the rest of this filesystem is fresh for every line\n`);
    }
    // otherwise a parent of the project changed only because something under it did
  }
  if (fs.stat(PROJECT_DIR)?.type !== 'dir') {
    refused.push(`stageplay: ${PROJECT_DIR}: not removed: it holds the workspace (nothing was lost)\n`);
    return { written: new Map<string, WorkspaceContent>(), deleted: [], refused };
  }
  const now = filesUnder(fs, PROJECT_DIR);
  const written = new Map<string, WorkspaceContent>();
  const deleted: string[] = [];
  const touched = (rel: string) => [...roots].some((r) => {
    const rr = r === PROJECT_DIR ? '' : r.slice(PROJECT_DIR.length + 1);
    return rr === '' || rel === rr || rel.startsWith(`${rr}/`);
  });
  const refuse = (rel: string) => {
    refused.push(`stageplay: ${rel}: not changed: it is the Dockerfile this line builds (your Dockerfile is unchanged)\n`);
  };
  for (const [rel, bytes] of now) {
    if (!touched(rel)) continue;
    const old = before.get(rel);
    if (old !== undefined && sameContent(old, bytes)) continue;
    if (protectedPaths.has(rel)) {
      refuse(rel);
      continue;
    }
    written.set(rel, asWorkspaceContent(bytes));
  }
  for (const rel of before.keys()) {
    if (now.has(rel) || !touched(rel)) continue;
    if (protectedPaths.has(rel)) refuse(rel);
    else deleted.push(rel);
  }
  return { written, deleted, refused };
}

function sameContent(old: WorkspaceContent, bytes: Uint8Array): boolean {
  const a = typeof old === 'string' ? enc.encode(old) : old;
  if (a.length !== bytes.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== bytes[i]) return false;
  return true;
}

