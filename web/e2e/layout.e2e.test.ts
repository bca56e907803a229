/**
 * End-to-end: the page's layout in Chromium at a desktop (1440×900), a small laptop
 * (1024×700) and a phone (390×844). The panes never overlap and their contents (Monaco,
 * xterm, the lesson) stay inside them; the page never scrolls sideways. Splitters resize
 * by keyboard and by mouse and are remembered; the terminal maximises and restores; below
 * 900 px one pane shows at a time under a row of tabs, and the lesson's "Check my work"
 * is on screen without scrolling.
 */
import { join } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type OpenApp } from './chromium.ts';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

let app: OpenApp;
const errors: string[] = [];

beforeAll(async () => {
  app = await openApp();
}, 180_000);

afterAll(async () => {
  await app?.close();
});

/** A fresh profile (no remembered sizes) at this viewport, with the app loaded. */
async function openAt(width: number, height: number): Promise<{ context: BrowserContext; page: Page }> {
  const context = await app.browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`${width}x${height}: ${e.message}`));
  await page.goto(app.url);
  await page.locator('[data-testid="editor"] .view-lines').waitFor({ state: 'attached', timeout: 20_000 });
  await page.locator('[data-testid="terminal"] .xterm-screen').waitFor({ state: 'attached', timeout: 20_000 });
  return { context, page };
}

async function box(locator: Locator): Promise<Box> {
  const b = await locator.boundingBox();
  if (b === null) throw new Error(`${locator.toString()} is not displayed`);
  return b;
}

const EPS = 0.5;
const intersects = (a: Box, b: Box) => a.x < b.x + b.width - EPS && b.x < a.x + a.width - EPS && a.y < b.y + b.height - EPS && b.y < a.y + a.height - EPS;
const inside = (inner: Box, outer: Box) =>
  inner.x >= outer.x - EPS && inner.y >= outer.y - EPS && inner.x + inner.width <= outer.x + outer.width + EPS && inner.y + inner.height <= outer.y + outer.height + EPS;
const fmt = (b: Box) => `${Math.round(b.x)},${Math.round(b.y)} ${Math.round(b.width)}×${Math.round(b.height)}`;

/** The page does not scroll sideways: nothing is wider than the window. */
async function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  return page.evaluate(() => ({ scrollWidth: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth), innerWidth: window.innerWidth }));
}

/** Every pair of boxes is apart, and each box is inside the window and not empty. */
function expectApart(boxes: Record<string, Box>, viewport: { width: number; height: number }): void {
  const names = Object.keys(boxes);
  const screen = { x: 0, y: 0, ...viewport };
  for (const [i, a] of names.entries()) {
    expect(boxes[a]!.width * boxes[a]!.height, `${a} is empty`).toBeGreaterThan(0);
    expect(inside(boxes[a]!, screen), `${a} (${fmt(boxes[a]!)}) is outside the window`).toBe(true);
    for (const b of names.slice(i + 1)) expect(intersects(boxes[a]!, boxes[b]!), `${a} (${fmt(boxes[a]!)}) overlaps ${b} (${fmt(boxes[b]!)})`).toBe(false);
  }
}

/** The wide layout's pane boxes, and their contents' boxes checked to be inside them. */
async function widePanes(page: Page): Promise<Record<'header' | 'files' | 'editor' | 'terminal' | 'side', Box>> {
  const panes = {
    header: await box(page.locator('header')),
    files: await box(page.locator('#pane-files')),
    editor: await box(page.locator('#pane-editor')),
    terminal: await box(page.locator('#pane-terminal')),
    side: await box(page.locator('#pane-side')),
  };
  const contents: [string, Locator, Box][] = [
    ['the file tree', page.getByRole('navigation', { name: 'Workspace files' }), panes.files],
    ['Monaco', page.locator('[data-testid="editor"] .monaco-editor'), panes.editor],
    ["xterm's screen", page.locator('[data-testid="terminal"] .xterm-screen'), panes.terminal],
    ['the lesson', page.getByTestId('lesson-pane'), panes.side],
    ['Check my work', page.getByTestId('check-work'), panes.side],
  ];
  for (const [name, locator, pane] of contents) {
    const b = await box(locator);
    expect(inside(b, pane), `${name} (${fmt(b)}) spills out of its pane (${fmt(pane)})`).toBe(true);
  }
  return panes;
}

