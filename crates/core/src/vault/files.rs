//! The files that make up a vault inside the data folder.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Whether a vault exists and whether this process holds it open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum VaultState {
    /// No vault has been created in the data folder yet (first run).
    Absent,
    /// A vault exists and is locked.
    Locked,
    /// A vault exists and this process holds it unlocked.
    Unlocked,
}

/// The paths of a vault's files inside a data folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VaultFiles {
    dir: PathBuf,
}

impl VaultFiles {
    /// File name of the vault database.
    pub const DATABASE: &'static str = "vault.sqlite3";

    /// The vault files in `data_dir`.
    #[must_use]
    pub fn in_dir(data_dir: &Path) -> Self {
        Self {
            dir: data_dir.to_path_buf(),
        }
    }

    /// The data folder.
    #[must_use]
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The vault database file.
    #[must_use]
    pub fn database(&self) -> PathBuf {
        self.dir.join(Self::DATABASE)
    }

    /// Whether a vault exists here.
    #[must_use]
    pub fn exists(&self) -> bool {
        self.database().is_file()
    }

    /// The state of this vault, given whether this process holds it unlocked.
    #[must_use]
    pub fn state(&self, unlocked: bool) -> VaultState {
        match (self.exists(), unlocked) {
            (false, _) => VaultState::Absent,
            (true, false) => VaultState::Locked,
            (true, true) => VaultState::Unlocked,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_folder_has_no_vault() {
        let tmp = tempfile::tempdir().unwrap();
        let files = VaultFiles::in_dir(tmp.path());
        assert!(!files.exists());
        assert_eq!(files.state(false), VaultState::Absent);
        assert_eq!(files.state(true), VaultState::Absent);
    }

    #[test]
    fn existing_database_is_locked_until_opened() {
        let tmp = tempfile::tempdir().unwrap();
        let files = VaultFiles::in_dir(tmp.path());
        std::fs::write(files.database(), b"").unwrap();
        assert_eq!(files.state(false), VaultState::Locked);
        assert_eq!(files.state(true), VaultState::Unlocked);
    }
}
