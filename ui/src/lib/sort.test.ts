import { describe, expect, it } from 'vitest';
import { applySort, ariaSort, sortAttr, compareValues, nextSort, parseMoney, sortBy, type SortColumn, type SortValue } from './sort';

/** Sorts bare values with a kind and direction (through the same path as the tables). */
function sorted(values: SortValue[], kind: SortColumn<SortValue>['kind'], direction: 'asc' | 'desc' = 'asc'): SortValue[] {
  return sortBy(values, { kind, value: (v) => v }, direction);
}

describe('nextSort', () => {
  it('starts a new column ascending and cycles asc → desc → asc', () => {
    const first = nextSort(null, 'name');
    expect(first).toEqual({ key: 'name', direction: 'asc' });
    const second = nextSort(first, 'name');
    expect(second).toEqual({ key: 'name', direction: 'desc' });
    expect(nextSort(second, 'name')).toEqual({ key: 'name', direction: 'asc' });
    expect(nextSort(second, 'date')).toEqual({ key: 'date', direction: 'asc' });
  });

  it('reports aria-sort per column', () => {
    expect(ariaSort(null, 'a')).toBe('none');
    expect(ariaSort({ key: 'a', direction: 'asc' }, 'a')).toBe('ascending');
    expect(ariaSort({ key: 'a', direction: 'desc' }, 'a')).toBe('descending');
    expect(ariaSort({ key: 'a', direction: 'desc' }, 'b')).toBe('none');
    expect(sortAttr({ key: 'a', direction: 'desc' }, 'a')).toBe('descending');
    expect(sortAttr({ key: 'a', direction: 'desc' }, 'b')).toBeUndefined();
    expect(sortAttr(null, 'a')).toBeUndefined();
  });
});

describe('text', () => {
  it('sorts Chinese names in pinyin order, not by code point', () => {
    const names = ['张三', '王五', '阿强', '李四', '陈六'];
    // Code-point order would be 张 (U+5F20) before 李 (U+674E) before 王 (U+738B) …
    expect(sorted(names, 'text')).toEqual(['阿强', '陈六', '李四', '王五', '张三']);
    expect(sorted(names, 'text', 'desc')).toEqual(['张三', '王五', '李四', '陈六', '阿强']);
  });

  it('sorts digits inside text naturally and ignores case', () => {
    expect(sorted(['客户10', '客户2', '客户1'], 'text')).toEqual(['客户1', '客户2', '客户10']);
    expect(sorted(['beta', 'Alpha', 'alpha2'], 'text')).toEqual(['Alpha', 'alpha2', 'beta']);
  });

  it('puts null, undefined and empty text last in both directions', () => {
    const values = ['', '乙', null, '甲', undefined, '  '];
    expect(sorted(values, 'text')).toEqual(['甲', '乙', '', null, undefined, '  ']);
    expect(sorted(values, 'text', 'desc')).toEqual(['乙', '甲', '', null, undefined, '  ']);
  });
});

describe('numbers', () => {
  it('compares numerically, not as text', () => {
    expect(sorted([10, 9, 100, -1], 'number')).toEqual([-1, 9, 10, 100]);
    expect(sorted(['10', '9', '100'], 'number', 'desc')).toEqual(['100', '10', '9']);
  });

  it('puts empty and non-numbers last', () => {
    expect(sorted([null, 3, 'x', 1], 'number', 'desc')).toEqual([3, 1, null, 'x']);
  });
});

describe('dates', () => {
  it('compares ISO dates and date-times as instants', () => {
    expect(sorted(['2024-03-01', '2023-12-31', '2024-01-15'], 'date')).toEqual(['2023-12-31', '2024-01-15', '2024-03-01']);
    // Same day, different offsets: 09:00+08:00 is 01:00Z, before 02:00Z.
    expect(sorted(['2024-05-01T02:00:00Z', '2024-05-01T09:00:00+08:00'], 'date')).toEqual([
      '2024-05-01T09:00:00+08:00',
      '2024-05-01T02:00:00Z',
    ]);
  });

  it('puts missing dates last in both directions', () => {
    expect(sorted([null, '2024-01-02', '', '2024-01-01'], 'date')).toEqual(['2024-01-01', '2024-01-02', null, '']);
    expect(sorted([null, '2024-01-02', '', '2024-01-01'], 'date', 'desc')).toEqual(['2024-01-02', '2024-01-01', null, '']);
  });
});

