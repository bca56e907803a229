import { describe, expect, it } from 'vitest';
import { diagnoseDockerfile } from './diagnostics.ts';
import { seedFiles } from '../workspace/seed.ts';

const dockerfile = seedFiles().get('Dockerfile')!;

describe('diagnoseDockerfile', () => {
  it('finds nothing in the lesson Dockerfile', () => {
    expect(diagnoseDockerfile(dockerfile)).toEqual([]);
  });

  it('reports an unknown instruction with BuildKit message and the line range', () => {
    const d = diagnoseDockerfile(dockerfile.replace('COPY . .', 'COPPY . .'));
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ severity: 'error', code: 'unknown-instruction' });
    expect(d[0]!.message).toContain('unknown instruction: COPPY');
    expect(d[0]!.ranges[0]!.start.line).toBe(7);
  });

  it('reports lint warnings with their rule, detail and url', () => {
    const d = diagnoseDockerfile(dockerfile.replace('AS base', 'as base'));
    expect(d).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'FromAsCasing',
        message: "'as' and 'FROM' keywords' casing do not match",
        url: 'https://docs.docker.com/go/dockerfile/rule/from-as-casing/',
      }),
    ]);
    expect(d[0]!.ranges[0]!.start.line).toBe(3);
  });

  it('places a file-level error at line 1', () => {
    const d = diagnoseDockerfile('');
    expect(d).toEqual([expect.objectContaining({ severity: 'error', message: 'the Dockerfile cannot be empty' })]);
    expect(d[0]!.ranges[0]!.start).toEqual({ line: 1, column: 1 });
  });
});
