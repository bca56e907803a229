import { describe, expect, it } from 'vitest';
import { build } from './build.ts';
import { capture, readContext, testDeps } from './testing/project.ts';

const CH4 = `# syntax=docker/dockerfile:1
FROM golang:1.20-alpine AS base
WORKDIR /src
RUN --mount=type=cache,target=/go/pkg/mod/ \\
    --mount=type=bind,source=go.sum,target=go.sum \\
    --mount=type=bind,source=go.mod,target=go.mod \\
    go mod download -x

FROM base AS build-client
RUN --mount=type=cache,target=/go/pkg/mod/ \\
    --mount=type=bind,target=. \\
    go build -o /bin/client ./cmd/client

FROM base AS build-server
RUN --mount=type=cache,target=/go/pkg/mod/ \\
    --mount=type=bind,target=. \\
    go build -o /bin/server ./cmd/server

FROM scratch AS client
COPY --from=build-client /bin/client /bin/
ENTRYPOINT [ "/bin/client" ]

FROM scratch AS server
COPY --from=build-server /bin/server /bin/
ENTRYPOINT [ "/bin/server" ]
`;

describe('the guide\'s mounts chapter (chapters/4.Dockerfile)', () => {
  it('cache and bind mounts build the client without copying the source into a layer', async () => {
    const deps = testDeps();
    const c = capture();
    const r = await build({ dockerfile: CH4, context: readContext(), target: 'client' }, deps, { onEvent: c.onEvent });
    expect(r.filesystems[0]!.readdir('/bin')).toEqual(['client']);
    const names = c.events.flatMap((e) => (e.kind === 'vertex-start' ? [e.name] : []));
    expect(names).toContain('[base 3/3] RUN --mount=type=cache,target=/go/pkg/mod/     --mount=type=bind,source=go.sum,target=go.sum     --mount=type=bind,source=go.mod,target=go.mod     go mod download -x');
    // A second build with an unchanged context is fully cached.
    const again = capture();
    await build({ dockerfile: CH4, context: readContext(), target: 'client' }, deps, { onEvent: again.onEvent });
    const done = again.events.flatMap((e) => (e.kind === 'vertex-done' && !e.cached ? [e.vertex] : []));
    const uncached = again.events.flatMap((e) => (e.kind === 'vertex-start' && done.includes(e.vertex) && /\[(base|build-client|client) /.test(e.name) && !e.name.includes(' FROM ') ? [e.name] : []));
    expect(uncached).toEqual([]);
  }, 60_000);
});
