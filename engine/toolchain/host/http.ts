/**
 * What `curl` and `wget` share: a URL as they read it, one HTTP/1.1 request over the
 * process's network namespace (`../net.ts`), and the status line's reason phrases.
 */
import type { SimHttpResponse } from '../net.ts';
import type { ExecContext } from '../types.ts';

/** A URL split as curl reads it (no scheme means `http://`). */
export interface Url {
  readonly scheme: string;
  readonly host: string;
  readonly port: number;
  /** Path and query, `/` at least. */
  readonly target: string;
}

export function parseUrl(text: string): Url | undefined {
  const m = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):\/\/)?(\[[^\]]*\]|[^/:?#]*)(?::(\d*))?([/?][^#]*)?(?:#.*)?$/.exec(text);
  if (!m || m[2] === '') return undefined;
  const scheme = (m[1] ?? 'http').toLowerCase();
  const port = m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80;
  if (port > 65535) return undefined;
  const target = !m[4] ? '/' : m[4].startsWith('?') ? `/${m[4]}` : m[4];
  return { scheme, host: m[2]!.toLowerCase(), port, target };
}

/** The address a name is connected at, as curl and wget print it. */
export function addressOf(host: string): string {
  return host === 'localhost' ? '127.0.0.1' : host.replace(/^\[|\]$/g, '');
}

/** `host:port` as the Host header carries it (the default port left out). */
export function hostHeader(url: Url): string {
  return url.port === (url.scheme === 'https' ? 443 : 80) ? url.host : `${url.host}:${url.port}`;
}

export type Exchange = { readonly response: SimHttpResponse } | { readonly failure: 'refused' | 'no-such-host' };

/** One request from the process's namespace (none: every dial is refused, as in a build's RUN step). */
export async function exchange(ctx: ExecContext, url: Url, method: string, headers: Record<string, string>, body: string): Promise<Exchange> {
  const handler = ctx.net ? ctx.net.dial(url.host, url.port) : 'refused';
  if (typeof handler === 'string') return { failure: handler };
  const response = await handler({ method, target: url.target, host: hostHeader(url), headers, body });
  return { response };
}

/** HTTP reason phrases (Go's `http.StatusText`) for the status line. */
export function reasonPhrase(status: number): string {
  const text: Record<number, string> = {
    200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 304: 'Not Modified',
    400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict',
    418: "I'm a teapot", 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable',
  };
  return text[status] ?? '';
}
