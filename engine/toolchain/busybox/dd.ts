import type { Applet, Proc } from '../process/proc.ts';
import { errText } from '../process/proc.ts';
import { resolvePath } from '../process/path.ts';
import { mulberry32 } from '../../util/prng.ts';
import { nowOf } from './ls.ts';
import { DEFAULT_LIMIT_BYTES } from '../../fs/overlay.ts';

/** busybox's size suffixes (`bs=1M`, `count=2k`). */
const SUFFIX: Record<string, number> = { '': 1, c: 1, w: 2, b: 512, kB: 1000, k: 1024, K: 1024, MB: 1_000_000, M: 1024 ** 2, GB: 1_000_000_000, G: 1024 ** 3 };

/** Modeled copy speed for the third status line and the step's modeled time. */
const BYTES_PER_SECOND = 512 * 1024 * 1024;

function size(v: string): number | undefined {
  const m = /^(\d+)([a-zA-Z]*)$/.exec(v);
  const mult = m ? SUFFIX[m[2]!] : undefined;
  return m && mult !== undefined ? Number(m[1]) * mult : undefined;
}

/** busybox `make_human_readable_str(n, 1, 0)`: `10`, `1.0K`, `1.5M`. */
function human(n: number): string {
  const units = ['', 'K', 'M', 'G', 'T'];
  let u = 0;
  let v = n;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? String(Math.round(v)) : `${v.toFixed(1)}${units[u]}`;
}

/**
 * `dd [if=F] [of=F] [bs=N] [ibs=N] [obs=N] [count=N] [skip=N] [seek=N] [conv=notrunc] [status=none|noxfer]`,
 * busybox's operands and status lines. `/dev/zero` and `/dev/urandom` (deterministic bytes
 * here) are sources that need `count=`; `/dev/null` reads empty and discards.
 */
export const dd: Applet = (argv, p) => {
  const ops = new Map<string, string>();
  for (const a of argv.slice(1)) {
    const eq = a.indexOf('=');
    const key = a.slice(0, eq);
    if (eq <= 0 || !['if', 'of', 'bs', 'ibs', 'obs', 'count', 'skip', 'seek', 'conv', 'status', 'iflag', 'oflag'].includes(key)) {
      p.err(`dd: invalid argument '${a}'\n`);
      return 1;
    }
    ops.set(key, a.slice(eq + 1));
  }
  let invalid = false;
  const num = (key: string, dflt: number): number | undefined => {
    const v = ops.get(key);
    if (v === undefined) return dflt;
    const n = size(v);
    if (n === undefined && !invalid) p.err(`dd: invalid number '${v}'\n`);
    if (n === undefined) invalid = true;
    return n;
  };
  const bs = ops.has('bs') ? num('bs', 512) : undefined;
  const ibs = bs ?? num('ibs', 512);
  const obs = bs ?? num('obs', 512);
  const count = ops.has('count') ? num('count', 0) : Infinity;
  const skip = num('skip', 0);
  const seek = num('seek', 0);
  if (invalid || ibs === 0 || obs === 0) {
    if (ibs === 0 || obs === 0) p.err(`dd: invalid number '0'\n`);
    return 1;
  }
  const conv = (ops.get('conv') ?? '').split(',').filter(Boolean);
  const status = ops.get('status');
  const input = readInput(p, ops.get('if'), ibs!, count!, skip!);
  if (typeof input === 'number') return input;
  const data = input;
  const outPath = ops.get('of');
  if (outPath === undefined) p.outBytes(data);
  else if (outPath !== '/dev/null') {
    const path = resolvePath(p.cwd, outPath);
    try {
      const st = p.fs.stat(path);
      const old = st?.type === 'file' ? p.fs.readFile(path) : new Uint8Array(0);
      const at = seek! * obs!;
      const keepAfter = conv.includes('notrunc');
      const len = keepAfter ? Math.max(old.byteLength, at + data.byteLength) : at + data.byteLength;
      const out = new Uint8Array(len);
      out.set(old.subarray(0, Math.min(old.byteLength, keepAfter ? len : at)));
      out.set(data, at);
      p.fs.writeFile(path, out, st ? { mode: st.mode, uid: st.uid, gid: st.gid, mtime: nowOf(p) } : { mode: 0o644, uid: p.user.uid, gid: p.user.gid, mtime: nowOf(p) });
    } catch (e) {
      p.err(`dd: can't open '${outPath}': ${errText(e)}\n`);
      return 1;
    }
  }
  const seconds = data.byteLength / BYTES_PER_SECOND + 0.000_1;
  p.spend(seconds * 1000);
  if (status !== 'none') {
    const rec = (n: number, b: number) => `${Math.floor(n / b)}+${n % b > 0 ? 1 : 0}`;
    p.err(`${rec(data.byteLength, ibs!)} records in\n${rec(data.byteLength, obs!)} records out\n`);
    if (status !== 'noxfer') {
      p.err(`${data.byteLength} bytes (${human(data.byteLength)}B) copied, ${seconds.toFixed(6)} seconds, ${human(data.byteLength / seconds)}B/s\n`);
    }
  }
  return 0;
};

/** The bytes `dd` copies: `count` blocks of `ibs` after skipping `skip`; a number is an exit status. */
function readInput(p: Proc, name: string | undefined, ibs: number, count: number, skip: number): Uint8Array | number {
  const want = count === Infinity ? Infinity : count * ibs;
  if (name === '/dev/zero' || name === '/dev/urandom') {
    if (want === Infinity) {
      p.err(`dd: reading ${name} without count= never ends (stageplay stops it)\n`);
      return 1;
    }
    if (want > DEFAULT_LIMIT_BYTES) {
      p.err(`dd: ${want} bytes from ${name} is more than a stage's ${DEFAULT_LIMIT_BYTES / 1024 ** 2} MiB: No space left on device\n`);
      return 1;
    }
    const out = new Uint8Array(want);
    if (name === '/dev/urandom') {
      const next = mulberry32(want ^ skip);
      for (let i = 0; i < want; i++) out[i] = Math.floor(next() * 256);
    }
    return out;
  }
  let all: Uint8Array;
  if (name === undefined || name === '-') all = p.stdin.readAllBytes();
  else if (name === '/dev/null') all = new Uint8Array(0);
  else {
    try {
      all = p.fs.readFile(resolvePath(p.cwd, name));
    } catch (e) {
      p.err(`dd: can't open '${name}': ${errText(e)}\n`);
      return 1;
    }
  }
  const from = Math.min(all.byteLength, skip * ibs);
  return all.subarray(from, want === Infinity ? all.byteLength : Math.min(all.byteLength, from + want));
}

/** One pipe buffer: what `yes` writes before its reader, in a real pipeline, would have closed the pipe. */
export const YES_BYTES = 64 * 1024;

/**
 * `yes [STRING]...`: the line (default `y`) again and again. Pipelines here run one command
 * after the other, so `yes` cannot wait for its reader to close the pipe: it writes one
 * pipe buffer (64 KiB) of lines and ends as SIGPIPE would end it (status 141).
 */
export const yes: Applet = (argv, p) => {
  const line = (argv.length > 1 ? argv.slice(1).join(' ') : 'y') + '\n';
  p.out(line.repeat(Math.max(1, Math.floor(YES_BYTES / line.length))));
  return 141;
};
