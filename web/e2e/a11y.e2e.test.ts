/**
 * End-to-end accessibility: axe-core (the auditor itself, injected into the page) on every
 * pane and side tab of the built app, light and dark, wide and at 390×844, with no serious
 * or critical violations; then one lesson step walked with the keyboard alone, from the
 * skip button to "Check my work" and its verdict.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openApp, type OpenApp } from './chromium.ts';

const AXE_SOURCE = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

interface AxeNode {
  target: string[];
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}

let app: OpenApp;
const pageErrors: string[] = [];

beforeAll(async () => {
  app = await openApp();
}, 180_000);

afterAll(async () => {
  await app?.close();
});

async function open(width: number, height: number): Promise<{ context: BrowserContext; page: Page }> {
  // the page's CSP allows only its own scripts; the auditor is injected as an inline script
  const context = await app.browser.newContext({ viewport: { width, height }, bypassCSP: true });
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(app.url);
  await page.locator('[data-testid="editor"] .view-lines').waitFor({ state: 'attached', timeout: 20_000 });
  await page.locator('[data-testid="terminal"] .xterm-screen').waitFor({ state: 'attached', timeout: 20_000 });
  await page.waitForFunction(() => document.querySelector('[data-testid="editor"] .view-lines')?.textContent?.includes('FROM'), undefined, { timeout: 15_000 });
  return { context, page };
}

/** axe-core's serious and critical violations on the page as it is now, one line each (with up to three elements). */
async function audit(page: Page, state: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  // let transitions and Monaco's first paint settle (axe reads computed colours)
  await page.waitForTimeout(200);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target.map(String), failureSummary: n.failureSummary })) }));
  });
  await page.screenshot({ path: join(app.artifacts, `a11y-${state.replace(/[^a-z0-9]+/gi, '-')}.png`) });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${state}: ${v.id} (${v.impact}) ${v.help}\n${v.nodes
      .slice(0, 3)
      .map((n) => `    ${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`)
      .join('\n')}`);
}

const terminalText = (page: Page) => page.locator('[data-testid="terminal"] .xterm-rows').innerText();

/** Type a line into the focused terminal and wait for the next prompt. */
async function typeLine(page: Page, line: string, timeout = 120_000): Promise<void> {
  await page.keyboard.press('Control+L');
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  await expect.poll(async () => /\n\$[\s\u00a0]*$/.test(await terminalText(page)), { timeout, message: `prompt after ${line}` }).toBe(true);
}

describe('axe-core on every pane', () => {
  let context: BrowserContext;
  let page: Page;
  let found: string[] = [];

  beforeEach(() => {
    found = [];
  });
  beforeAll(async () => {
    ({ context, page } = await open(1280, 800));
  }, 60_000);
  afterAll(async () => {
    await context?.close();
  });

  it('finds nothing serious with the files, editor, terminal and lesson on screen (light and dark)', async () => {
    found.push(...(await audit(page, 'wide lesson light')));
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => page.locator('[data-testid="editor"] .monaco-editor').getAttribute('class')).toContain('vs-dark');
    found.push(...(await audit(page, 'wide lesson dark')));
    await page.emulateMedia({ colorScheme: 'light' });
    // the lesson's revealed parts: hint, solution diff, the starting point
    await page.getByRole('button', { name: 'Hint' }).click();
    await page.getByTestId('show-solution').click();
    found.push(...(await audit(page, 'wide lesson hint and solution')));
    await page.getByTestId('check-work').click();
    await expect.poll(() => page.getByTestId('check-result').count()).toBe(1);
    found.push(...(await audit(page, 'wide lesson verdict')));
    expect(found).toEqual([]);
  });

  it('finds nothing serious on the Problems tab, empty and with a finding', async () => {
    await page.getByRole('tab', { name: 'Problems' }).click();
    await expect.poll(() => page.getByTestId('problems-empty').isVisible(), { timeout: 5_000 }).toBe(true);
    found.push(...(await audit(page, 'problems empty')));
    await page.locator('[data-testid="editor"] .view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('COPPY . .');
    await expect.poll(() => page.getByTestId('problems').innerText(), { timeout: 10_000 }).toContain('unknown instruction: COPPY');
    // the tab counts them
    expect(await page.getByRole('tab', { name: 'Problems' }).innerText()).toMatch(/^Problems\s+1$/);
    found.push(...(await audit(page, 'problems one finding')));
    await page.emulateMedia({ colorScheme: 'dark' });
    found.push(...(await audit(page, 'problems dark')));
    await page.emulateMedia({ colorScheme: 'light' });
    await page.keyboard.press('Shift+Home');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await expect.poll(() => page.getByTestId('problems-empty').isVisible(), { timeout: 10_000 }).toBe(true);
    expect(found).toEqual([]);
  });

  it('finds nothing serious on the Build and Images tabs after a build', async () => {
    await page.getByRole('tab', { name: 'Build' }).click();
    found.push(...(await audit(page, 'build before any')));
    await page.locator('[data-testid="terminal"] .xterm-helper-textarea').focus();
    await typeLine(page, 'docker build --tag=buildme --target=client .');
    expect(await terminalText(page)).toMatch(/naming to docker\.io\/library\/buildme:latest/);
    found.push(...(await audit(page, 'build done')));
    await page.emulateMedia({ colorScheme: 'dark' });
    found.push(...(await audit(page, 'build dark')));
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByRole('tab', { name: 'Images' }).click();
    await expect.poll(() => page.getByRole('tabpanel').innerText(), { timeout: 10_000 }).toContain('buildme');
    found.push(...(await audit(page, 'images')));
    // the layers, one line each as docker history prints them: the base stage carries the
    // golang image's long RUN lines, which end in an ellipsis
    await page.locator('[data-testid="terminal"] .xterm-helper-textarea').focus();
    await typeLine(page, 'docker build --tag=buildme-base --target=base .');
    await page.getByRole('button', { name: 'Layers of buildme-base:latest' }).click();
    const created = page.getByTestId('image-layers').locator('tbody td:nth-child(3) code');
    await expect.poll(() => created.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    // in ems: one line is ~1.2, two are ~2.4
    const heights = await created.evaluateAll((els) => els.map((el) => el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).fontSize)));
    for (const h of heights) expect(h).toBeLessThan(1.8);
    found.push(...(await audit(page, 'images layers')));
    await page.emulateMedia({ colorScheme: 'dark' });
    found.push(...(await audit(page, 'images dark')));
    await page.emulateMedia({ colorScheme: 'light' });
    // the terminal maximised
    await page.getByRole('button', { name: 'Maximise the terminal' }).click();
    found.push(...(await audit(page, 'terminal maximised')));
    await page.getByRole('button', { name: 'Restore the terminal' }).click();
    expect(found).toEqual([]);
  }, 180_000);

  it('finds nothing serious on each tab at 390×844', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const tabs = page.getByRole('tablist', { name: 'Panes' });
    await expect.poll(() => tabs.isVisible()).toBe(true);
    for (const name of ['Files', 'Editor', 'Terminal', 'Lesson', 'Problems', 'Build', 'Images']) {
      // Problems may carry its count
      await tabs.getByRole('tab', { name: new RegExp(`^${name}\\b`) }).click();
      found.push(...(await audit(page, `phone ${name}`)));
    }
    await page.emulateMedia({ colorScheme: 'dark' });
    for (const name of ['Files', 'Lesson']) {
      await tabs.getByRole('tab', { name, exact: true }).click();
      found.push(...(await audit(page, `phone ${name} dark`)));
    }
    await page.emulateMedia({ colorScheme: 'light' });
    expect(found).toEqual([]);
  }, 120_000);
});

describe('a lesson step with the keyboard alone', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ context, page } = await open(1280, 800));
  }, 60_000);
  afterAll(async () => {
    await context?.close();
  });

  const focused = () =>
    page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return { testid: el?.dataset.testid ?? null, text: el?.textContent?.trim() ?? '', role: el?.getAttribute('role') ?? null, inTerminal: el?.closest('[data-testid="terminal"]') !== null };
    });

  /** Press Tab until `match` holds for the focused element (a bounded number of times). */
  async function tabTo(match: (f: Awaited<ReturnType<typeof focused>>) => boolean, what: string): Promise<void> {
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      if (match(await focused())) return;
    }
    throw new Error(`Tab never reached ${what}`);
  }

  /** The focused element shows a focus ring (:focus-visible's outline). */
  const ringed = () => page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle !== 'none');

  it('walks from the skip button to Check my work and its verdict', async () => {
    // first Tab: the skip buttons, which take the keyboard past the editor and the terminal
    await page.keyboard.press('Tab');
    expect((await focused()).text).toBe('Skip to the lesson');
    expect(await ringed()).toBe(true);
    await page.keyboard.press('Enter');
    expect(await focused()).toMatchObject({ role: 'tab', text: 'Lesson' });
    // the side tabs with the arrow keys
    await page.keyboard.press('ArrowRight');
    expect(await focused()).toMatchObject({ role: 'tab', text: 'Problems' });
    await expect.poll(() => page.getByTestId('problems-empty').isVisible()).toBe(true);
    await page.keyboard.press('ArrowLeft');
    expect(await focused()).toMatchObject({ role: 'tab', text: 'Lesson' });
    await expect.poll(() => page.getByTestId('lesson-pane').isVisible()).toBe(true);

    // the step's solution, shown and applied from the keyboard
    await tabTo((f) => f.testid === 'show-solution', 'Show solution');
    await page.keyboard.press('Enter');
    await tabTo((f) => f.testid === 'apply-solution', 'the solution\'s apply button');
    expect(await ringed()).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('lesson-pane').getByRole('status').last().innerText()).toContain('Applied: Dockerfile updated');

    // Shift+F6: the pane before the side panel, the terminal; the step's commands typed there
    await page.keyboard.press('Shift+F6');
    await expect.poll(async () => (await focused()).inTerminal).toBe(true);
    await typeLine(page, 'docker build --tag=buildme .');
    expect(await terminalText(page)).toMatch(/naming to docker\.io\/library\/buildme:latest/);
    await typeLine(page, 'docker images buildme');
    await typeLine(page, 'docker run --name=buildme --rm --detach buildme');
    await typeLine(page, 'docker exec -it buildme /bin/client');
    expect(await terminalText(page)).toContain('Hello, stranger! This reply came from inside a container.');
    // Shift+Tab leaves the terminal (Tab completes there): no keyboard trap
    await page.keyboard.press('Shift+Tab');
    expect((await focused()).inTerminal).toBe(false);
    expect((await focused()).text).toBe('Maximise the terminal');
    // F6 from the terminal's pane: the side panel's selected tab
    await page.keyboard.press('F6');
    expect(await focused()).toMatchObject({ role: 'tab', text: 'Lesson' });

    await tabTo((f) => f.testid === 'check-work', 'Check my work');
    expect(await ringed()).toBe(true);
    await page.keyboard.press('Enter');
    const verdict = page.getByTestId('check-result');
    await expect.poll(() => verdict.getAttribute('data-ok'), { timeout: 10_000 }).toBe('true');
    expect(await verdict.getAttribute('role')).toBe('status');
    expect(await verdict.innerText()).toMatch(/^Passed\./);
    // the verdict is on screen, not below the fold of the lesson's prose
    const box = (await verdict.boundingBox())!;
    const article = (await page.getByTestId('lesson-pane').locator('article').boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(article.y - 0.5);
    expect(box.y).toBeLessThan(article.y + article.height);
    // focus stayed on the button, for the next Tab
    expect((await focused()).testid).toBe('check-work');
    await page.screenshot({ path: join(app.artifacts, 'a11y-keyboard-walk.png') });
  }, 300_000);

  it('raised no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
