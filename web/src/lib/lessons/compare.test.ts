import { describe, expect, it } from 'vitest';
import { build, image } from '#engine/lessons/fixture.test-util';
import { learnerLines, leafChecks } from './compare.ts';

describe('learnerLines', () => {
  it('tables the images a check names, as docker images does, latest tag wins', () => {
    const records = {
      builds: [
        build({ images: [image('buildme', { size: 150_000_000 })] }),
        build({ images: [image('buildme:latest', { size: 8_456_000 })] }),
        build({ images: [image('buildme-client', { size: 4_260_000 })], target: 'client' }),
      ],
      runs: [],
    };
    const check = { kind: 'all', checks: [{ kind: 'image-size', image: 'buildme-client:latest', max: 8e6 }, { kind: 'entrypoint', image: 'buildme', value: ['/bin/server'] }, { kind: 'image-exists', image: 'buildme-server' }] } as const;
    expect(learnerLines(check, records)).toEqual(['REPOSITORY       TAG      SIZE', 'buildme-client   latest   4.26MB', 'buildme          latest   8.46MB']);
    expect(learnerLines(check, { builds: [], runs: [] })).toEqual([]);
    expect(leafChecks(check)).toHaveLength(3);
  });

  it('shows the steps a cache check reads, exported files and the last run\'s output', () => {
    const records = {
      builds: [
        build({ outputs: ['bin/server'], steps: [{ name: '[base 4/5] RUN go mod download', start: 0, end: 10, cached: true }, { name: '[build-server 1/1] RUN go build', stage: 'build-server', start: 10, end: 2510 }] }),
      ],
      runs: [{ command: 'docker run buildme', image: 'buildme', exitCode: 0, output: 'Version: v0.0.1\nStarting server...\n' }],
    };
    expect(learnerLines({ kind: 'step-cached', match: 'go mod download' }, records)).toEqual(['[base 4/5] RUN go mod download  CACHED']);
    expect(learnerLines({ kind: 'stages-overlap', stages: ['build-client', 'build-server'] }, records)).toEqual(['[build-server 1/1] RUN go build  2.5s']);
    expect(learnerLines({ kind: 'output-file', path: 'bin/server' }, records)).toEqual(['bin/server']);
    const lint = build({ ok: false, error: 'process did not complete successfully', target: 'lint', steps: [{ name: '[lint 3/3] RUN golangci-lint run', start: 0, end: 5, error: 'exit code: 1', log: 'cmd/server/main.go:23:10: Error return value of `w.Write` is not checked (errcheck)\n' }] });
    expect(learnerLines({ kind: 'build-failed-with', match: '(errcheck)', target: 'lint' }, { builds: [lint], runs: [] })).toEqual(['cmd/server/main.go:23:10: Error return value of `w.Write` is not checked (errcheck)']);
    expect(learnerLines({ kind: 'build-failed-with', match: 'nope', target: 'lint' }, { builds: [lint], runs: [] })).toEqual(['process did not complete successfully']);
    expect(learnerLines({ kind: 'run-output', image: 'buildme:latest', match: 'Version' }, records)).toEqual(['Version: v0.0.1', 'Starting server...']);
  });

  it('lists exported files with their sizes in bytes, as ls -l shows them', () => {
    const sizes = (s: Record<string, number>): Readonly<Record<string, number>> => s;
    const records = {
      builds: [
        { ...build({ outputs: ['bin/client', 'bin/server'] }), outputSizes: sizes({ 'bin/client': 7_581_000, 'bin/server': 7_459_000 }) },
        { ...build({ outputs: ['bin/server'] }), outputSizes: sizes({ 'bin/server': 7_460_123 }) },
      ],
      runs: [],
    };
    const check = { kind: 'all', checks: [{ kind: 'output-file', path: 'bin/client' }, { kind: 'output-file', path: 'bin/server' }] } as const;
    expect(learnerLines(check, records)).toEqual(['bin/client   7581000', 'bin/server   7460123']);
  });
});

