// Live ticks under a password field. A display aid only: Rust decides (weak_password).
import type { PasswordRules } from '../bindings';

/** The rules, in the order they are shown. */
export const PASSWORD_RULES = ['length', 'letters_and_digits', 'not_username'] as const;
export type PasswordRule = (typeof PASSWORD_RULES)[number];

/** Whether each rule looks met by what has been typed so far; null when it cannot be told here. */
export type RuleTicks = Record<PasswordRule, boolean | null>;

/**
 * Ticks for `password` against `rules` (from `passwordRules()`): at least `minLength`
 * characters; at least one letter and one digit; not the username (ignoring case and
 * surrounding spaces; null when the username is not known here). An empty password meets nothing.
 */
export function ruleTicks(rules: PasswordRules, username: string | null, password: string): RuleTicks {
  if (password === '') return { length: false, letters_and_digits: false, not_username: username === null ? null : false };
  return {
    length: [...password].length >= rules.minLength,
    letters_and_digits: /\p{L}/u.test(password) && /[0-9]/.test(password),
    not_username: username === null ? null : password.trim().toLowerCase() !== username.trim().toLowerCase(),
  };
}
