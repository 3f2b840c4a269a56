//! What the running app holds between commands: the data folder, the keychain, and — once
//! unlocked — the open vault. Locking drops the vault and with it every key and decrypted
//! value.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use ledgerlock_core::vault::{KeyStore, RecoveryCode, Vault, VaultFiles};
use ledgerlock_core::{AppError, CoreError};

use crate::commands::reconciliation::{OpenWorkbench, ReconProgress};

/// The app's state, managed by Tauri and handed to commands.
pub struct AppState {
    data_dir: PathBuf,
    keystore: Arc<dyn KeyStore>,
    keychain_problem: Option<String>,
    vault: Mutex<Option<Vault>>,
    pending_recovery: Mutex<Option<RecoveryCode>>,
    workbench: Mutex<Option<OpenWorkbench>>,
    recon_progress: Mutex<Option<ReconProgress>>,
}

impl AppState {
    /// State for `data_dir` with `keystore`; `keychain_problem` is the start-up canary's
    /// finding, if the keychain failed it.
    #[must_use]
    pub fn new(
        data_dir: PathBuf,
        keystore: Arc<dyn KeyStore>,
        keychain_problem: Option<String>,
    ) -> Self {
        Self {
            data_dir,
            keystore,
            keychain_problem,
            vault: Mutex::new(None),
            pending_recovery: Mutex::new(None),
            workbench: Mutex::new(None),
            recon_progress: Mutex::new(None),
        }
    }

    /// The data folder in use.
    #[must_use]
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The vault's files.
    #[must_use]
    pub fn files(&self) -> VaultFiles {
        VaultFiles::in_dir(&self.data_dir)
    }

    /// The keychain.
    #[must_use]
    pub fn keystore(&self) -> &dyn KeyStore {
        self.keystore.as_ref()
    }

    /// Why the keychain failed its start-up check, if it did.
    #[must_use]
    pub fn keychain_problem(&self) -> Option<&str> {
        self.keychain_problem.as_deref()
    }

    /// The open vault slot.
    pub fn vault(&self) -> MutexGuard<'_, Option<Vault>> {
        self.vault.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `f` on the open vault, noting activity; `VaultLocked` if there is none.
    pub fn with_vault<T>(
        &self,
        f: impl FnOnce(&mut Vault) -> Result<T, CoreError>,
    ) -> Result<T, AppError> {
        let mut slot = self.vault();
        let vault = slot.as_mut().ok_or(CoreError::VaultLocked)?;
        vault.touch(chrono::Utc::now());
        Ok(f(vault)?)
    }

    /// The recovery code shown at setup, kept until the user confirms it.
    pub fn pending_recovery(&self) -> MutexGuard<'_, Option<RecoveryCode>> {
        self.pending_recovery
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The open reconciliation workbench (账目清理); dropped when the vault locks.
    pub fn workbench(&self) -> MutexGuard<'_, Option<OpenWorkbench>> {
        self.workbench
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// How far a running import and matching is (`None` when none runs).
    pub fn recon_progress(&self) -> MutexGuard<'_, Option<ReconProgress>> {
        self.recon_progress
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Locks the vault if it has been idle too long; returns whether it did.
    pub fn lock_if_idle(&self, now: chrono::DateTime<chrono::Utc>) -> bool {
        let mut slot = self.vault();
        let expired = slot
            .as_ref()
            .is_some_and(|v| v.idle_expired(now).unwrap_or(true));
        if expired {
            if let Some(vault) = slot.take() {
                if let Err(e) = vault.lock("idle", now) {
                    log_lock_failure(&e);
                }
            }
            self.pending_recovery().take();
            self.workbench().take();
        }
        expired
    }
}

/// Logs a locking failure without any sensitive content (only the error's kind).
fn log_lock_failure(e: &CoreError) {
    #[allow(clippy::print_stderr)]
    {
        eprintln!(
            "ledgerlock: auto-lock could not be recorded: {:?}",
            e.code()
        );
    }
}
