/**
 * End-to-end: the sandbox worker in Chromium. A build runs off the main thread (the page
 * keeps painting), the terminal draws BuildKit's tty view, the panels' live view fills,
 * and a sandbox worker killed mid-build fails that build clearly while the workspace and
 * the next build are fine. Uses the `?test` hook (`window.__stageplay`) from `main.ts`.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from './static-server.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH, buildApp } from './chromium.ts';
import { slowProject } from '#engine/testing/slow-build';
import { LINT } from '../../lessons/dockerfiles.ts';

const repo = resolve(import.meta.dirname, '../..');
const artifacts = join(repo, 'test-artifacts');

let tmp: string;
let server: Awaited<ReturnType<typeof serveStatic>>;
let browser: Browser;
let page: Page;
const problems: string[] = [];

interface Hook {
  killSandbox(): void;
  client: { current?: { id: number; status: string; events: unknown[]; dockerfile: string }; records: { builds: { ok: boolean }[] } };
  workspace: { read(p: string): string | undefined; update(p: string, text: string): void; flush(): Promise<void> };
}
declare const __stageplay: Hook;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'stageplay-sandbox-e2e-'));
  const out = join(tmp, 'dist');
  await buildApp(out);
  server = await serveStatic(out);
  await mkdir(artifacts, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true });
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) problems.push(`console: ${m.text()}`);
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const terminalText = () => page.locator('[data-testid="terminal"] .xterm-rows').innerText();

/** Type a command once the previous one has finished (the prompt is back). */
async function type(command: string): Promise<void> {
  await expect.poll(() => page.evaluate(() => (__stageplay.client as unknown as { running: boolean }).running), { timeout: 60_000 }).toBe(false);
  await page.locator('[data-testid="terminal"] .xterm-helper-textarea').focus();
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
}

const view = () => page.evaluate(() => {
  const v = __stageplay.client.current;
  return v ? { id: v.id, status: v.status, events: v.events.length, dockerfile: v.dockerfile } : undefined;
});

/**
 * A build with one long step to interrupt (`engine/testing/slow-build.ts`): `go build` of a
 * generated 200,000-function program, seconds of real work in the stage worker (the guide's
 * project builds in well under a second, too fast to cancel or kill reliably mid-build).
 */
async function addSlowBuild(): Promise<void> {
  const files = slowProject().map((f) => (f.path === 'Dockerfile' ? { ...f, path: 'slow.Dockerfile' } : f));
  await page.evaluate((list) => {
    for (const f of list) __stageplay.workspace.update(f.path, f.text);
  }, files);
}

