/**
 * `net/http` over the simulated network (`../../net.ts`): `HandleFunc` on the default
 * ServeMux (Go 1.20's matching), `ListenAndServe` (binds, then blocks until the process's
 * signal), handlers' `ResponseWriter` and `*Request`, and the client's `Get`, with Go's
 * errors in Go's words.
 */
import type { SimHttpRequest, SimHttpResponse } from '../../net.ts';
import { quote, sprintln } from './fmt.ts';
import type { Library } from './machine.ts';
import { GoProcess } from './process.ts';
import type { Gen, Goroutine, Pos, Value } from './values.ts';
import { Exit, GoBytes, GoError, GoObject, Panic, Tuple, Unsupported, fromUtf8, native, utf8 } from './values.ts';
import type { GoFunc } from './values.ts';

const STATUS: Readonly<Record<number, string>> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other',
  304: 'Not Modified', 307: 'Temporary Redirect', 308: 'Permanent Redirect', 400: 'Bad Request', 401: 'Unauthorized',
  403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict', 418: "I'm a teapot",
  500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable',
};

/** What `io.ReadAll` reads from a body. */
export const bodies = new WeakMap<GoObject, () => Uint8Array>();

/** Go's canonical header key (`x-request-id` → `X-Request-Id`). */
export function canonicalKey(k: string): string {
  return k.toLowerCase().replace(/(^|-)([a-z])/g, (_m, d: string, c: string) => d + c.toUpperCase());
}

function header(h: Map<string, string>): GoObject {
  const key = (v: Value): string => canonicalKey(String(v));
  return new GoObject('http.Header', {}, {
    Set: native('http.Header.Set', ([k, v]) => (h.set(key(k!), String(v)), null)),
    Add: native('http.Header.Add', ([k, v]) => (h.has(key(k!)) ? null : (h.set(key(k!), String(v)), null))),
    Get: native('http.Header.Get', ([k]) => h.get(key(k!)) ?? ''),
    Del: native('http.Header.Del', ([k]) => (h.delete(key(k!)), null)),
  }, `map[${[...h].map(([k, v]) => `${k}:[${v}]`).join(' ')}]`);
}

