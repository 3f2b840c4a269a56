//! Typed errors of the core, and their stable form at the IPC boundary.
//!
//! The core never writes sentences for users: an error crosses to the UI as a stable
//! [`ErrorCode`] plus named parameters, and the UI renders it from its zh-CN and en
//! catalogues. Parameters never carry sensitive values (names, numbers, amounts): only
//! ids, field names, row numbers and file names.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// Everything that can go wrong in the core.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// The operating system refused a file operation.
    #[error("file operation failed on {path}: {source}")]
    Io {
        /// The file or folder concerned.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The input was rejected; `field` names what, `reason` is a stable reason code.
    #[error("invalid input in {field}: {reason}")]
    InvalidInput {
        /// The field (or column, or row) that was rejected.
        field: String,
        /// A stable, non-sensitive reason code, e.g. `required` or `check_digit`.
        reason: String,
    },
    /// No data folder could be determined for this user (no home directory).
    #[error("no data folder could be determined for this user")]
    NoDataDir,
    /// The operation needs a vault and none has been created yet.
    #[error("no vault has been created yet")]
    VaultAbsent,
    /// The operation needs the vault to be unlocked.
    #[error("the vault is locked")]
    VaultLocked,
}

/// Shorthand for results of the core.
pub type CoreResult<T> = Result<T, CoreError>;

/// The stable codes by which errors cross the IPC boundary. The UI keeps one message per
/// code in each language; a test there fails if one is missing. Only add codes the UI shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// A bug or an unexpected state; details are in the log, not shown.
    Internal,
    /// A file operation failed (parameter `path`).
    Io,
    /// The input was rejected (parameters `field`, `reason`).
    InvalidInput,
    /// No data folder for this user.
    NoDataDir,
    /// No vault exists yet.
    VaultAbsent,
    /// The vault is locked.
    VaultLocked,
}

/// An error as the UI receives it: a stable code and its parameters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AppError {
    /// What went wrong.
    pub code: ErrorCode,
    /// Named, non-sensitive parameters for the message.
    pub params: BTreeMap<String, String>,
}

impl AppError {
    /// An error with no parameters.
    #[must_use]
    pub fn new(code: ErrorCode) -> Self {
        Self {
            code,
            params: BTreeMap::new(),
        }
    }

    /// Adds a parameter.
    #[must_use]
    pub fn with(mut self, name: &str, value: impl Into<String>) -> Self {
        self.params.insert(name.to_owned(), value.into());
        self
    }
}

impl CoreError {
    /// The stable code of this error.
    #[must_use]
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Io { .. } => ErrorCode::Io,
            Self::InvalidInput { .. } => ErrorCode::InvalidInput,
            Self::NoDataDir => ErrorCode::NoDataDir,
            Self::VaultAbsent => ErrorCode::VaultAbsent,
            Self::VaultLocked => ErrorCode::VaultLocked,
        }
    }

    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io {
            path: path.into(),
            source,
        }
    }
}

impl From<CoreError> for AppError {
    fn from(err: CoreError) -> Self {
        let base = AppError::new(err.code());
        match err {
            CoreError::Io { path, .. } => base.with("path", path.display().to_string()),
            CoreError::InvalidInput { field, reason } => {
                base.with("field", field).with("reason", reason)
            }
            CoreError::NoDataDir | CoreError::VaultAbsent | CoreError::VaultLocked => base,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_crosses_the_boundary_as_code_and_params() {
        let err = CoreError::InvalidInput {
            field: "credit_code".to_owned(),
            reason: "check_digit".to_owned(),
        };
        let json = serde_json::to_value(AppError::from(err)).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "code": "invalid_input",
                "params": {"field": "credit_code", "reason": "check_digit"}
            })
        );
    }

    #[test]
    fn io_error_names_the_path_not_the_os_message() {
        let err = CoreError::io(
            "/tmp/x",
            std::io::Error::new(std::io::ErrorKind::PermissionDenied, "denied"),
        );
        let app = AppError::from(err);
        assert_eq!(app.code, ErrorCode::Io);
        assert_eq!(app.params.get("path").map(String::as_str), Some("/tmp/x"));
    }

    #[test]
    fn codes_serialise_in_snake_case() {
        let codes = [
            (ErrorCode::Internal, "internal"),
            (ErrorCode::Io, "io"),
            (ErrorCode::InvalidInput, "invalid_input"),
            (ErrorCode::NoDataDir, "no_data_dir"),
            (ErrorCode::VaultAbsent, "vault_absent"),
            (ErrorCode::VaultLocked, "vault_locked"),
        ];
        for (code, text) in codes {
            assert_eq!(serde_json::to_value(code).unwrap(), text);
        }
    }
}
