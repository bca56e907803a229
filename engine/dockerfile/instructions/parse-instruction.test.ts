import { describe, expect, it } from 'vitest';
import { InstructionError } from '../../source/errors.ts';
import { commandOf, errorOf, stagesOf } from './stages-of.test-util.ts';

/** Message for an error on line 2 of `FROM scratch\n<line>`. */
function err2(line: string): { message: string; code: string; line: number } {
  const e = errorOf(`FROM scratch\n${line}\n`);
  return { message: e.message, code: e.code, line: e.ranges[0]?.start.line ?? 0 };
}
const p = (msg: string): string => `dockerfile parse error on line 2: ${msg}`;

describe('unknown instructions', () => {
  it('keeps the keyword as written and suggests with matched case', () => {
    expect(err2('COPPY a b')).toEqual({ message: p('unknown instruction: COPPY (did you mean COPY?)'), code: 'unknown-instruction', line: 2 });
    expect(err2('runn x').message).toBe(p('unknown instruction: runn (did you mean run?)'));
    expect(err2('Evn a=b').message).toBe(p('unknown instruction: Evn (did you mean env?)'));
    expect(err2('BADCMD').message).toBe(p('unknown instruction: BADCMD'));
  });
  it('is an InstructionError with the node range', () => {
    const e = errorOf('FROM a\nRUN x\n\nXYZZY bar\n');
    expect(e).toBeInstanceOf(InstructionError);
    expect(e.message).toBe('dockerfile parse error on line 4: unknown instruction: XYZZY');
    expect(e.ranges[0]!.start.line).toBe(4);
  });
});

describe('flags (BFlags)', () => {
  it.each([
    ['COPY --chwon=1 a b', 'unknown flag: --chwon (did you mean chown?)', 'flag-unknown'],
    ['COPY --foo a b', 'unknown flag: --foo (did you mean from?)', 'flag-unknown'], ['COPY --zzzzz a b', 'unknown flag: --zzzzz', 'flag-unknown'],
    ['COPY --from a b', 'missing a value on flag: --from', 'flag-missing-value'],
    ['COPY --link= a b', 'missing a value on flag: --link', 'flag-missing-value'],
    ['COPY --link=yes a b', 'expecting boolean value for flag --link, not: yes', 'flag-not-bool'],
    ['COPY --from=a --from=b a b', 'duplicate flag specified: --from', 'flag-duplicate'],
    ['ADD --from=x a b', 'unknown flag: --from', 'flag-unknown'],
    ['RUN --mont=type=bind x', 'unknown flag: --mont (did you mean mount?)', 'flag-unknown'],
    ['ENV --x=1 a=b', 'unknown flag: --x', 'flag-unknown'],
    ['WORKDIR --x=1 /a', 'unknown flag: --x', 'flag-unknown'],
  ])('%s', (line, msg, code) => {
    const e = err2(line);
    expect(e.message).toBe(p(msg));
    expect(e.code).toBe(code);
    expect(e.line).toBe(2);
  });
  it('accepts booleans in any case and repeatable list flags', () => {
    const c = commandOf('COPY --link=TRUE --parents=false --exclude=*.md --exclude=x a b');
    expect(c).toMatchObject({ kind: 'COPY', link: true, parents: false, exclude: ['*.md', 'x'] });
    const r = commandOf('RUN --mount=type=cache,target=/a --mount=type=tmpfs,target=/t x');
    expect(r.kind === 'RUN' && r.mountSpecs).toEqual(['type=cache,target=/a', 'type=tmpfs,target=/t']);
  });
});

