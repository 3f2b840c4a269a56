// Client field labels and per-field error messages, in the current locale.
import type { Field } from '../../lib/api';
import { locale, t } from '../../lib/i18n';
import type { FieldReason } from '../../lib/clients';

/** The label of a client field. */
export function fieldLabel(field: Field): string {
  return t(`clientField.${field}`);
}

/** Several field labels joined for a sentence: "银行账号、法定代表人" / "Account number, Legal representative". */
export function fieldList(fields: readonly Field[]): string {
  return fields.map(fieldLabel).join(locale.current === 'en' ? ', ' : '、');
}

/**
 * The message shown next to an input, e.g. "统一社会信用代码校验位不正确". In English a label in
 * the middle of a sentence is lower-cased ("the unified social credit code"), acronyms kept.
 */
export function fieldErrorText(field: Field, reason: FieldReason): string {
  const template = t(`fieldReason.${reason}`);
  let label = fieldLabel(field);
  const second = label.charAt(1);
  if (locale.current === 'en' && !template.startsWith('{field}') && second !== second.toUpperCase()) {
    label = label.charAt(0).toLowerCase() + label.slice(1);
  }
  return t(`fieldReason.${reason}`, { field: label });
}

/** A calendar day of an RFC 3339 instant in local time, e.g. "2026/11/27". */
export function formatDay(at: string | null | undefined): string {
  if (!at) return '';
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return at;
  return new Intl.DateTimeFormat(locale.current, { year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}
