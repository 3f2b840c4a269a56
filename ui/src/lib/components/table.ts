// Column definitions for VirtualTable.
import type { SortColumn, SortKind, SortValue } from '../sort';

/** Horizontal alignment of a column; use `end` for money and other figures. */
export type ColumnAlign = 'start' | 'center' | 'end';

/** One column of a VirtualTable over rows of type T. */
export interface Column<T> {
  /** Property of the row shown in this column; also the column's identity. */
  key: keyof T & string;
  /** Header text, already translated. */
  header: string;
  /** Width in px; omitted → shares the remaining width (min 80px). */
  width?: number;
  align?: ColumnAlign;
  /** Formats the cell value for display; default is `String(value)` ('' for null/undefined). */
  format?: (value: T[keyof T & string], row: T) => string;
  /** Render figures with tabular numerals (set automatically for `align: 'end'`). */
  numeric?: boolean;
  /** Makes the header a sort button comparing values of this kind. */
  sort?: SortKind;
  /** The value sorted by (default: the row's `key` property); give raw values, not display text. */
  sortValue?: (row: T) => SortValue;
}

/** Display text of one cell. */
export function cellText<T>(column: Column<T>, row: T): string {
  const value = row[column.key];
  if (column.format) return column.format(value, row);
  return value === null || value === undefined ? '' : String(value);
}

/** CSS grid-template-columns for a set of columns. */
export function gridTemplate<T>(columns: readonly Column<T>[]): string {
  return columns.map((c) => (c.width === undefined ? 'minmax(80px, 1fr)' : `${c.width}px`)).join(' ');
}

/** The sortable columns by key, for `applySort`. */
export function sortColumns<T>(columns: readonly Column<T>[]): Record<string, SortColumn<T>> {
  const result: Record<string, SortColumn<T>> = {};
  for (const column of columns) {
    if (column.sort === undefined) continue;
    const key = column.key;
    result[key] = { kind: column.sort, value: column.sortValue ?? ((row) => row[key] as SortValue) };
  }
  return result;
}
