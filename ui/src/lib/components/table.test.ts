import { describe, expect, it } from 'vitest';
import { cellText, gridTemplate, type Column } from './table';

type Row = { name: string; amount: string; note: string | null };

describe('table columns', () => {
  const columns: Column<Row>[] = [
    { key: 'name', header: 'Name', width: 200 },
    { key: 'amount', header: 'Amount', width: 120, align: 'end', format: (v) => `¥${String(v)}` },
    { key: 'note', header: 'Note' },
  ];
  const row: Row = { name: 'A', amount: '1.00', note: null };

  it('formats cells', () => {
    expect(columns.map((c) => cellText(c, row))).toEqual(['A', '¥1.00', '']);
  });

  it('builds the grid template', () => {
    expect(gridTemplate(columns)).toBe('200px 120px minmax(80px, 1fr)');
  });
});
