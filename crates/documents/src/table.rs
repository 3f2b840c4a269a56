//! Tables: column widths, right-aligned money columns, a header row repeated on every page,
//! wrapped cell text, rows kept whole across page breaks unless taller than a page.
#![allow(clippy::float_arithmetic)] // column geometry in mm/pt; money arrives as formatted strings.

use crate::error::DocumentError;
use crate::layout::{floor_count, mm, Align, Canvas, Ink, TextStyle};
use crate::text::wrap;

/// How wide a column is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ColumnWidth {
    /// A fixed width in millimetres.
    Mm(f32),
    /// A share of the width left after fixed columns, proportional to the weight.
    Flex(u16),
}

/// One column: its header text, width and alignment.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Header text (may wrap).
    pub header: String,
    /// Width.
    pub width: ColumnWidth,
    /// Alignment of the body cells (headers are centred).
    pub align: Align,
}

impl Column {
    /// A left-aligned text column taking a `weight` share of the free width.
    #[must_use]
    pub fn text(header: &str, weight: u16) -> Self {
        Self {
            header: header.to_owned(),
            width: ColumnWidth::Flex(weight),
            align: Align::Left,
        }
    }

    /// A right-aligned money column, `width_mm` wide. Amounts are passed in already formatted
    /// (e.g. `12,345.60`); this layer never does arithmetic on money.
    #[must_use]
    pub fn money(header: &str, width_mm: f32) -> Self {
        Self {
            header: header.to_owned(),
            width: ColumnWidth::Mm(width_mm),
            align: Align::Right,
        }
    }

    /// A centred fixed-width column (numbers, dates, short codes).
    #[must_use]
    pub fn fixed(header: &str, width_mm: f32, align: Align) -> Self {
        Self {
            header: header.to_owned(),
            width: ColumnWidth::Mm(width_mm),
            align,
        }
    }
}

/// A table of text cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Columns, left to right.
    pub columns: Vec<Column>,
    /// Body rows; each must have exactly one cell per column.
    pub rows: Vec<Vec<String>>,
    /// Body font size in points (headers use the same size, in faux bold).
    pub font_size: f32,
}

impl Table {
    /// An empty table with these columns at 9.5 pt.
    #[must_use]
    pub fn new(columns: Vec<Column>) -> Self {
        Self {
            columns,
            rows: Vec::new(),
            font_size: 9.5,
        }
    }

    /// Appends a row.
    #[must_use]
    pub fn row<S: AsRef<str>>(mut self, cells: &[S]) -> Self {
        self.rows
            .push(cells.iter().map(|c| c.as_ref().to_owned()).collect());
        self
    }

    /// Appends a row in place.
    pub fn push_row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    fn check_shape(&self) -> Result<(), DocumentError> {
        if self.columns.is_empty() {
            return Err(DocumentError::InvalidLayout(
                "a table needs at least one column",
            ));
        }
        for (row, cells) in self.rows.iter().enumerate() {
            if cells.len() != self.columns.len() {
                return Err(DocumentError::TableShape {
                    row,
                    expected: self.columns.len(),
                    found: cells.len(),
                });
            }
        }
        Ok(())
    }
}

/// Column widths in points for a total width: fixed columns first, the rest shared by weight.
pub(crate) fn column_widths(columns: &[Column], total: f32) -> Result<Vec<f32>, DocumentError> {
    let fixed: f32 = columns
        .iter()
        .map(|c| match c.width {
            ColumnWidth::Mm(w) => mm(w),
            ColumnWidth::Flex(_) => 0.0,
        })
        .sum();
    let weights: u32 = columns
        .iter()
        .map(|c| match c.width {
            ColumnWidth::Flex(w) => u32::from(w),
            ColumnWidth::Mm(_) => 0,
        })
        .sum();
    let free = total - fixed;
    if free < -0.5 || (weights > 0 && free < mm(10.0)) {
        return Err(DocumentError::InvalidLayout(
            "table columns are wider than the page",
        ));
    }
    let per_weight = if weights > 0 {
        free / weights as f32
    } else {
        0.0
    };
    Ok(columns
        .iter()
        .map(|c| match c.width {
            ColumnWidth::Mm(w) => mm(w),
            ColumnWidth::Flex(w) => f32::from(w) * per_weight,
        })
        .collect())
}

const CELL_PAD_X: f32 = 4.0;
const CELL_PAD_Y: f32 = 3.0;

struct LaidRow {
    lines: Vec<Vec<String>>,
    n_lines: usize,
}

