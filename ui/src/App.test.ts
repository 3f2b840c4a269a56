// Server-side render smoke tests of the frame and the pre-unlock screens (no browser needed).
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import App from './App.svelte';
import AppFrame from './app/AppFrame.svelte';
import { AREAS } from './lib/routes';
import LoginScreen from './screens/LoginScreen.svelte';
import SetupWizard from './screens/SetupWizard.svelte';

describe('App', () => {
  it('shows only the status line until the first status arrives', () => {
    const { body } = render(App);
    expect(body).toContain('data-testid="status-line"');
    expect(body).not.toContain('data-testid="nav-overview"');
  });
});

describe('App frame', () => {
  const { body } = render(AppFrame, {
    props: { user: { userId: 1, username: 'wang', displayName: '王会计', role: 'administrator' } },
  });

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

  it('has the language switch, app name, user, lock button and status line', () => {
    expect(body).toContain('data-testid="lang-switch"');
    expect(body).toContain('账安 Ledgerlock');
    expect(body).toContain('王会计');
    expect(body).toContain('data-testid="lock-button"');
    expect(body).toContain('data-testid="status-line"');
    expect(body).toMatch(/<nav[^>]*aria-label=/);
  });
});

describe('screens before unlocking', () => {
  it('setup starts with the firm and administrator form', () => {
    const { body } = render(SetupWizard);
    for (const id of ['setup-firm', 'setup-username', 'setup-display-name', 'setup-password', 'setup-password-repeat', 'setup-next']) {
      expect(body).toContain(`data-testid="${id}"`);
    }
  });

  it('login has username, password, submit and a way to the recovery code', () => {
    const { body } = render(LoginScreen);
    for (const id of ['login-username', 'login-password', 'login-submit', 'recovery-open']) {
      expect(body).toContain(`data-testid="${id}"`);
    }
  });
});
