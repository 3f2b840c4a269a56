//! CSV (and tab-separated) exports, in UTF-8 or GBK/GB18030.

use csv::ByteRecord;

use super::detect::ColumnMapping;
use super::table::{decode_text, RecordView, Table};
use super::tabular::RowImporter;
use crate::error::ImportError;
use crate::model::{Import, Side};

/// Reads CSV bytes into a [`Table`]. The separator is a comma unless the first lines hold
/// more tabs (outside quotes) than commas, or more semicolons.
///
/// # Errors
/// [`ImportError::Unreadable`] when the CSV reader gives up (the row is in the reason).
pub fn read_csv(file: &str, bytes: &[u8]) -> Result<Table, ImportError> {
    let text = decode_text(bytes);
    let mut rows = Vec::new();
    for_each_record(file, &text, |row, record| {
        rows.push((row, record.to_cells()));
        Ok(true)
    })?;
    Ok(Table {
        file: file.to_owned(),
        sheet: None,
        rows,
    })
}

/// About how many rows a file of `len` bytes holds, from the length of the rows read ahead,
/// with an eighth to spare: the list of lines is sized once instead of growing by copying
/// (a tight estimate, because on Windows reserved memory is committed memory).
fn expected_rows(head: &Table, len: usize) -> usize {
    let head_bytes: usize = head
        .rows
        .iter()
        .map(|(_, cells)| cells.as_slice().len() + cells.len())
        .sum();
    let per_row = (head_bytes / head.rows.len().max(1)).max(1);
    len / per_row + len / per_row / 8 + 16
}

/// Rows read ahead to find the header and sample the columns before streaming the rest.
const HEAD_ROWS: usize = 250;

/// Imports a CSV file as `side`, streaming the rows after the first `HEAD_ROWS` (no
/// table of the whole file is built).
///
/// # Errors
/// [`ImportError`] from the reader, the header detection or a row.
pub fn import_csv(
    file: &str,
    bytes: &[u8],
    side: Side,
    mapping: Option<&ColumnMapping>,
) -> Result<Import, ImportError> {
    let text = decode_text(bytes);
    let mut head = Table {
        file: file.to_owned(),
        sheet: None,
        rows: Vec::new(),
    };
    let mut importer: Option<RowImporter> = None;
    for_each_record(file, &text, |row, record| {
        if let Some(imp) = importer.as_mut() {
            imp.push(row, record)?;
            return Ok(true);
        }
        head.rows.push((row, record.to_cells()));
        if head.rows.len() >= HEAD_ROWS {
            let (mut imp, idx) = RowImporter::new(&head, side, "csv", mapping)?;
            imp.reserve(expected_rows(&head, text.len()));
            for (r, c) in head.rows.get(idx + 1..).unwrap_or_default() {
                imp.push(*r, c)?;
            }
            importer = Some(imp);
        }
        Ok(true)
    })?;
    let imp = match importer {
        Some(imp) => imp,
        None => {
            let (mut imp, idx) = RowImporter::new(&head, side, "csv", mapping)?;
            for (r, c) in head.rows.get(idx + 1..).unwrap_or_default() {
                imp.push(*r, c)?;
            }
            imp
        }
    };
    imp.finish()
}

/// Calls `f` with each record (one reused buffer) and its 1-based line number.
fn for_each_record(
    file: &str,
    text: &str,
    mut f: impl FnMut(u32, &RecordView<'_>) -> Result<bool, ImportError>,
) -> Result<(), ImportError> {
    let delimiter = guess_delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut record = ByteRecord::new();
    loop {
        let more = reader
            .read_byte_record(&mut record)
            .map_err(|e| ImportError::Unreadable {
                file: file.to_owned(),
                reason: e.to_string(),
            })?;
        if !more {
            return Ok(());
        }
        let line = record.position().map_or(0, csv::Position::line);
        let row = u32::try_from(line).unwrap_or(u32::MAX);
        // `text` is UTF-8 and fields are cut at ASCII bytes, so this holds; checked anyway.
        let view = RecordView::new(&record).ok_or_else(|| ImportError::Unreadable {
            file: file.to_owned(),
            reason: format!("invalid UTF-8 in the record at line {line}"),
        })?;
        if !f(row, &view)? {
            return Ok(());
        }
    }
}

fn guess_delimiter(text: &str) -> u8 {
    let (mut commas, mut tabs, mut semis) = (0usize, 0usize, 0usize);
    for line in text.lines().take(30) {
        let mut in_quotes = false;
        for c in line.chars() {
            match c {
                '"' => in_quotes = !in_quotes,
                ',' | '，' if !in_quotes => commas += 1,
                '\t' if !in_quotes => tabs += 1,
                ';' if !in_quotes => semis += 1,
                _ => {}
            }
        }
    }
    if tabs > commas && tabs >= semis {
        b'\t'
    } else if semis > commas {
        b';'
    } else {
        b','
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expects_rows_from_the_rows_read_ahead() {
        // Rows of 3 cells and 39 bytes of text: 42 bytes with the separators and line end.
        let cells =
            super::super::table::Cells::from(vec!["2025-01-03", "1,234.56", "收华瑞货款......"]);
        assert_eq!(cells.as_slice().len() + cells.len(), 42);
        let head = Table {
            file: "a.csv".to_owned(),
            sheet: None,
            rows: (1..=250).map(|r| (r, cells.clone())).collect(),
        };
        let rows = expected_rows(&head, 42 * 10_000);
        assert!((10_000..=11_300).contains(&rows), "{rows}");
        let empty = Table::default();
        assert_eq!(expected_rows(&empty, 0), 16);
    }
}
