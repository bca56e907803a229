/**
 * The preview of the `docker build` line being typed, shared by the terminal (which feeds it
 * each change of its line) and the stage graph (which shows it instead of the last build's
 * graph while it lasts). Computed after the learner pauses typing, so a keystroke never
 * waits for the front end; cleared when the line is emptied, run or cancelled.
 */
import type { BuildPreview } from './preview.ts';

/** How long the line must stay unchanged before it is previewed. */
export const PREVIEW_DEBOUNCE_MS = 150;

/** The latest preview (undefined: no `docker build` line is being typed). */
export class BuildPreviewState {
  current = $state.raw<BuildPreview | undefined>(undefined);
  private timer: ReturnType<typeof setTimeout> | undefined;
  private line = '';

  /**
   * The line changed: preview it with `compute` (the sandbox client's `previewBuild`) once
   * typing pauses; an empty line clears the preview at once.
   */
  schedule(line: string, compute: (line: string) => BuildPreview | undefined = () => undefined): void {
    clearTimeout(this.timer);
    this.line = line;
    if (line.trim() === '') {
      this.current = undefined;
      return;
    }
    this.timer = setTimeout(() => {
      if (this.line !== line) return;
      try {
        this.current = compute(line);
      } catch {
        this.current = undefined; // a preview never breaks the terminal
      }
    }, PREVIEW_DEBOUNCE_MS);
  }

  /** The line ran or was dropped: back to the last build's graph. */
  clear(): void {
    this.schedule('');
  }
}

/** The page's one preview (the terminal writes it, the stage graph reads it). */
export const buildPreview = new BuildPreviewState();
