/**
 * End-to-end: containers in Chromium. The guide's chapter 1 lines typed as written after
 * `docker build --tag=buildme .` (run --detach prints the ID, exec runs the client, which
 * reaches the server on the container's localhost, stop prints the name), the Containers
 * view in the Images tab (status, ports, logs, Stop and Remove buttons), a published port
 * reached with curl from the terminal, and chapter 5's foreground `docker run` ended by
 * Ctrl+C. Uses the `?test` hook.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SINGLE_STAGE } from '../../lessons/dockerfiles.ts';
import { openApp, terminalIdle, terminalText, typeInTerminal, type OpenApp } from './chromium.ts';

const AXE_SOURCE = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

let app: OpenApp;
let page: Page;
const problems: string[] = [];

interface Hook {
  workspace: { update(p: string, text: string): void };
}
declare const __stageplay: Hook;

beforeAll(async () => {
  app = await openApp();
  page = await app.browser.newPage({ viewport: { width: 1280, height: 800 }, bypassCSP: true }); // axe-core is injected as an inline script
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
}, 180_000);

afterAll(async () => {
  await app?.close();
});

const type = (line: string) => typeInTerminal(page, line);
/** The screen with the terminal's soft wraps undone. */
const unwrap = (text: string) => text.replace(/\n/g, '');
const view = () => page.getByTestId('containers-view');
const row = (name: string) => page.locator(`[data-testid="container-row"][data-name="${name}"]`);

