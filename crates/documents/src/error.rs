//! Typed errors of the document layer.

use std::collections::BTreeSet;

/// Why a document could not be produced.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    /// The embedded font could not be parsed. A build problem, never user input.
    #[error("the embedded font could not be loaded")]
    FontUnavailable,
    /// The text contains characters the embedded font cannot print. Nothing is printed rather
    /// than a document with a blank box in a client's name.
    #[error("characters the document font cannot print: {}", list_chars(.0))]
    UnsupportedCharacters(BTreeSet<char>),
    /// A table row does not have one cell per column.
    #[error("table row {row} has {found} cells, the table has {expected} columns")]
    TableShape {
        /// Zero-based row index.
        row: usize,
        /// Number of columns.
        expected: usize,
        /// Number of cells in that row.
        found: usize,
    },
    /// Page geometry or a size that cannot be laid out (e.g. margins wider than the page).
    #[error("invalid layout: {0}")]
    InvalidLayout(&'static str),
    /// The creation time is outside what a PDF date can hold.
    #[error("the creation time cannot be written as a PDF date")]
    InvalidDate,
    /// The PDF writer failed.
    #[error("the PDF could not be written")]
    Write,
}

fn list_chars(chars: &BTreeSet<char>) -> String {
    chars
        .iter()
        .map(|c| format!("{c} (U+{:04X})", u32::from(*c)))
        .collect::<Vec<_>>()
        .join(", ")
}
