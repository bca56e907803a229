/**
 * `file [-b] FILE...`: the type of each file in file(1)'s words (file 5.44), read from its
 * bytes: ELF executables (class, byte order, machine, static or dynamic, stripped or not:
 * from the program and section headers), Mach-O and PE headers, tar and gzip archives,
 * JSON, scripts, and text (ASCII or UTF-8, CRLF and missing final newline noted). Not a
 * busybox applet (busybox has no `file`): the sandbox terminal's own program.
 */
import type { WorkFs } from '../../fs/types.ts';
import { resolvePath } from '../process/path.ts';
import type { ExecContext, ExecResult, Toolchain } from '../types.ts';

const fatal = new TextDecoder('utf-8', { fatal: true });

/** e_machine values file names. */
const MACHINES: Record<number, string> = { 3: 'Intel 80386', 40: 'ARM', 62: 'x86-64', 183: 'ARM aarch64', 243: 'UCB RISC-V', 21: '64-bit PowerPC or cisco 7500', 22: 'IBM S/390' };

/** What file(1) says about an ELF image. */
function describeElf(b: Uint8Array): string {
  const is64 = b[4] === 2;
  const le = b[5] === 1;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const u16 = (o: number) => v.getUint16(o, le);
  const u32 = (o: number) => v.getUint32(o, le);
  const word = (o: number) => (is64 ? Number(v.getBigUint64(o, le)) : u32(o));
  const type = u16(16);
  const machine = u16(18);
  const flags = u32(is64 ? 48 : 36);
  const kind = type === 2 ? 'executable' : type === 3 ? 'shared object' : type === 1 ? 'relocatable' : type === 4 ? 'core file' : 'unknown type';
  let name = MACHINES[machine] ?? `*unknown arch 0x${machine.toString(16)}*`;
  if (machine === 40 && flags >>> 24 !== 0) name += `, EABI${flags >>> 24}`;
  const parts = [`ELF ${is64 ? 64 : 32}-bit ${le ? 'LSB' : 'MSB'} ${kind}`, name, `version ${b[6]} (${b[7] === 3 ? 'GNU/Linux' : 'SYSV'})`];
  // program headers: PT_INTERP (3) or PT_DYNAMIC (2) make it dynamically linked
  const phoff = word(is64 ? 32 : 28);
  const phentsize = u16(is64 ? 54 : 42);
  const phnum = u16(is64 ? 56 : 44);
  let dynamic = false;
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * phentsize;
    if (o + 4 > b.length) break;
    const pt = u32(o);
    if (pt === 3 || pt === 2) dynamic = true;
  }
  if (type === 2 || type === 3) parts.push(dynamic ? 'dynamically linked' : 'statically linked');
  // section headers: a SHT_SYMTAB (2) section means not stripped
  const shoff = word(is64 ? 40 : 32);
  const shentsize = u16(is64 ? 58 : 46);
  const shnum = u16(is64 ? 60 : 48);
  let symtab = false;
  for (let i = 0; i < shnum; i++) {
    const o = shoff + i * shentsize;
    if (o + 8 > b.length) break;
    if (u32(o + 4) === 2) symtab = true;
  }
  if (shnum > 0) parts.push(symtab ? 'not stripped' : 'stripped');
  return parts.join(', ');
}

