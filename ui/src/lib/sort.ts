// Sorting for every list and table: a pure comparator per kind of value, the header's sort state
// and a stable sort. Display only: money is compared exactly (BigInt), never as a float.

/** How a column's values compare. */
export type SortKind = 'text' | 'number' | 'date' | 'money';

export type SortDirection = 'asc' | 'desc';

/** The column a list is sorted by, and which way. `null` (no state) keeps the list's own order. */
export interface SortState {
  key: string;
  direction: SortDirection;
}

/**
 * A value to sort by. Text: any string. Number: a number or numeric string. Date: an ISO date or
 * date-time string (or epoch ms). Money: a decimal string ("-1,234.50", "99", "¥12.3") or integer
 * cents as bigint / safe integer number. null, undefined, '' and unparseable values sort last.
 */
export type SortValue = string | number | bigint | boolean | null | undefined;

/** How one sortable column of a row type gets and compares its value. */
export interface SortColumn<T> {
  kind: SortKind;
  value: (row: T) => SortValue;
}

// Pinyin order for Chinese (ICU's zh collation), natural order for digits inside text.
const collator = new Intl.Collator('zh-CN', { numeric: true, sensitivity: 'base' });

/** Click on a header: a new column starts ascending; the same column flips asc ↔ desc. */
export function nextSort(current: SortState | null, key: string): SortState {
  if (current?.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { key, direction: 'asc' };
}

/** The header cell's `aria-sort`. */
export function ariaSort(state: SortState | null, key: string): 'ascending' | 'descending' | 'none' {
  if (state?.key !== key) return 'none';
  return state.direction === 'asc' ? 'ascending' : 'descending';
}

/** `aria-sort` for a header cell: only the sorted column carries it. */
export function sortAttr(state: SortState | null, key: string): 'ascending' | 'descending' | undefined {
  const value = ariaSort(state, key);
  return value === 'none' ? undefined : value;
}

/** An exact decimal: value × 10^-scale. */
interface Decimal {
  units: bigint;
  scale: number;
}

const MONEY_RE = /^([+-])?(\d*)(?:\.(\d*))?$/;

/** Parses a money value exactly; null when it is not an amount. bigint/number are integer cents. */
export function parseMoney(value: SortValue): Decimal | null {
  if (typeof value === 'bigint') return { units: value, scale: 2 };
  if (typeof value === 'number') return Number.isSafeInteger(value) ? { units: BigInt(value), scale: 2 } : null;
  if (typeof value !== 'string') return null;
  // Grouping, spaces, currency signs and the typographic minus are display only.
  const cleaned = value.replace(/CNY|RMB|[,，\s¥￥]/g, '').replace(/^−/, '-');
  const match = MONEY_RE.exec(cleaned);
  if (!match) return null;
  const [, sign = '', integer = '', fraction = ''] = match;
  if (integer === '' && fraction === '') return null;
  return { units: BigInt(`${sign === '-' ? '-' : ''}${integer || '0'}${fraction}`), scale: fraction.length };
}

function compareDecimal(a: Decimal, b: Decimal): number {
  const scale = Math.max(a.scale, b.scale);
  const x = a.units * 10n ** BigInt(scale - a.scale);
  const y = b.units * 10n ** BigInt(scale - b.scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A comparable key for one value, or null when the value is empty or unparseable (sorts last). */
type Key = string | number | Decimal;

function toKey(value: SortValue, kind: SortKind): Key | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' && value.trim() === '') return null;
  switch (kind) {
    case 'text':
      return String(value);
    case 'number': {
      const n = typeof value === 'number' ? value : Number(typeof value === 'string' ? value.trim() : value);
      return Number.isNaN(n) ? null : n;
    }
    case 'date': {
      const ms = typeof value === 'number' ? value : Date.parse(String(value));
      return Number.isNaN(ms) ? null : ms;
    }
    case 'money':
      return parseMoney(value);
  }
}

function compareKeys(a: Key, b: Key, kind: SortKind): number {
  if (kind === 'text') return collator.compare(a as string, b as string);
  if (kind === 'money') return compareDecimal(a as Decimal, b as Decimal);
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

/**
 * Compares two values of a kind in a direction. Empty and unparseable values come last in both
 * directions; they compare equal among themselves.
 */
export function compareValues(a: SortValue, b: SortValue, kind: SortKind, direction: SortDirection = 'asc'): number {
  const x = toKey(a, kind);
  const y = toKey(b, kind);
  if (x === null || y === null) return x === null ? (y === null ? 0 : 1) : -1;
  const order = compareKeys(x, y, kind);
  return direction === 'asc' ? order : -order;
}

/**
 * A sorted copy of `rows` (stable: equal values keep their order, in both directions). Each row's
 * key is computed once, so long lists sort quickly.
 */
export function sortBy<T>(rows: readonly T[], column: SortColumn<T>, direction: SortDirection): T[] {
  const keyed = rows.map((row, index) => ({ row, index, key: toKey(column.value(row), column.kind) }));
  const sign = direction === 'asc' ? 1 : -1;
  keyed.sort((a, b) => {
    if (a.key === null || b.key === null) {
      if (a.key !== null) return -1;
      if (b.key !== null) return 1;
    } else {
      const order = compareKeys(a.key, b.key, column.kind);
      if (order !== 0) return sign * order;
    }
    return a.index - b.index;
  });
  return keyed.map((k) => k.row);
}

/**
 * The rows in the order of `state`: unchanged (same array) when there is no state or the column is
 * not sortable.
 */
export function applySort<T>(
  rows: readonly T[],
  state: SortState | null,
  columns: Readonly<Record<string, SortColumn<T> | undefined>>,
): readonly T[] {
  const column = state ? columns[state.key] : undefined;
  return state && column ? sortBy(rows, column, state.direction) : rows;
}
