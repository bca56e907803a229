/**
 * End-to-end: hostile input in the page ends with a clear error and the tab keeps working
 * (Chromium). A RUN doubling a string until the shell's memory budget stops it, the same
 * typed as a terminal line, and a Dockerfile doubling an ENV value line after line: each
 * prints its error, and the next line still runs. Uses the `?test` hook.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openApp, terminalText as terminalTextOf, typeInTerminal, type OpenApp } from './chromium.ts';

interface Hook {
  client: { running: boolean };
  workspace: { update(p: string, text: string): void };
}
declare const __stageplay: Hook;

let app: OpenApp;
let page: Page;
const problems: string[] = [];
const JS_ERROR = /TypeError|RangeError|ReferenceError|Maximum call stack|Invalid string length|out of memory: |\bat \S+ \(/;

beforeAll(async () => {
  app = await openApp();
  page = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('crash', () => problems.push('the page crashed'));
  await page.goto(`${app.url}?test`);
  await page.waitForFunction(() => typeof __stageplay === 'object', undefined, { timeout: 30_000 });
  await page.getByTestId('file-tree').waitFor();
}, 240_000);

afterAll(async () => {
  await app?.close();
});

const terminalText = () => terminalTextOf(page);
const unwrap = (text: string) => text.replace(/\n/g, '');
/** Clear the screen, type a line, and wait for it to finish; the screen's text after. */
const type = (line: string): Promise<string> => typeInTerminal(page, line);

const dockerfile = (text: string) => page.evaluate((t) => __stageplay.workspace.update('Dockerfile', t), text);

describe('hostile input in the page (Chromium)', () => {
  it('a RUN memory bomb: sh: out of memory, the build fails with exit code 1, the terminal goes on', async () => {
    await dockerfile('FROM alpine\nRUN A=xxxxxxxx; for i in $(seq 30); do A=$A$A; done\n');
    const screen = unwrap(await type('docker build --progress=plain . ; echo "status $?"'));
    expect(screen).toContain('sh: out of memory');
    expect(screen).toMatch(/ERROR: failed to solve: process "\/bin\/sh -c A=xxxxxxxx; for i in \$\(seq 30\); do A=\$A\$A; done" did not complete successfully: exit code: 1/);
    expect(screen).toContain('status 1');
    expect(screen).not.toMatch(JS_ERROR);
    await page.screenshot({ path: join(app.artifacts, 'e2e-hostile-1-run-bomb.png') });
    expect(await type('echo still here')).toContain('still here');
  }, 240_000);

  it('the same doubling typed as a terminal line, then a 64 MiB value (kept, as on Linux) copied four times', async () => {
    expect(unwrap(await type('A=xxxxxxxx; for i in $(seq 30); do A=$A$A; done; echo never'))).toMatch(/out of memory(?![^]*never)/);
    const screen = unwrap(await type('A=xxxxxxxx; for i in $(seq 23); do A=$A$A; done; echo ${#A}; B=$A$A$A$A; echo never'));
    // what the line printed, after the line as typed (which has "echo never" in it)
    const printed = screen.slice(screen.indexOf('67108864'));
    expect(printed).toMatch(/^67108864sh: out of memory\$/);
    expect(await type('echo still here')).toContain('still here');
  }, 240_000);

  it('26 lines of ENV A=$A$A: the word past 1 MiB at line 18, in the build and in --check', async () => {
    await dockerfile(['FROM alpine', `ENV A=${'x'.repeat(32)}`, ...Array(24).fill('ENV A=$A$A')].join('\n') + '\n');
    for (const flags of ['', '--check ']) {
      const screen = unwrap(await type(`docker build --progress=plain ${flags}.`));
      expect(screen).toContain('failed to process "$A$A": expanded value longer than 1048576 characters');
      expect(screen).toContain('18 | >>> ENV A=$A$A');
      expect(screen).not.toMatch(JS_ERROR);
    }
    await page.screenshot({ path: join(app.artifacts, 'e2e-hostile-2-env-doubling.png') });
    expect(await type('echo still here')).toContain('still here');
    expect(problems).toEqual([]);
  }, 240_000);
});