/** Text: ASCII or UTF-8, with file's notes on line ends. */
function describeText(b: Uint8Array, executable: boolean): string | undefined {
  let text: string;
  try {
    text = fatal.decode(b);
  } catch {
    return undefined;
  }
  if (/[\0-\x06\x0e-\x1a\x1c-\x1f\x7f]/.test(text)) return undefined;
  const ascii = !/[^\x00-\x7f]/.test(text);
  let kind = ascii ? 'ASCII text' : 'Unicode text, UTF-8 text';
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(text);
  if (shebang) {
    const interp = shebang[1]!.endsWith('/env') ? (shebang[2] ?? '') : shebang[1]!.split('/').pop()!;
    const script = interp === 'sh' ? 'POSIX shell script' : interp === 'bash' ? 'Bourne-Again shell script' : interp.startsWith('python') ? 'Python script' : `a ${shebang[1]} script`;
    kind = `${script}, ${kind}${executable ? ' executable' : ''}`;
  } else if (/^\s*[[{]/.test(text)) {
    try {
      JSON.parse(text);
      return 'JSON text data';
    } catch {
      // not JSON: text
    }
  }
  const notes: string[] = [];
  if (/\r\n/.test(text)) notes.push('with CRLF line terminators');
  if (!text.endsWith('\n') && !text.endsWith('\r')) notes.push('with no line terminators');
  return [kind, ...notes].join(', ');
}

/** file(1)'s description of `path`'s content. */
export function describeFile(fs: WorkFs, path: string): string {
  const st = fs.lstat(path);
  if (!st) throw new Error('ENOENT');
  if (st.type === 'symlink') return `symbolic link to ${fs.readlink(path)}`;
  if (st.type === 'dir') return 'directory';
  if (st.size === 0) return 'empty';
  return describeContent(fs.readFile(path), (st.mode & 0o111) !== 0);
}

/** file(1)'s description of a regular file's bytes (`executable`: its mode has an x bit). */
export function describeContent(bytes: Uint8Array, executable: boolean): string {
  if (bytes.length === 0) return 'empty';
  const head = bytes.subarray(0, 4096);
  if (head.length >= 20 && head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46) return describeElf(bytes);
  const u32le = head.length >= 4 ? new DataView(head.buffer, head.byteOffset, head.byteLength).getUint32(0, true) : 0;
  if (u32le === 0xfeedfacf) {
    const cpu = new DataView(head.buffer, head.byteOffset, head.byteLength).getUint32(4, true);
    return `Mach-O 64-bit ${cpu === 0x0100000c ? 'arm64' : cpu === 0x01000007 ? 'x86_64' : 'unknown'} executable`;
  }
  if (head[0] === 0x4d && head[1] === 0x5a) return 'PE32+ executable (console) x86-64, for MS Windows';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip compressed data';
  if (head.length >= 263 && String.fromCharCode(...head.subarray(257, 262)) === 'ustar') {
    return head[262] === 0x20 ? 'POSIX tar archive (GNU)' : 'POSIX tar archive';
  }
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 3 && head[3] === 4) return 'Zip archive data';
  return describeText(bytes, executable) ?? 'data';
}

/** The `file` program. */
export const fileProgram: Toolchain = {
  name: 'file',
  run(argv: readonly string[], ctx: ExecContext): Promise<ExecResult> {
    let brief = false;
    const names: string[] = [];
    for (const a of argv.slice(1)) {
      if (a === '-b' || a === '--brief') brief = true;
      else if (a.startsWith('-') && a !== '-') {
        ctx.stderr(`file: invalid option -- '${a.slice(1)}'\nUsage: file [-b] FILE...\n`);
        return Promise.resolve({ exitCode: 1, modeledMs: 1 });
      } else names.push(a);
    }
    if (names.length === 0) {
      ctx.stderr('Usage: file [-b] FILE...\n');
      return Promise.resolve({ exitCode: 1, modeledMs: 1 });
    }
    const width = Math.max(...names.map((n) => n.length)) + 1;
    for (const n of names) {
      const abs = resolvePath(ctx.cwd, n);
      let what: string;
      try {
        what = describeFile(ctx.fs, abs);
      } catch {
        what = `cannot open \`${n}' (No such file or directory)`;
      }
      ctx.stdout(brief ? `${what}\n` : `${`${n}:`.padEnd(names.length > 1 ? width : 0)} ${what}\n`);
    }
    return Promise.resolve({ exitCode: 0, modeledMs: 1 });
  },
};
