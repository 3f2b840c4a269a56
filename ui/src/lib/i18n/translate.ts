import type { AppError } from '../bindings';
import type { Catalogue, Locale, MessageKey, MessageParams } from './catalogue';
import { LOCALES } from './catalogue';

/**
 * Looks up a dotted key in a catalogue. Returns undefined when the path does not lead to a string
 * (only possible with keys built at runtime).
 */
export function lookup(catalogue: Catalogue, key: string): string | undefined {
  let node: unknown = catalogue;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** Replaces `{name}` placeholders with params; unknown placeholders are left as written. */
export function interpolate(template: string, params: MessageParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/** Translates `key` with `catalogue`, interpolating params. Falls back to the key itself. */
export function translate(catalogue: Catalogue, key: MessageKey, params?: MessageParams): string {
  const template = lookup(catalogue, key);
  return template === undefined ? key : interpolate(template, params);
}

/** Error parameters that are stable codes, shown through `errorParam.<name>.<code>` when known. */
const CODED_PARAMS = ['field', 'reason', 'rule', 'scope'] as const;

/**
 * Renders an AppError from its code (`error.<code>`) and params. Coded params (`field`, `reason`,
 * `rule`, `scope`) are translated when the catalogue knows them, else shown as sent.
 */
export function translateError(catalogue: Catalogue, error: AppError): string {
  const params: MessageParams = { ...error.params };
  for (const name of CODED_PARAMS) {
    const value = error.params[name];
    if (value !== undefined) params[name] = lookup(catalogue, `errorParam.${name}.${value}`) ?? value;
  }
  // A refusal that is not about the role (a stored-only or read-only client) says why.
  const action = error.params['action'];
  if (error.code === 'forbidden' && action !== undefined) {
    const reason = lookup(catalogue, `errorForbidden.${action}`);
    if (reason !== undefined) return interpolate(reason, params);
  }
  return translate(catalogue, `error.${error.code}`, params);
}

/**
 * Picks the starting locale: a valid stored choice wins; otherwise zh-CN when the browser language
 * starts with "zh", else English.
 */
export function detectLocale(stored: string | null | undefined, navigatorLanguage: string | undefined): Locale {
  if (stored && (LOCALES as readonly string[]).includes(stored)) return stored as Locale;
  return navigatorLanguage?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}
