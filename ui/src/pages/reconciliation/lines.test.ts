import { describe, expect, it } from 'vitest';
import type { ReconLine } from '../../lib/api';
import { filterLines, inPeriod, isZeroAmount, keepSelectable, sourceRows, toggle } from './lines';

function line(index: number, status: ReconLine['status']): ReconLine {
  return {
    index,
    row: index + 3,
    date: '2025-08-01',
    amount: '1.00',
    counterparty: '',
    memo: '',
    serial: '',
    status,
    matchId: status === 'open' ? null : 1,
    flags: [],
  };
}

const lines = [line(0, 'open'), line(1, 'matched'), line(2, 'suggested')];

describe('reconciliation lines', () => {
  it('filters panes by state', () => {
    expect(filterLines(lines, 'all').map((l) => l.index)).toEqual([0, 1, 2]);
    expect(filterLines(lines, 'open').map((l) => l.index)).toEqual([0]);
    expect(filterLines(lines, 'matched').map((l) => l.index)).toEqual([1]);
  });

  it('filters panes by period, bounds included, empty bounds open', () => {
    const dated = [
      { ...line(0, 'open'), date: '2025-07-31' },
      { ...line(1, 'open'), date: '2025-08-01' },
      { ...line(2, 'matched'), date: '2025-08-31' },
      { ...line(3, 'open'), date: '2025-09-01' },
    ];
    const august = { from: '2025-08-01', to: '2025-08-31' };
    expect(filterLines(dated, 'all', august).map((l) => l.index)).toEqual([1, 2]);
    expect(filterLines(dated, 'open', august).map((l) => l.index)).toEqual([1]);
    expect(filterLines(dated, 'all', { from: '2025-08-31', to: '' }).map((l) => l.index)).toEqual([2, 3]);
    expect(filterLines(dated, 'all', { from: '', to: '' }).map((l) => l.index)).toEqual([0, 1, 2, 3]);
    expect(inPeriod('2025-08-01', { from: '', to: '2025-07-31' })).toBe(false);
  });

  it('toggles a selection', () => {
    expect(toggle([], 2)).toEqual([2]);
    expect(toggle([2], 0)).toEqual([0, 2]);
    expect(toggle([0, 2], 2)).toEqual([0]);
  });

  it('keeps only selectable lines', () => {
    expect(keepSelectable([0, 1, 2, 9], lines)).toEqual([0, 2]);
  });

  it('names source rows', () => {
    expect(sourceRows([0, 2], lines)).toBe('3, 5');
    expect(sourceRows([], lines)).toBe('—');
  });

  it('recognises zero amounts', () => {
    expect(isZeroAmount('0.00')).toBe(true);
    expect(isZeroAmount('-0.00')).toBe(true);
    expect(isZeroAmount('0.01')).toBe(false);
    expect(isZeroAmount('-12.50')).toBe(false);
  });
});
