import { describe, expect, it } from 'vitest';
import type { ReconLine } from '../../lib/api';
import { filterLines, isZeroAmount, keepSelectable, sourceRows, toggle } from './lines';

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
