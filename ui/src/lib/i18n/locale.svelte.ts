import type { Locale } from './catalogue';
import { detectLocale } from './translate';

/** localStorage key that remembers the user's language choice. */
export const LOCALE_STORAGE_KEY = 'ledgerlock.locale';

function readStored(): string | null {
  try {
    return globalThis.localStorage?.getItem(LOCALE_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

/** Reactive current UI language. Read `locale.current`; change it with `setLocale`. */
export const locale: { current: Locale } = $state({
  current: detectLocale(readStored(), globalThis.navigator?.language),
});

/** Switches the UI language, remembers it in localStorage and updates `<html lang>`. */
export function setLocale(next: Locale): void {
  locale.current = next;
  try {
    globalThis.localStorage?.setItem(LOCALE_STORAGE_KEY, next);
  } catch {
    // Storage unavailable: the choice lasts for this session only.
  }
  applyDocumentLang(next);
}

/** Sets `<html lang>` so fonts and screen readers use the right language. */
export function applyDocumentLang(value: Locale): void {
  if (typeof document !== 'undefined') document.documentElement.lang = value;
}