describe('the wide layout', () => {
  for (const [width, height] of [
    [1440, 900],
    [1024, 700],
  ] as const) {
    it(`at ${width}×${height} the panes do not overlap, their contents stay in them, and nothing scrolls sideways`, async () => {
      const { context, page } = await openAt(width, height);
      await expect.poll(() => page.locator('[data-testid="editor"] .view-lines').innerText(), { timeout: 15_000 }).toContain('FROM');
      const panes = await widePanes(page);
      expectApart(panes, { width, height });
      // the three columns fill the width between them (splitters included)
      expect(panes.files.x).toBeLessThan(1);
      expect(panes.side.x + panes.side.width).toBeGreaterThan(width - 1);
      expect(panes.editor.width).toBeGreaterThanOrEqual(320 - EPS);
      const { scrollWidth, innerWidth } = await horizontalOverflow(page);
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
      // the guide's output beside the learner's is never cut off (the SIZE column of the
      // targets step's four images was, at 1440 px: "4.2M")
      await page.evaluate(() => (location.hash = '#/lesson/03-multi-stage/targets'));
      const guide = page.getByTestId('guide-compare').locator('pre');
      await expect.poll(() => guide.first().innerText()).toContain('buildme-server   latest   4.2MB');
      for (const pre of await guide.all()) expect(await pre.evaluate((el) => el.scrollWidth <= el.clientWidth), await pre.innerText()).toBe(true);
      await page.evaluate(() => (location.hash = '#/lesson/01-introduction/single-stage'));
      await expect.poll(() => page.getByTestId('lesson-pane').getByRole('article').getAttribute('aria-label')).toBe('Step: Build the app in one stage');
      // no pane tabs in the wide layout: the side panel has its own
      expect(await page.getByRole('tablist', { name: 'Panes' }).count()).toBe(0);
      expect(await page.getByRole('tablist', { name: 'Side panel' }).isVisible()).toBe(true);
      await page.screenshot({ path: join(app.artifacts, `layout-${width}x${height}.png`) });
      await context.close();
    });
  }

  it("keeps Monaco's suggestions inside the editor (not over the terminal below it)", async () => {
    const { context, page } = await openAt(1024, 700);
    await expect.poll(() => page.locator('[data-testid="editor"] .view-lines').innerText(), { timeout: 15_000 }).toContain('FROM');
    await page.locator('[data-testid="editor"] .view-lines').click();
    // the last line, at the foot of the editor, just above the terminal
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('R');
    await page.keyboard.press('Control+Space');
    const suggest = page.locator('[data-testid="editor"] .suggest-widget');
    await expect.poll(() => suggest.isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => suggest.innerText(), { timeout: 10_000 }).toContain('RUN');
    const widget = await box(suggest);
    const editorPane = await box(page.locator('#pane-editor'));
    expect(inside(widget, editorPane), `the suggestions (${fmt(widget)}) leave the editor (${fmt(editorPane)})`).toBe(true);
    expect(intersects(widget, await box(page.locator('#pane-terminal')))).toBe(false);
    await page.screenshot({ path: join(app.artifacts, 'layout-suggest.png') });
    await context.close();
  });

  it("keeps Monaco's hover inside the editor near its top edge (not over the header)", async () => {
    const { context, page } = await openAt(1024, 700);
    await expect.poll(() => page.locator('[data-testid="editor"] .view-lines').innerText(), { timeout: 15_000 }).toContain('FROM');
    // a typo on line 3, near the top: the hover has no room above inside the editor
    await page.locator('[data-testid="editor"] .view-lines').click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await page.keyboard.press('Home');
    await page.keyboard.type('X');
    const squiggle = page.locator('[data-testid="editor"] .squiggly-error');
    await expect.poll(() => squiggle.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await squiggle.first().hover({ force: true });
    const hover = page.locator('[data-testid="editor"] .monaco-hover').filter({ hasText: 'unknown instruction' });
    await expect.poll(() => hover.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    // what shows of it: its box cut by the ancestors that clip (Monaco's overflow guard)
    const { full, shown } = await hover.first().evaluate((el) => {
      const r = el.getBoundingClientRect();
      let [left, top, right, bottom] = [r.left, r.top, r.right, r.bottom];
      for (let a = el.parentElement; a; a = a.parentElement) {
        if (getComputedStyle(a).overflow === 'visible') continue;
        const c = a.getBoundingClientRect();
        [left, top, right, bottom] = [Math.max(left, c.left), Math.max(top, c.top), Math.min(right, c.right), Math.min(bottom, c.bottom)];
      }
      return { full: { x: r.left, y: r.top, width: r.width, height: r.height }, shown: { x: left, y: top, width: right - left, height: bottom - top } };
    });
    const editorPane = await box(page.locator('#pane-editor'));
    expect(inside(shown, editorPane), `the hover (${fmt(shown)}) leaves the editor (${fmt(editorPane)})`).toBe(true);
    expect(intersects(shown, await box(page.locator('header')))).toBe(false);
    // and it is readable: placed below the line inside the editor, not cut off at its top
    expect(shown.height).toBeCloseTo(full.height, 0);
    expect(shown.width).toBeGreaterThan(full.width - 8);
    await context.close();
  });

  it('resizes the panes with the splitters by keyboard and by mouse, and remembers the sizes', async () => {
    const { context, page } = await openAt(1440, 900);
    const filesSplitter = page.getByRole('separator', { name: 'Resize the file tree' });
    const sideSplitter = page.getByRole('separator', { name: 'Resize the side panel' });
    const terminalSplitter = page.getByRole('separator', { name: 'Resize the terminal' });
    const value = async (l: Locator) => Number(await l.getAttribute('aria-valuenow'));

    const files0 = await value(filesSplitter);
    expect((await box(page.locator('#pane-files'))).width).toBeCloseTo(files0, 0);
    expect(await filesSplitter.getAttribute('aria-controls')).toBe('pane-files');
    await filesSplitter.focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => value(filesSplitter)).toBe(files0 + 48);
    expect((await box(page.locator('#pane-files'))).width).toBeCloseTo(files0 + 48, 0);
    await page.keyboard.press('Shift+ArrowLeft');
    await expect.poll(() => value(filesSplitter)).toBe(files0 + 48 - 64);
    // Home: the smallest the file tree may be
    await page.keyboard.press('Home');
    await expect.poll(() => value(filesSplitter)).toBe(Number(await filesSplitter.getAttribute('aria-valuemin')));
    await page.keyboard.press('ArrowRight');
    const files1 = await value(filesSplitter);

    // the side panel is on the splitter's right: ← widens it
    const side0 = await value(sideSplitter);
    await sideSplitter.focus();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => value(sideSplitter)).toBe(side0 + 16);
    expect((await box(page.locator('#pane-side'))).width).toBeCloseTo(side0 + 16, 0);
    // End: as wide as leaves the centre its minimum
    await page.keyboard.press('End');
    const max = Number(await sideSplitter.getAttribute('aria-valuemax'));
    await expect.poll(() => value(sideSplitter)).toBe(max);
    expect((await box(page.locator('#pane-editor'))).width).toBeGreaterThanOrEqual(320 - EPS);
    expectApart(await widePanes(page), { width: 1440, height: 900 });

    // the mouse: drag the side splitter 200 px right, narrowing the side panel by as much
    const s = await box(sideSplitter);
    await page.mouse.move(s.x + s.width / 2, s.y + s.height / 2);
    await page.mouse.down();
    await page.mouse.move(s.x + s.width / 2 + 100, s.y + s.height / 2, { steps: 4 });
    await page.mouse.move(s.x + s.width / 2 + 200, s.y + s.height / 2, { steps: 4 });
    await page.mouse.up();
    await expect.poll(() => value(sideSplitter)).toBe(max - 200);
    const side1 = await value(sideSplitter);

    // the terminal is below its splitter: ↑ makes it taller, and xterm refits to more rows
    const rows = () => page.locator('[data-testid="terminal"] .xterm-rows > div').count();
    const rows0 = await rows();
    const terminal0 = await value(terminalSplitter);
    await terminalSplitter.focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowUp');
    await expect.poll(() => value(terminalSplitter)).toBe(terminal0 + 64);
    await expect.poll(rows).toBeGreaterThan(rows0);
    const terminal1 = await value(terminalSplitter);

    // remembered: a reload lays the page out the same
    await page.reload();
    await page.locator('[data-testid="terminal"] .xterm-screen').waitFor({ state: 'attached', timeout: 20_000 });
    expect(await value(filesSplitter)).toBe(files1);
    expect(await value(sideSplitter)).toBe(side1);
    expect(await value(terminalSplitter)).toBe(terminal1);
    expect((await box(page.locator('#pane-side'))).width).toBeCloseTo(side1, 0);
    // and a narrower window shrinks the side panel to fit, without forgetting the wanted width
    await page.setViewportSize({ width: 1024, height: 700 });
    await expect.poll(async () => (await box(page.locator('#pane-editor'))).width).toBeGreaterThanOrEqual(320 - EPS);
    expectApart(await widePanes(page), { width: 1024, height: 700 });
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(1024);
    await page.setViewportSize({ width: 1440, height: 900 });
    await expect.poll(() => value(sideSplitter)).toBe(side1);
    await context.close();
  });

  it('maximises the terminal over the editor and restores it', async () => {
    const { context, page } = await openAt(1440, 900);
    const terminal = page.locator('#pane-terminal');
    const rows = () => page.locator('[data-testid="terminal"] .xterm-rows > div').count();
    const before = await box(terminal);
    const rowsBefore = await rows();
    await page.getByRole('button', { name: 'Maximise the terminal' }).click();
    await expect.poll(() => page.locator('#pane-editor').isVisible()).toBe(false);
    expect(await page.getByRole('separator', { name: 'Resize the terminal' }).count()).toBe(0);
    const max = await box(terminal);
    const main = await box(page.locator('.centre'));
    expect(max.y).toBeCloseTo(main.y, 0);
    expect(max.height).toBeCloseTo(main.height, 0);
    // xterm refits to the taller pane
    await expect.poll(rows).toBeGreaterThan(rowsBefore);
    expect(inside(await box(page.locator('[data-testid="terminal"] .xterm-screen')), max)).toBe(true);
    // still a working terminal
    await page.locator('[data-testid="terminal"] .xterm-helper-textarea').focus();
    await page.keyboard.type('echo maximised');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-testid="terminal"] .xterm-rows').innerText()).toMatch(/^maximised$/m);
    await page.getByRole('button', { name: 'Restore the terminal' }).click();
    await expect.poll(() => page.locator('#pane-editor').isVisible()).toBe(true);
    const after = await box(terminal);
    expect(after.height).toBeCloseTo(before.height, 0);
    await expect.poll(rows).toBe(rowsBefore);
    expectApart(await widePanes(page), { width: 1440, height: 900 });
    await context.close();
  });
});

