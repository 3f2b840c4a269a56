//! XLSX and legacy XLS (BIFF8, often code page 936 = GBK) exports, through `calamine`.

use std::io::Cursor;

use calamine::{Data, Reader};

use super::table::Table;
use crate::error::ImportError;

/// Reads every sheet of an XLS/XLSX workbook into [`Table`]s, in workbook order.
///
/// # Errors
/// [`ImportError::Unreadable`] when the workbook cannot be opened.
pub fn read_workbook(file: &str, bytes: &[u8]) -> Result<Vec<Table>, ImportError> {
    let unreadable = |e: &dyn std::fmt::Display| ImportError::Unreadable {
        file: file.to_owned(),
        reason: e.to_string(),
    };
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
        .map_err(|e| unreadable(&e))?;
    let names = workbook.sheet_names();
    let mut tables = Vec::new();
    for name in names {
        let range = match workbook.worksheet_range(&name) {
            Ok(r) => r,
            Err(e) => return Err(unreadable(&e)),
        };
        let (start_row, start_col) = range.start().unwrap_or((0, 0));
        let mut rows = Vec::new();
        for (i, row) in range.rows().enumerate() {
            let physical = start_row
                .saturating_add(u32::try_from(i).unwrap_or(u32::MAX))
                .saturating_add(1);
            let mut cells: Vec<String> = vec![String::new(); start_col as usize];
            cells.extend(row.iter().map(cell_text));
            if cells.iter().any(|c| !c.trim().is_empty()) {
                rows.push((physical, super::table::Cells::from(cells)));
            }
        }
        tables.push(Table {
            file: file.to_owned(),
            sheet: Some(name),
            rows,
        });
    }
    Ok(tables)
}

/// Text of a cell. Numbers are rendered in their shortest form (two decimals when the
/// binary value carries noise), dates as `YYYY-MM-DD`.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::Float(f) => float_text(*f),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(d) => d.format("%Y-%m-%d %H:%M:%S").to_string(),
            None => float_text(dt.as_f64()),
        },
    }
}

fn float_text(f: f64) -> String {
    let short = format!("{f}");
    let decimals = short.split_once('.').map_or(0, |(_, d)| d.len());
    if short.contains(['e', 'E']) || decimals > 2 {
        format!("{f:.2}")
    } else {
        short
    }
}
