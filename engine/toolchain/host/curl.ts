/**
 * `curl [-s] [-S] [-i] [-v] [-f] [-X METHOD] [-H 'K: V'] [-d DATA] [-o FILE] URL...`: the
 * terminal's curl (7.88.1, Debian 12's) over the host's network namespace, where
 * `docker run -p` publishes container ports. Its errors are curl's (`curl: (7) Failed to
 * connect ...`, exit 7; `curl: (6) Could not resolve host: ...`, exit 6). Not modeled:
 * the progress meter (curl draws it only when the body goes to a file or pipe), TLS,
 * redirects.
 */
import { resolvePath } from '../process/path.ts';
import type { ExecContext, ExecResult, Toolchain } from '../types.ts';
import { addressOf, exchange, hostHeader, parseUrl, reasonPhrase } from './http.ts';

const VERSION = '7.88.1';
const TRY = "curl: try 'curl --help' or 'curl --manual' for more information\n";

const LONG: Readonly<Record<string, string>> = {
  '--silent': 's', '--show-error': 'S', '--include': 'i', '--verbose': 'v', '--fail': 'f',
  '--request': 'X', '--header': 'H', '--data': 'd', '--output': 'o', '--head': 'I',
};
const WITH_VALUE = new Set(['X', 'H', 'd', 'o']);

interface Options {
  silent: boolean;
  showError: boolean;
  include: boolean;
  verbose: boolean;
  fail: boolean;
  head: boolean;
  method?: string;
  headers: [string, string][];
  data?: string;
  output?: string;
  urls: string[];
}

function done(exitCode: number): ExecResult {
  return { exitCode, modeledMs: 1 };
}

function parse(argv: readonly string[]): Options | string {
  const o: Options = { silent: false, showError: false, include: false, verbose: false, fail: false, head: false, headers: [], urls: [] };
  const set = (flag: string, value?: string) => {
    if (flag === 's') o.silent = true;
    else if (flag === 'S') o.showError = true;
    else if (flag === 'i') o.include = true;
    else if (flag === 'v') o.verbose = true;
    else if (flag === 'f') o.fail = true;
    else if (flag === 'I') o.head = true;
    else if (flag === 'X') o.method = value;
    else if (flag === 'd') o.data = o.data === undefined ? value : `${o.data}&${value}`;
    else if (flag === 'o') o.output = value;
    else if (flag === 'H') {
      const colon = value!.indexOf(':');
      if (colon > 0) o.headers.push([value!.slice(0, colon).trim(), value!.slice(colon + 1).trim()]);
    }
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      const flag = LONG[a];
      if (!flag) return `curl: option ${a}: is unknown\n${TRY}`;
      if (WITH_VALUE.has(flag)) {
        if (i + 1 >= argv.length) return `curl: option ${a}: requires parameter\n${TRY}`;
        set(flag, argv[++i]);
      } else set(flag);
    } else if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const flag = a[j]!;
        if (!'sSivfIXHdo'.includes(flag)) return `curl: option -${flag}: is unknown\n${TRY}`;
        if (WITH_VALUE.has(flag)) {
          const rest = a.slice(j + 1);
          if (rest === '' && i + 1 >= argv.length) return `curl: option -${flag}: requires parameter\n${TRY}`;
          set(flag, rest !== '' ? rest : argv[++i]);
          break;
        }
        set(flag);
      }
    } else o.urls.push(a);
  }
  return o;
}

export const curlProgram: Toolchain = {
  name: 'curl',
  async run(argv: readonly string[], ctx: ExecContext): Promise<ExecResult> {
    const o = parse(argv.slice(1));
    if (typeof o === 'string') {
      ctx.stderr(o);
      return done(2);
    }
    if (o.urls.length === 0) {
      ctx.stderr(`curl: no URL specified!\n${TRY}`);
      return done(2);
    }
    const error = (text: string) => {
      if (!o.silent || o.showError) ctx.stderr(`${text}\n`);
    };
    const verbose = (text: string) => {
      if (o.verbose) ctx.stderr(text);
    };
    let out = '';
    let code = 0;
    for (const text of o.urls) {
      const url = parseUrl(text);
      if (!url) {
        error(`curl: (3) URL using bad/illegal format or missing URL`);
        code = 3;
        continue;
      }
      if (url.scheme !== 'http' && url.scheme !== 'https') {
        error(`curl: (1) Protocol "${url.scheme}" not supported or disabled in libcurl`);
        code = 1;
        continue;
      }
      const method = o.method ?? (o.head ? 'HEAD' : o.data !== undefined ? 'POST' : 'GET');
      const headers: Record<string, string> = { Host: hostHeader(url), 'User-Agent': `curl/${VERSION}`, Accept: '*/*' };
      if (o.data !== undefined) {
        headers['Content-Length'] = String(new TextEncoder().encode(o.data).length);
        headers['Content-Type'] = 'application/x-www-form-urlencoded';
      }
      for (const [k, v] of o.headers) headers[k] = v;
      const r = await exchange(ctx, url, method, headers, o.data ?? '');
      if ('failure' in r) {
        if (r.failure === 'no-such-host') {
          verbose(`* Could not resolve host: ${url.host}\n* Closing connection 0\n`);
          error(`curl: (6) Could not resolve host: ${url.host}`);
          code = 6;
        } else {
          verbose(`*   Trying ${addressOf(url.host)}:${url.port}...\n* connect to ${addressOf(url.host)} port ${url.port} failed: Connection refused\n* Failed to connect to ${url.host} port ${url.port} after 0 ms: Couldn't connect to server\n* Closing connection 0\n`);
          error(`curl: (7) Failed to connect to ${url.host} port ${url.port} after 0 ms: Couldn't connect to server`);
          code = 7;
        }
        continue;
      }
      verbose(`*   Trying ${addressOf(url.host)}:${url.port}...\n* Connected to ${url.host} (${addressOf(url.host)}) port ${url.port} (#0)\n`);
      if (url.scheme === 'https') {
        // the sandbox's servers speak plain HTTP: the TLS handshake reads an HTTP answer
        error('curl: (35) OpenSSL/3.0.11: error:0A00010B:SSL routines::wrong version number');
        code = 35;
        continue;
      }
      const { response } = r;
      const statusLine = `HTTP/1.1 ${response.status} ${reasonPhrase(response.status)}`.trimEnd();
      const headerLines = Object.entries(response.headers).map(([k, v]) => `${k}: ${v}`);
      verbose(`> ${method} ${url.target} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `> ${k}: ${v}\r\n`).join('')}> \r\n`);
      verbose(`< ${statusLine}\r\n${headerLines.map((l) => `< ${l}\r\n`).join('')}< \r\n`);
      if (o.fail && response.status >= 400) {
        error(`curl: (22) The requested URL returned error: ${response.status}`);
        code = 22;
        continue;
      }
      if (o.include || o.head) out += `${statusLine}\r\n${headerLines.map((l) => `${l}\r\n`).join('')}\r\n`;
      if (!o.head) out += response.body;
      verbose(`* Connection #0 to host ${url.host} left intact\n`);
    }
    if (o.output !== undefined && o.output !== '-') {
      try {
        ctx.fs.writeFile(resolvePath(ctx.cwd, o.output), new TextEncoder().encode(out), { mode: 0o644, uid: ctx.user.uid, gid: ctx.user.gid });
      } catch {
        error(`curl: (23) Failure writing output to destination`);
        return done(23);
      }
    } else ctx.stdout(out);
    return done(code);
  },
};
