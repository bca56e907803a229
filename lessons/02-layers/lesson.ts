import type { Lesson } from '#engine/lessons';
import { LAYERED } from '../dockerfiles.ts';

/** Chapter 2: order instructions so the slow module download stays cached. */
export const lesson: Lesson = {
  id: '02-layers',
  title: 'Layers',
  summary: 'See how each instruction becomes a cached layer, and reorder the Dockerfile so editing code does not re-download modules.',
  steps: [
    {
      id: 'cache-order',
      title: 'Copy go.mod first, the code later',
      prose: '01-cache-order.md',
      commands: ['docker build --tag=buildme .', 'docker build --tag=buildme .'],
      check: {
        kind: 'all',
        checks: [
          { kind: 'step-ran', match: 'COPY go.mod go.sum' },
          { kind: 'step-ran', match: 'COPY . .', cached: false, because: 'files-changed' },
          { kind: 'step-cached', match: 'go mod download' },
        ],
      },
      hint: 'Before `COPY . .`, add `COPY go.mod go.sum .` and move `RUN go mod download` right after it. Then build, edit a `.go` file, and build again.',
      solution: [{ path: 'Dockerfile', text: LAYERED }],
      warnings: [],
      guide: {
        lines: [],
        note: 'The guide explains this with diagrams of cached and re-run layers rather than output. After a code change, your second build should show every step up to and including `go mod download` as CACHED, and everything from `COPY . .` on run again; the Build tab\'s "Why each step ran" says `COPY . .` ran because `cmd/server/main.go` changed (stageplay\'s explanation: Docker shows only CACHED).',
      },
    },
  ],
};
