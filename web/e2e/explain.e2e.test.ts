/**
 * End-to-end, in Chromium: why each step ran. Chapter 1's Dockerfile, a code edit, then
 * chapter 2's edit (`COPY go.mod go.sum .` before `go mod download`) and another code edit:
 * the Build panel's "Why each step ran" shows, beside each step, that the download ran
 * because `COPY . .` ran, and after the reorder that it is CACHED while `COPY . .` ran
 * because `cmd/server/main.go` changed; the row opens to the whole sentence, as
 * `docker build --explain-cache` prints it in the terminal. The lesson's check agrees.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAYERED, SINGLE_STAGE } from '../../lessons/dockerfiles.ts';
import { openApp, openTestPage, typeInTerminal, type OpenApp } from './chromium.ts';

interface Hook {
  client: { running: boolean };
  workspace: { read(p: string): string | undefined; update(p: string, text: string): void };
}
declare const __stageplay: Hook;

let app: OpenApp;
let page: Page;
let problems: string[] = [];

beforeAll(async () => {
  app = await openApp();
  ({ page, problems } = await openTestPage(app, { width: 1440, height: 900 }, '#/lesson/02-layers/cache-order'));
}, 180_000);

afterAll(async () => {
  await app?.close();
});

const put = (path: string, text: string) => page.evaluate(([p, t]) => __stageplay.workspace.update(p!, t!), [path, text]);
const read = (path: string) => page.evaluate((p) => __stageplay.workspace.read(p), path);
let edits = 0;
/** What the lesson asks between builds: a small change in the server. */
async function editServer(): Promise<void> {
  const main = (await read('cmd/server/main.go'))!;
  await put('cmd/server/main.go', `${main}\n// edit ${++edits}\n`);
}

/** The Build panel's cause rows as `name → short`, once the build is done. */
async function causeRows(): Promise<Record<string, string>> {
  await page.getByRole('tab', { name: 'Build' }).click();
  await expect.poll(() => page.getByTestId('build-status').innerText(), { timeout: 30_000 }).toBe('✓ done');
  const rows = page.getByTestId('step-cause');
  const out: Record<string, string> = {};
  for (const row of await rows.all()) {
    const name = (await row.locator('.step').innerText()).replace(/^#\d+ \[[^\]]*\] /, '');
    out[name] = await row.getByTestId('step-cause-short').innerText();
  }
  return out;
}

describe('why each step ran, in the Build panel', () => {
  it('chapter 1 then chapter 2: the download runs because COPY . . ran, then stays CACHED while COPY . . runs for the edited file', async () => {
    await put('Dockerfile', SINGLE_STAGE);
    await typeInTerminal(page, 'docker build --tag=buildme .');
    await editServer();
    await typeInTerminal(page, 'docker build --tag=buildme .');
    const before = await causeRows();
    expect(before['COPY . .']).toBe('ran: cmd/server/main.go changed');
    expect(before['RUN go mod download']).toMatch(/^ran: #\d+ ran$/);
    expect(before['WORKDIR /src']).toBe('CACHED');

    // the chapter 2 edit: go.mod and go.sum first, the download right after them
    await put('Dockerfile', LAYERED);
    await typeInTerminal(page, 'docker build --tag=buildme .');
    const reordered = await causeRows();
    expect(reordered['COPY go.mod go.sum .']).toBe('ran: instruction changed');
    await editServer();
    const screen = await typeInTerminal(page, 'docker build --tag=buildme --explain-cache .');
    const after = await causeRows();
    expect(after).toEqual({
      'WORKDIR /src': 'CACHED',
      'COPY go.mod go.sum .': 'CACHED',
      'RUN go mod download': 'CACHED',
      'COPY . .': 'ran: cmd/server/main.go changed',
      'RUN go build -o /bin/client ./cmd/client': expect.stringMatching(/^ran: #\d+ ran$/),
      'RUN go build -o /bin/server ./cmd/server': expect.stringMatching(/^ran: #\d+ ran$/),
    });

    // the row opens to the whole sentence, by keyboard as by mouse; the terminal printed the same
    const row = (name: RegExp) => page.getByTestId('step-cause').filter({ has: page.locator('.step', { hasText: name }) });
    const copy = row(/\] COPY \. \.$/);
    const n = await copy.getAttribute('data-vertex');
    await copy.locator('summary').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => copy.getByTestId('step-cause-detail').isVisible()).toBe(true);
    expect(await copy.getByTestId('step-cause-detail').innerText()).toBe('ran: a file it copies changed: cmd/server/main.go');
    expect(await copy.locator('summary').getAttribute('title')).toBe('ran: a file it copies changed: cmd/server/main.go');
    const client = row(/cmd\/client$/);
    await client.locator('summary').click();
    expect(await client.getByTestId('step-cause-detail').innerText()).toBe(`ran: a step it builds on ran: #${n} [5/7] COPY . .`);
    expect(screen.replace(/\s+/g, ' ')).toContain(`#${n} [5/7] COPY . .: ran: a file it copies changed: cmd/server/main.go`);
    await page.screenshot({ path: join(app.artifacts, 'explain-build-panel-1440.png') });

    // the lesson's check reads the same cause
    await page.getByRole('tab', { name: 'Lesson' }).click();
    await page.getByTestId('check-work').click();
    const result = page.getByTestId('check-result');
    await expect.poll(() => result.getAttribute('data-ok'), { timeout: 10_000 }).toBe('true');
    expect(await result.innerText()).toContain('Your last build ran COPY . . because a file it copies changed: cmd/server/main.go.');
    expect(problems).toEqual([]);
  }, 300_000);
});
