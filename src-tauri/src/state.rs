//! What the running app holds between commands.

use std::path::{Path, PathBuf};

/// The app's state, managed by Tauri and handed to commands.
///
/// The open vault joins it with the [Vault] issue: `None` until the user unlocks.
#[derive(Debug)]
pub struct AppState {
    data_dir: PathBuf,
}

impl AppState {
    /// State for the data folder `data_dir`.
    #[must_use]
    pub fn new(data_dir: PathBuf) -> Self {
        Self { data_dir }
    }

    /// The data folder in use.
    #[must_use]
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Whether this process holds the vault unlocked.
    #[must_use]
    pub fn is_unlocked(&self) -> bool {
        false
    }
}
