import type { Lesson } from '#engine/lessons';
import { LINT } from '../dockerfiles.ts';

/**
 * `cmd/server/main.go` with the error golangci-lint reports handled: the example project's
 * file with the one `w.Write` call changed (a test keeps the rest identical to the project).
 */
export const SERVER_MAIN_CHECKED = `// Command server answers greetings over HTTP.
package main

import (
	"fmt"
	"log"
	"net/http"

	"github.com/google/uuid"
	"github.com/spf13/pflag"

	"github.com/stageplay/buildme/internal/greeting"
)

// version is replaced at build time with -ldflags "-X main.version=...".
var version = "0.0.0+unknown"

func main() {
	fmt.Println("Version:", version)
	fmt.Println("Starting server...")
	port := pflag.StringP("port", "p", "3000", "port to listen on")
	pflag.Parse()

	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", uuid.NewString())
		if _, err := w.Write([]byte(greeting.For(r.URL.Query().Get("name")))); err != nil {
			log.Println("could not send the greeting:", err)
		}
	})
	fmt.Println("Listening on HTTP port 3000")
	log.Fatal(http.ListenAndServe(":"+*port, nil))
}
`;

/** Chapter 7: run a linter as a build stage, and let its failure fail the build. */
export const lesson: Lesson = {
  id: '07-test',
  title: 'Test',
  summary: 'Add a lint stage that runs golangci-lint over the source, watch it fail the build on a real mistake, and fix it.',
  steps: [
    {
      id: 'lint',
      title: 'A lint stage',
      prose: '01-lint.md',
      commands: ['docker build --target=lint .'],
      check: { kind: 'build-failed-with', match: 'Error return value of `w.Write` is not checked (errcheck)', target: 'lint' },
      hint: 'Declare `ARG GOLANGCI_LINT_VERSION=v1.52` at the top, then add `FROM golangci/golangci-lint:${GOLANGCI_LINT_VERSION} as lint`, `WORKDIR /test` and `RUN --mount=type=bind,target=. golangci-lint run`.',
      solution: [{ path: 'Dockerfile', text: LINT }],
      warnings: ["FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 34)"],
      guide: {
        lines: ['cmd/server/main.go:23:10: Error return value of `w.Write` is not checked (errcheck)'],
        note: 'The guide\'s server is laid out differently, so the line and column differ here; the finding is the same. The warning about `as` is real BuildKit behaviour: the guide writes `as` in lower case.',
      },
    },
    {
      id: 'fix-lint',
      title: 'Fix what the linter found',
      prose: '02-fix-lint.md',
      commands: ['docker build --target=lint .'],
      check: { kind: 'step-ran', match: 'golangci-lint run', cached: false, target: 'lint' },
      hint: 'In `cmd/server/main.go`, keep the result of `w.Write` and handle the error: `if _, err := w.Write(...); err != nil { log.Println(...) }`.',
      solution: [
        { path: 'Dockerfile', text: LINT },
        { path: 'cmd/server/main.go', text: SERVER_MAIN_CHECKED },
      ],
      warnings: ["FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 34)"],
      guide: { lines: [], note: 'The guide stops at the failing build; fixing the finding is stageplay\'s extra step.' },
    },
  ],
};
