// Server-side renders of the sortable headers: order of rows, aria-sort and the ▲/▼ mark.
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import SortButton from './SortButton.svelte';
import VirtualTable from './VirtualTable.svelte';
import { sortColumns, type Column } from './table';

interface Row {
  name: string;
  amount: string;
  note: string;
}

const rows: Row[] = [
  { name: '张三', amount: '99.00', note: 'a' },
  { name: '李四', amount: '-1,234.50', note: 'b' },
  { name: '阿强', amount: '1,000.00', note: 'c' },
];

const columns: Column<Row>[] = [
  { key: 'name', header: 'Name', sort: 'text' },
  { key: 'amount', header: 'Amount', align: 'end', sort: 'money' },
  { key: 'note', header: 'Note' },
];

function shownOrder(body: string): string[] {
  return rows.map((r) => r.name).sort((a, b) => body.indexOf(`>${a}<`) - body.indexOf(`>${b}<`));
}

describe('VirtualTable sorting', () => {
  it('keeps the given order without a sort state', () => {
    const { body } = render(VirtualTable<Row>, { props: { rows, columns, label: 'L', height: 400 } });
    expect(shownOrder(body)).toEqual(['张三', '李四', '阿强']);
    expect(body).not.toContain('aria-sort');
  });

  it('renders sort buttons only for sortable columns', () => {
    const { body } = render(VirtualTable<Row>, { props: { rows, columns, label: 'L', height: 400 } });
    expect(body.match(/class="sort-button/g)).toHaveLength(2);
  });

  it('shows rows in the sorted order with aria-sort and a mark on that header', () => {
    const asc = render(VirtualTable<Row>, {
      props: { rows, columns, label: 'L', height: 400, sort: { key: 'name', direction: 'asc' } },
    }).body;
    expect(shownOrder(asc)).toEqual(['阿强', '李四', '张三']);
    expect(asc).toContain('aria-sort="ascending"');
    expect(asc).toContain('▲');

    const desc = render(VirtualTable<Row>, {
      props: { rows, columns, label: 'L', height: 400, sort: { key: 'amount', direction: 'desc' } },
    }).body;
    expect(shownOrder(desc)).toEqual(['阿强', '张三', '李四']);
    expect(desc).toContain('aria-sort="descending"');
    expect(desc).toContain('▼');
  });
});

describe('SortButton', () => {
  it('is a button with the label, and a mark only when its column is sorted', () => {
    const idle = render(SortButton, { props: { column: 'name', label: '名称', sort: { key: 'x', direction: 'asc' } } }).body;
    expect(idle).toMatch(/<button[^>]*type="button"/);
    expect(idle).toContain('名称');
    expect(idle).not.toMatch(/[▲▼]/);
    const sorted = render(SortButton, { props: { column: 'name', label: '名称', sort: { key: 'name', direction: 'desc' } } }).body;
    expect(sorted).toContain('▼');
    expect(sorted).not.toContain('▲');
  });
});

describe('sortColumns', () => {
  it('collects sortable columns, by key or by sortValue', () => {
    const sortable = sortColumns<Row>([...columns, { key: 'note', header: 'N2', sort: 'text', sortValue: (r) => r.name }]);
    expect(Object.keys(sortable).sort()).toEqual(['amount', 'name', 'note']);
    expect(sortable.amount?.value(rows[1] as Row)).toBe('-1,234.50');
    expect(sortable.note?.value(rows[0] as Row)).toBe('张三');
  });
});
