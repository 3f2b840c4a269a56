// Locale-aware display formatting. Display only: no arithmetic on money, ever.
import type { Locale } from './i18n/catalogue';

const DECIMAL_RE = /^(-)?(\d+)(?:\.(\d+))?$/;

/** Formats a count or plain number with locale grouping, e.g. 1234567 → "1,234,567". */
export function formatNumber(value: number | bigint, locale: Locale): string {
  return new Intl.NumberFormat(locale).format(value);
}

/**
 * Converts integer cents (fen) to a decimal string, e.g. 123450n → "1234.50", -5n → "-0.05".
 * Pure BigInt: exact for any amount.
 */
export function centsToDecimal(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const fraction = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${(abs / 100n).toString()}.${fraction}`;
}

/**
 * Formats a CNY amount given as a decimal string ("1234.50", "-0.5", "12") or as BigInt cents.
 * The integer part is grouped by Intl on a BigInt and the fraction digits are kept exactly as given
 * (padded to at least two), so no floating-point value is ever involved.
 * Throws RangeError on a string that is not a plain decimal.
 */
export function formatMoney(amount: string | bigint, locale: Locale): string {
  const decimal = typeof amount === 'bigint' ? centsToDecimal(amount) : amount.trim();
  const match = DECIMAL_RE.exec(decimal);
  if (!match) throw new RangeError(`not a decimal amount: ${JSON.stringify(amount)}`);
  const [, minus, integerDigits = '0', fractionDigits = ''] = match;
  const fraction = fractionDigits.padEnd(2, '0');
  const integer = BigInt(integerDigits);
  const isZero = integer === 0n && /^0*$/.test(fraction);
  const negative = minus === '-' && !isZero;

  const formatter = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: 'CNY',
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  // Format ±integer (±1 when the integer part is 0, so the sign is placed by the locale),
  // then swap in the exact integer and fraction digits.
  const signed = integer === 0n ? 1n : integer;
  const parts = formatter.formatToParts(negative ? -signed : signed);
  return parts
    .map((part) => {
      if (part.type === 'fraction') return fraction;
      if (part.type === 'integer' && integer === 0n) return '0';
      return part.value;
    })
    .join('');
}

/**
 * Formats an ISO calendar date ("2025-01-03") for display, without time-zone shifts.
 * `medium`: "2025年1月3日" / "Jan 3, 2025"; `numeric`: "2025/01/03" / "01/03/2025".
 * Throws RangeError on anything other than a valid YYYY-MM-DD date.
 */
export function formatDate(iso: string, locale: Locale, style: 'medium' | 'numeric' = 'medium'): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) throw new RangeError(`not an ISO date: ${JSON.stringify(iso)}`);
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new RangeError(`not a calendar date: ${JSON.stringify(iso)}`);
  }
  const options: Intl.DateTimeFormatOptions =
    style === 'medium'
      ? { dateStyle: 'medium', timeZone: 'UTC' }
      : { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(locale, options).format(date);
}
