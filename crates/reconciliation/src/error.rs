//! Typed import errors: a stable code, the physical row (when known) and a reason.

use serde::Serialize;

/// Why a file could not be imported. Nothing is half-imported: an importer returns either
/// every line of the file or one of these.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
pub enum ImportError {
    /// The bytes are not a format this crate reads (or the format could not be detected).
    #[error("{file}: unrecognised file format: {reason}")]
    UnknownFormat {
        /// File name as given by the caller.
        file: String,
        /// What was tried.
        reason: String,
    },
    /// The file could not be read as the detected format (broken CSV, XLS, XML, ...).
    #[error("{file}: cannot read the file: {reason}")]
    Unreadable {
        /// File name as given by the caller.
        file: String,
        /// The underlying reader's message.
        reason: String,
    },
    /// No header row with a date column and an amount column was found.
    #[error("{file}: no header row with a date and an amount column was found")]
    NoHeader {
        /// File name as given by the caller.
        file: String,
    },
    /// A data row holds a value that cannot be understood.
    #[error("{file} row {row}: {reason}")]
    BadRow {
        /// File name as given by the caller.
        file: String,
        /// 1-based physical row (as a spreadsheet shows it) or line of the file.
        row: u32,
        /// Which value and why.
        reason: String,
    },
    /// A caller-supplied column mapping does not fit the file.
    #[error("{file}: the column mapping does not fit this file: {reason}")]
    MappingMismatch {
        /// File name as given by the caller.
        file: String,
        /// What does not fit.
        reason: String,
    },
    /// The file holds no transaction at all.
    #[error("{file}: the file holds no transactions")]
    Empty {
        /// File name as given by the caller.
        file: String,
    },
}

impl ImportError {
    /// A stable machine-readable code for the error kind (used by the UI and the JSON).
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::UnknownFormat { .. } => "unknown_format",
            Self::Unreadable { .. } => "unreadable",
            Self::NoHeader { .. } => "no_header",
            Self::BadRow { .. } => "bad_row",
            Self::MappingMismatch { .. } => "mapping_mismatch",
            Self::Empty { .. } => "empty",
        }
    }

    /// The 1-based physical row the error is about, when there is one.
    #[must_use]
    pub fn row(&self) -> Option<u32> {
        match self {
            Self::BadRow { row, .. } => Some(*row),
            _ => None,
        }
    }
}
