import { describe, expect, it } from 'vitest';
import { TtyView } from './index.ts';

describe('tty view (BuildKit progressui console)', () => {
  it('draws the header, CACHED rows, sub-rows and right-aligned timers', () => {
    const v = new TtyView();
    v.push({ kind: 'vertex-start', vertex: 1, name: '[internal] load build definition from Dockerfile', t: 0 });
    v.push({ kind: 'vertex-status', vertex: 1, id: 'transferring dockerfile:', current: 245, started: 0, completed: 10, t: 10 });
    v.push({ kind: 'vertex-done', vertex: 1, t: 20 });
    v.push({ kind: 'vertex-start', vertex: 2, name: '[base 2/5] WORKDIR /src', t: 20 });
    v.push({ kind: 'vertex-done', vertex: 2, t: 20, cached: true });
    v.push({ kind: 'vertex-start', vertex: 3, name: '[base 4/5] RUN go mod download', t: 20 });
    v.push({ kind: 'vertex-done', vertex: 3, t: 2320 });
    const lines = v.frame(80, true).split('\n').map((l) => l.trimEnd());
    expect(lines[0]).toBe('[+] Building 2.3s (3/3) FINISHED');
    expect(lines[1]).toBe(' => [internal] load build definition from Dockerfile' + ' '.repeat(23) + '0.0s');
    expect(lines[2]).toMatch(/^ => => transferring dockerfile: 245B +0\.0s$/);
    expect(lines[3]).toMatch(/^ => CACHED \[base 2\/5\] WORKDIR \/src +0\.0s$/);
    expect(lines[4]).toMatch(/^ => \[base 4\/5\] RUN go mod download +2\.3s$/);
    for (const l of v.frame(80, true).split('\n').slice(1, -1)) expect(l.length).toBe(79);
  });

  it('ticks a running export row as its status events arrive, and shows each layer written', () => {
    const v = new TtyView();
    v.push({ kind: 'vertex-start', vertex: 9, name: 'exporting to image', t: 1000 });
    v.push({ kind: 'vertex-status', vertex: 9, id: 'exporting layers', started: 1000, t: 1000 });
    const row = () => v.frame(80).split('\n').find((l) => l.includes('=> => exporting layers'))!.trimEnd();
    expect(row()).toMatch(/ 0\.0s$/);
    v.push({ kind: 'vertex-status', vertex: 9, id: 'exporting layers', started: 1000, t: 2300 });
    expect(row()).toMatch(/ 1\.3s$/);
    expect(v.frame(80).split('\n')[0]!.trimEnd()).toBe('[+] Building 2.3s (0/1)');
    v.push({ kind: 'vertex-status', vertex: 9, id: 'writing layer sha256:ab12', started: 1000, completed: 3000, t: 3000 });
    v.push({ kind: 'vertex-status', vertex: 9, id: 'exporting layers', started: 1000, completed: 3400, t: 3400 });
    const lines = v.frame(80).split('\n').map((l) => l.trimEnd());
    expect(lines).toContain(` => => exporting layers${' '.repeat(52)}2.4s`);
    expect(lines.some((l) => /^ => => writing layer sha256:ab12 +2\.0s$/.test(l))).toBe(true);
  });

  it('counts unfinished steps and marks failures', () => {
    const v = new TtyView();
    v.push({ kind: 'vertex-start', vertex: 1, name: '[1/2] RUN false', t: 0 });
    v.push({ kind: 'vertex-start', vertex: 2, name: '[2/2] RUN sleep 1', t: 0 });
    v.push({ kind: 'vertex-done', vertex: 1, t: 100, error: 'exit code: 1' });
    const head = v.frame(80).split('\n')[0]!.trimEnd();
    expect(head).toBe('[+] Building 0.1s (1/2)');
    expect(v.frame(80)).toContain(' => ERROR [1/2] RUN false');
  });
});

describe('tty view: a running step\'s output', () => {
  const running = (...logs: string[]) => {
    const v = new TtyView();
    v.push({ kind: 'vertex-start', vertex: 1, name: '[build 3/4] RUN go mod download', t: 0 });
    for (const data of logs) v.push({ kind: 'vertex-log', vertex: 1, data, stream: 'stderr', t: 10 });
    return v;
  };
  const termLines = (v: TtyView, width = 80) => v.frame(width).split('\n').filter((l) => l.startsWith(' => => # ')).map((l) => l.trimEnd());

  it('shows the last rows below the step, as ` => => # ` rows, and none once the step is done', () => {
    const logs = Array.from({ length: 9 }, (_, i) => `go: downloading example.com/m${i} v1.0.${i}\n`);
    const v = running(...logs);
    // Six terminal rows; the cursor's empty line after the last newline is one of them.
    expect(termLines(v)).toEqual([4, 5, 6, 7, 8].map((i) => ` => => # go: downloading example.com/m${i} v1.0.${i}`));
    const frame = v.frame(80).split('\n');
    expect(frame[1]).toMatch(/^ => \[build 3\/4\] RUN go mod download +0\.0s$/);
    expect(frame[2]).toBe(' => => # go: downloading example.com/m4 v1.0.4' + ' '.repeat(80 - 10 - 'go: downloading example.com/m4 v1.0.4'.length));
    v.push({ kind: 'vertex-done', vertex: 1, t: 900 });
    expect(termLines(v)).toEqual([]);
  });

  it('wraps long lines at width - 10, keeps a partial line, writes over a line after a carriage return', () => {
    expect(termLines(running('x'.repeat(75)), 40)).toEqual([` => => # ${'x'.repeat(30)}`, ` => => # ${'x'.repeat(30)}`, ` => => # ${'x'.repeat(15)}`]);
    expect(termLines(running('one\ntw', 'o'))).toEqual([' => => # one', ' => => # two']);
    expect(termLines(running(' 10%\r 55%\r100%\n'))).toEqual([' => => # 100%']);
    expect(termLines(running('12345\rab\r\n'))).toEqual([' => => # ab345']);
    expect(termLines(running('\n\n   \n'))).toEqual([]);
  });
});