describe('money', () => {
  it('compares decimal strings exactly, grouping and signs included', () => {
    expect(sorted(['99.00', '-1,234.50', '1,000.00', '0.5', '-0.05', '100'], 'money')).toEqual([
      '-1,234.50',
      '-0.05',
      '0.5',
      '99.00',
      '100',
      '1,000.00',
    ]);
    expect(compareValues('-1,234.50', '99.00', 'money')).toBeLessThan(0);
    expect(compareValues('¥1,234.50', '¥234.50', 'money')).toBeGreaterThan(0);
    expect(compareValues('−3.00', '-2.00', 'money')).toBeLessThan(0);
  });

  it('tells apart amounts a float cannot', () => {
    // Both parse to the same double; the BigInt comparison still orders them.
    const a = '90071992547409931.01';
    const b = '90071992547409931.02';
    expect(parseFloat(a)).toBe(parseFloat(b));
    expect(compareValues(a, b, 'money')).toBeLessThan(0);
    expect(compareValues(b, a, 'money')).toBeGreaterThan(0);
  });

  it('treats equal amounts with different scales as equal', () => {
    expect(compareValues('12.5', '12.50', 'money')).toBe(0);
    expect(compareValues('-0', '0.00', 'money')).toBe(0);
  });

  it('takes bigint and integer numbers as cents', () => {
    expect(compareValues(123450n, '1234.50', 'money')).toBe(0);
    expect(compareValues(-5, '-0.04', 'money')).toBeLessThan(0);
    expect(sorted([500n, -100n, 20n], 'money', 'desc')).toEqual([500n, 20n, -100n]);
  });

  it('puts empty and unparseable amounts last in both directions', () => {
    expect(sorted(['—', '1.00', null, '-1.00'], 'money')).toEqual(['-1.00', '1.00', '—', null]);
    expect(sorted(['—', '1.00', null, '-1.00'], 'money', 'desc')).toEqual(['1.00', '-1.00', '—', null]);
    expect(parseMoney('abc')).toBeNull();
    expect(parseMoney('.')).toBeNull();
    expect(parseMoney('1.2.3')).toBeNull();
  });
});

describe('stability', () => {
  interface Row {
    id: number;
    group: string | null;
  }
  const rows: Row[] = [
    { id: 1, group: '乙' },
    { id: 2, group: '甲' },
    { id: 3, group: null },
    { id: 4, group: '乙' },
    { id: 5, group: '甲' },
    { id: 6, group: null },
    { id: 7, group: '乙' },
  ];
  const byGroup: SortColumn<Row> = { kind: 'text', value: (r) => r.group };

  it('keeps the original order of equal values in both directions', () => {
    expect(sortBy(rows, byGroup, 'asc').map((r) => r.id)).toEqual([2, 5, 1, 4, 7, 3, 6]);
    expect(sortBy(rows, byGroup, 'desc').map((r) => r.id)).toEqual([1, 4, 7, 2, 5, 3, 6]);
  });

  it('does not change the input', () => {
    const before = rows.map((r) => r.id);
    sortBy(rows, byGroup, 'desc');
    expect(rows.map((r) => r.id)).toEqual(before);
  });
});

describe('applySort', () => {
  const rows = [{ n: '2' }, { n: '10' }, { n: '1' }];
  const columns = { n: { kind: 'number', value: (r: { n: string }) => r.n } as const };

  it('returns the same rows without a state or for an unknown column', () => {
    expect(applySort(rows, null, columns)).toBe(rows);
    expect(applySort(rows, { key: 'x', direction: 'asc' }, columns)).toBe(rows);
  });

  it('sorts by the state column', () => {
    expect(applySort(rows, { key: 'n', direction: 'desc' }, columns).map((r) => r.n)).toEqual(['10', '2', '1']);
  });
});
