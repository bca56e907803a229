/**
 * Deterministic generators of Dockerfiles for benchmarks and property tests.
 */

/** A large, valid multi-stage Dockerfile: `stages` stages, about `lines` lines in all. */
export function largeDockerfile(lines: number, stages: number): string {
  const out: string[] = ['# syntax=docker/dockerfile:1', 'ARG GO_VERSION=1.22', 'ARG BASE=alpine:3.20'];
  const perStage = Math.max(4, Math.floor((lines - out.length) / stages));
  for (let s = 0; s < stages; s++) {
    out.push('');
    out.push(`# stage${s} builds part ${s}`);
    if (s === 0) out.push('FROM golang:${GO_VERSION}-alpine AS stage0');
    else if (s % 5 === 0) out.push(`FROM \${BASE} AS stage${s}`);
    else out.push(`FROM stage${s - 1} AS stage${s}`);
    let n = 3;
    out.push(`ARG VERSION_${s}=1.${s}.0`);
    out.push(`ENV STAGE=${s} PREV=\${STAGE:-none} VERSION=\${VERSION_${s}}`);
    while (n < perStage - 1) {
      switch (n % 7) {
        case 0:
          out.push(`RUN --mount=type=cache,target=/root/.cache/go-build \\`, `    go build -o /out/bin${s}_${n} ./cmd/app${n}`);
          n++;
          break;
        case 1:
          out.push(`COPY --chown=1000:1000 --chmod=0755 src/${s}/${n}/ /app/${s}/`);
          break;
        case 2:
          out.push(s > 1 ? `COPY --from=stage${s - 2} /out /prev/${n}` : `COPY go.mod go.sum ./`);
          break;
        case 3:
          out.push(`LABEL org.example.stage="${s}" org.example.step="${n}"`);
          break;
        case 4:
          out.push(`WORKDIR /app/${s}/${n}`);
          break;
        case 5:
          out.push(`RUN <<EOF`, `echo stage ${s} step ${n}`, `ls -la /app`, `EOF`);
          n += 2;
          break;
        default:
          out.push(`EXPOSE ${8000 + n}/tcp`);
      }
      n++;
    }
    out.push(`CMD ["/out/bin${s}"]`);
  }
  return out.join('\n') + '\n';
}
