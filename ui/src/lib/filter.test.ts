import { describe, expect, it } from 'vitest';
import { filterRows, filterTerms, matchesFilter } from './filter';

describe('filter', () => {
  it('splits the query into lower-case words', () => {
    expect(filterTerms('  Foo  银行 ')).toEqual(['foo', '银行']);
    expect(filterTerms('   ')).toEqual([]);
  });

  it('needs every word somewhere in the row, any case', () => {
    expect(matchesFilter(['招商银行', 'Payroll March'], 'payroll 招商')).toBe(true);
    expect(matchesFilter(['招商银行', 'Payroll March'], 'payroll 工商')).toBe(false);
    expect(matchesFilter([null, undefined, 2024], '2024')).toBe(true);
    expect(matchesFilter(['x'], '')).toBe(true);
  });

  it('does not match across two texts', () => {
    expect(matchesFilter(['ab', 'cd'], 'bc')).toBe(false);
  });

  it('keeps order and returns the same array for a blank query', () => {
    const rows = ['甲公司', '乙公司', '甲银行'];
    expect(filterRows(rows, ' ', (r) => [r])).toBe(rows);
    expect(filterRows(rows, '甲', (r) => [r])).toEqual(['甲公司', '甲银行']);
  });
});
