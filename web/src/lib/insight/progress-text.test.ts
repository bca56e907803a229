import { describe, expect, it } from 'vitest';
import { MemoryLayerCache } from '#engine/cache';
import { LAYERED } from '../../../../lessons/dockerfiles.ts';
import { plainText, progressSummary, stepCauses, ttyText } from './progress-text.ts';
import { buildEvents, projectFiles, step } from './fixtures.test-util.ts';

const events = [
  ...step(1, '[internal] load build definition from Dockerfile', 0, 20),
  ...step(2, '[base 2/5] WORKDIR /src', 20, 20, { stage: 'base', cached: true }),
  ...step(3, '[base 4/5] RUN go mod download', 20, 2320, { stage: 'base' }),
  ...step(4, '[build-client 1/1] RUN go build', 2320, undefined, { stage: 'build-client' }),
];

describe('progress texts', () => {
  it('renders the tty frame: header, collapsed done steps, CACHED, running step timer', () => {
    const text = ttyText(events, false);
    const lines = text.split('\n');
    expect(lines[0]).toBe('[+] Building 2.3s (3/4)');
    expect(lines[2]).toMatch(/^ => CACHED \[base 2\/5\] WORKDIR \/src +0\.0s$/);
    expect(lines[4]).toMatch(/^ => \[build-client 1\/1\] RUN go build +0\.0s$/);
    expect(lines.every((l) => l === l.trimEnd())).toBe(true);
  });

  it('says FINISHED only in the final frame of a complete build', () => {
    const done = [...events.slice(0, 7), { kind: 'vertex-done' as const, vertex: 4, t: 9000 }];
    expect(ttyText(done, true).split('\n')[0]).toBe('[+] Building 9.0s (4/4) FINISHED');
    expect(ttyText(done, false).split('\n')[0]).toBe('[+] Building 9.0s (4/4)');
  });

  it('shows ERROR and CANCELED steps', () => {
    const failed = [...step(1, '[1/2] RUN false', 0, 100, { error: 'exit code: 1' }), ...step(2, '[2/2] RUN sleep 9', 0, 100, { canceled: true })];
    const text = ttyText(failed, true);
    expect(text).toContain(' => ERROR [1/2] RUN false');
    expect(text).toContain(' => CANCELED [2/2] RUN sleep 9');
  });

  it('prints the plain log as --progress=plain does', () => {
    const text = plainText(events.slice(0, 6));
    expect(text).toBe(
      '#1 [internal] load build definition from Dockerfile\n#1 DONE 0.0s\n\n#2 [base 2/5] WORKDIR /src\n#2 CACHED\n\n#3 [base 4/5] RUN go mod download\n#3 DONE 2.3s\n',
    );
  });

  it('summarises for the live region', () => {
    expect(progressSummary(events, 'running')).toBe('Building: 3 of 4 steps done, 1 cached.');
    expect(progressSummary([], 'failed')).toBe('Build failed: 0 of 0 steps done.');
  });

  it('lists why each step was CACHED or ran, short and whole, from a real rebuild after an edit', async () => {
    const cache = new MemoryLayerCache();
    await buildEvents(LAYERED, undefined, cache);
    const files = projectFiles();
    files.set('cmd/server/main.go', `${files.get('cmd/server/main.go')}\n// edited\n`);
    const rows = stepCauses(await buildEvents(LAYERED, undefined, cache, files));
    const copy = rows.find((r) => r.name.endsWith('COPY . .'))!;
    expect(rows.map((r) => [r.name, r.short])).toEqual([
      ['[2/7] WORKDIR /src', 'CACHED'],
      ['[3/7] COPY go.mod go.sum .', 'CACHED'],
      ['[4/7] RUN go mod download', 'CACHED'],
      ['[5/7] COPY . .', 'ran: cmd/server/main.go changed'],
      ['[6/7] RUN go build -o /bin/client ./cmd/client', `ran: #${copy.vertex} ran`],
      ['[7/7] RUN go build -o /bin/server ./cmd/server', `ran: #${copy.vertex} ran`],
    ]);
    expect(copy.detail).toBe('ran: a file it copies changed: cmd/server/main.go');
    expect(rows[5]!.detail).toBe(`ran: a step it builds on ran: #${copy.vertex} [5/7] COPY . .`);
  }, 60_000);
});