/** axe-core's violations inside the Containers view (rule ids and impact). */
async function auditView(): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Element, opts: object): Promise<{ violations: { id: string; impact: string }[] }> } }).axe;
    const r = await axe.run(document.querySelector('[data-testid="containers-view"]')!, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id} (${v.impact})`);
  });
}

describe('containers in the browser terminal and the Containers view (Chromium)', () => {
  it('chapter 1: run --detach, exec the client, the view shows it running with its logs, stop removes it (--rm)', async () => {
    await page.goto(`${app.url}?test`);
    await expect.poll(() => page.evaluate(() => typeof __stageplay), { timeout: 30_000 }).toBe('object');
    await page.evaluate((text) => __stageplay.workspace.update('Dockerfile', text), SINGLE_STAGE);
    expect(await type('docker build --tag=buildme .')).toMatch(/naming to docker\.io\/library\/buildme:latest/);

    const run = await type('docker run --name=buildme --rm --detach buildme');
    expect(run).toMatch(/^[0-9a-f]{64}$/m);
    const exec = unwrap(await type('docker exec -it buildme /bin/client'));
    expect(exec).toContain('Client ready. Asking the server at http://localhost:3000');
    expect(exec).toContain('Hello, stranger! This reply came from inside a container.');
    const ps = unwrap(await type('docker ps'));
    expect(ps).toMatch(/CONTAINER ID +IMAGE +COMMAND +CREATED +STATUS +PORTS +NAMES/);
    expect(ps).toMatch(/[0-9a-f]{12} +buildme +"\/bin\/server" +.* ago +Up .* +buildme/);

    await page.getByRole('tab', { name: 'Images' }).click();
    await expect.poll(() => row('buildme').innerText(), { timeout: 10_000 }).toMatch(/Up /);
    await page.getByRole('button', { name: 'Logs of buildme', exact: true }).click();
    await expect.poll(() => page.getByTestId('container-logs').innerText(), { timeout: 10_000 }).toBe('Version: 0.0.0+unknown\nStarting server...\nListening on HTTP port 3000\n');
    expect(await page.getByRole('button', { name: 'Logs of buildme', exact: true }).getAttribute('aria-expanded')).toBe('true');
    expect(await auditView()).toEqual([]);
    await view().screenshot({ path: join(app.artifacts, 'e2e-containers-1-running.png') });

    expect(await type('docker stop buildme')).toMatch(/^buildme$/m);
    await expect.poll(() => view().count(), { timeout: 10_000 }).toBe(0);
    expect(await type('docker ps -a')).not.toMatch(/buildme$/m);
  }, 300_000);

  it('-p 3000:3000 publishes the server to the terminal\'s curl; a second -p 3000 is refused; Stop and Remove in the view', async () => {
    await type('docker run -d -p 3000:3000 --name web buildme');
    expect(unwrap(await type('curl -s localhost:3000/?name=ana'))).toContain('Hello, ana! This reply came from inside a container.');
    expect(unwrap(await type('docker run -d -p 3000:3000 --name web2 buildme'))).toContain('Bind for 0.0.0.0:3000 failed: port is already allocated');
    await page.getByRole('tab', { name: 'Images' }).click();
    await expect.poll(() => row('web').innerText(), { timeout: 10_000 }).toContain('0.0.0.0:3000->3000/tcp');
    expect(await row('web2').innerText()).toContain('Created');

    await page.getByRole('button', { name: 'Stop web', exact: true }).click();
    await expect.poll(() => row('web').getByTestId('container-status').innerText(), { timeout: 10_000 }).toMatch(/^Exited \(2\) /);
    expect(unwrap(await type('curl localhost:3000'))).toContain("curl: (7) Failed to connect to localhost port 3000 after 0 ms: Couldn't connect to server");
    await page.getByRole('button', { name: 'Remove web', exact: true }).click();
    await page.getByRole('button', { name: 'Remove web2', exact: true }).click();
    await expect.poll(() => view().count(), { timeout: 10_000 }).toBe(0);
  }, 120_000);

  it('chapter 5: a foreground docker run prints the server\'s lines and blocks until Ctrl+C (Go as PID 1 exits 2)', async () => {
    await page.locator('[data-testid="terminal"] .xterm-helper-textarea').focus();
    await page.keyboard.press('Control+L');
    await page.keyboard.type('docker run --name=fg buildme');
    await page.keyboard.press('Enter');
    await expect.poll(() => terminalText(page), { timeout: 30_000 }).toContain('Listening on HTTP port 3000');
    expect(await page.evaluate(() => (globalThis as unknown as { __stageplay: { client: { running: boolean } } }).__stageplay.client.running)).toBe(true);
    await page.getByRole('tab', { name: 'Images' }).click();
    await expect.poll(() => row('fg').innerText(), { timeout: 10_000 }).toMatch(/Up /);
    await page.locator('[data-testid="terminal"] .xterm-helper-textarea').focus();
    await page.keyboard.press('Control+C');
    await expect.poll(async () => (await terminalText(page)).trimEnd().endsWith('$'), { timeout: 20_000 }).toBe(true);
    expect(unwrap(await type('docker ps -a'))).toMatch(/Exited \(2\) .* fg/);
    await expect.poll(() => row('fg').getByTestId('container-status').innerText(), { timeout: 10_000 }).toMatch(/^Exited \(2\) /);
  }, 120_000);

  it('the Containers view fits a 390 px phone, its buttons named for a screen reader', async () => {
    await type('docker run -d -p 3000:3000 --name a-container-with-a-rather-long-name buildme');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('tab', { name: 'Images' }).click();
    await expect.poll(() => row('a-container-with-a-rather-long-name').innerText(), { timeout: 10_000 }).toContain('0.0.0.0:3000->3000/tcp');
    expect(await view().evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    await expect.poll(() => page.getByRole('button', { name: 'Stop a-container-with-a-rather-long-name', exact: true }).isVisible()).toBe(true);
    await view().screenshot({ path: join(app.artifacts, 'e2e-containers-2-phone.png') });
    await page.getByRole('button', { name: 'Stop a-container-with-a-rather-long-name', exact: true }).click();
    await page.getByRole('button', { name: 'Remove a-container-with-a-rather-long-name', exact: true }).click();
    await page.getByRole('button', { name: 'Remove fg', exact: true }).click();
    await expect.poll(() => view().count(), { timeout: 10_000 }).toBe(0);
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(problems).toEqual([]);
  }, 120_000);
});
