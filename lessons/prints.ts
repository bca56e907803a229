/** What the example project's programs print when their images run (the image-prints checks compare these lines). */

/** The server, stamped with `version` (the default when built without `-ldflags "-X main.version=..."`). */
export function serverPrints(version = '0.0.0+unknown'): string[] {
  return [`Version: ${version}`, 'Starting server...', 'Listening on HTTP port 3000'];
}

/** The client. */
export const CLIENT_PRINTS = ['buildme: a tiny client and server for learning multi-stage builds', 'Client ready. Asking the server at http://localhost:3000'];
