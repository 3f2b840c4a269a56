import { describe, expect, it } from 'vitest';
import { centsToDecimal, formatDate, formatMoney, formatNumber } from './format';

describe('formatNumber', () => {
  it('groups digits in both locales', () => {
    expect(formatNumber(1234567, 'zh-CN')).toBe('1,234,567');
    expect(formatNumber(1234567, 'en')).toBe('1,234,567');
    expect(formatNumber(50000n, 'en')).toBe('50,000');
  });
});

describe('centsToDecimal', () => {
  it('is exact for small, negative and huge amounts', () => {
    expect(centsToDecimal(0n)).toBe('0.00');
    expect(centsToDecimal(5n)).toBe('0.05');
    expect(centsToDecimal(-5n)).toBe('-0.05');
    expect(centsToDecimal(123450n)).toBe('1234.50');
    expect(centsToDecimal(900719925474099312n)).toBe('9007199254740993.12');
  });
});

describe('formatMoney', () => {
  it('formats decimal strings in zh-CN', () => {
    expect(formatMoney('1234.50', 'zh-CN')).toBe('¥1,234.50');
    expect(formatMoney('-1234.5', 'zh-CN')).toBe('-¥1,234.50');
    expect(formatMoney('12', 'zh-CN')).toBe('¥12.00');
    expect(formatMoney('0.05', 'zh-CN')).toBe('¥0.05');
    expect(formatMoney('-0.05', 'zh-CN')).toBe('-¥0.05');
  });

  it('formats decimal strings in en', () => {
    expect(formatMoney('1234.50', 'en')).toBe('CN¥1,234.50');
    expect(formatMoney('-1234.50', 'en')).toBe('-CN¥1,234.50');
    expect(formatMoney('0', 'en')).toBe('CN¥0.00');
    expect(formatMoney('-0.00', 'en')).toBe('CN¥0.00');
  });

  it('formats BigInt cents', () => {
    expect(formatMoney(123450n, 'zh-CN')).toBe('¥1,234.50');
    expect(formatMoney(-1n, 'en')).toBe('-CN¥0.01');
  });

  it('keeps every digit beyond float precision', () => {
    expect(formatMoney('9007199254740993.10', 'zh-CN')).toBe('¥9,007,199,254,740,993.10');
    expect(formatMoney('0.1234', 'en')).toBe('CN¥0.1234');
  });

  it('rejects non-decimal input', () => {
    expect(() => formatMoney('1e3', 'en')).toThrow(RangeError);
    expect(() => formatMoney('1,234.00', 'en')).toThrow(RangeError);
    expect(() => formatMoney('', 'en')).toThrow(RangeError);
  });
});

describe('formatDate', () => {
  it('formats ISO dates in both locales without time-zone shift', () => {
    expect(formatDate('2025-01-03', 'zh-CN')).toBe('2025年1月3日');
    expect(formatDate('2025-01-03', 'en')).toBe('Jan 3, 2025');
    expect(formatDate('2025-01-03', 'zh-CN', 'numeric')).toBe('2025/01/03');
    expect(formatDate('2025-01-03', 'en', 'numeric')).toBe('01/03/2025');
  });

  it('rejects invalid dates', () => {
    expect(() => formatDate('2025-02-30', 'en')).toThrow(RangeError);
    expect(() => formatDate('2025-1-3', 'en')).toThrow(RangeError);
  });
});
