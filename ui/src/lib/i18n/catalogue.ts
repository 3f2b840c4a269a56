import type { zhCN } from './zh-CN';

/** Widens a literal catalogue to the same nested key set with `string` leaves. */
export type Widen<T> = { readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

/** The shape every catalogue must have: exactly zh-CN's keys, any strings. */
export type Catalogue = Widen<typeof zhCN>;

/** Dotted paths to every leaf message, e.g. "nav.clients" or "error.vault_locked". */
export type MessageKey = LeafPaths<Catalogue>;

type LeafPaths<T> = {
  [K in keyof T & string]: T[K] extends string ? K : `${K}.${LeafPaths<T[K]>}`;
}[keyof T & string];

/** Interpolation values for `{name}` placeholders. */
export type MessageParams = Partial<Record<string, string | number>>;

/** Supported UI languages. */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
