// Server-side render smoke test of the app frame (no browser needed).
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import App from './App.svelte';
import { AREAS } from './lib/routes';

describe('App frame', () => {
  const { body } = render(App);

  it('renders the six navigation areas in order', () => {
    const order = AREAS.map((area) => body.indexOf(`data-testid="nav-${area}"`));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('starts on the overview page with its heading and empty sentence', () => {
    expect(body).toMatch(/data-testid="nav-overview"[^>]*aria-current="page"|aria-current="page"[^>]*data-testid="nav-overview"/);
    expect(body).toContain('data-testid="page-title"');
    expect(body).toContain('data-testid="page-empty"');
  });

  it('has the language switch, app name and status line', () => {
    expect(body).toContain('data-testid="lang-switch"');
    expect(body).toContain('账安 Ledgerlock');
    expect(body).toContain('data-testid="status-line"');
    expect(body).toMatch(/<nav[^>]*aria-label=/);
  });
});
