//! Importers: bank statements (CSV/XLS/XLSX of Chinese banks, camt.053, MT940, OFX) and
//! books (银行存款日记账 / 明细账 exports). Each returns the whole file or a typed error.

pub mod book;
pub mod camt053;
pub mod csv_file;
pub mod detect;
pub mod mt940;
pub mod ofx;
pub mod table;
pub mod tabular;
pub mod xlsx;

use crate::error::ImportError;
use crate::model::{Import, Side};
use detect::ColumnMapping;

/// Options of an import.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// A confirmed or saved column mapping to use instead of detection (tabular files).
    pub mapping: Option<ColumnMapping>,
}

/// The formats this crate reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma- or tab-separated text.
    Csv,
    /// Excel workbook (XLSX, or legacy XLS).
    Workbook,
    /// ISO 20022 camt.053.
    Camt053,
    /// SWIFT MT940.
    Mt940,
    /// OFX 1.x (SGML) or 2.x (XML).
    Ofx,
}

/// Detects the format from the content (never from the file name alone).
#[must_use]
pub fn sniff(bytes: &[u8]) -> Format {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) || bytes.starts_with(b"PK\x03\x04") {
        return Format::Workbook;
    }
    let head_len = bytes.len().min(4096);
    let head = table::decode_text(bytes.get(..head_len).unwrap_or_default());
    if head.contains("OFXHEADER") || head.contains("<OFX>") {
        Format::Ofx
    } else if head.contains("camt.053") || head.contains("<BkToCstmrStmt") {
        Format::Camt053
    } else if (head.contains(":20:") || head.contains(":25:"))
        && (head.contains(":60F:") || head.contains(":61:"))
    {
        Format::Mt940
    } else {
        Format::Csv
    }
}

/// Imports a bank statement file. `file` is the name shown in rows and errors.
///
/// # Errors
/// [`ImportError`] with a stable code, the row and a reason; nothing is half-imported.
pub fn import_bank(
    file: &str,
    bytes: &[u8],
    options: &ImportOptions,
) -> Result<Import, ImportError> {
    import_side(file, bytes, Side::Bank, options)
}

/// Imports a book (银行存款日记账) file.
///
/// # Errors
/// [`ImportError`] with a stable code, the row and a reason; nothing is half-imported.
pub fn import_book(
    file: &str,
    bytes: &[u8],
    options: &ImportOptions,
) -> Result<Import, ImportError> {
    import_side(file, bytes, Side::Book, options)
}

fn import_side(
    file: &str,
    bytes: &[u8],
    side: Side,
    options: &ImportOptions,
) -> Result<Import, ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::Empty {
            file: file.to_owned(),
        });
    }
    let mut import = match sniff(bytes) {
        Format::Camt053 => camt053::read_camt053(file, bytes)?,
        Format::Mt940 => mt940::read_mt940(file, bytes)?,
        Format::Ofx => ofx::read_ofx(file, bytes)?,
        Format::Csv => csv_file::import_csv(file, bytes, side, options.mapping.as_ref())?,
        Format::Workbook => {
            let kind = if bytes.starts_with(b"PK") {
                "xlsx"
            } else {
                "xls"
            };
            let tables = xlsx::read_workbook(file, bytes)?;
            let mut first_err = None;
            let mut found = None;
            for t in &tables {
                match tabular::import_table(t, side, kind, options.mapping.as_ref()) {
                    Ok(i) => {
                        found = Some(i);
                        break;
                    }
                    Err(e) => {
                        // A sheet without a header is skipped; a broken row is an error.
                        if matches!(e, ImportError::BadRow { .. }) {
                            return Err(e);
                        }
                        first_err.get_or_insert(e);
                    }
                }
            }
            match found {
                Some(i) => i,
                None => {
                    return Err(first_err.unwrap_or(ImportError::Empty {
                        file: file.to_owned(),
                    }))
                }
            }
        }
    };
    import.side = side;
    Ok(import)
}
