import { describe, expect, it } from 'vitest';
import { contrastRatio } from '../lib/contrast';
import tokensCss from './tokens.css?raw';

/** Reads `--color-*` declarations from a CSS block. */
function colours(block: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of block.matchAll(/--color-([\w-]+):\s*(#[0-9a-f]{3,6})\s*;/gi)) {
    if (m[1] && m[2]) out[m[1]] = m[2];
  }
  return out;
}

const darkStart = tokensCss.indexOf('@media (prefers-color-scheme: dark)');
const light = colours(tokensCss.slice(0, darkStart));
const dark = { ...light, ...colours(tokensCss.slice(darkStart)) };

/** [foreground, background, minimum ratio] */
const PAIRS: [string, string, number][] = [
  ['text', 'bg', 4.5],
  ['text', 'surface', 4.5],
  ['text', 'nav-bg', 4.5],
  ['text', 'status-bg', 4.5],
  ['text', 'row-hover', 4.5],
  ['text', 'row-selected', 4.5],
  ['text-muted', 'bg', 4.5],
  ['text-muted', 'surface', 4.5],
  ['text-muted', 'nav-bg', 4.5],
  ['text-muted', 'status-bg', 4.5],
  ['text-muted', 'accent-soft', 4.5],
  ['accent', 'bg', 4.5],
  ['accent', 'surface', 4.5],
  ['on-accent', 'accent', 4.5],
  ['accent-strong', 'accent-soft', 4.5],
  ['ok', 'surface', 4.5],
  ['warn', 'surface', 4.5],
  ['danger', 'surface', 4.5],
  ['ok', 'bg', 4.5],
  ['warn', 'bg', 4.5],
  ['danger', 'bg', 4.5],
  ['danger', 'status-bg', 4.5],
  ['focus', 'surface', 3],
  ['focus', 'nav-bg', 3],
  ['border-strong', 'surface', 3],
  ['border-strong', 'bg', 3],
];

describe.each([
  ['light', light],
  ['dark', dark],
])('%s palette contrast (WCAG AA)', (_name, palette) => {
  it.each(PAIRS)('%s on %s ≥ %s', (fg, bg, min) => {
    const a = palette[fg];
    const b = palette[bg];
    expect(a, fg).toBeDefined();
    expect(b, bg).toBeDefined();
    expect(contrastRatio(a ?? '', b ?? '')).toBeGreaterThanOrEqual(min);
  });
});
