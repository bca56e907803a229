/**
 * The lesson components rendered on the server (no DOM): Markdown stays text, the solution
 * shows a diff and an Apply button only when something would change, the guide sits beside
 * the learner's own result. Interaction is covered by web/e2e/lessons.e2e.test.ts.
 */
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { build, image } from '#engine/lessons/fixture.test-util';
import GuideCompare from './GuideCompare.svelte';
import Markdown from './Markdown.svelte';
import SolutionDiff from './SolutionDiff.svelte';

/** Server HTML without hydration comments and scoped-style classes. */
const clean = (html: string) => html.replace(/<!--.*?-->/g, '').replace(/ class="svelte-[\w-]+"/g, '').replace(/ svelte-[\w-]+"/g, '"');

describe('Markdown.svelte', () => {
  it('renders the subset as elements and never turns text into markup', () => {
    const html = clean(render(Markdown, { props: { source: '# Hi\n\nRun `<b>x</b>` and <img src=x onerror=alert(1)> **now**.\n\n```\n<script>alert(1)</script>\n```\n' } }).body);
    expect(html).toContain('<h3>Hi</h3>');
    expect(html).toContain('<code>&lt;b>x&lt;/b></code>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)>');
    expect(html).toContain('<strong>now</strong>');
    expect(html).not.toMatch(/<img|<script|<b>/);
  });
});

describe('SolutionDiff.svelte', () => {
  const files = [{ path: 'Dockerfile', text: 'FROM scratch\nCOPY a /a\n' }];

  it('shows removed and added lines and offers Apply when the workspace differs', () => {
    const html = render(SolutionDiff, { props: { files, read: () => 'FROM alpine\nCOPY a /a\n', onapply: () => {} } }).body;
    expect(html).toContain('- FROM alpine');
    expect(html).toContain('+ FROM scratch');
    expect(html).toMatch(/Apply to this file/);
  });

  it('says when the workspace already matches, and marks new files', () => {
    expect(render(SolutionDiff, { props: { files, read: () => files[0]!.text, onapply: () => {} } }).body).toContain('already matches the solution');
    const html = render(SolutionDiff, { props: { files, read: () => undefined, onapply: () => {} } }).body;
    expect(html).toContain('Dockerfile (new file)');
    expect(html).toContain('Apply');
  });
});

describe('GuideCompare.svelte', () => {
  const guide = { lines: ['REPOSITORY   TAG      SIZE', 'buildme      latest   8.45MB'], note: 'Sizes are *compressed*.' };
  const check = { kind: 'image-size', image: 'buildme', max: 15e6 } as const;

  it('puts the learner\'s image beside the guide\'s, with the note', () => {
    const html = clean(render(GuideCompare, { props: { guide, check, records: { builds: [build({ images: [image('buildme', { size: 8_570_000 })] })], runs: [] } } }).body);
    expect(html).toContain('buildme      latest   8.45MB');
    expect(html).toMatch(/buildme\s+latest\s+8\.57MB/);
    expect(html).toContain('<em>compressed</em>');
  });

  it('asks for the commands when there is nothing yet', () => {
    expect(render(GuideCompare, { props: { guide, check, records: { builds: [], runs: [] } } }).body).toContain('Nothing yet: run the commands above.');
  });
});
