/**
 * The library packages the simulated Go provides, by import path: fmt, os, log, io,
 * io/ioutil, errors, strings, strconv, flag, net/http, github.com/spf13/pflag and
 * github.com/google/uuid. A name a package does not list here fails when it runs.
 */
import { flagLibraries } from './flags.ts';
import { quote, sprint, sprintf, sprintln } from './fmt.ts';
import type { Serving } from './http.ts';
import { bodies, httpLibrary } from './http.ts';
import type { Library } from './machine.ts';
import type { GoProcess } from './process.ts';
import type { Gen, Goroutine, Pos, Value } from './values.ts';
import { Exit, GoBytes, GoError, GoObject, Panic, Tuple, Unsupported, fromUtf8, native, utf8 } from './values.ts';

/** An `io.Writer` that hands what it is given to `out`. */
function writer(type: string, text: string, out: (s: string) => void): GoObject {
  return new GoObject(type, {}, {
    Write: native(`${type}.Write`, ([b]) => {
      const bytes = b instanceof GoBytes ? b.bytes : utf8(String(b));
      out(fromUtf8(bytes));
      return new Tuple([bytes.length, null]);
    }),
  }, text);
}

/** Writes `s` to the `io.Writer` `w` (a file, a ResponseWriter). */
function* writeTo(w: Value, s: string, at: Pos, g: Goroutine): Gen<Value> {
  if (!(w instanceof GoObject) || !w.methods['Write']) throw new Unsupported(`writing to a ${w === null ? 'nil' : (w as GoObject).type ?? typeof w}`, at);
  return yield* w.methods['Write'].call([new GoBytes(utf8(s))], at, g);
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** The packages for one process. */
export function libraries(proc: GoProcess, serving: Serving): Map<string, Library> {
  const stdout = writer('*os.File', '&{0xc000054060}', (s) => proc.stdout(s));
  const stderr = writer('*os.File', '&{0xc0000540c0}', (s) => proc.stderr(s));
  const printed = (s: string): Value => new Tuple([utf8(s).length, null]);

  let logFlags = 3;
  let logPrefix = '';
  const logLine = (msg: string, at: Pos): string => {
    const t = new Date(proc.seconds() * 1000);
    let head = '';
    if (logFlags & 1) head += `${t.getUTCFullYear()}/${pad(t.getUTCMonth() + 1)}/${pad(t.getUTCDate())} `;
    if (logFlags & 2) head += `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}${logFlags & 4 ? '.000000' : ''} `;
    if (logFlags & 24) head += `${logFlags & 16 ? at.file.slice(at.file.lastIndexOf('/') + 1) : at.file}:${at.line}: `;
    const line = logFlags & 64 ? head + logPrefix + msg : logPrefix + head + msg;
    return line.endsWith('\n') ? line : `${line}\n`;
  };
  const log = (fn: string, format: (a: Value[]) => string, then?: 'exit' | 'panic') =>
    native(`log.${fn}`, (args, at, g) => {
      const msg = format(args);
      proc.stderr(logLine(msg, at));
      if (then === 'exit') throw new Exit(1);
      if (then === 'panic') throw new Panic(msg, [...g.stack].reverse());
      return null;
    });
  const logf = (a: Value[]): string => sprintf(String(a[0]), a.slice(1));

  const { pflag, flag } = flagLibraries(proc);
  const random = (): string => {
    const b = Array.from({ length: 16 }, () => proc.random() & 0xff);
    b[6] = (b[6]! & 0x0f) | 0x40;
    b[8] = (b[8]! & 0x3f) | 0x80;
    const h = b.map((x) => x.toString(16).padStart(2, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };
  const readAll = native('io.ReadAll', ([r], at) => {
    const read = r instanceof GoObject ? bodies.get(r) : undefined;
    if (!read) throw new Unsupported(`reading from a ${r instanceof GoObject ? r.type : String(r)}`, at);
    return new Tuple([new GoBytes(read()), null]);
  });
  const str = (v: Value | undefined): string => String(v ?? '');

  return new Map<string, Library>([
    ['fmt', {
      Println: native('fmt.Println', (a) => (proc.stdout(sprintln(a)), printed(sprintln(a)))),
      Print: native('fmt.Print', (a) => (proc.stdout(sprint(a)), printed(sprint(a)))),
      Printf: native('fmt.Printf', (a) => {
        const s = sprintf(str(a[0]), a.slice(1));
        proc.stdout(s);
        return printed(s);
      }),
      Sprintf: native('fmt.Sprintf', (a) => sprintf(str(a[0]), a.slice(1))),
      Sprint: native('fmt.Sprint', (a) => sprint(a)),
      Sprintln: native('fmt.Sprintln', (a) => sprintln(a)),
      Errorf: native('fmt.Errorf', (a) => new GoError(sprintf(str(a[0]).replace(/%w/g, '%v'), a.slice(1)), '*fmt.wrapError')),
      Fprintln: native('fmt.Fprintln', (a, at, g) => writeTo(a[0] ?? null, sprintln(a.slice(1)), at, g)),
      Fprint: native('fmt.Fprint', (a, at, g) => writeTo(a[0] ?? null, sprint(a.slice(1)), at, g)),
      Fprintf: native('fmt.Fprintf', (a, at, g) => writeTo(a[0] ?? null, sprintf(str(a[1]), a.slice(2)), at, g)),
    }],
    ['os', {
      Stdout: stdout,
      Stderr: stderr,
      Exit: native('os.Exit', ([c]) => {
        throw new Exit(Number(c ?? 0));
      }),
      Getenv: native('os.Getenv', ([k]) => proc.opts.env.get(str(k)) ?? ''),
    }],
    ['log', {
      Println: log('Println', (a) => sprintln(a)),
      Print: log('Print', (a) => sprint(a)),
      Printf: log('Printf', logf),
      Fatal: log('Fatal', (a) => sprint(a), 'exit'),
      Fatalln: log('Fatalln', (a) => sprintln(a), 'exit'),
      Fatalf: log('Fatalf', logf, 'exit'),
      Panic: log('Panic', (a) => sprint(a), 'panic'),
      Panicf: log('Panicf', logf, 'panic'),
      SetFlags: native('log.SetFlags', ([f]) => ((logFlags = Number(f)), null)),
      SetPrefix: native('log.SetPrefix', ([p]) => ((logPrefix = str(p)), null)),
      Flags: native('log.Flags', () => logFlags),
      Prefix: native('log.Prefix', () => logPrefix),
      Ldate: 1, Ltime: 2, Lmicroseconds: 4, Llongfile: 8, Lshortfile: 16, LUTC: 32, Lmsgprefix: 64, LstdFlags: 3,
    }],
    ['io', { ReadAll: readAll, EOF: new GoError('EOF') }],
    ['io/ioutil', { ReadAll: readAll }],
    ['errors', { New: native('errors.New', ([m]) => new GoError(str(m))) }],
    ['strings', {
      ToUpper: native('strings.ToUpper', ([s]) => str(s).toUpperCase()),
      ToLower: native('strings.ToLower', ([s]) => str(s).toLowerCase()),
      TrimSpace: native('strings.TrimSpace', ([s]) => str(s).trim()),
      TrimPrefix: native('strings.TrimPrefix', ([s, p]) => (str(s).startsWith(str(p)) ? str(s).slice(str(p).length) : str(s))),
      TrimSuffix: native('strings.TrimSuffix', ([s, p]) => (str(p) && str(s).endsWith(str(p)) ? str(s).slice(0, -str(p).length) : str(s))),
      Contains: native('strings.Contains', ([s, sub]) => str(s).includes(str(sub))),
      HasPrefix: native('strings.HasPrefix', ([s, p]) => str(s).startsWith(str(p))),
      HasSuffix: native('strings.HasSuffix', ([s, p]) => str(s).endsWith(str(p))),
      Repeat: native('strings.Repeat', ([s, n]) => str(s).repeat(Number(n))),
      ReplaceAll: native('strings.ReplaceAll', ([s, o, n]) => str(s).split(str(o)).join(str(n))),
      EqualFold: native('strings.EqualFold', ([a, b]) => str(a).toLowerCase() === str(b).toLowerCase()),
    }],
    ['strconv', {
      Itoa: native('strconv.Itoa', ([n]) => String(n)),
      Quote: native('strconv.Quote', ([s]) => quote(str(s))),
      Atoi: native('strconv.Atoi', ([s]) => {
        const t = str(s);
        if (/^[+-]?\d+$/.test(t)) return new Tuple([Number(t), null]);
        return new Tuple([0, new GoError(`strconv.Atoi: parsing ${quote(t)}: invalid syntax`, '*strconv.NumError')]);
      }),
    }],
    ['flag', flag],
    ['github.com/spf13/pflag', pflag],
    ['github.com/google/uuid', {
      NewString: native('uuid.NewString', () => random()),
      New: native('uuid.New', () => {
        const u = random();
        return new GoObject('uuid.UUID', {}, { String: native('uuid.UUID.String', () => u) }, u);
      }),
    }],
    ['net/http', httpLibrary(proc, serving)],
  ]);
}
