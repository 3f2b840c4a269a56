// Pure windowing maths for VirtualTable. No DOM access, fully unit-tested.

/** The slice of rows to render and where to place it. `end` is exclusive. */
export interface VisibleRange {
  start: number;
  end: number;
  /** Vertical offset (px) of row `start` from the top of the rows area. */
  offsetY: number;
  /** Height (px) of all rows together: the scrollable height. */
  totalHeight: number;
}

/**
 * Computes which rows must be rendered for a scroll position: the rows intersecting the viewport
 * plus `overscan` rows on each side, clamped to [0, rowCount).
 */
export function visibleRange(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  rowCount: number,
  overscan: number,
): VisibleRange {
  const totalHeight = Math.max(0, rowCount) * rowHeight;
  if (rowCount <= 0 || rowHeight <= 0 || viewportHeight <= 0) {
    return { start: 0, end: 0, offsetY: 0, totalHeight };
  }
  const maxScroll = Math.max(0, totalHeight - viewportHeight);
  const top = Math.min(Math.max(0, scrollTop), maxScroll);
  const first = Math.floor(top / rowHeight);
  const last = Math.ceil((top + viewportHeight) / rowHeight); // exclusive
  const start = Math.max(0, first - overscan);
  const end = Math.min(rowCount, last + overscan);
  return { start, end, offsetY: start * rowHeight, totalHeight };
}

/** Keys that move the selection in a grid. */
export type NavigationKey = 'ArrowUp' | 'ArrowDown' | 'PageUp' | 'PageDown' | 'Home' | 'End';

/** True when `key` is one of the selection-moving keys. */
export function isNavigationKey(key: string): key is NavigationKey {
  return ['ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End'].includes(key);
}

/**
 * Returns the newly selected row index after a key press, or -1 when there are no rows.
 * With no current selection (-1), any key selects the first row (End selects the last).
 */
export function moveSelection(current: number, key: NavigationKey, rowCount: number, pageSize: number): number {
  if (rowCount <= 0) return -1;
  const last = rowCount - 1;
  const page = Math.max(1, pageSize);
  if (current < 0) return key === 'End' ? last : 0;
  const next = {
    ArrowUp: current - 1,
    ArrowDown: current + 1,
    PageUp: current - page,
    PageDown: current + page,
    Home: 0,
    End: last,
  }[key];
  return Math.min(last, Math.max(0, next));
}

/**
 * Returns the scrollTop that brings row `index` fully into view, changing the current scrollTop
 * as little as possible (unchanged when the row is already visible).
 */
export function scrollToReveal(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number {
  const rowTop = index * rowHeight;
  const rowBottom = rowTop + rowHeight;
  if (rowTop < scrollTop) return rowTop;
  if (rowBottom > scrollTop + viewportHeight) return Math.max(0, rowBottom - viewportHeight);
  return scrollTop;
}
