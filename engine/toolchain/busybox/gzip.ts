import type { Applet } from '../process/proc.ts';
import { getopt } from '../process/proc.ts';
import { resolvePath } from '../process/path.ts';

/** gzip/gunzip through the platform's CompressionStream (Node ≥ 18 and browsers). */
export async function pipe(data: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Response(new Blob([data as BlobPart]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

/** `gzip [-dcfk] [files]`, `gunzip`, `zcat`: files become `file.gz` (or back) unless -c. */
export const gzip: Applet = async (argv, p) => {
  const name = argv[0]!.replace(/^.*\//, '');
  const o = getopt(argv.slice(1), 'dcfkqvn9876543210');
  if (o.bad) return (p.err(`${name}: ${o.bad}\n`), 1);
  const decompress = o.flags.has('d') || name === 'gunzip' || name === 'zcat';
  const toStdout = o.flags.has('c') || name === 'zcat';
  const run = async (data: Uint8Array): Promise<Uint8Array | undefined> => {
    try {
      return await pipe(data, decompress ? new DecompressionStream('gzip') : new CompressionStream('gzip'));
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
