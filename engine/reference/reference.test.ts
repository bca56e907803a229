import { describe, expect, it } from 'vitest';
import { parseReference } from './reference.ts';

const HEX = 'a'.repeat(64);

describe('parseReference', () => {
  it.each([
    ['golang:1.22-alpine', 'docker.io', 'library/golang', '1.22-alpine', 'docker.io/library/golang:1.22-alpine', 'golang:1.22-alpine'],
    ['alpine', 'docker.io', 'library/alpine', undefined, 'docker.io/library/alpine:latest', 'alpine'],
    ['user/repo:tag', 'docker.io', 'user/repo', 'tag', 'docker.io/user/repo:tag', 'user/repo:tag'],
    ['golangci/golangci-lint:v1.52', 'docker.io', 'golangci/golangci-lint', 'v1.52', 'docker.io/golangci/golangci-lint:v1.52', 'golangci/golangci-lint:v1.52'],
    ['localhost:5000/app:1', 'localhost:5000', 'app', '1', 'localhost:5000/app:1', 'localhost:5000/app:1'],
    ['localhost/app', 'localhost', 'app', undefined, 'localhost/app:latest', 'localhost/app'],
    ['ghcr.io/a/b/c:x', 'ghcr.io', 'a/b/c', 'x', 'ghcr.io/a/b/c:x', 'ghcr.io/a/b/c:x'],
    ['index.docker.io/library/busybox', 'docker.io', 'library/busybox', undefined, 'docker.io/library/busybox:latest', 'busybox'],
    ['docker.io/library/a/b', 'docker.io', 'library/a/b', undefined, 'docker.io/library/a/b:latest', 'library/a/b'],
  ])('%s', (input, domain, path, tag, full, familiar) => {
    const r = parseReference(input);
    expect(r.domain).toBe(domain);
    expect(r.path).toBe(path);
    expect(r.tag).toBe(tag);
    expect(r.full).toBe(full);
    expect(r.familiar).toBe(familiar);
  });

  it('keeps digests and does not add latest', () => {
    const r = parseReference(`alpine@sha256:${HEX}`);
    expect(r.digest).toBe(`sha256:${HEX}`);
    expect(r.full).toBe(`docker.io/library/alpine@sha256:${HEX}`);
    expect(r.familiar).toBe(`alpine@sha256:${HEX}`);
    const both = parseReference(`alpine:3@sha256:${HEX}`);
    expect(both.full).toBe(`docker.io/library/alpine:3@sha256:${HEX}`);
  });

  it.each([
    ['Golang:1.20', 'invalid reference format: repository name (library/Golang) must be lowercase'],
    ['docker.io/User/repo', 'invalid reference format: repository name (User/repo) must be lowercase'],
    ['', 'invalid reference format'],
    ['a b', 'invalid reference format'],
    ['alpine:', 'invalid reference format'],
    ['-alpine', 'invalid reference format'],
    ['alpine@sha256:abc', 'invalid reference format'],
    [`alpine@sha256:${'a'.repeat(63)}`, 'invalid checksum digest length'],
    [`alpine@md5:${HEX}`, 'unsupported digest algorithm'],
    [HEX, `invalid repository name (${HEX}), cannot specify 64-byte hexadecimal strings`],
    ['a'.repeat(300), 'repository name must not be more than 255 characters'],
    ['reg.io/x:-bad', 'invalid reference format'],
  ])('rejects %j', (input, message) => {
    expect(() => parseReference(input)).toThrow(new Error(message));
  });

  it('accepts upper case in the registry host, like Docker', () => {
    expect(parseReference('User/repo').domain).toBe('User');
    expect(parseReference('Registry.io/x').full).toBe('Registry.io/x:latest');
  });

  it('treats an upper-case first segment without dot as a lower-case check on the path', () => {
    expect(() => parseReference('Ubuntu')).toThrow('invalid reference format: repository name (library/Ubuntu) must be lowercase');
  });
});
