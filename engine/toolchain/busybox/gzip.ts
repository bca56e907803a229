import type { Applet } from '../process/proc.ts';
import { getopt } from '../process/proc.ts';
import { resolvePath } from '../process/path.ts';

/**
 * `gzip [-dcfk] [files]`, `gunzip`, `zcat`: files become `file.gz` (or back) unless -c. The
 * bytes come from the platform's gzip (`Proc.deps.gzip`: one member, MTIME 0, as Go writes
 * it), which gunzip and real gzip read.
 */
export const gzip: Applet = async (argv, p) => {
  const name = argv[0]!.replace(/^.*\//, '');
  const o = getopt(argv.slice(1), 'dcfkqvn9876543210');
  if (o.bad) return (p.err(`${name}: ${o.bad}\n`), 1);
  const decompress = o.flags.has('d') || name === 'gunzip' || name === 'zcat';
  const toStdout = o.flags.has('c') || name === 'zcat';
  const run = async (data: Uint8Array): Promise<Uint8Array | undefined> => {
    try {
      return decompress ? await p.deps.gzip.gunzip(data) : await p.deps.gzip.gzip([data]);
    } catch {
      p.err(`${name}: invalid magic\n`);
      return undefined;
    }
  };
  if (o.rest.length === 0) {
    const out = await run(p.stdin.readAllBytes());
    if (!out) return 1;
    p.outBytes(out);
    return 0;
  }
  let status = 0;
  for (const f of o.rest) {
    const abs = resolvePath(p.cwd, f);
    const st = p.fs.stat(abs);
    if (st?.type !== 'file') {
      p.err(`${name}: can't open '${f}': No such file or directory\n`);
      status = 1;
      continue;
    }
    if (decompress && !toStdout && !f.endsWith('.gz')) {
      p.err(`${name}: ${f}: unknown suffix - ignored\n`);
      status = 1;
      continue;
    }
    const out = await run(p.fs.readFile(abs));
    if (!out) {
      status = 1;
      continue;
    }
    p.spend(out.length / 50e6 * 1000);
    if (toStdout) {
      p.outBytes(out);
      continue;
    }
    const target = decompress ? abs.slice(0, -3) : `${abs}.gz`;
    p.fs.writeFile(target, out, { mode: st.mode, uid: st.uid, gid: st.gid });
    if (!o.flags.has('k')) p.fs.rm(abs);
  }
  return status;
};
