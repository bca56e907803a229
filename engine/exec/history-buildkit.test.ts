/**
 * Image history as BuildKit's frontend tests state it (moby/buildkit
 * frontend/dockerfile/dockerfile_history_test.go; the image is read from the build result,
 * not pushed to a registry); each case names the Go test it follows.
 */
import { describe, expect, it } from 'vitest';
import { build } from '../build/build.ts';
import { filesOf, testDeps } from '../build/testing/project.ts';

async function history(dockerfile: string, context: Record<string, string> = {}) {
  const r = await build({ dockerfile, context: filesOf(context) }, testDeps());
  const cfg = await r.images[0]!.configFile();
  return { cfg, history: cfg.history ?? [] };
}

describe("BuildKit's history tests", () => {
  it('testExportedHistory: one entry per instruction of the target stage only, empty_layer for metadata', async () => {
    const { cfg, history: h } = await history(
      '\nFROM busybox AS base\nENV foo=bar\nCOPY foo /foo2\nFROM busybox\nLABEL lbl=val\nCOPY --from=base foo2 foo3\nWORKDIR /\nRUN echo bar > foo4\nRUN ["ls"]\nEXPOSE 2375 5000 1234/udp\n',
      { foo: 'contents0' },
    );
    expect(cfg.rootfs.type).toBe('layers');
    const base = h.length - 6;
    expect(h.slice(base).map((e) => [e.created_by, e.empty_layer ?? false, e.created !== undefined])).toEqual([
      ['LABEL lbl=val', true, true],
      ['COPY foo2 foo3 # buildkit', false, true],
      ['WORKDIR /', true, true],
      ['RUN /bin/sh -c echo bar > foo4 # buildkit', false, true],
      ['RUN ls # buildkit', false, true],
      ['EXPOSE [1234/udp 2375/tcp 5000/tcp]', true, true],
    ]);
    expect(cfg.rootfs.diff_ids.length).toBe(h.filter((e) => !e.empty_layer).length);
  });
  it('testExportedHistoryFlattenArgs: RUN |2 lists foo once, at its first place, with its last value', async () => {
    const { history: h } = await history('\nFROM busybox\nARG foo=bar\nARG bar=123\nARG foo=bar2\nRUN ls /etc/\n');
    const first = h.findIndex((e) => e.created_by === 'ARG foo=bar');
    expect(first).toBeGreaterThan(0);
    expect(h.slice(first).map((e) => e.created_by)).toEqual(['ARG foo=bar', 'ARG bar=123', 'ARG foo=bar2', 'RUN |2 foo=bar2 bar=123 /bin/sh -c ls /etc/ # buildkit']);
  });
});
