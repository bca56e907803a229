/** What the example project's programs print when their images run (the image-prints checks compare these lines). */

/** The server, stamped with `version` (the default when built without `-ldflags "-X main.version=..."`). */
export function serverPrints(version = '0.0.0+unknown'): string[] {
  return [`Version: ${version}`, 'Starting server...', 'Listening on HTTP port 3000'];
}

/** The client, alone in its container: nothing listens on localhost:3000 there, so it ends with exit code 1. */
export const CLIENT_PRINTS = [
  'buildme: a tiny client and server for learning multi-stage builds',
  'Client ready. Asking the server at http://localhost:3000',
  'no server is listening yet: Get "http://localhost:3000/?name=": dial tcp 127.0.0.1:3000: connect: connection refused',
];
