import type { Lesson } from '#engine/lessons';
import { SINGLE_STAGE } from '../dockerfiles.ts';
import { serverPrints } from '../prints.ts';

/** Chapter 1: build the example app the simplest way, in one stage. */
export const lesson: Lesson = {
  id: '01-introduction',
  title: 'Introduction',
  summary: 'Meet the example app and build it into an image with a single-stage Dockerfile.',
  steps: [
    {
      id: 'single-stage',
      title: 'Build the app in one stage',
      prose: '01-single-stage.md',
      commands: ['docker build --tag=buildme .', 'docker images buildme', 'docker run --name=buildme --rm --detach buildme', 'docker exec -it buildme /bin/client', 'docker stop buildme'],
      check: {
        kind: 'all',
        checks: [
          { kind: 'image-size', image: 'buildme:latest', min: 100_000_000 },
          { kind: 'file-in-image', image: 'buildme:latest', path: '/bin/client' },
          { kind: 'file-in-image', image: 'buildme:latest', path: '/bin/server' },
          { kind: 'entrypoint', image: 'buildme:latest', value: ['/bin/server'] },
          { kind: 'image-prints', image: 'buildme:latest', lines: serverPrints() },
          { kind: 'exec-output', container: 'buildme', match: 'Hello, stranger! This reply came from inside a container.' },
        ],
      },
      hint: 'Start `FROM golang:1.20-alpine`, set `WORKDIR /src`, copy the project in, download the modules, run `go build` once per program (`-o /bin/client ./cmd/client`, then the server), and end with `ENTRYPOINT [ "/bin/server" ]`. Then start the server with `docker run --name=buildme --rm --detach buildme` and ask it for a greeting with `docker exec -it buildme /bin/client`.',
      solution: [{ path: 'Dockerfile', text: SINGLE_STAGE }],
      warnings: [],
      guide: {
        lines: ['REPOSITORY   TAG      SIZE', 'buildme      latest   150MB'],
        note: 'The guide quotes this size at the start of its multi-stage chapter. stageplay\'s golang image is modelled on the real one, so expect the same order of size, not the same bytes.',
      },
    },
  ],
};