/** url.QueryUnescape's rules for one query component (`+` is a space). */
function unescape(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

function urlObject(target: string, host: string): GoObject {
  const q = target.indexOf('?');
  const rawPath = q < 0 ? target : target.slice(0, q);
  const rawQuery = q < 0 ? '' : target.slice(q + 1);
  const values = new Map<string, string[]>();
  for (const part of rawQuery.split('&')) {
    if (!part || part.includes(';')) continue;
    const eq = part.indexOf('=');
    const k = unescape(eq < 0 ? part : part.slice(0, eq));
    const v = eq < 0 ? '' : unescape(part.slice(eq + 1));
    values.set(k, [...(values.get(k) ?? []), v]);
  }
  const query = new GoObject('url.Values', {}, {
    Get: native('url.Values.Get', ([k]) => values.get(String(k))?.[0] ?? ''),
    Has: native('url.Values.Has', ([k]) => values.has(String(k))),
  });
  const path = unescape(rawPath.replace(/\+/g, '%2B'));
  return new GoObject('*url.URL', { Path: path, RawQuery: rawQuery, Host: host, Scheme: '' }, {
    Query: native('url.URL.Query', () => query),
    String: native('url.URL.String', () => target),
  }, target);
}

/** Go's `http.DetectContentType` for the bodies a handler writes: HTML, JSON-as-text, plain text, else binary. */
function sniff(body: Uint8Array): string {
  const text = fromUtf8(body.subarray(0, 512)).replace(/^[\t\n\x0c\r ]+/, '').toLowerCase();
  if (/^<(!doctype html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|!--)[ >]/.test(text)) return 'text/html; charset=utf-8';
  if (text.startsWith('<?xml')) return 'text/xml; charset=utf-8';
  if (body.subarray(0, 512).some((b) => b < 0x20 && b !== 9 && b !== 10 && b !== 12 && b !== 13 && b !== 27)) return 'application/octet-stream';
  return 'text/plain; charset=utf-8';
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** http.TimeFormat of `seconds`. */
export function httpDate(seconds: number): string {
  const d = new Date(seconds * 1000);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]}, ${p(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} GMT`;
}

/** How a request's goroutine is run by the server: the runner's async driver and its failure reporting. */
export interface Serving {
  /** Runs `fn(w, r)` on a new goroutine to its end. */
  run(fn: GoFunc, args: Value[], g: Goroutine): Promise<void>;
  /** Writes `log`'s line (with its prefix) to stderr. */
  log(line: string): void;
}

/** `net/http` for one process. */
export function httpLibrary(proc: GoProcess, serving: Serving): Library {
  const mux = new Map<string, GoFunc>();
  let goroutines = 5;

  const route = (path: string): GoFunc | { redirect: string } | undefined => {
    const exact = mux.get(path);
    if (exact) return exact;
    let best: string | undefined;
    for (const p of mux.keys()) if (p.endsWith('/') && path.startsWith(p) && (!best || p.length > best.length)) best = p;
    if (best) return mux.get(best);
    if (mux.has(`${path}/`)) return { redirect: `${path}/` };
    return undefined;
  };

  const serve = async (req: SimHttpRequest): Promise<SimHttpResponse> => {
    const url = urlObject(req.target, req.host);
    const path = String(url.fields['Path']);
    const handler = route(path);
    const headers = new Map<string, string>();
    let status = 0;
    const chunks: Uint8Array[] = [];
    const respond = (): SimHttpResponse => {
      const body = fromUtf8(concat(chunks));
      if (!headers.has('Content-Type') && body.length) headers.set('Content-Type', sniff(concat(chunks)));
      if (!headers.has('Content-Length')) headers.set('Content-Length', String(utf8(body).length));
      if (!headers.has('Date')) headers.set('Date', httpDate(proc.seconds()));
      return { status: status || 200, headers: Object.fromEntries([...headers].sort()), body };
    };
    if (!handler || 'redirect' in handler) {
      if (handler) {
        const q = req.target.indexOf('?');
        headers.set('Location', handler.redirect + (q < 0 ? '' : req.target.slice(q)));
        headers.set('Content-Type', 'text/html; charset=utf-8');
        status = 301;
        if (req.method === 'GET') chunks.push(utf8(`<a href="${handler.redirect}">Moved Permanently</a>.\n\n`));
        return respond();
      }
      headers.set('Content-Type', 'text/plain; charset=utf-8');
      headers.set('X-Content-Type-Options', 'nosniff');
      status = 404;
      chunks.push(utf8('404 page not found\n'));
      return respond();
    }
    const h = header(headers);
    const writeHeader = (code: number, at: Pos, g: Goroutine): void => {
      if (status) {
        // Go 1.20 names the caller: its function and file:line
        const fn = g.stack[g.stack.length - 1]?.fn ?? handler.name;
        serving.log(`http: superfluous response.WriteHeader call from ${fn} (${at.file.slice(at.file.lastIndexOf('/') + 1)}:${at.line})\n`);
        return;
      }
      status = code;
    };
    const w = new GoObject('*http.response', {}, {
      Header: native('http.ResponseWriter.Header', () => h),
      Write: native('http.ResponseWriter.Write', ([b]) => {
        const bytes = b instanceof GoBytes ? b.bytes : utf8(String(b));
        if (!status) status = 200;
        chunks.push(bytes);
        return new Tuple([bytes.length, null]);
      }),
      WriteHeader: native('http.ResponseWriter.WriteHeader', ([code], at, g) => (writeHeader(Number(code), at, g), null)),
    });
    const reqHeaders = new Map(Object.entries(req.headers).map(([k, v]) => [canonicalKey(k), v]));
    const body = new GoObject('http.body', {}, { Close: native('http.body.Close', () => null) });
    bodies.set(body, () => utf8(req.body));
    const r = new GoObject('*http.Request', { Method: req.method, URL: url, Host: req.host, Header: header(reqHeaders), Body: body, Proto: 'HTTP/1.1', RequestURI: req.target }, {});
    await serving.run(handler, [w, r], { id: goroutines++, stack: [] });
    return respond();
  };

  const get = function* (rawUrl: string, g: Goroutine): Gen<Value> {
    if (proc.opts.dry) yield GoProcess.forever;
    let url = rawUrl;
    for (let hops = 0; ; hops++) {
      const fail = (msg: string): Value => new Tuple([null, new GoError(`Get ${quote(url)}: ${msg}`, '*url.Error')]);
      const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):(\/\/([^/?#]*))?([^?#]*)(\?[^#]*)?/.exec(url);
      const scheme = m?.[1]?.toLowerCase() ?? '';
      if (scheme !== 'http') {
        if (scheme === 'https') throw new Unsupported('https requests (TLS)', { file: g.stack[g.stack.length - 1]?.file ?? '?', line: g.stack[g.stack.length - 1]?.line ?? 0 });
        return fail(`unsupported protocol scheme ${quote(scheme)}`);
      }
      const authority = m![3] ?? '';
      if (!authority) return fail('http: no Host in request URL');
      const hm = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(authority);
      const host = (hm?.[1] ?? authority).replace(/^\[|\]$/g, '');
      const port = hm?.[2] ? Number(hm[2]) : 80;
      const ip = host === 'localhost' ? '127.0.0.1' : host;
      const dialed = proc.opts.net ? proc.opts.net.dial(host, port) : 'refused';
      if (dialed === 'refused') return fail(`dial tcp ${ip.includes(':') ? `[${ip}]` : ip}:${port}: connect: connection refused`);
      if (dialed === 'no-such-host') return fail(`dial tcp: lookup ${host} on 127.0.0.11:53: no such host`);
      const target = `${m![4] || '/'}${m![5] ?? ''}`;
      let res: SimHttpResponse;
      try {
        res = (yield { promise: dialed({ method: 'GET', target, host: authority, headers: { 'User-Agent': 'Go-http-client/1.1', 'Accept-Encoding': 'gzip' }, body: '' }) }) as SimHttpResponse;
      } catch {
        return fail('EOF');
      }
      const location = Object.entries(res.headers).find(([k]) => canonicalKey(k) === 'Location')?.[1];
      if ([301, 302, 303, 307, 308].includes(res.status) && location) {
        if (hops >= 9) return fail('stopped after 10 redirects');
        url = location.startsWith('/') ? `http://${authority}${location}` : location;
        continue;
      }
      const body = new GoObject('*http.body', {}, { Close: native('http.body.Close', () => null) });
      const bytes = utf8(res.body);
      bodies.set(body, () => bytes);
      const hdr = new Map(Object.entries(res.headers).map(([k, v]) => [canonicalKey(k), v]));
      const text = `${res.status} ${STATUS[res.status] ?? ''}`.trimEnd();
      return new Tuple([new GoObject('*http.Response', { StatusCode: res.status, Status: text, Proto: 'HTTP/1.1', Header: header(hdr), Body: body, ContentLength: bytes.length }, {}), null]);
    }
  };

  const listenAndServe = function* (addr: string, handler: Value): Gen<Value> {
    if (handler !== null) throw new GoError('a Handler other than nil');
    const m = /^(.*):([^:]*)$/.exec(addr);
    const opError = (msg: string): Value => new GoError(`listen tcp: ${msg}`, '*net.OpError');
    if (!m) return opError(`address ${addr}: missing port in address`);
    if (!/^\d+$/.test(m[2]!)) return m[2] === '' ? opError(`address ${addr}: a random port is not simulated`) : opError(`address tcp/${m[2]}: unknown port`);
    const port = Number(m[2]);
    if (port > 65535) return opError(`address ${m[2]}: invalid port`);
    if (proc.opts.dry) yield GoProcess.forever;
    if (!proc.opts.signal) {
      proc.stderr(`stageplay: this process has nothing that can stop it (no signal), so instead of serving on ${addr} for ever it ends here\n`);
      throw new Exit(1);
    }
    let close = (): void => undefined;
    if (proc.opts.net) {
      const bound = proc.opts.net.listen(port, serve);
      if ('error' in bound) return new GoError(`listen tcp ${addr}: bind: ${bound.error}`, '*net.OpError');
      close = bound.close;
    }
    yield proc.stopped();
    close();
    throw new Exit(proc.ended ?? proc.killedStatus());
  };

  const handleFunc = (pattern: Value, fn: Value): Value => {
    const p = String(pattern);
    if (!p) throw new GoError('http: invalid pattern');
    if (fn === null) throw new GoError('http: nil handler');
    if (!p.startsWith('/')) throw new GoError('host-specific patterns');
    if (mux.has(p)) throw new GoError(`http: multiple registrations for ${p}`);
    mux.set(p, fn as GoFunc);
    return null;
  };

  const error = (w: Value, msg: Value, code: Value): Gen<Value> =>
    (function* () {
      const rw = w as GoObject;
      const h = (yield* (rw.methods['Header']!.call([], { file: '', line: 0 }, { id: 0, stack: [] }))) as GoObject;
      yield* h.methods['Set']!.call(['Content-Type', 'text/plain; charset=utf-8'], { file: '', line: 0 }, { id: 0, stack: [] });
      yield* h.methods['Set']!.call(['X-Content-Type-Options', 'nosniff'], { file: '', line: 0 }, { id: 0, stack: [] });
      yield* rw.methods['WriteHeader']!.call([code ?? 500], { file: '', line: 0 }, { id: 0, stack: [] });
      yield* rw.methods['Write']!.call([new GoBytes(utf8(sprintln([msg ?? ''])))], { file: '', line: 0 }, { id: 0, stack: [] });
      return null;
    })();

  return {
    HandleFunc: native('net/http.HandleFunc', ([p, fn], _at, g) => {
      try {
        return handleFunc(p ?? null, fn ?? null);
      } catch (e) {
        if (e instanceof GoError && e.message === 'host-specific patterns') throw new Unsupported('host-specific patterns', { file: _at.file, line: _at.line });
        throw new Panic(e as GoError, [...g.stack].reverse());
      }
    }),
    ListenAndServe: native('net/http.ListenAndServe', ([addr, h], at) => {
      if (h !== null && h !== undefined) throw new Unsupported('a Handler other than nil in ListenAndServe', at);
      return listenAndServe(String(addr), null);
    }),
    Get: native('net/http.Get', ([u], _at, g) => get(String(u), g)),
    Error: native('net/http.Error', ([w, msg, code]) => error(w ?? null, msg ?? null, code ?? null)),
    NotFound: native('net/http.NotFound', ([w]) => error(w ?? null, '404 page not found', 404)),
    StatusText: native('net/http.StatusText', ([c]) => STATUS[Number(c)] ?? ''),
    MethodGet: 'GET', MethodPost: 'POST', MethodPut: 'PUT', MethodDelete: 'DELETE', MethodHead: 'HEAD',
    ...Object.fromEntries(Object.entries({ OK: 200, Created: 201, NoContent: 204, MovedPermanently: 301, Found: 302, BadRequest: 400, Unauthorized: 401, Forbidden: 403, NotFound: 404, MethodNotAllowed: 405, Teapot: 418, InternalServerError: 500, ServiceUnavailable: 503 }).map(([k, v]) => [`Status${k}`, v])),
  };
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