/// Draws the table at the cursor, breaking pages as needed.
pub(crate) fn draw_table(canvas: &mut Canvas<'_>, table: &Table) -> Result<(), DocumentError> {
    table.check_shape()?;
    let widths = column_widths(&table.columns, canvas.width())?;
    let body = TextStyle::regular(table.font_size);
    let head = TextStyle::bold(table.font_size);
    let line_h = body.line_height();
    let font = canvas.font;
    let lay = |cells: &[String], style: TextStyle| -> LaidRow {
        let lines: Vec<Vec<String>> = cells
            .iter()
            .zip(&widths)
            .map(|(text, w)| {
                wrap(text, (w - 2.0 * CELL_PAD_X).max(1.0), |c| {
                    font.advance_em(c) * style.size
                })
            })
            .collect();
        let n_lines = lines.iter().map(Vec::len).max().unwrap_or(0).max(1);
        LaidRow { lines, n_lines }
    };
    let headers: Vec<String> = table.columns.iter().map(|c| c.header.clone()).collect();
    let header = lay(&headers, head);
    let header_h = header.n_lines as f32 * line_h + 2.0 * CELL_PAD_Y;
    let rows: Vec<LaidRow> = table.rows.iter().map(|r| lay(r, body)).collect();

    // Header plus at least the first row (or a slice of it) must fit, else start a new page.
    let first_row_h = rows
        .first()
        .map_or(0.0, |r| r.n_lines.min(3) as f32 * line_h + 2.0 * CELL_PAD_Y);
    canvas.ensure(header_h + first_row_h);
    draw_row(
        canvas,
        &widths,
        &header,
        0,
        header.n_lines,
        head,
        true,
        table,
    );

    // True right after a page break and the repeated header: the most room a row can get.
    let mut fresh_page = false;
    for row in &rows {
        let mut from = 0;
        while from < row.n_lines {
            let fits = floor_count((canvas.remaining() - 2.0 * CELL_PAD_Y) / line_h);
            let left = row.n_lines - from;
            let page_lines = floor_count(
                (canvas.geometry.content_height() - header_h - 2.0 * CELL_PAD_Y) / line_h,
            )
            .max(1);
            let take = if left <= fits {
                left
            } else if fresh_page {
                // Cannot do better on another page: split here (at least one line, so that
                // even an absurdly tall header cannot loop forever).
                fits.max(1)
            } else if left <= page_lines || fits == 0 {
                // Keep the row whole on a fresh page (or nothing fits here at all).
                0
            } else {
                fits // taller than a page: split it
            };
            if take == 0 {
                canvas.new_page();
                draw_row(
                    canvas,
                    &widths,
                    &header,
                    0,
                    header.n_lines,
                    head,
                    true,
                    table,
                );
                fresh_page = true;
                continue;
            }
            draw_row(canvas, &widths, row, from, from + take, body, false, table);
            fresh_page = false;
            from += take;
        }
    }
    canvas.advance(mm(3.0));
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn draw_row(
    canvas: &mut Canvas<'_>,
    widths: &[f32],
    row: &LaidRow,
    from: usize,
    to: usize,
    style: TextStyle,
    is_header: bool,
    table: &Table,
) {
    let line_h = style.line_height();
    let height = (to - from) as f32 * line_h + 2.0 * CELL_PAD_Y;
    let top = canvas.y();
    let mut x = canvas.left();
    let total: f32 = widths.iter().sum();
    if is_header {
        canvas.rect(x, top, total, height, None, Some(Ink::Light));
    }
    for (i, w) in widths.iter().enumerate() {
        canvas.rect(x, top, *w, height, Some((0.6, Ink::Black)), None);
        let align = if is_header {
            Align::Center
        } else {
            table.columns.get(i).map_or(Align::Left, |c| c.align)
        };
        if let Some(lines) = row.lines.get(i) {
            let first_top = top + CELL_PAD_Y + (line_h - style.size) / 2.0;
            for (k, line) in lines.iter().enumerate().skip(from).take(to - from) {
                let line_top = first_top + (k - from) as f32 * line_h;
                canvas.text_aligned(
                    x + CELL_PAD_X,
                    w - 2.0 * CELL_PAD_X,
                    line_top,
                    line,
                    style,
                    align,
                );
            }
        }
        x += w;
    }
    canvas.advance(height);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_share_free_space_by_weight() {
        let cols = vec![
            Column::fixed("序号", 10.0, Align::Center),
            Column::text("摘要", 3),
            Column::text("对方", 1),
            Column::money("金额", 30.0),
        ];
        let w = column_widths(&cols, mm(170.0)).unwrap_or_default();
        assert_eq!(w.len(), 4);
        let total: f32 = w.iter().sum();
        assert!((total - mm(170.0)).abs() < 0.01);
        assert!((w[1] - 3.0 * w[2]).abs() < 0.01);
        assert!((w[3] - mm(30.0)).abs() < 0.01);
    }

    #[test]
    fn too_wide_columns_are_an_error() {
        let cols = vec![Column::money("a", 150.0), Column::money("b", 150.0)];
        assert!(column_widths(&cols, mm(170.0)).is_err());
    }

    #[test]
    fn ragged_rows_are_rejected() {
        let t = Table::new(vec![Column::text("a", 1), Column::text("b", 1)]).row(&["only one"]);
        assert_eq!(
            t.check_shape(),
            Err(DocumentError::TableShape {
                row: 0,
                expected: 2,
                found: 1
            })
        );
    }
}
