import { describe, expect, it } from 'vitest';
import { PlainPrinter, progressBytes, type BuildEvent } from './index.ts';

function print(events: BuildEvent[]): string {
  let out = '';
  const p = new PlainPrinter((s) => (out += s));
  for (const e of events) p.push(e);
  return out;
}

describe('plain progress (BuildKit textMux)', () => {
  it('prints a vertex with a status row and its duration', () => {
    expect(
      print([
        { kind: 'vertex-start', vertex: 1, name: '[internal] load build definition from Dockerfile', t: 0 },
        { kind: 'vertex-status', vertex: 1, id: 'transferring dockerfile:', current: 1062, started: 0, completed: 10, t: 10 },
        { kind: 'vertex-done', vertex: 1, t: 20 },
        { kind: 'vertex-start', vertex: 2, name: '[base 2/5] WORKDIR /src', t: 20 },
        { kind: 'vertex-done', vertex: 2, t: 20, cached: true },
      ]),
    ).toBe(
      '#1 [internal] load build definition from Dockerfile\n#1 transferring dockerfile: 1.06kB done\n#1 DONE 0.0s\n\n#2 [base 2/5] WORKDIR /src\n#2 CACHED\n',
    );
  });

  it('prints a running status row once, however often it ticks, then its end', () => {
    let out = '';
    const p = new PlainPrinter((s) => (out += s));
    p.push({ kind: 'vertex-start', vertex: 9, name: 'exporting to image', t: 0 });
    for (const t of [0, 100, 200, 1300]) p.push({ kind: 'vertex-status', vertex: 9, id: 'exporting layers', started: 0, t });
    p.push({ kind: 'vertex-status', vertex: 9, id: 'exporting layers', started: 0, completed: 2300, t: 2300 });
    p.push({ kind: 'vertex-done', vertex: 9, t: 2300 });
    expect(out).toBe('#9 exporting to image\n#9 exporting layers\n#9 exporting layers 2.3s done\n#9 DONE 2.3s\n');
  });

  it('prefixes log lines with seconds since the vertex started and joins partial lines', () => {
    const out = print([
      { kind: 'vertex-start', vertex: 7, name: '[base 4/5] RUN go mod download', t: 1000 },
      { kind: 'vertex-log', vertex: 7, data: 'go: downloading github.com/spf13/pflag v1.0.5\ngo: down', stream: 'stderr', t: 1234 },
      { kind: 'vertex-log', vertex: 7, data: 'loading github.com/google/uuid v1.6.0\n', stream: 'stderr', t: 1300 },
      { kind: 'vertex-log', vertex: 7, data: 'late\n', stream: 'stdout', t: 13_500 },
      { kind: 'vertex-done', vertex: 7, t: 14_000 },
    ]);
    expect(out).toBe(
      '#7 [base 4/5] RUN go mod download\n#7 0.234 go: downloading github.com/spf13/pflag v1.0.5\n#7 0.234 go: downloading github.com/google/uuid v1.6.0\n#7 12.50 late\n#7 DONE 13.0s\n',
    );
  });

  it('hands over between parallel vertexes with "#N ..." like BuildKit', () => {
    const out = print([
      { kind: 'vertex-start', vertex: 10, name: '[build-client 1/1] RUN go build -o /bin/client ./cmd/client', t: 0 },
      { kind: 'vertex-start', vertex: 11, name: '[build-server 1/1] RUN go build -o /bin/server ./cmd/server', t: 0 },
      { kind: 'vertex-log', vertex: 10, data: 'client output\n', stream: 'stdout', t: 500 },
      { kind: 'vertex-done', vertex: 11, t: 2100 },
      { kind: 'vertex-done', vertex: 10, t: 2300 },
    ]);
    expect(out).toBe(
      [
        '#10 [build-client 1/1] RUN go build -o /bin/client ./cmd/client',
        '#10 ...',
        '',
        '#11 [build-server 1/1] RUN go build -o /bin/server ./cmd/server',
        '#11 ...',
        '',
        '#10 [build-client 1/1] RUN go build -o /bin/client ./cmd/client',
        '#10 0.500 client output',
        '#10 ...',
        '',
        '#11 [build-server 1/1] RUN go build -o /bin/server ./cmd/server',
        '#11 DONE 2.1s',
        '',
        '#10 [build-client 1/1] RUN go build -o /bin/client ./cmd/client',
        '#10 DONE 2.3s',
        '',
      ].join('\n'),
    );
  });

  it('reports errors and cancellation', () => {
    const out = print([
      { kind: 'vertex-start', vertex: 3, name: '[2/2] RUN false', t: 0 },
      { kind: 'vertex-done', vertex: 3, t: 100, error: 'process "/bin/sh -c false" did not complete successfully: exit code: 1' },
      { kind: 'vertex-start', vertex: 4, name: '[stage-1 1/1] RUN sleep 10', t: 0 },
      { kind: 'vertex-done', vertex: 4, t: 100, canceled: true },
    ]);
    expect(out).toContain('#3 ERROR: process "/bin/sh -c false" did not complete successfully: exit code: 1\n');
    expect(out).toContain('#4 CANCELED\n');
  });

  it('formats transfer sizes like tonistiigi/units', () => {
    expect(progressBytes(2)).toBe('2B');
    expect(progressBytes(3210)).toBe('3.21kB');
    expect(progressBytes(2_030_000)).toBe('2.03MB');
  });
});
