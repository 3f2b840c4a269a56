// Display plumbing of the reconciliation workbench: pane filters, selection toggling and row
// labels. No business rules: states, totals and differences come from Rust.
import type { LineStatus, ReconLine } from '../../lib/api';

/** Which lines a pane shows. */
export type PaneFilter = 'all' | 'open' | 'matched';

export const PANE_FILTERS: readonly PaneFilter[] = ['all', 'open', 'matched'];

/** A date range to show, ISO dates; an empty bound is open. */
export interface Period {
  from: string;
  to: string;
}

/** Whether an ISO date lies in the period (bounds included; empty bounds are open). */
export function inPeriod(date: string, period: Period): boolean {
  return (period.from === '' || date >= period.from) && (period.to === '' || date <= period.to);
}

/** The lines a filter and a period keep, in pane order. */
export function filterLines(lines: readonly ReconLine[], filter: PaneFilter, period: Period = { from: '', to: '' }): ReconLine[] {
  const wanted: LineStatus | null = filter === 'all' ? null : filter === 'open' ? 'open' : 'matched';
  return lines.filter((l) => (wanted === null || l.status === wanted) && inPeriod(l.date, period));
}

/** Adds `index` to the selection, or removes it when already there (sorted, no repeats). */
export function toggle(selection: readonly number[], index: number): number[] {
  return selection.includes(index)
    ? selection.filter((i) => i !== index)
    : [...selection, index].sort((a, b) => a - b);
}

/** Drops selected lines that are now matched (after an action, the view changed). */
export function keepSelectable(selection: readonly number[], lines: readonly ReconLine[]): number[] {
  return selection.filter((i) => {
    const line = lines[i];
    return line !== undefined && line.status !== 'matched';
  });
}

/** The source rows of pane indices, e.g. "5, 6" (a dash for none). */
export function sourceRows(indices: readonly number[], lines: readonly ReconLine[]): string {
  const rows = indices.map((i) => lines[i]?.row).filter((r): r is number => r !== undefined);
  return rows.length === 0 ? '—' : rows.join(', ');
}

/** Whether a decimal string is zero ("0.00", "-0", "0"). */
export function isZeroAmount(amount: string): boolean {
  return /^-?0*(\.0*)?$/.test(amount.trim());
}
