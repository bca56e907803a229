/**
 * `wget [-q] [-O FILE|-] URL`: busybox's wget (the terminal's applets are busybox's) over
 * the host's network namespace. `-qO-` prints the body; `-O FILE` (default: the URL's last
 * path part, else `index.html`) saves it. Errors are busybox's: `wget: can't connect to
 * remote host (127.0.0.1): Connection refused`, `wget: bad address 'nope'`,
 * `wget: server returned error: HTTP/1.1 404 Not Found` (exit 1).
 */
import { resolvePath } from '../process/path.ts';
import type { ExecContext, ExecResult, Toolchain } from '../types.ts';
import { addressOf, exchange, hostHeader, parseUrl, reasonPhrase } from './http.ts';

function done(exitCode: number): ExecResult {
  return { exitCode, modeledMs: 1 };
}

const USAGE = 'BusyBox v1.36.1 multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[--no-check-certificate] [-P DIR] [-U AGENT] [-T SEC] URL...\n\nRetrieve files via HTTP or FTP\n';

export const wgetProgram: Toolchain = {
  name: 'wget',
  async run(argv: readonly string[], ctx: ExecContext): Promise<ExecResult> {
    let quiet = false;
    let output: string | undefined;
    const urls: string[] = [];
    const args = argv.slice(1);
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '--quiet') quiet = true;
      else if (a.startsWith('--output-document=')) output = a.slice('--output-document='.length);
      else if (a === '--output-document') output = args[++i];
      else if (a.startsWith('-') && a.length > 1 && !a.startsWith('--')) {
        for (let j = 1; j < a.length; j++) {
          const f = a[j]!;
          if (f === 'q') quiet = true;
          else if (f === 'O') {
            output = a.slice(j + 1) || args[++i];
            break;
          } else {
            ctx.stderr(`wget: invalid option -- '${f}'\n${USAGE}`);
            return done(1);
          }
        }
      } else if (a.startsWith('--')) {
        ctx.stderr(`wget: unrecognized option '${a}'\n${USAGE}`);
        return done(1);
      } else urls.push(a);
    }
    if (urls.length === 0 || output === undefined && args.includes('-O')) {
      ctx.stderr(USAGE);
      return done(1);
    }
    for (const text of urls) {
      const url = parseUrl(text);
      if (!url || (url.scheme !== 'http' && url.scheme !== 'https')) {
        ctx.stderr(`wget: not an http or ftp url: ${text}\n`);
        return done(1);
      }
      const r = await exchange(ctx, url, 'GET', { Host: hostHeader(url), 'User-Agent': 'Wget' }, '');
      if ('failure' in r) {
        ctx.stderr(r.failure === 'no-such-host' ? `wget: bad address '${url.host}'\n` : `wget: can't connect to remote host (${addressOf(url.host)}): Connection refused\n`);
        return done(1);
      }
      if (!quiet) ctx.stderr(`Connecting to ${url.host}:${url.port} (${addressOf(url.host)}:${url.port})\n`);
      if (url.scheme === 'https') {
        ctx.stderr('wget: error getting response: Connection reset by peer\n');
        return done(1);
      }
      const { response } = r;
      if (response.status >= 400) {
        ctx.stderr(`wget: server returned error: HTTP/1.1 ${response.status} ${reasonPhrase(response.status)}\n`);
        return done(1);
      }
      const dest = output ?? (url.target.split('?')[0]!.split('/').pop() || 'index.html');
      const bytes = new TextEncoder().encode(response.body);
      if (dest === '-') {
        ctx.stdout(response.body);
        continue;
      }
      if (!quiet) ctx.stderr(`saving to '${dest}'\n`);
      try {
        ctx.fs.writeFile(resolvePath(ctx.cwd, dest), bytes, { mode: 0o644, uid: ctx.user.uid, gid: ctx.user.gid });
      } catch {
        ctx.stderr(`wget: can't open '${dest}': Permission denied\n`);
        return done(1);
      }
      if (!quiet) ctx.stderr(`${dest.slice(0, 20).padEnd(20)}100% |${'*'.repeat(32)}|${String(bytes.length).padStart(6)}  0:00:00 ETA\n'${dest}' saved\n`);
    }
    return done(0);
  },
};
