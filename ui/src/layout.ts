/**
 * Screen geometry shared by the views and by the input handling (page
 * sizes, mouse clicks): the UI is never taller than the terminal minus one
 * line, because a frame as tall as the terminal makes Ink clear and redraw
 * the whole screen on every update.
 */

/** Lines above a list: the title and the menu path (or the screen's own header). */
export const LIST_TOP = 2;
/** Lines below the menu list: status, warnings, key help. */
const MENU_FOOTER = 3;
/** Lines of the help panel (help mode), its rule included. */
export const HELP_PANEL = 7;
/** Lines below an overlay's body: status and key help. */
const OVERLAY_FOOTER = 2;

/** Fewest usable lines the screens need: header, one body line, footer. */
export const MIN_ROWS = LIST_TOP + 1 + MENU_FOOTER;

export interface Size {
  columns: number;
  rows: number;
}

/** Lines the UI may use. */
export function usableRows(size: Size): number {
  return Math.max(1, size.rows - 1);
}

/** Rows of the menu list; the help panel shrinks when the terminal is small. */
export function menuLayout(size: Size, helpMode: boolean): { list: number; help: number } {
  const free = usableRows(size) - LIST_TOP - MENU_FOOTER;
  if (!helpMode) return { list: Math.max(1, free), help: 0 };
  const help = Math.max(0, Math.min(HELP_PANEL, free - 3));
  return { list: Math.max(1, free - help), help };
}

/** Lines of an overlay's body (text or list) between its header and footer. */
export function overlayBody(size: Size): number {
  return Math.max(1, usableRows(size) - LIST_TOP - OVERLAY_FOOTER);
}

/** First row to show so that `index` is on screen, moving as little as possible from `top`. */
export function scrollTop(top: number, index: number, count: number, height: number): number {
  let t = Math.min(top, index);
  if (index >= t + height) t = index - height + 1;
  return Math.max(0, Math.min(t, Math.max(0, count - height)));
}