describe('the sandbox worker in Chromium', () => {
  it('builds in the worker with the tty view while the page keeps painting', async () => {
    await page.goto(`${server.url}?test`);
    await expect.poll(() => page.evaluate(() => typeof __stageplay), { timeout: 15_000 }).toBe('object');
    await page.getByRole('navigation', { name: 'Workspace files' }).waitFor();
    await type('docker build --tag=buildme --target=client .');
    // While it runs: the view streams, and the main thread answers animation frames.
    await expect.poll(async () => (await view())?.events ?? 0, { timeout: 30_000 }).toBeGreaterThan(5);
    const gaps = await page.evaluate(
      () =>
        new Promise<{ worst: number; frames: number }>((done) => {
          let last = performance.now();
          let worst = 0;
          let frames = 0;
          const end = last + 1000;
          const tick = (now: number) => {
            worst = Math.max(worst, now - last);
            last = now;
            frames++;
            if (now < end) requestAnimationFrame(tick);
            else done({ worst, frames });
          };
          requestAnimationFrame(tick);
        }),
    );
    expect(gaps.worst).toBeLessThan(250);
    expect(gaps.frames).toBeGreaterThan(10);
    await expect.poll(async () => (await view())?.status, { timeout: 60_000 }).toBe('done');
    await page.screenshot({ path: join(artifacts, 'sandbox-tty-build.png') });
    // The stages ran on the stage pool (nested workers): their events name a worker.
    expect(await page.evaluate(() => (__stageplay.client.current!.events as { worker?: number }[]).some((e) => (e.worker ?? 0) >= 1))).toBe(true);
    const bottom = await terminalText();
    expect(bottom).toMatch(/=> => naming to docker\.io\/library\/buildme:latest\s+[\d.]+s\n/);
    expect(bottom).not.toMatch(/^#\d+ /m);
    // Scroll back: live frames fit the terminal, so the scrollback holds the final frame once.
    await page.locator('[data-testid="terminal"]').hover();
    const scrolledUp = async () => {
      await page.mouse.wheel(0, -400);
      return terminalText();
    };
    await expect.poll(scrolledUp, { timeout: 10_000 }).toMatch(/\[\+\] Building [\d.]+s \(\d+\/\d+\) FINISHED/);
    // to the top of the scrollback: the command line sits just above the frame (the steps above may leave the header on the top row)
    await page.mouse.wheel(0, -5000);
    const top = await terminalText();
    expect(top.match(/\[\+\] Building/g)).toHaveLength(1);
    expect(top).toContain('$ docker build --tag=buildme --target=client .');
    expect(top).toMatch(/=> \[base 1\/5\] FROM docker\.io\/library\/golang:1\.20-alpine/);
    await page.mouse.wheel(0, 5000);
  }, 120_000);

  it('a sandbox worker killed mid-build fails that build; edits stay; the next build works', async () => {
    await page.evaluate(() => {
      const ws = __stageplay.workspace;
      ws.update('Dockerfile', ws.read('Dockerfile')!.replace('FROM scratch AS client', '# edited before the crash\nFROM scratch AS client'));
    });
    await addSlowBuild();
    await type('clear');
    await type('docker build --no-cache --progress=plain -f slow.Dockerfile .');
    await expect.poll(terminalText, { timeout: 30_000 }).toMatch(/#\d+ \[4\/5\] RUN go build -o \/out\/slow \./);
    await page.evaluate(() => __stageplay.killSandbox());
    await expect.poll(terminalText, { timeout: 10_000 }).toMatch(/ERROR: the sandbox stopped \(its worker was terminated\)/);
    expect(await view()).toMatchObject({ status: 'failed' });
    expect(await page.evaluate(() => __stageplay.workspace.read('Dockerfile'))).toContain('# edited before the crash');
    await page.screenshot({ path: join(artifacts, 'sandbox-killed.png') });

    await type('clear');
    await type('docker build --tag=buildme --target=client .');
    await expect.poll(async () => (await view())?.status, { timeout: 60_000 }).toBe('done');
    const v = (await view())!;
    expect(v.dockerfile).toContain('# edited before the crash');
    await type('docker images buildme');
    await expect.poll(terminalText, { timeout: 10_000 }).toMatch(/^buildme\s+latest\s+[0-9a-f]{12}\s/m);
    expect(await page.evaluate(() => __stageplay.client.records.builds.map((b) => b.ok))).toEqual([true, false, true]);
  }, 120_000);

  it('Ctrl+C cancels a build running in the worker', async () => {
    await addSlowBuild();
    await type('clear');
    await type('docker build --no-cache --progress=plain -f slow.Dockerfile .');
    await expect.poll(terminalText, { timeout: 30_000 }).toMatch(/#\d+ \[4\/5\] RUN go build -o \/out\/slow \./);
    await page.locator('[data-testid="terminal"] .xterm-helper-textarea').focus();
    await page.keyboard.press('Control+C');
    await expect.poll(async () => (await view())?.status, { timeout: 30_000 }).toBe('canceled');
    await expect.poll(terminalText, { timeout: 5_000 }).toMatch(/ERROR: failed to solve: [^\n]*cancel/i);
    expect(problems).toEqual([]);
  }, 120_000);

  it("a failing go build shows the compiler's message in the default (tty) view, as BuildKit's error block", async () => {
    const original = await page.evaluate(() => __stageplay.workspace.read('cmd/client/main.go')!);
    await page.evaluate((text) => __stageplay.workspace.update('cmd/client/main.go', text.replace('greeting.Banner', 'greeting.Bannr')), original);
    await type('clear');
    await type('docker build --target=client .');
    await expect.poll(async () => (await view())?.status, { timeout: 60_000 }).toBe('failed');
    await expect.poll(terminalText, { timeout: 10_000 }).toContain('ERROR: failed to solve: process "/bin/sh -c go build');
    const text = await terminalText();
    expect(text).toMatch(/------\n > \[build-client 1\/1\] RUN go build -o \/bin\/client \.\/cmd\/client:\n[\d.]+ # github\.com\/stageplay\/buildme\/cmd\/client\n[\d.]+ cmd\/client\/main\.go:18:23: undefined: greeting\.Bannr\n------\nDockerfile:\d+\n/);
    expect(text).not.toMatch(/^#\d+ /m); // the tty view, not the plain log
    await page.screenshot({ path: join(artifacts, 'sandbox-failed-step.png') });
    await page.evaluate((text) => __stageplay.workspace.update('cmd/client/main.go', text), original);
  }, 120_000);

  it("a failing lint step shows golangci-lint's finding in the default (tty) view, as BuildKit's error block", async () => {
    const original = await page.evaluate(() => __stageplay.workspace.read('Dockerfile')!);
    await page.evaluate((text) => __stageplay.workspace.update('Dockerfile', text), LINT);
    try {
      await type('clear');
      await type('docker build --target=lint .');
      await expect.poll(async () => (await view())?.status, { timeout: 60_000 }).toBe('failed');
      await expect.poll(terminalText, { timeout: 10_000 }).toContain('ERROR: failed to solve: process "/bin/sh -c golangci-lint run');
      const text = await terminalText();
      // the finding is wider than the terminal: its rows are joined to read it whole
      expect(text.replace(/\n/g, '')).toMatch(/ > \[lint 3\/3\] RUN --mount=type=bind,target=\.\s+golangci-lint run:[\d.]+ cmd\/server\/main\.go:\d+:\d+: Error return value of `w\.Write` is not checked \(errcheck\)[\d.]+ .*------.*Dockerfile:\d+/);
      expect(text).not.toMatch(/^#\d+ /m); // the tty view, not the plain log
      await page.screenshot({ path: join(artifacts, 'sandbox-failed-lint.png') });
    } finally {
      await page.evaluate((text) => __stageplay.workspace.update('Dockerfile', text), original);
      await page.evaluate(() => __stageplay.workspace.flush());
    }
  }, 120_000);

  it('images survive a reload (IndexedDB): docker images still lists buildme', async () => {
    await page.reload();
    await expect.poll(() => page.evaluate(() => typeof __stageplay), { timeout: 15_000 }).toBe('object');
    await page.getByRole('navigation', { name: 'Workspace files' }).waitFor();
    await type('docker images buildme');
    await expect.poll(terminalText, { timeout: 20_000 }).toMatch(/^buildme\s+latest\s+[0-9a-f]{12}\s/m);
    expect(await page.evaluate(() => __stageplay.workspace.read('Dockerfile'))).toContain('# edited before the crash');
    expect(problems).toEqual([]);
  }, 60_000);
});
