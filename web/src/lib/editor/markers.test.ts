import { expect, it } from 'vitest';
import { diagnoseDockerfile } from '../sandbox/diagnostics.ts';
import { seedFiles } from '../workspace/seed.ts';
import { SEVERITY, toMarkers } from './markers.ts';

const lines = (text: string) => (n: number) => text.split('\n')[n - 1]?.length ?? 0;

it('puts the unknown-instruction error on its line with BuildKit message', () => {
  const text = seedFiles().get('Dockerfile')!.replace('COPY . .', 'COPPY . .');
  const [m, ...rest] = toMarkers(diagnoseDockerfile(text), lines(text));
  expect(rest).toEqual([]);
  expect(m).toMatchObject({ severity: SEVERITY.error, startLineNumber: 7, startColumn: 1, endLineNumber: 7, endColumn: 10, code: 'unknown-instruction' });
  expect(m!.message).toContain('unknown instruction: COPPY');
});

it('links warnings to their rule page and widens empty ranges to the line', () => {
  const text = 'FROM scratch as a\n';
  const markers = toMarkers(diagnoseDockerfile(text), lines(text), (url) => ({ toString: () => url }));
  expect(markers).toHaveLength(1);
  expect(markers[0]).toMatchObject({ severity: SEVERITY.warning, message: "'as' and 'FROM' keywords' casing do not match" });
  expect(String((markers[0]!.code as { target: unknown }).target)).toBe('https://docs.docker.com/go/dockerfile/rule/from-as-casing/');
  const empty = toMarkers([{ severity: 'error', code: 'x', message: 'm', ranges: [{ start: { line: 1, column: 1 }, end: { line: 1, column: 1 } }] }], () => 12);
  expect(empty[0]).toMatchObject({ endLineNumber: 1, endColumn: 13 });
});
