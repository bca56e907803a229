/**
 * dockerfile-ast (under dockerfile-language-service) calls `Buffer.from(char, 'UTF-8')` on
 * every parse to spot a byte-order mark; browsers have no `Buffer`. This is the one call it
 * makes, so a TextEncoder stands in rather than a Buffer polyfill. Import it before the service.
 */
const g = globalThis as { Buffer?: unknown };
g.Buffer ??= { from: (text: string) => new TextEncoder().encode(text) };

export {};
