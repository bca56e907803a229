/**
 * The components rendered on the server (no DOM): what each tab shows for a given build
 * or image store. Interaction is covered by the Chromium e2e.
 */
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import type { BuildView, ImagesApi } from '../sandbox/panel-data.ts';
import BuildPanel from './BuildPanel.svelte';
import ImagesPanel from './ImagesPanel.svelte';
import { projectFiles, step } from './fixtures.test-util.ts';

const dockerfile = projectFiles().get('Dockerfile')!;

function view(over: Partial<BuildView>): BuildView {
  return { id: 1, command: 'docker build --target=client .', dockerfile, target: 'client', platforms: [], events: [], status: 'running', ...over };
}

describe('BuildPanel', () => {
  it('invites a first build when there is none', () => {
    expect(render(BuildPanel, { props: { build: undefined } }).body).toContain('No build yet.');
  });

  it('shows a running build: tty frame, live states in words, the pruned stages, a bar per step', () => {
    const events = [
      ...step(1, '[base 1/5] FROM docker.io/library/golang:1.20-alpine', 0, 100, { stage: 'base' }),
      ...step(2, '[base 2/5] WORKDIR /src', 100, undefined, { stage: 'base' }),
    ];
    const html = render(BuildPanel, { props: { build: view({ events }) } }).body;
    expect(html).toContain('[+] Building 0.1s (1/2)');
    expect(html).toMatch(/ =(&gt;|>) \[base 2\/5\] WORKDIR \/src/);
    expect(html).toMatch(/data-stage="base" data-state="running"/);
    expect(html).toMatch(/data-stage="build-client" data-state="waiting"/);
    expect(html).toMatch(/data-stage="build-server" data-state="pruned"/);
    expect(html).toContain('▶ running 1/5');
    expect((html.match(/<g class="step /g) ?? []).length).toBe(2);
    expect(html).toContain('Step durations are modeled');
  });

  it('shows a failed build\'s error and the failed stage', () => {
    const events = step(1, '[base 1/1] RUN false', 0, 5, { stage: 'base', error: 'exit code: 1' });
    const html = render(BuildPanel, { props: { build: view({ events, status: 'failed', error: 'ERROR: failed to solve' }) } }).body;
    expect(html).toContain('✗ failed');
    expect(html).toMatch(/data-stage="base" data-state="failed"/);
    expect(html).toContain('ERROR: failed to solve');
  });

  it('renders a Dockerfile that does not load as the front end\'s message, as text', () => {
    const typo = render(BuildPanel, { props: { build: view({ dockerfile: 'FROM alpine\nCOPPY . .\n', target: undefined }) } }).body;
    expect(typo).toContain('The stage graph needs a Dockerfile that loads: dockerfile parse error on line 2: unknown instruction: COPPY');
    const html = render(BuildPanel, { props: { build: view({ target: '<b>x</b>' }) } }).body;
    expect(html).toContain('target stage "&lt;b>x&lt;/b>" could not be found');
    expect(html).not.toContain('<b>');
  });
});

describe('ImagesPanel', () => {
  const empty: ImagesApi = { list: async () => [], layers: async () => [], changes: async () => [], download: async () => {} };
  it('starts empty (the list loads in an effect, after the first render)', () => {
    expect(render(ImagesPanel, { props: { images: empty, version: 0 } }).body).toContain('No images yet.');
  });
});
