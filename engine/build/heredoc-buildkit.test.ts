/**
 * Heredocs as BuildKit's frontend tests state them (moby/buildkit
 * frontend/dockerfile/dockerfile_heredoc_test.go); each case names the Go test it follows.
 */
import { describe, expect, it } from 'vitest';
import { build } from './build.ts';
import { filesOf, testDeps } from './testing/project.ts';

async function files(dockerfile: string): Promise<Record<string, string>> {
  const r = await build({ dockerfile, context: filesOf({}) }, testDeps());
  const fs = r.filesystems[0]!;
  return Object.fromEntries(fs.entries('/').filter((e) => e.type === 'file').map((e) => [e.path.slice(1), new TextDecoder().decode(fs.readFile(e.path))]));
}

describe("BuildKit's heredoc tests", () => {
  it('testHeredocIndent: <<- strips leading tabs in COPY, RUN, a shebang script and a heredoc fed to a command', async () => {
    const dockerfile = `
FROM busybox AS build

COPY <<EOF /dest/foo-copy
\tfoo
EOF

COPY <<-EOF /dest/bar-copy
\tbar
EOF

RUN <<EOF
echo "
\tfoo" > /dest/foo-run
EOF

RUN <<-EOF
echo "
\tbar" > /dest/bar-run
EOF

RUN <<EOF
#!/bin/sh
echo "
\tfoo" > /dest/foo2-run
EOF

RUN <<-EOF
#!/bin/sh
echo "
\tbar" > /dest/bar2-run
EOF

RUN <<EOF sh > /dest/foo3-run
echo "
\tfoo"
EOF

RUN <<-EOF sh > /dest/bar3-run
echo "
\tbar"
EOF

FROM scratch
COPY --from=build /dest /
`;
    expect(await files(dockerfile)).toEqual({
      'foo-copy': '\tfoo\n',
      'foo-run': '\n\tfoo\n',
      'foo2-run': '\n\tfoo\n',
      'foo3-run': '\n\tfoo\n',
      'bar-copy': 'bar\n',
      'bar-run': '\nbar\n',
      'bar2-run': '\nbar\n',
      'bar3-run': '\nbar\n',
    });
  });
  it("testHeredocVarSubstitution: <<EOF expands build args, <<'EOF' and <<\"EOF\" keep the text; a RUN heredoc is left to the shell", async () => {
    const dockerfile = `
FROM busybox as build

ARG name=world

COPY <<EOF /dest/c1
Hello \${name}!
EOF
COPY <<'EOF' /dest/c2
Hello \${name}!
EOF
COPY <<"EOF" /dest/c3
Hello \${name}!
EOF

COPY <<EOF /dest/q1
Hello '\${name}'!
EOF
COPY <<EOF /dest/q2
Hello "\${name}"!
EOF
COPY <<'EOF' /dest/qsingle1
Hello '\${name}'!
EOF
COPY <<'EOF' /dest/qsingle2
Hello "\${name}"!
EOF
COPY <<"EOF" /dest/qdouble1
Hello '\${name}'!
EOF
COPY <<"EOF" /dest/qdouble2
Hello "\${name}"!
EOF

RUN <<EOF
greeting="Hello"
echo "\${greeting} \${name}!" > /dest/r1
EOF
RUN <<EOF
name="new world"
echo "Hello \${name}!" > /dest/r2
EOF

FROM scratch
COPY --from=build /dest /
`;
    expect(await files(dockerfile)).toEqual({
      c1: 'Hello world!\n',
      c2: 'Hello ${name}!\n',
      c3: 'Hello ${name}!\n',
      q1: "Hello 'world'!\n",
      q2: 'Hello "world"!\n',
      qsingle1: "Hello '${name}'!\n",
      qsingle2: 'Hello "${name}"!\n',
      qdouble1: "Hello '${name}'!\n",
      qdouble2: 'Hello "${name}"!\n',
      r1: 'Hello world!\n',
      r2: 'Hello new world!\n',
    });
  });
});
