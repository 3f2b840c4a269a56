//! Where the app keeps its data on each operating system.
//!
//! | OS      | folder                                                        |
//! |---------|---------------------------------------------------------------|
//! | Windows | `%APPDATA%\Ledgerlock\Ledgerlock\data`                        |
//! | macOS   | `~/Library/Application Support/com.ledgerlock.Ledgerlock`     |
//! | Linux   | `$XDG_DATA_HOME/ledgerlock` (usually `~/.local/share/ledgerlock`) |
//!
//! The environment variable [`DATA_DIR_ENV`] overrides it (tests, portable use, a second
//! vault). The app and the CLI resolve it the same way, so they see the same vault.

use std::ffi::OsString;
use std::path::PathBuf;

use crate::error::{CoreError, CoreResult};

/// Environment variable that overrides the data folder.
pub const DATA_DIR_ENV: &str = "LEDGERLOCK_DATA_DIR";

/// Resolves the data folder: the override if given and not empty, else the OS default.
///
/// The caller passes the override in (usually `std::env::var_os(DATA_DIR_ENV)`), so that
/// this function does not read the environment itself and is testable.
pub fn resolve_data_dir(override_dir: Option<OsString>) -> CoreResult<PathBuf> {
    match override_dir {
        Some(dir) if !dir.is_empty() => Ok(PathBuf::from(dir)),
        _ => directories::ProjectDirs::from("com", "Ledgerlock", "Ledgerlock")
            .map(|dirs| dirs.data_dir().to_path_buf())
            .ok_or(CoreError::NoDataDir),
    }
}

/// Creates the data folder if it does not exist yet.
pub fn ensure_data_dir(dir: &std::path::Path) -> CoreResult<()> {
    std::fs::create_dir_all(dir).map_err(|e| CoreError::io(dir, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn override_wins() {
        let dir = resolve_data_dir(Some(OsString::from("/tmp/ll-test"))).unwrap();
        assert_eq!(dir, PathBuf::from("/tmp/ll-test"));
    }

    #[test]
    fn empty_override_falls_back_to_os_default() {
        // On a machine with a home directory the default ends in the app's folder name.
        if let Ok(dir) = resolve_data_dir(Some(OsString::new())) {
            let name = dir.to_string_lossy().to_lowercase();
            assert!(name.contains("ledgerlock"), "{name}");
        }
    }

    #[test]
    fn ensure_creates_nested_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let nested = tmp.path().join("a").join("b");
        ensure_data_dir(&nested).unwrap();
        assert!(nested.is_dir());
    }
}
