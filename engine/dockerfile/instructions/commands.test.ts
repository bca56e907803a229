import { describe, expect, it } from 'vitest';
import { commandOf } from './stages-of.test-util.ts';

describe('instruction shapes', () => {
  it('RUN shell and exec forms, heredocs', () => {
    expect(commandOf('RUN echo $HOME')).toMatchObject({ kind: 'RUN', cmdLine: ['echo $HOME'], prependShell: true, mounts: [], devices: [] });
    expect(commandOf('RUN ["echo", "a b"]')).toMatchObject({ cmdLine: ['echo', 'a b'], prependShell: false });
    const h = commandOf('RUN <<-EOF\n\techo hi\nEOF');
    expect(h).toMatchObject({ kind: 'RUN', files: [{ name: 'EOF', data: 'echo hi\n', chomp: true, expand: true }] });
    expect(commandOf('RUN --network=none --security=insecure x')).toMatchObject({ network: 'none', security: 'insecure' });
  });
  it('CMD, ENTRYPOINT, SHELL', () => {
    expect(commandOf('CMD []')).toMatchObject({ kind: 'CMD', cmdLine: [], prependShell: false });
    expect(commandOf('ENTRYPOINT []')).toMatchObject({ kind: 'ENTRYPOINT', cmdLine: null });
    expect(commandOf('ENTRYPOINT [ "/bin/server" ]')).toMatchObject({ cmdLine: ['/bin/server'], prependShell: false });
    expect(commandOf('ENTRYPOINT top -b')).toMatchObject({ cmdLine: ['top -b'], prependShell: true });
    expect(commandOf('SHELL ["/bin/bash", "-c"]')).toMatchObject({ kind: 'SHELL', shell: ['/bin/bash', '-c'] });
  });
  it('ENV, LABEL, ARG', () => {
    expect(commandOf('ENV a=bye b=$a')).toMatchObject({ kind: 'ENV', env: [{ key: 'a', value: 'bye' }, { key: 'b', value: '$a' }], legacy: false });
    expect(commandOf('ENV PATH /a b')).toMatchObject({ env: [{ key: 'PATH', value: '/a b' }], legacy: true });
    expect(commandOf('LABEL "a b"="c d"')).toMatchObject({ kind: 'LABEL', labels: [{ key: '"a b"', value: '"c d"' }] });
    expect(commandOf('ARG A B=2 C=')).toMatchObject({ kind: 'ARG', args: [{ key: 'A' }, { key: 'B', value: '2' }, { key: 'C', value: '' }] });
  });
  it('COPY and ADD', () => {
    expect(commandOf('COPY --from=build --chown=1:2 --chmod=755 a b /dst/')).toMatchObject({
      kind: 'COPY', from: 'build', chown: '1:2', chmod: '755', sourcePaths: ['a', 'b'], destPath: '/dst/', link: false, parents: false, exclude: [],
    });
    expect(commandOf('COPY ["a b", "/c"]')).toMatchObject({ sourcePaths: ['a b'], destPath: '/c' });
    expect(commandOf('COPY <<EOF /x\nhi $A\nEOF')).toMatchObject({
      sourcePaths: [], sourceContents: [{ name: 'EOF', data: 'hi $A\n', expand: true }], destPath: '/x',
    });
    expect(commandOf('COPY <<"EOF" /x\nhi\nEOF')).toMatchObject({ sourceContents: [{ expand: false }] });
    expect(commandOf('ADD --checksum=sha256:x --keep-git-dir --unpack=false https://a/b.tgz /x')).toMatchObject({
      kind: 'ADD', checksum: 'sha256:x', keepGitDir: true, unpack: false, link: false,
    });
    expect(commandOf('ADD a b')).not.toHaveProperty('unpack');
  });
  it('single-argument instructions and lists', () => {
    expect(commandOf('WORKDIR /a b')).toMatchObject({ kind: 'WORKDIR', path: '/a b' });
    expect(commandOf('USER app:app')).toMatchObject({ kind: 'USER', user: 'app:app' });
    expect(commandOf('STOPSIGNAL SIGKILL')).toMatchObject({ kind: 'STOPSIGNAL', signal: 'SIGKILL' });
    expect(commandOf('MAINTAINER me <m@e>')).toMatchObject({ kind: 'MAINTAINER', maintainer: 'me <m@e>' });
    expect(commandOf('EXPOSE 8080/udp 443 80')).toMatchObject({ kind: 'EXPOSE', ports: ['443', '80', '8080/udp'] });
    expect(commandOf('VOLUME ["/a", "/b"]')).toMatchObject({ kind: 'VOLUME', volumes: ['/a', '/b'] });
  });
  it('HEALTHCHECK durations in ns', () => {
    expect(commandOf('HEALTHCHECK NONE')).toMatchObject({ health: { test: ['NONE'] } });
    expect(commandOf('HEALTHCHECK --interval=1m30s --timeout=1.5s --start-period=0s --retries=3 CMD curl -f x')).toMatchObject({
      kind: 'HEALTHCHECK',
      health: { test: ['CMD-SHELL', 'curl -f x'], interval: 90e9, timeout: 1.5e9, startPeriod: 0, retries: 3 },
    });
    expect(commandOf('HEALTHCHECK CMD ["curl", "x"]')).toMatchObject({ health: { test: ['CMD', 'curl', 'x'] } });
  });
  it('ONBUILD keeps the trigger text and parses it', () => {
    const c = commandOf('ONBUILD COPY --from=x a b');
    expect(c).toMatchObject({ kind: 'ONBUILD', expression: 'COPY --from=x a b', trigger: { kind: 'COPY', from: 'x' } });
  });
  it('every command has its range and original text', () => {
    const c = commandOf('RUN a \\\n  b');
    expect(c.range.start.line).toBe(2);
    expect(c.range.end.line).toBe(3);
    expect(c.keyword).toBe('RUN');
  });
});
