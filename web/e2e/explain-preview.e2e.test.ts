/**
 * End-to-end, in Chromium: "what it will build" and "the way out". A `docker build` line
 * typed in the terminal is previewed before Enter: an unknown `--target` shows BuildKit's
 * error (with its "did you mean"), `--target=client` greys the server stages in the stage
 * graph; clearing the line brings back the last build's graph; pointing at a stage
 * highlights what it needs. Download project gives a zip with the workspace and a README,
 * and an image's real-Docker command is shown in the Images tab. Screenshots at 1440, 1024
 * and 390 wide go to test-artifacts/.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SINGLE_STAGE } from '../../lessons/dockerfiles.ts';
import { openApp, terminalIdle, typeInTerminal, type OpenApp } from './chromium.ts';

let app: OpenApp;
const problems: string[] = [];

beforeAll(async () => {
  app = await openApp();
}, 180_000);

afterAll(async () => {
  await app?.close();
});

async function open(width: number, height: number): Promise<Page> {
  const context = await app.browser.newContext({ viewport: { width, height }, acceptDownloads: true, bypassCSP: true }); // bypassCSP: axe-core is injected inline
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`${width}: ${e.message}`));
  page.on('console', (m) => void (m.type() === 'error' && problems.push(`${width} console: ${m.text()}`)));
  await page.goto(`${app.url}?test`);
  await page.locator('[data-testid="terminal"] .xterm-screen').waitFor({ state: 'attached', timeout: 20_000 });
  await page.waitForFunction(() => (globalThis as unknown as { __stageplay?: { workspace: { ready: boolean } } }).__stageplay?.workspace.ready === true, undefined, { timeout: 20_000 });
  return page;
}

/** Types `line` at the prompt without running it (whatever was half typed goes first). */
async function typeOnly(page: Page, line: string): Promise<void> {
  await terminalIdle(page);
  await page.locator('[data-testid="terminal"] .xterm-helper-textarea').focus();
  await page.keyboard.press('Control+U');
  await page.keyboard.type(line);
}

const preview = (page: Page) => page.getByTestId('build-preview');

const AXE_SOURCE = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

