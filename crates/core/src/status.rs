//! What the status line shows: version, platform, data folder and vault state.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::vault::{VaultFiles, VaultState};

/// A snapshot of the app's state for the status line and `ledgerlock-cli status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct AppStatus {
    /// The app's version.
    pub version: String,
    /// The data folder in use.
    pub data_dir: String,
    /// Whether a vault exists and is open.
    pub vault: VaultState,
    /// The operating system family (`windows`, `macos`, `linux`).
    pub platform: String,
}

/// Reports the status of the data folder `data_dir`; `unlocked` says whether the caller
/// holds the vault open.
#[must_use]
pub fn app_status(data_dir: &Path, unlocked: bool) -> AppStatus {
    AppStatus {
        version: crate::VERSION.to_owned(),
        data_dir: data_dir.display().to_string(),
        vault: VaultFiles::in_dir(data_dir).state(unlocked),
        platform: std::env::consts::OS.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_folder_reports_absent_vault_and_this_version() {
        let tmp = tempfile::tempdir().unwrap();
        let status = app_status(tmp.path(), false);
        assert_eq!(status.vault, VaultState::Absent);
        assert_eq!(status.version, env!("CARGO_PKG_VERSION"));
        assert_eq!(status.data_dir, tmp.path().display().to_string());
    }

    #[test]
    fn status_serialises_in_camel_case() {
        let tmp = tempfile::tempdir().unwrap();
        let json = serde_json::to_value(app_status(tmp.path(), false)).unwrap();
        assert!(json.get("dataDir").is_some());
        assert_eq!(json["vault"], "absent");
    }
}
