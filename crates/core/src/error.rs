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
    /// A vault already exists in this folder; setup refuses to overwrite it.
    #[error("a vault already exists in this folder")]
    VaultExists,
    /// The vault was written by a newer version of the app.
    #[error(
        "the vault was written by a newer version (schema {found}, this app knows {supported})"
    )]
    VaultTooNew {
        /// Schema version found in the file.
        found: u32,
        /// Newest schema version this build knows.
        supported: u32,
    },
    /// The vault file is damaged: a structure or a sealed value failed its check.
    #[error("the vault is damaged ({part})")]
    VaultDamaged {
        /// Which part failed, e.g. `file`, `header`, `users`, `audit_log`.
        part: String,
    },
    /// The OS keychain could not be used.
    #[error("the OS keychain is not available: {reason}")]
    KeychainUnavailable {
        /// The platform's reason (never a secret).
        reason: String,
    },
    /// This computer's keychain has no key for this vault (new computer, reinstall, restored
    /// backup, copied vault).
    #[error("this computer's keychain holds no key for this vault")]
    KeychainMissing,
    /// The keychain holds a key for this vault id that does not open it.
    #[error("the key in this computer's keychain does not open this vault")]
    KeychainMismatch,
    /// Username or password wrong (deliberately not saying which).
    #[error("wrong username or password")]
    WrongCredentials,
    /// Too many failed attempts: wait before the next one.
    #[error("too many failed attempts; wait {seconds} s")]
    Throttled {
        /// Seconds to wait.
        seconds: u64,
    },
    /// The account is disabled.
    #[error("this account is disabled")]
    AccountDisabled,
    /// The typed recovery code has a typing mistake (its checksum does not match).
    #[error("the recovery code has a typing mistake")]
    RecoveryCodeMistyped,
    /// The recovery code is well-formed but does not open this vault.
    #[error("the recovery code does not open this vault")]
    RecoveryCodeWrong,
    /// The password does not meet a rule.
    #[error("the password does not meet the rule {rule}")]
    WeakPassword {
        /// Rule code: `length`, `letters_and_digits`, `not_username`.
        rule: String,
    },
    /// The session's role or client assignment does not allow the action.
    #[error("not allowed: {action}")]
    Forbidden {
        /// The action refused.
        action: String,
    },
    /// A record that was asked for does not exist.
    #[error("not found: {what}")]
    NotFound {
        /// What was looked for (kind and id, never a sensitive value).
        what: String,
    },
    /// The disk is full; nothing was changed.
    #[error("the disk is full; nothing was changed")]
    DiskFull,
    /// The database refused an operation for another reason.
    #[error("storage error: {0}")]
    Storage(String),
    /// The action needs a consent that is missing or withdrawn (PIPL).
    #[error("a {scope} consent is needed and none is in force")]
    ConsentMissing {
        /// `processing`, `sensitive_data` or `third_party`.
        scope: String,
    },
    /// A document could not be produced (parameter: reason code, and for
    /// `unsupported_characters` the characters the embedded font lacks).
    #[error("the document could not be produced: {reason}")]
    Document {
        /// Stable reason code.
        reason: String,
        /// Extra detail that is safe to show (e.g. unsupported characters).
        detail: String,
    },
    /// A backup file is damaged, cut short, not a backup, or does not match its header.
    #[error("the backup is damaged ({part})")]
    BackupDamaged {
        /// What failed: `not_a_backup`, `header`, `truncated`, `content`, `digest`,
        /// `integrity`, `audit`, `counts`, `records`.
        part: String,
    },
    /// A backup was written by a newer version of the app (file format or schema).
    #[error("the backup was written by a newer version ({found}, this app knows {supported})")]
    BackupTooNew {
        /// Version found in the file.
        found: u32,
        /// Newest version this build knows.
        supported: u32,
    },
}