/** axe-core's serious and critical violations on the page as it is now (rule id and the first element). */
async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    type V = { id: string; impact: string; nodes: { target: unknown[] }[] };
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: V[] }> } }).axe;
    const { violations } = await axe.run(document, { resultTypes: ['violations'] });
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${String(v.nodes[0]?.target[0])}`);
  });
}

describe('what it will build, before Enter', () => {
  let page: Page;
  beforeAll(async () => {
    page = await open(1440, 900);
  }, 60_000);

  it("shows BuildKit's unknown-target error and its suggestion while the line is typed", async () => {
    await typeOnly(page, 'docker build --target=clien .');
    await expect.poll(() => preview(page).innerText(), { timeout: 10_000 }).toBe('Would fail: ERROR: failed to solve: target stage "clien" could not be found (did you mean client?)');
    // BuildKit suggests a name within two edits only: "cli" is three from "client", so no suggestion
    await typeOnly(page, 'docker build --target=cli .');
    await expect.poll(() => preview(page).innerText(), { timeout: 10_000 }).toBe('Would fail: ERROR: failed to solve: target stage "cli" could not be found');
    await page.screenshot({ path: join(app.artifacts, 'explain-preview-error-1440.png') });
    await page.keyboard.press('Control+U');
    await expect.poll(() => preview(page).innerText(), { timeout: 10_000 }).toBe('');
  });

  it('greys the server stages for --target=client in the stage graph, and goes back to the last build when the line is cleared', async () => {
    const out = await typeInTerminal(page, 'docker build -t buildme .');
    expect(out).toMatch(/naming to docker\.io\/library\/buildme:latest/);
    await page.getByRole('tab', { name: 'Build' }).click();
    const graph = page.getByTestId('stage-graph');
    const state = (label: string) => graph.locator(`g[data-stage="${label}"]`).getAttribute('data-state');
    await expect.poll(() => state('server')).not.toBe('pruned');
    expect(await state('client')).toBe('pruned');

    await typeOnly(page, 'docker build --target=client .');
    await expect.poll(() => graph.getAttribute('data-preview'), { timeout: 10_000 }).toBe('true');
    expect(await state('server')).toBe('pruned');
    expect(await state('build-server')).toBe('pruned');
    expect(await state('client')).toBe('planned');
    expect(await page.getByTestId('graph-preview').innerText()).toBe('Preview of docker build --target=client . (not run yet): it builds base, build-client, client, skips build-server, server.');
    expect(await preview(page).innerText()).toBe('Will build: --target=client builds base, build-client, client; skips build-server, server.');
    await page.screenshot({ path: join(app.artifacts, 'explain-preview-graph-1440.png') });
    expect(await seriousViolations(page)).toEqual([]);

    // pointing at client highlights what it needs: build-client and base, not the server side
    await graph.locator('g[data-stage="client"] rect').first().hover();
    const needed = async (label: string) => (await graph.locator(`g[data-stage="${label}"]`).getAttribute('class'))!.includes('needed');
    expect([await needed('client'), await needed('build-client'), await needed('base'), await needed('server')]).toEqual([true, true, true, false]);
    expect(await page.locator('.hover-note').innerText()).toBe('client needs base, build-client.');

    await page.locator('[data-testid="terminal"] .xterm-helper-textarea').focus();
    await page.keyboard.press('Control+U');
    await expect.poll(() => graph.getAttribute('data-preview'), { timeout: 10_000 }).toBe(null);
    expect(await state('server')).not.toBe('pruned');
  }, 180_000);

  it('shows why each stage ran: a rebuild after an edit of the client says which file, the server side stays cached', async () => {
    await page.evaluate(() => {
      const ws = (globalThis as unknown as { __stageplay: { workspace: { read(p: string): string; update(p: string, t: string): void } } }).__stageplay.workspace;
      ws.update('cmd/client/main.go', ws.read('cmd/client/main.go').replace('package main', 'package main // edited'));
    });
    await typeInTerminal(page, 'docker build -t buildme .');
    const graph = page.getByTestId('stage-graph');
    const cause = (label: string) => graph.locator(`g[data-stage="${label}"]`).getAttribute('data-cause');
    await expect.poll(() => cause('base'), { timeout: 10_000 }).toBe('changed');
    expect(await graph.locator('g[data-stage="base"] text.cause').textContent()).toContain('files changed: cmd/client/main.go');
    expect(await cause('build-server')).toBe('parent-ran');
    const legend = await page.getByTestId('cause-legend').innerText();
    expect(legend).toContain('Why it ran:');
    expect(legend).toContain('ran: an input changed');
    await page.screenshot({ path: join(app.artifacts, 'explain-preview-causes-1440.png') });
    expect(await seriousViolations(page)).toEqual([]);
  }, 120_000);

  it('downloads the project as a zip with the workspace and a README of the lesson commands', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-project').click()]);
    expect(download.suggestedFilename()).toBe('stageplay-project.zip');
    const path = join(app.artifacts, 'stageplay-project.zip');
    await download.saveAs(path);
    const entries = unzipSync(new Uint8Array(await readFile(path)));
    expect(Object.keys(entries)).toEqual(expect.arrayContaining(['README.md', 'Dockerfile', 'go.mod', 'cmd/client/main.go']));
    const readme = new TextDecoder().decode(entries['README.md']);
    expect(readme).toContain('## The commands of this lesson');
    expect(readme).toContain('## Run them with a real Docker');
    const dockerfile = await page.evaluate(() => (globalThis as unknown as { __stageplay: { workspace: { read(p: string): string } } }).__stageplay.workspace.read('Dockerfile'));
    expect(new TextDecoder().decode(entries['Dockerfile'])).toBe(dockerfile);
  });

  it("shows the selected image's docker buildx build command", async () => {
    await page.getByRole('tab', { name: 'Images' }).click();
    await page.getByRole('button', { name: 'Layers of buildme:latest' }).click();
    await expect.poll(() => page.getByTestId('build-snippet-command').innerText(), { timeout: 10_000 }).toBe('docker buildx build -t buildme --load .');
    // where its bytes are: one COPY of the server binary from a stage
    expect(await page.getByTestId('image-bytes').locator('tbody th').allInnerTexts()).toEqual(["binaries (go build, with Go's build cache; or copied from a stage)"]);
    expect(await page.getByTestId('image-bytes').locator('caption').innerText()).toMatch(/^Where the 4\.\d+MB of buildme:latest are/);
    await page.screenshot({ path: join(app.artifacts, 'explain-preview-images-1440.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  it('says where the ~140MB between chapter 1 and the multi-stage image went', async () => {
    const dockerfile = await page.evaluate((text) => {
      const ws = (globalThis as unknown as { __stageplay: { workspace: { read(p: string): string; update(p: string, t: string): void } } }).__stageplay.workspace;
      const was = ws.read('Dockerfile');
      ws.update('Dockerfile', text);
      return was;
    }, SINGLE_STAGE);
    expect(await typeInTerminal(page, 'docker build -t chapter1 .')).toMatch(/naming to docker\.io\/library\/chapter1:latest/);
    await page.evaluate((text) => (globalThis as unknown as { __stageplay: { workspace: { update(p: string, t: string): void } } }).__stageplay.workspace.update('Dockerfile', text), dockerfile);
    const compare = page.getByTestId('image-compare');
    await compare.getByLabel('Image').selectOption('chapter1:latest');
    await compare.getByLabel('with').selectOption('buildme:latest');
    const table = page.getByTestId('compare-kinds');
    await expect.poll(() => table.locator('caption').innerText(), { timeout: 10_000 }).toMatch(/^Where the 1\d\dMB difference is \(100% named\)/);
    const rows = await table.locator('tbody tr').allInnerTexts();
    expect(rows[0]).toMatch(/^base image \(OS, toolchain\)\t10\d(\.\d+)?MB \(2\d\dMB\)\t0B \(0B\)\t\+10\d(\.\d+)?MB$/);
    await compare.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(app.artifacts, 'explain-preview-compare-1440.png') });
    expect(problems).toEqual([]);
  }, 120_000);
});

describe('the preview at other widths', () => {
  for (const [width, height] of [[1024, 700], [390, 844]] as const) {
    it(`stays inside the window at ${width}×${height}`, async () => {
      const page = await open(width, height);
      if (width < 900) await page.getByRole('tab', { name: 'Terminal' }).click();
      await typeOnly(page, 'docker build --target=clien .');
      await expect.poll(() => preview(page).innerText(), { timeout: 10_000 }).toContain('(did you mean client?)');
      const b = (await preview(page).boundingBox())!;
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.x + b.width).toBeLessThanOrEqual(width);
      await page.screenshot({ path: join(app.artifacts, `explain-preview-${width}.png`) });
      const header = (await page.locator('header').boundingBox())!;
      const { scrollWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth }));
      expect(scrollWidth).toBeLessThanOrEqual(width);
      expect(header.width).toBeLessThanOrEqual(width);
      await page.screenshot({ path: join(app.artifacts, `explain-preview-header-${width}.png`), clip: { x: 0, y: 0, width, height: Math.min(height, header.height + 10) } });
      await page.context().close();
      expect(problems).toEqual([]);
    }, 60_000);
  }
});