describe('the narrow layout at 390×844', () => {
  let context: BrowserContext;
  let page: Page;
  const viewport = { width: 390, height: 844 };
  const PANES: Record<string, string> = {
    Files: '#pane-files',
    Editor: '#pane-editor',
    Terminal: '#pane-terminal',
    Lesson: '#pane-side',
    Problems: '#pane-side',
    Build: '#pane-side',
    Images: '#pane-side',
  };

  beforeAll(async () => {
    ({ context, page } = await openAt(viewport.width, viewport.height));
  }, 60_000);
  afterAll(async () => {
    await context?.close();
  });

  const tabs = () => page.getByRole('tablist', { name: 'Panes' });

  it('shows one pane at a time under a row of tabs, each whole on screen with no sideways scroll', async () => {
    expect(await tabs().getByRole('tab').allInnerTexts()).toEqual(Object.keys(PANES));
    // the side panel's own tabs are folded into the row
    expect(await page.getByRole('tablist', { name: 'Side panel' }).count()).toBe(0);
    expect(await tabs().getByRole('tab', { name: 'Lesson' }).getAttribute('aria-selected')).toBe('true');
    for (const [name, selector] of Object.entries(PANES)) {
      const tab = tabs().getByRole('tab', { name, exact: true });
      await tab.click();
      expect(await tab.getAttribute('aria-selected')).toBe('true');
      const panel = page.getByRole('tabpanel');
      expect(await panel.count(), `one panel for ${name}`).toBe(1);
      expect(await panel.getAttribute('aria-labelledby')).toBe(await tab.getAttribute('id'));
      for (const other of new Set(Object.values(PANES))) expect(await page.locator(other).isVisible(), `${other} with ${name}`).toBe(other === selector);
      expectApart({ header: await box(page.locator('header')), tabs: await box(tabs()), pane: await box(page.locator(selector)) }, viewport);
      const { scrollWidth, innerWidth } = await horizontalOverflow(page);
      expect(scrollWidth, `sideways scroll on ${name}`).toBeLessThanOrEqual(innerWidth);
      await page.screenshot({ path: join(app.artifacts, `layout-390-${name.toLowerCase()}.png`) });
    }
  });

  it("keeps the header's buttons to two rows beside the title (the workspace actions flow with it)", async () => {
    const header = page.locator('header');
    const tops = await header.locator('h1, button:visible').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
    expect(tops.length).toBeGreaterThanOrEqual(6); // the title and five buttons
    const rows = [...new Set(tops)].sort((a, b) => a - b);
    // a button counts as on a row when its top is within a few pixels of the row's
    const distinct = rows.filter((t, i) => i === 0 || t - rows[i - 1]! > 4);
    expect(distinct.length, `rows at ${JSON.stringify(tops)}`).toBeLessThanOrEqual(2);
  });

  it('moves between the tabs with the arrow keys', async () => {
    await tabs().getByRole('tab', { name: 'Files' }).click();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Editor');
    expect(await page.locator('#pane-editor').isVisible()).toBe(true);
    await page.keyboard.press('End');
    await expect.poll(() => page.locator('#pane-side').isVisible()).toBe(true);
    expect(await tabs().getByRole('tab', { name: 'Images' }).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Home');
    await expect.poll(() => page.locator('#pane-files').isVisible()).toBe(true);
  });

  it('fits the terminal to the phone when its tab is shown, and runs lines there', async () => {
    await tabs().getByRole('tab', { name: 'Terminal' }).click();
    const pane = await box(page.locator('#pane-terminal'));
    const screen = await box(page.locator('[data-testid="terminal"] .xterm-screen'));
    expect(inside(screen, pane), `xterm (${fmt(screen)}) inside its pane (${fmt(pane)})`).toBe(true);
    // refitted to the tall pane, not left at the size it had while hidden
    expect(screen.height).toBeGreaterThan(pane.height * 0.7);
    expect(screen.width).toBeGreaterThan(pane.width * 0.8);
    await page.locator('[data-testid="terminal"] .xterm-helper-textarea').focus();
    await page.keyboard.type('echo on a phone');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-testid="terminal"] .xterm-rows').innerText()).toMatch(/^on a phone$/m);
  });

  it('opens a file from the Files tab in the Editor tab, with Monaco inside the pane', async () => {
    await tabs().getByRole('tab', { name: 'Files' }).click();
    await page.getByRole('navigation', { name: 'Workspace files' }).getByRole('button', { name: 'go.mod', exact: true }).click();
    await expect.poll(() => tabs().getByRole('tab', { name: 'Editor' }).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => page.locator('[data-testid="editor"] .view-lines').innerText(), { timeout: 10_000 }).toContain('module');
    const pane = await box(page.locator('#pane-editor'));
    expect(inside(await box(page.locator('[data-testid="editor"] .monaco-editor')), pane)).toBe(true);
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(viewport.width);
  });

  it('keeps "Check my work" on screen below long prose, and its verdict comes into view', async () => {
    await tabs().getByRole('tab', { name: 'Lesson' }).click();
    const article = page.getByTestId('lesson-pane').locator('article');
    // the step's prose is longer than the pane
    expect(await article.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
    expect(await article.evaluate((el) => el.scrollTop)).toBe(0);
    const button = page.getByTestId('check-work');
    const b = await box(button);
    expect(inside(b, { x: 0, y: 0, ...viewport })).toBe(true);
    // on top, not covered by anything
    expect(await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.getAttribute('data-testid'), { x: b.x + b.width / 2, y: b.y + b.height / 2 })).toBe('check-work');
    await button.click();
    const verdict = page.getByTestId('check-result');
    await expect.poll(() => verdict.getAttribute('data-ok')).toBe('false');
    const v = await box(verdict);
    const a = await box(article);
    expect(v.y).toBeGreaterThanOrEqual(a.y - EPS);
    expect(v.y).toBeLessThan(a.y + a.height);
    await page.screenshot({ path: join(app.artifacts, 'layout-390-verdict.png') });
  });

  it('goes back to the wide layout when the window widens', async () => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await expect.poll(() => tabs().count()).toBe(0);
    expectApart(await widePanes(page), { width: 1024, height: 700 });
  });

  it('raised no page errors', () => {
    expect(errors).toEqual([]);
  });
});
