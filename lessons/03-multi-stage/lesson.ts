import type { Lesson } from '#engine/lessons';
import { PARALLEL, SCRATCH, TARGETS } from '../dockerfiles.ts';
import { CLIENT_PRINTS, serverPrints } from '../prints.ts';

const MB = 1_000_000;

/** Chapter 3: leave the toolchain behind, build in parallel, and pick a target. */
export const lesson: Lesson = {
  id: '03-multi-stage',
  title: 'Multi-stage builds',
  summary: 'Shrink the image from ~150MB to a few MB by copying only the binaries out of the build stage, then split the build into stages that run in parallel and targets you can build on their own.',
  steps: [
    {
      id: 'scratch',
      title: 'Ship only the binaries',
      prose: '01-scratch.md',
      commands: ['docker build --tag=buildme .', 'docker images buildme'],
      check: {
        kind: 'all',
        checks: [
          { kind: 'image-size', image: 'buildme:latest', max: 15 * MB },
          { kind: 'file-in-image', image: 'buildme:latest', path: '/bin/client' },
          { kind: 'file-in-image', image: 'buildme:latest', path: '/bin/server' },
          { kind: 'entrypoint', image: 'buildme:latest', value: ['/bin/server'] },
          { kind: 'image-prints', image: 'buildme:latest', lines: serverPrints() },
        ],
      },
      hint: 'Keep the build stage as it is and move the `ENTRYPOINT` to a second stage that starts `FROM scratch` and copies the two binaries with `COPY --from=0 /bin/client /bin/server /bin/`.',
      solution: [{ path: 'Dockerfile', text: SCRATCH }],
      warnings: [],
      guide: {
        lines: ['REPOSITORY   TAG      SIZE', 'buildme      latest   8.45MB'],
        note: 'Down from 150MB. Sizes are compressed, as the containerd image store reports them; stageplay\'s simulated Go binaries are sized and compress like real ones, so yours should land close.',
      },
    },
    {
      id: 'parallel',
      title: 'Build client and server side by side',
      prose: '02-parallel.md',
      commands: ['docker build --tag=buildme .'],
      check: {
        kind: 'all',
        checks: [
          { kind: 'stages-overlap', stages: ['build-client', 'build-server'] },
          { kind: 'image-size', image: 'buildme:latest', max: 15 * MB },
        ],
      },
      hint: 'If `build-client` shows CACHED and only `build-server` runs, edit a `.go` file and build again. Otherwise: name the first stage `base` and end it after `COPY . .`. Add `FROM base AS build-client` and `FROM base AS build-server`, each with one `go build`, and copy from them by name: `COPY --from=build-client /bin/client /bin/`.',
      solution: [{ path: 'Dockerfile', text: PARALLEL }],
      warnings: [],
      guide: {
        lines: [],
        note: 'The guide shows no output here. In the build output, look for [build-client 1/1] and [build-server 1/1] running at the same time.',
      },
    },
    {
      id: 'targets',
      title: 'One image per program',
      prose: '03-targets.md',
      commands: [
        'docker build --tag=buildme-client --target=client .',
        'docker build --tag=buildme-server --target=server .',
        'docker images "buildme*"',
      ],
      check: {
        kind: 'all',
        checks: [
          { kind: 'image-size', image: 'buildme-client:latest', max: 8 * MB },
          { kind: 'entrypoint', image: 'buildme-client:latest', value: ['/bin/client'] },
          { kind: 'image-prints', image: 'buildme-client:latest', lines: CLIENT_PRINTS, exitCode: 1 },
          { kind: 'stage-not-built', stage: 'build-server', target: 'client' },
          { kind: 'image-size', image: 'buildme-server:latest', max: 8 * MB },
          { kind: 'entrypoint', image: 'buildme-server:latest', value: ['/bin/server'] },
          { kind: 'image-prints', image: 'buildme-server:latest', lines: serverPrints() },
          { kind: 'stage-not-built', stage: 'build-client', target: 'server' },
        ],
      },
      hint: 'Replace the last stage with two: `FROM scratch AS client` (copy from build-client, `ENTRYPOINT [ "/bin/client" ]`) and `FROM scratch AS server` (copy from build-server, `ENTRYPOINT [ "/bin/server" ]`).',
      solution: [{ path: 'Dockerfile', text: TARGETS }],
      warnings: [],
      guide: {
        lines: [
          'REPOSITORY       TAG      SIZE',
          'buildme-client   latest   4.25MB',
          'buildme-server   latest   4.2MB',
          'buildme          latest   8.45MB',
        ],
        note: 'The two single-program images add up to the combined one: each carries exactly one binary.',
      },
    },
  ],
};
