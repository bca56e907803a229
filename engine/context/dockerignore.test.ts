import { describe, expect, it } from 'vitest';
import { cleanPath, isIgnored, parseDockerignore } from './dockerignore.ts';

function ignored(rules: string, path: string): boolean {
  return isIgnored(parseDockerignore(rules), path);
}

describe('.dockerignore (moby/patternmatcher semantics)', () => {
  it('ignores files and everything under ignored directories', () => {
    expect(ignored('bin/\n', 'bin/client')).toBe(true);
    expect(ignored('bin\n', 'bin/a/b')).toBe(true);
    expect(ignored('bin\n', 'binary')).toBe(false);
    expect(ignored('*.tar\n', 'image.tar')).toBe(true);
    expect(ignored('*.tar\n', 'sub/image.tar')).toBe(false);
  });
  it('treats ** as any number of directories, including none', () => {
    expect(ignored('**/*.go\n', 'main.go')).toBe(true);
    expect(ignored('**/*.go\n', 'cmd/client/main.go')).toBe(true);
    expect(ignored('cmd/**\n', 'cmd/client/main.go')).toBe(true);
    expect(ignored('cmd/**/test\n', 'cmd/test')).toBe(true);
  });
  it('lets a later ! re-include, and the last match wins', () => {
    const rules = '*.md\n!README.md\n';
    expect(ignored(rules, 'NOTES.md')).toBe(true);
    expect(ignored(rules, 'README.md')).toBe(false);
    expect(ignored('!README.md\n*.md\n', 'README.md')).toBe(true);
  });
  it('skips comments and blank lines, trims, and cleans leading / and ./', () => {
    const rules = '# comment\n\n   /secret.txt  \n./build/\n';
    expect(ignored(rules, 'secret.txt')).toBe(true);
    expect(ignored(rules, 'build/out')).toBe(true);
    expect(ignored(rules, '# comment')).toBe(false);
  });
  it('keeps * and ? within one segment and supports classes', () => {
    expect(ignored('a*\n', 'ab/c')).toBe(true); // parent dir "ab" matches
    expect(ignored('a?c\n', 'abc')).toBe(true);
    expect(ignored('a?c\n', 'a/c')).toBe(false);
    expect(ignored('[a-c].txt\n', 'b.txt')).toBe(true);
    expect(ignored('[^a-c].txt\n', 'b.txt')).toBe(false);
    expect(ignored('[^a-c].txt\n', 'd.txt')).toBe(true);
    // patternmatcher hands the class to Go's regexp as written: `!` is one of its characters, not a negation
    expect(ignored('[!a-c].txt\n', 'b.txt')).toBe(true);
    expect(ignored('[!a-c].txt\n', '!.txt')).toBe(true);
    expect(ignored('[!a-c].txt\n', 'd.txt')).toBe(false);
  });
  it('never ignores the context root', () => {
    expect(ignored('*\n', '.')).toBe(false);
    expect(ignored('*\n', 'anything')).toBe(true);
  });
  it('cleans paths like Go', () => {
    expect(cleanPath('./a//b/../c/')).toBe('a/c');
    expect(cleanPath('/../x')).toBe('/x');
    expect(cleanPath('../x')).toBe('../x');
  });
});
