/**
 * The page's pane sizes: what the learner chose with the splitters (remembered in
 * localStorage as a layout preference, not learner data) and what fits the window now.
 * Wanted sizes are kept as chosen; `fitColumns` and `fitTerminal` shrink them for a
 * narrower window without forgetting them, so widening the window brings them back.
 */

/** Below this width the page shows one pane at a time, as tabs. */
export const NARROW_BELOW = 900;
/** A splitter's thickness in pixels (the grid track it sits in). */
export const SPLITTER = 6;

/** Smallest useful sizes, in pixels. */
export const MIN = { files: 140, side: 260, centre: 320, editor: 80, terminal: 80 } as const;

/** The sizes the learner chose (pixels): file tree width, side panel width, terminal height. */
export interface PaneSizes {
  readonly files: number;
  readonly side: number;
  readonly terminal: number;
}

/** The localStorage key the sizes are kept under. */
export const LAYOUT_KEY = 'stageplay.layout';

const clamp = (value: number, min: number, max: number) => Math.round(Math.max(min, Math.min(max, value)));

/** Sizes for a first visit: a narrow file tree, the side panel three tenths of the window, the terminal two fifths of the height. */
export function defaultSizes(width: number, height: number): PaneSizes {
  return {
    files: clamp(width * 0.15, 180, 240),
    side: clamp(width * 0.3, 300, 480),
    terminal: clamp(height * 0.42, 160, 440),
  };
}

/**
 * The column widths for a window `width` wide: the centre (editor and terminal) keeps at
 * least MIN.centre; the side panel gives way first, then the file tree, never below their minimum.
 */
export function fitColumns(width: number, wanted: Pick<PaneSizes, 'files' | 'side'>): { files: number; side: number } {
  const room = width - 2 * SPLITTER - MIN.centre;
  const files = clamp(wanted.files, MIN.files, Math.max(MIN.files, room - MIN.side));
  const side = clamp(wanted.side, MIN.side, Math.max(MIN.side, room - files));
  return { files, side };
}

/** The largest a column may be dragged to, the other column as it is. */
export function maxColumn(width: number, other: number): number {
  return Math.max(0, width - 2 * SPLITTER - MIN.centre - other);
}

/** The terminal's height in a centre column `height` tall: the editor keeps at least MIN.editor. */
export function fitTerminal(height: number, wanted: number): number {
  return clamp(wanted, MIN.terminal, Math.max(MIN.terminal, maxTerminal(height)));
}

/** The tallest the terminal may be dragged to. */
export function maxTerminal(height: number): number {
  return Math.max(MIN.terminal, height - SPLITTER - MIN.editor);
}

/** The sizes saved by an earlier visit, or undefined when there are none (or they are unreadable). */
export function loadSizes(storage: Pick<Storage, 'getItem'> | undefined): PaneSizes | undefined {
  let text: string | null | undefined;
  try {
    text = storage?.getItem(LAYOUT_KEY);
  } catch {
    return undefined;
  }
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as Record<string, unknown>;
    const ok = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n > 0;
    return ok(v.files) && ok(v.side) && ok(v.terminal) ? { files: v.files, side: v.side, terminal: v.terminal } : undefined;
  } catch {
    return undefined;
  }
}

/** Remember the sizes; a browser that refuses storage keeps them for this visit only. */
export function saveSizes(storage: Pick<Storage, 'setItem'> | undefined, sizes: PaneSizes): void {
  try {
    storage?.setItem(LAYOUT_KEY, JSON.stringify({ files: Math.round(sizes.files), side: Math.round(sizes.side), terminal: Math.round(sizes.terminal) }));
  } catch {
    // storage off or full: the layout still works, it is just not remembered
  }
}
