import { describe, expect, it } from 'vitest';
import { isNavigationKey, moveSelection, scrollToReveal, visibleRange } from './virtual';

describe('visibleRange', () => {
  it('is empty for no rows', () => {
    expect(visibleRange(0, 400, 32, 0, 5)).toEqual({ start: 0, end: 0, offsetY: 0, totalHeight: 0 });
    expect(visibleRange(500, 400, 32, 0, 5)).toEqual({ start: 0, end: 0, offsetY: 0, totalHeight: 0 });
  });

  it('renders everything when rows fit the viewport', () => {
    expect(visibleRange(0, 400, 32, 3, 5)).toEqual({ start: 0, end: 3, offsetY: 0, totalHeight: 96 });
  });

  it('adds overscan after the viewport at the top', () => {
    // 320 / 32 = 10 visible rows, plus 5 overscan below, none above.
    expect(visibleRange(0, 320, 32, 1000, 5)).toEqual({ start: 0, end: 15, offsetY: 0, totalHeight: 32000 });
  });

  it('handles a partially scrolled row in the middle', () => {
    const range = visibleRange(1000, 320, 32, 1000, 5);
    // first visible row 31 (992..1024), last partially visible row 41 (1312..1344).
    expect(range.start).toBe(26);
    expect(range.end).toBe(47);
    expect(range.offsetY).toBe(26 * 32);
  });

  it('clamps when scrolled to (and past) the bottom', () => {
    const bottom = visibleRange(32000 - 320, 320, 32, 1000, 5);
    expect(bottom.end).toBe(1000);
    expect(bottom.start).toBe(990 - 5);
    expect(visibleRange(1e9, 320, 32, 1000, 5)).toEqual(bottom);
  });

  it('clamps negative scroll (elastic overscroll)', () => {
    expect(visibleRange(-50, 320, 32, 1000, 5)).toEqual(visibleRange(0, 320, 32, 1000, 5));
  });

  it('renders only about viewport/rowHeight + 2*overscan rows out of 50,000', () => {
    const rowHeight = 32;
    const viewport = 600;
    const overscan = 8;
    const limit = Math.ceil(viewport / rowHeight) + 1 + 2 * overscan;
    for (const scrollTop of [0, 12_345, 800_000, 50_000 * rowHeight - viewport]) {
      const range = visibleRange(scrollTop, viewport, rowHeight, 50_000, overscan);
      expect(range.end - range.start).toBeLessThanOrEqual(limit);
      expect(range.end - range.start).toBeGreaterThanOrEqual(Math.floor(viewport / rowHeight));
      expect(range.totalHeight).toBe(1_600_000);
      expect(range.offsetY).toBe(range.start * rowHeight);
    }
  });
});

describe('moveSelection', () => {
  it('returns -1 with no rows', () => {
    expect(moveSelection(3, 'ArrowDown', 0, 10)).toBe(-1);
  });

  it('starts at the first (or last) row with no selection', () => {
    expect(moveSelection(-1, 'ArrowDown', 100, 10)).toBe(0);
    expect(moveSelection(-1, 'End', 100, 10)).toBe(99);
  });

  it('moves and clamps', () => {
    expect(moveSelection(5, 'ArrowDown', 100, 10)).toBe(6);
    expect(moveSelection(0, 'ArrowUp', 100, 10)).toBe(0);
    expect(moveSelection(95, 'PageDown', 100, 10)).toBe(99);
    expect(moveSelection(5, 'PageUp', 100, 10)).toBe(0);
    expect(moveSelection(50, 'PageDown', 100, 10)).toBe(60);
    expect(moveSelection(50, 'Home', 100, 10)).toBe(0);
    expect(moveSelection(50, 'End', 100, 10)).toBe(99);
  });

  it('recognises navigation keys', () => {
    expect(isNavigationKey('PageDown')).toBe(true);
    expect(isNavigationKey('Enter')).toBe(false);
  });
});

describe('scrollToReveal', () => {
  it('keeps scrollTop when the row is visible', () => {
    expect(scrollToReveal(5, 0, 320, 32)).toBe(0);
  });

  it('scrolls up to a row above the viewport', () => {
    expect(scrollToReveal(2, 320, 320, 32)).toBe(64);
  });

  it('scrolls down just enough for a row below the viewport', () => {
    expect(scrollToReveal(20, 0, 320, 32)).toBe(21 * 32 - 320);
  });
});
