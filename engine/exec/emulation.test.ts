import { describe, expect, it } from 'vitest';
import { build } from '../build/build.ts';
import { capture, readContext, testDeps } from '../build/testing/project.ts';
import { EMULATION_FACTOR, emulatedMs, isEmulated } from './emulation.ts';

describe('which containers are emulated', () => {
  it('another architecture of the same OS is; 386 on amd64 and arm on arm64 are not', () => {
    expect(isEmulated('linux/arm64')).toBe(true);
    expect(isEmulated('linux/arm/v7', 'linux/amd64')).toBe(true);
    expect(isEmulated('linux/amd64', 'linux/arm64')).toBe(true);
    expect(isEmulated('linux/amd64')).toBe(false);
    expect(isEmulated('linux/386', 'linux/amd64')).toBe(false);
    expect(isEmulated('linux/arm/v7', 'linux/arm64')).toBe(false);
    expect(emulatedMs(100, 'linux/arm64')).toBe(100 * EMULATION_FACTOR);
    expect(emulatedMs(100, 'linux/amd64')).toBe(100);
  });
});

/** `go build` inside an arm64 container on an amd64 machine: what the multi-platform chapter tells you to avoid. */
const dockerfile = (platform: string) => `FROM ${platform}golang:1.20-alpine
WORKDIR /src
COPY . .
RUN go build -o /bin/server ./cmd/server
`;

/** Modeled seconds of the `go build` step in the plain progress. */
async function goBuildSeconds(platform: string): Promise<number> {
  const c = capture();
  await build({ dockerfile: dockerfile(platform), context: readContext() }, testDeps(), { onEvent: c.onEvent });
  const plain = c.plain();
  const id = /#(\d+) \[[^\]]*4\/4\] RUN go build/.exec(plain)![1];
  return Number(new RegExp(`#${id} DONE (\\d+\\.\\d)s`).exec(plain)![1]);
}

describe('an emulated RUN step', () => {
  it('takes about EMULATION_FACTOR times longer in modeled time than the native one', async () => {
    const native = await goBuildSeconds('');
    const emulated = await goBuildSeconds('--platform=linux/arm64 ');
    expect(native).toBeGreaterThan(0.5);
    expect(emulated / native).toBeGreaterThan(EMULATION_FACTOR * 0.8);
    expect(emulated / native).toBeLessThan(EMULATION_FACTOR * 1.1);
  }, 60_000);
});
