import type { Redirect } from './ast.ts';
import { concatBytes, Input, utf8 } from '../process/proc.ts';
import { resolvePath, dirName } from '../process/path.ts';
import type { WorkFs } from '../../fs/types.ts';

/** Where a command's output goes (text, or bytes from binary-safe applets). */
export type Sink = (s: string | Uint8Array) => void;

/** Text of an output chunk. */
export function chunkText(s: string | Uint8Array): string {
  return typeof s === 'string' ? s : utf8.decode(s);
}

/** The three standard streams of a command. */
export interface Io {
  readonly stdin: Input;
  readonly out: Sink;
  readonly err: Sink;
}

/** A redirection that could not be opened; `message` is ash's (`can't create x: nonexistent directory`). */
export class RedirError extends Error {}

const discard: Sink = () => {};

/** What opening redirections needs from the shell. */
export interface RedirHost {
  readonly fs: WorkFs;
  readonly cwd: string;
  readonly user: { readonly uid: number; readonly gid: number };
  /** Expands a redirection target (no splitting). */
  target(r: Redirect): Promise<string>;
}

/**
 * Applies `redirs` to `io`, returning the new streams and a `close()` that writes buffered
 * file output. Files are created (or truncated) when opened, like the real shell.
 */
export async function openRedirects(redirs: readonly Redirect[], io: Io, h: RedirHost): Promise<{ io: Io; close(): void }> {
  const fds: [Input, Sink, Sink] = [io.stdin, io.out, io.err];
  const files: { path: string; chunks: (string | Uint8Array)[]; base: Uint8Array }[] = [];
  const close = (): void => {
    for (const f of files) writeOut(h, f.path, f.base, f.chunks);
  };
  try {
    for (const r of redirs) {
      if (r.op === '<<' || r.op === '<<-') {
        if (r.fd === 0) fds[0] = new Input(await h.target({ ...r, target: r.heredoc ?? { parts: [], raw: '' } }));
        continue;
      }
      const t = await h.target(r);
      if (r.op === '>&' || r.op === '<&') {
        if (t === '-') {
          if (r.fd === 0) fds[0] = new Input('');
          else if (r.fd <= 2) fds[r.fd] = discard;
          continue;
        }
        if (!/^[0-9]+$/.test(t)) {
          if (r.op === '>&') {
            openWrite(r.fd, t, false);
            if (r.fd === 1) fds[2] = fds[1];
            continue;
          }
          throw new RedirError(`${t}: Bad file descriptor`);
        }
        const n = Number(t);
        if (n > 2) throw new RedirError(`${t}: Bad file descriptor`);
        // only output descriptors are modeled for duplication (`2>&1`, `>&2`); `<&0` is a no-op
        if (r.fd === 0 || n === 0) continue;
        if (r.fd <= 2) fds[r.fd] = fds[n] as Sink;
        continue;
      }
      if (r.op === '<') {
        const data = readIn(h, t);
        if (r.fd === 0) fds[0] = new Input(data);
        continue;
      }
      openWrite(r.fd, t, r.op === '>>');
    }
  } catch (e) {
    close();
    throw e;
  }
  function openWrite(fd: number, t: string, append: boolean): void {
    let sink: Sink;
    if (t === '/dev/null') sink = discard;
    else if (t === '/dev/stdout') sink = io.out;
    else if (t === '/dev/stderr') sink = io.err;
    else {
      const path = resolvePath(h.cwd, t);
      const st = h.fs.stat(path);
      if (st?.type === 'dir') throw new RedirError(`can't create ${t}: Is a directory`);
      if (h.fs.stat(dirName(path))?.type !== 'dir') throw new RedirError(`can't create ${t}: nonexistent directory`);
      const base = append && st ? h.fs.readFile(path) : new Uint8Array();
      writeOut(h, path, base, []);
      const f = { path, chunks: [] as (string | Uint8Array)[], base };
      files.push(f);
      sink = (s) => void f.chunks.push(s);
    }
    if (fd === 1 || fd === 2) fds[fd] = sink;
  }
  return { io: { stdin: fds[0], out: fds[1], err: fds[2] }, close };
}

function readIn(h: RedirHost, t: string): string | Uint8Array {
  if (t === '/dev/null') return '';
  const path = resolvePath(h.cwd, t);
  const st = h.fs.stat(path);
  if (!st) throw new RedirError(`can't open ${t}: no such file`);
  if (st.type === 'dir') return '';
  return h.fs.readFile(path);
}

function writeOut(h: RedirHost, path: string, base: Uint8Array, chunks: readonly (string | Uint8Array)[]): void {
  const data = concatBytes([base, ...chunks.map((c) => (typeof c === 'string' ? utf8.encode(c) : c))]);
  const st = h.fs.stat(path);
  if (st) h.fs.writeFile(path, data, { mode: st.mode, uid: st.uid, gid: st.gid });
  else h.fs.writeFile(path, data, { mode: 0o644, uid: h.user.uid, gid: h.user.gid });
}