describe('arity and validation', () => {
  it.each([
    ['COPY a', 'COPY requires at least two arguments, but only one was provided. Destination could not be determined'],
    ['ADD a', 'ADD requires at least two arguments, but only one was provided. Destination could not be determined'],
    ['WORKDIR', 'WORKDIR requires exactly one argument'],
    ['USER', 'USER requires exactly one argument'],
    ['STOPSIGNAL', 'STOPSIGNAL requires exactly one argument'],
    ['MAINTAINER', 'MAINTAINER requires exactly one argument'],
    ['EXPOSE', 'EXPOSE requires at least one argument'],
    ['VOLUME', 'VOLUME requires at least one argument'],
    ['VOLUME [""]', 'VOLUME specified can not be an empty string'],
    ['ARG', 'ARG requires at least one argument'],
    ['ARG =x', 'ARG names can not be blank'],
    ['ENV', 'ENV requires at least one argument'],
    ['LABEL', 'LABEL requires at least one argument'],
    ['SHELL sh -c', 'SHELL requires the arguments to be in JSON form'],
    ['SHELL []', 'SHELL requires at least one argument'],
    ['ONBUILD ONBUILD RUN x', "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"],
    ['ONBUILD FROM x', "FROM isn't allowed as an ONBUILD trigger"],
    ['ONBUILD maintainer x', "MAINTAINER isn't allowed as an ONBUILD trigger"],
    ['HEALTHCHECK NONE x', 'HEALTHCHECK NONE takes no arguments'],
    ['HEALTHCHECK CMD', 'Missing command after HEALTHCHECK CMD'],
    ['HEALTHCHECK foo x', 'Unknown type "FOO" in HEALTHCHECK (try CMD)'],
    ['HEALTHCHECK --interval=1us CMD x', 'Interval "interval" cannot be less than 1ms'],
    ['HEALTHCHECK --timeout=abc CMD x', 'time: invalid duration "abc"'],
    ['HEALTHCHECK --timeout=10 CMD x', 'time: missing unit in duration "10"'],
    ['HEALTHCHECK --retries=-1 CMD x', '--retries cannot be negative (-1)'],
    ['HEALTHCHECK --retries=x CMD x', 'strconv.ParseInt: parsing "x": invalid syntax'],
    ['COPY a <<EOF\nx\nEOF', 'COPY cannot accept a heredoc as a destination'],
    ['RUN --network=bridge x', 'invalid network mode "bridge"'],
    ['RUN --security=yes x', 'security "yes" is not valid'],
  ])('%j', (line, msg) => {
    expect(err2(line).message).toBe(p(msg));
  });

  it('FROM arity and stage names', () => {
    expect(errorOf('FROM a b\n').message).toBe('dockerfile parse error on line 1: FROM requires either one or three arguments');
    expect(errorOf('FROM a AS b c\n').message).toBe('dockerfile parse error on line 1: FROM requires either one or three arguments');
    expect(errorOf('FROM a AS 1st\n').message).toBe(
      'dockerfile parse error on line 1: invalid name for build stage: "1st", name can\'t start with a number or contain symbols',
    );
    expect(errorOf('FROM a AS b$c\n').code).toBe('from-stage-name');
    expect(errorOf('FROM --platfrom=x a\n').message).toBe('dockerfile parse error on line 1: unknown flag: --platfrom (did you mean platform?)');
  });

  it('no build stage in current context has no line prefix', () => {
    const e = errorOf('ARG a=1\nRUN echo\nFROM x\n');
    expect(e.message).toBe('no build stage in current context');
    expect(e.code).toBe('no-build-stage');
    expect(e.ranges[0]!.start.line).toBe(2);
  });

  it('ONBUILD keeps a bad trigger unparsed (BuildKit checks it downstream)', () => {
    const c = commandOf('ONBUILD COPPY a b');
    expect(c).toMatchObject({ kind: 'ONBUILD', expression: 'COPPY a b' });
    expect(c.kind === 'ONBUILD' && c.trigger).toBeUndefined();
  });
});

describe('stages', () => {
  it('collects meta args, names, platform, doc comments', () => {
    const { stages, metaArgs } = stagesOf(
      'ARG GO=1.20\nARG X\n# build compiles things\nFROM --platform=$BUILDPLATFORM golang:${GO} AS Build\nRUN x\n\nFROM scratch\nCOPY --from=build /a /b\n',
    );
    expect(metaArgs.map((a) => a.args)).toEqual([[{ key: 'GO', value: '1.20' }], [{ key: 'X' }]]);
    expect(stages).toHaveLength(2);
    expect(stages[0]).toMatchObject({ index: 0, name: 'build', baseName: 'golang:${GO}', platform: '$BUILDPLATFORM', description: 'compiles things' });
    expect(stages[0]!.from.stageNameWritten).toBe('Build');
    expect(stages[0]!.range).toEqual({ start: { line: 4, column: 1 }, end: stages[0]!.commands[0]!.range.end });
    expect(stages[1]!.name).toBeUndefined();
    expect(stages[1]!.commands[0]).toMatchObject({ kind: 'COPY', from: 'build', sourcePaths: ['/a'], destPath: '/b' });
  });
});
