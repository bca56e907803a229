import { describe, expect, it } from 'vitest';
import { ErrorLogs, PLAIN_ERROR_LOG_LINES, type BuildEvent } from './index.ts';

function block(events: BuildEvent[], keep?: number): string {
  const logs = new ErrorLogs();
  for (const e of events) logs.push(e);
  return logs.text(keep);
}

const compileError: BuildEvent[] = [
  { kind: 'vertex-start', vertex: 9, name: '[build-client 1/1] RUN go build -o /bin/client ./cmd/client', t: 1000 },
  { kind: 'vertex-log', vertex: 9, data: '# github.com/docker/buildme/cmd/client\n', stream: 'stderr', t: 1412 },
  { kind: 'vertex-log', vertex: 9, data: 'cmd/client/main.go:9:2: undefined: ', stream: 'stderr', t: 1412 },
  { kind: 'vertex-log', vertex: 9, data: 'greeting.Bannr\n', stream: 'stderr', t: 1413 },
  { kind: 'vertex-done', vertex: 9, t: 1500, error: 'process "/bin/sh -c go build -o /bin/client ./cmd/client" did not complete successfully: exit code: 1' },
];

// The expected texts follow BuildKit's progressui printErrorLogs: `------`, ` > <vertex name>:`,
// the step's log lines as `<seconds since the step started> <text>`, `------`.
describe("the failed steps' log block (BuildKit printErrorLogs)", () => {
  it('prints the failed step with its log lines, partial lines joined', () => {
    expect(block(compileError)).toBe(
      '------\n' +
        ' > [build-client 1/1] RUN go build -o /bin/client ./cmd/client:\n' +
        '0.412 # github.com/docker/buildme/cmd/client\n' +
        '0.412 cmd/client/main.go:9:2: undefined: greeting.Bannr\n' +
        '------\n',
    );
  });

  it('prints a failed step with no output as an empty block, and nothing for steps that succeeded or were canceled', () => {
    const events: BuildEvent[] = [
      { kind: 'vertex-start', vertex: 1, name: '[1/3] FROM docker.io/library/busybox:latest', t: 0 },
      { kind: 'vertex-log', vertex: 1, data: 'noise\n', stream: 'stdout', t: 1 },
      { kind: 'vertex-done', vertex: 1, t: 2 },
      { kind: 'vertex-start', vertex: 2, name: '[2/3] COPY missing /', t: 2 },
      { kind: 'vertex-start', vertex: 3, name: '[3/3] RUN sleep 9', t: 2 },
      { kind: 'vertex-log', vertex: 3, data: 'waiting\n', stream: 'stdout', t: 3 },
      { kind: 'vertex-done', vertex: 3, t: 4, error: 'context canceled', canceled: true },
      { kind: 'vertex-done', vertex: 2, t: 4, error: 'failed to calculate checksum of ref x::y: "/missing": not found' },
    ];
    expect(block(events)).toBe('------\n > [2/3] COPY missing /:\n------\n');
  });

  it('prints nothing when no step failed', () => {
    expect(block(compileError.slice(0, 4))).toBe('');
  });

  it('keeps only the last ten lines for the plain printer (its logs buffer), every line for the tty view', () => {
    const events: BuildEvent[] = [{ kind: 'vertex-start', vertex: 4, name: '[lint 3/3] RUN golangci-lint run', t: 0 }];
    for (let i = 1; i <= 12; i++) events.push({ kind: 'vertex-log', vertex: 4, data: `finding ${i}\n`, stream: 'stdout', t: i * 100 });
    events.push({ kind: 'vertex-done', vertex: 4, t: 1300, error: 'process "/bin/sh -c golangci-lint run" did not complete successfully: exit code: 1' });
    const plain = block(events, PLAIN_ERROR_LOG_LINES).split('\n');
    expect(plain.slice(0, 3)).toEqual(['------', ' > [lint 3/3] RUN golangci-lint run:', '0.300 finding 3']);
    expect(plain.filter((l) => l.includes('finding'))).toHaveLength(10);
    expect(block(events).split('\n').filter((l) => l.includes('finding'))).toHaveLength(12);
  });
});
