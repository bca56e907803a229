/**
 * The simulated network a process sees. There are no sockets: a server "listens" by
 * registering an HTTP handler on a port of its network namespace, and a client "dials" by
 * asking its namespace for the handler at `host:port`. Each container has its own
 * namespace (its own `localhost`); the terminal's host has another, where `docker run -p
 * HOST:CONTAINER` publishes a container's port and from which a container reaches the host
 * as `host.docker.internal`. A RUN step of a build gets no namespace (`ExecContext.net`
 * absent): nothing listens there and every dial is refused.
 */

/** One HTTP request as a server's handler receives it. */
export interface SimHttpRequest {
  /** `GET`, `POST`, ... */
  readonly method: string;
  /** The request target: path and query, `/?name=ana`. */
  readonly target: string;
  /** The `Host` header (`localhost:3000`). */
  readonly host: string;
  /** Header names in canonical form (`User-Agent`), one value each. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** A handler's answer. */
export interface SimHttpResponse {
  /** 200 unless the handler set another. */
  readonly status: number;
  /** Canonical names (`Content-Type`, `X-Request-Id`), one value each. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * What a listening server does with a request. A promise that rejects is a connection the
 * server dropped without answering (its handler panicked, or the server process ended while
 * serving): Go's client reports `EOF`, curl `(52) Empty reply from server`.
 */
export type SimHttpHandler = (req: SimHttpRequest) => Promise<SimHttpResponse>;

/** Why a dial failed, in the words Go and curl use for it. */
export type DialError =
  /** nothing listens there: Go `connect: connection refused`, curl exit 7 */
  | 'refused'
  /** the name does not resolve: Go `dial tcp: lookup NAME ...: no such host`, curl exit 6 */
  | 'no-such-host';

/** One process's view of the network: its namespace. */
export interface SimNetwork {
  /**
   * Bind `port` on all of this namespace's addresses for HTTP. Returns a function that
   * closes the listener, or the reason it could not bind (`address already in use`).
   */
  listen(port: number, handler: SimHttpHandler): { readonly close: () => void } | { readonly error: string };
  /** The handler listening at `host:port` as seen from this namespace, or why there is none. */
  dial(host: string, port: number): SimHttpHandler | DialError;
}
