/** A RUN whose environment or arguments pass Linux's exec limits fails to start as runc reports it (E2BIG). */
import { describe, expect, it } from 'vitest';
import { build } from '../build/build.ts';
import { filesOf, testDeps } from '../build/testing/project.ts';
import { EngineError } from '../source/index.ts';
import { argumentListTooLong, ARG_MAX, MAX_ARG_STRLEN } from './arg-max.ts';

/** ENV A of 32 << n characters, then `run`. */
const dockerfile = (n: number, run: string) => ['FROM alpine', `ENV A=${'x'.repeat(32)}`, ...Array(n).fill('ENV A=$A$A'), run].join('\n') + '\n';

async function failure(text: string): Promise<EngineError | undefined> {
  try {
    await build({ dockerfile: text, context: filesOf({}) }, testDeps());
    return undefined;
  } catch (e) {
    return e as EngineError;
  }
}

describe('E2BIG', () => {
  it('one string: A= and 64 KiB starts; A= and 128 KiB does not (MAX_ARG_STRLEN counts the NUL)', async () => {
    expect(await failure(dockerfile(11, 'RUN test ${#A} = 65536'))).toBeUndefined();
    const err = await failure(dockerfile(12, 'RUN true'));
    expect(err).toBeInstanceOf(EngineError);
    expect(err!.message).toBe(
      'process "/bin/sh -c true" did not complete successfully: runc run failed: unable to start container process: error during container init: exec /bin/sh: argument list too long',
    );
    expect(err!.ranges[0]!.start.line).toBe(15);
  });

  it('all strings with their NULs and pointers: at most 2 MiB', () => {
    const env = (n: number, size: number) => new Map(Array.from({ length: n }, (_, i) => [`V${i}`, 'x'.repeat(size)] as [string, string]));
    const each = MAX_ARG_STRLEN - 16;
    const fits = Math.floor(ARG_MAX / (each + 8 + 8));
    expect(argumentListTooLong(['/bin/sh', '-c', 'true'], env(fits - 1, each))).toBe(false);
    expect(argumentListTooLong(['/bin/sh', '-c', 'true'], env(fits + 1, each))).toBe(true);
    expect(argumentListTooLong(['/bin/sh', '-c', 'é'.repeat(MAX_ARG_STRLEN / 2)], new Map())).toBe(true);
  });
});
