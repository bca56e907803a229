import type { BuildEvent } from './events.ts';
import { logTime } from './plain.ts';

interface FailedVertexState {
  readonly name: string;
  readonly started: number;
  /** Log lines as BuildKit keeps them: `0.123 text` (seconds since the step started). */
  readonly lines: string[];
  /** The last line has not ended yet: more data goes on it. */
  partial: boolean;
  failed: boolean;
}

/**
 * What BuildKit prints after the progress of a failed build (progressui `printErrorLogs`):
 * for each step that failed (not canceled), in the order the steps started, its name and
 * its log lines between `------` rules, so the reason (a compile error, a linter's finding)
 * is on screen whatever the progress mode:
 *
 *     ------
 *      > [build 3/3] RUN go build -o /bin/client ./cmd/client:
 *     0.412 cmd/client/main.go:9:2: undefined: greeting.Bannr
 *     ------
 *
 * The tty display keeps every line of the step; the plain printer keeps the last ten
 * (its `logsBufferSize`), since it has already printed them all above.
 */
export class ErrorLogs {
  private readonly vertexes = new Map<number, FailedVertexState>();

  push(ev: BuildEvent): void {
    switch (ev.kind) {
      case 'vertex-start':
        if (!this.vertexes.has(ev.vertex)) this.vertexes.set(ev.vertex, { name: ev.name, started: ev.t, lines: [], partial: false, failed: false });
        return;
      case 'vertex-log': {
        const v = this.vertexes.get(ev.vertex);
        if (!v || ev.data === '') return;
        const parts = ev.data.split('\n');
        const complete = ev.data.endsWith('\n');
        if (complete) parts.pop();
        parts.forEach((text, i) => {
          if (i === 0 && v.partial) v.lines[v.lines.length - 1] += text;
          else v.lines.push(`${logTime(ev.t - v.started)} ${text}`);
        });
        v.partial = !complete;
        return;
      }
      case 'vertex-done': {
        const v = this.vertexes.get(ev.vertex);
        if (v) v.failed = ev.error !== undefined && !ev.canceled;
        return;
      }
      default:
        return;
    }
  }

  /** The block for every failed step ('' when none failed); `keep` limits each step to its last lines. */
  text(keep?: number): string {
    let out = '';
    for (const v of this.vertexes.values()) {
      if (!v.failed) continue;
      const lines = keep === undefined ? v.lines : v.lines.slice(-keep);
      out += `------\n > ${v.name}:\n${lines.map((l) => l + '\n').join('')}------\n`;
    }
    return out;
  }
}

/** Log lines the plain printer keeps for the failed-step block (BuildKit's `logsBufferSize`). */
export const PLAIN_ERROR_LOG_LINES = 10;
