import type { AppError } from '../bindings';
import type { Catalogue, Locale, MessageKey, MessageParams } from './catalogue';
import { en } from './en';
import { locale } from './locale.svelte';
import { translate, translateError } from './translate';
import { zhCN } from './zh-CN';

export type { Catalogue, Locale, MessageKey, MessageParams } from './catalogue';
export { LOCALES } from './catalogue';
export { locale, setLocale, applyDocumentLang } from './locale.svelte';

/** All catalogues by locale. */
export const catalogues: Record<Locale, Catalogue> = { 'zh-CN': zhCN, en };

/** Translates `key` in the current locale. Reactive when called from a component template. */
export function t(key: MessageKey, params?: MessageParams): string {
  return translate(catalogues[locale.current], key, params);
}

/** Renders an AppError in the current locale. Reactive when called from a component template. */
export function te(error: AppError): string {
  return translateError(catalogues[locale.current], error);
}
