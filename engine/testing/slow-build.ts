/**
 * Builds with real work in them, generated on demand: large Go programs whose simulated
 * `go build` takes long enough to measure in parallel (bench) or to interrupt mid-step
 * (cancel and killed-worker tests; the guide's project now builds too fast for that).
 */
import type { BuildRequest } from '../build/types.ts';

const enc = new TextEncoder();

/** A Go module `name` with `funcs` chained functions in one package (≈ 0.04–0.05 s of `go build` per 10k on one core). */
export function goProgram(name: string, funcs: number): { path: string; text: string }[] {
  const parts = ['package main\n\nimport "fmt"\n\n'];
  for (let i = 0; i < funcs; i++) {
    parts.push(`func f${i}(x int) int {\n\ty := x * ${i}\n\tif y > 10 {\n\t\treturn y - ${i}\n\t}\n\treturn y + f${Math.max(0, i - 1)}(0)\n}\n\n`);
  }
  parts.push(`func main() {\n\tfmt.Println(f${funcs - 1}(1))\n}\n`);
  return [{ path: `${name}/go.mod`, text: `module example.com/${name}\n\ngo 1.20\n` }, { path: `${name}/main.go`, text: parts.join('') }];
}

/** Build-context files of `files`, as a `BuildRequest` takes them. */
function contextOf(files: readonly { path: string; text: string }[]): BuildRequest['context'] {
  return files.map((f) => ({ path: f.path, type: 'file' as const, mode: 0o644, mtime: 0, content: enc.encode(f.text) }));
}

/** Stages `a` and `b`, each building its own program (`a/`, `b/` of the context), and a final stage with both binaries. */
export const TWO_PROGRAMS_DOCKERFILE = ['a', 'b']
  .map((n) => `FROM golang:1.20-alpine AS ${n}\nWORKDIR /src\nCOPY ${n}/ .\nRUN go build -o /out/${n} .\n`)
  .join('\n') + '\nFROM scratch\nCOPY --from=a /out/a /a\nCOPY --from=b /out/b /b\n';

/** The files of the two-programs build: a generated `funcs`-function program under `a/` and one under `b/`. */
export function twoProgramsFiles(funcs = 30_000): { path: string; text: string }[] {
  return [...goProgram('a', funcs), ...goProgram('b', funcs)];
}

/** Two independent stages, each building its own large Go program, and a final stage with both binaries. */
export function twoProgramsRequest(funcs = 30_000): BuildRequest {
  return { dockerfile: TWO_PROGRAMS_DOCKERFILE, context: contextOf(twoProgramsFiles(funcs)) };
}

/** One stage whose step 4/5, `RUN go build -o /out/slow .`, runs for seconds; step 5/5 follows it. */
export const SLOW_DOCKERFILE = 'FROM golang:1.20-alpine\nWORKDIR /src\nCOPY slow/ .\nRUN go build -o /out/slow .\nRUN echo built\n';

/** The files of the slow build: its Dockerfile and a generated `funcs`-function program under `slow/`. */
export function slowProject(funcs = 200_000): { path: string; text: string }[] {
  return [{ path: 'Dockerfile', text: SLOW_DOCKERFILE }, ...goProgram('slow', funcs)];
}

/** The slow build as a request. */
export function slowRequest(funcs = 200_000): BuildRequest {
  return { dockerfile: SLOW_DOCKERFILE, context: contextOf(slowProject(funcs).filter((f) => f.path !== 'Dockerfile')) };
}