impl From<ledgerlock_documents::DocumentError> for CoreError {
    fn from(err: ledgerlock_documents::DocumentError) -> Self {
        use ledgerlock_documents::DocumentError as D;
        let (reason, detail) = match &err {
            D::UnsupportedCharacters(chars) => {
                ("unsupported_characters", chars.iter().collect::<String>())
            }
            D::FontUnavailable => ("font_unavailable", String::new()),
            _ => ("layout", String::new()),
        };
        tracing::warn!(reason, "document rendering failed");
        Self::Document {
            reason: reason.to_owned(),
            detail,
        }
    }
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
    /// A vault already exists here.
    VaultExists,
    /// Written by a newer version (parameters `found`, `supported`).
    VaultTooNew,
    /// The vault file is damaged (parameter `part`).
    VaultDamaged,
    /// The OS keychain is not available (parameter `reason`).
    KeychainUnavailable,
    /// No key for this vault in this computer's keychain.
    KeychainMissing,
    /// The keychain's key does not open this vault.
    KeychainMismatch,
    /// Wrong username or password.
    WrongCredentials,
    /// Too many attempts (parameter `seconds`).
    Throttled,
    /// Account disabled.
    AccountDisabled,
    /// Recovery code mistyped (checksum).
    RecoveryCodeMistyped,
    /// Recovery code does not open this vault.
    RecoveryCodeWrong,
    /// Password rule not met (parameter `rule`).
    WeakPassword,
    /// Not allowed for this role (parameter `action`).
    Forbidden,
    /// Not found (parameter `what`).
    NotFound,
    /// Disk full; nothing changed.
    DiskFull,
    /// Other storage failure.
    Storage,
    /// A document could not be produced (parameters `reason`, `detail`).
    Document,
    /// A needed consent is missing or withdrawn (parameter `scope`).
    ConsentMissing,
    /// A backup file is damaged (parameter `part`).
    BackupDamaged,
    /// A backup from a newer version (parameters `found`, `supported`).
    BackupTooNew,
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
            Self::VaultExists => ErrorCode::VaultExists,
            Self::VaultTooNew { .. } => ErrorCode::VaultTooNew,
            Self::VaultDamaged { .. } => ErrorCode::VaultDamaged,
            Self::KeychainUnavailable { .. } => ErrorCode::KeychainUnavailable,
            Self::KeychainMissing => ErrorCode::KeychainMissing,
            Self::KeychainMismatch => ErrorCode::KeychainMismatch,
            Self::WrongCredentials => ErrorCode::WrongCredentials,
            Self::Throttled { .. } => ErrorCode::Throttled,
            Self::AccountDisabled => ErrorCode::AccountDisabled,
            Self::RecoveryCodeMistyped => ErrorCode::RecoveryCodeMistyped,
            Self::RecoveryCodeWrong => ErrorCode::RecoveryCodeWrong,
            Self::WeakPassword { .. } => ErrorCode::WeakPassword,
            Self::Forbidden { .. } => ErrorCode::Forbidden,
            Self::NotFound { .. } => ErrorCode::NotFound,
            Self::DiskFull => ErrorCode::DiskFull,
            Self::Storage(_) => ErrorCode::Storage,
            Self::Document { .. } => ErrorCode::Document,
            Self::ConsentMissing { .. } => ErrorCode::ConsentMissing,
            Self::BackupDamaged { .. } => ErrorCode::BackupDamaged,
            Self::BackupTooNew { .. } => ErrorCode::BackupTooNew,
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
            CoreError::VaultTooNew { found, supported }
            | CoreError::BackupTooNew { found, supported } => base
                .with("found", found.to_string())
                .with("supported", supported.to_string()),
            CoreError::VaultDamaged { part } | CoreError::BackupDamaged { part } => {
                base.with("part", part)
            }
            CoreError::KeychainUnavailable { reason } => base.with("reason", reason),
            CoreError::Throttled { seconds } => base.with("seconds", seconds.to_string()),
            CoreError::WeakPassword { rule } => base.with("rule", rule),
            CoreError::Forbidden { action } => base.with("action", action),
            CoreError::NotFound { what } => base.with("what", what),
            CoreError::ConsentMissing { scope } => base.with("scope", scope),
            CoreError::Document { reason, detail } => {
                base.with("reason", reason).with("detail", detail)
            }
            // Storage details can name SQL internals: logged by the caller, not shown.
            CoreError::Storage(_)
            | CoreError::NoDataDir
            | CoreError::VaultAbsent
            | CoreError::VaultLocked
            | CoreError::VaultExists
            | CoreError::KeychainMissing
            | CoreError::KeychainMismatch
            | CoreError::WrongCredentials
            | CoreError::AccountDisabled
            | CoreError::RecoveryCodeMistyped
            | CoreError::RecoveryCodeWrong
            | CoreError::DiskFull => base,
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
            (ErrorCode::VaultTooNew, "vault_too_new"),
            (ErrorCode::KeychainMissing, "keychain_missing"),
            (ErrorCode::RecoveryCodeMistyped, "recovery_code_mistyped"),
        ];
        for (code, text) in codes {
            assert_eq!(serde_json::to_value(code).unwrap(), text);
        }
    }
}
