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

impl AppState {
    /// Runs what the backup schedule says is due (a backup, a restore test) while the vault
    /// is unlocked. The rules (is it due? retry after a failure?) are in the core; failures
    /// are recorded there (history and audit log) and shown on the overview.
    pub fn run_scheduled_backups(&self, now: chrono::DateTime<chrono::Utc>) {
        let mut slot = self.vault();
        let Some(vault) = slot.as_mut() else {
            return;
        };
        if let Some(folder) = vault.scheduled_backup_due(now) {
            if let Err(e) = vault.create_backup(&folder, now) {
                log_backup_failure("scheduled backup", &e);
            }
        } else if vault.scheduled_restore_test_due(now) {
            if let Err(e) = vault.restore_test(None, now) {
                log_backup_failure("restore test", &e);
            }
        }
    }

    /// At exit: a backup if the settings ask for one on exit, then the lock.
    pub fn backup_and_lock_on_exit(&self, now: chrono::DateTime<chrono::Utc>) {
        let mut slot = self.vault();
        if let Some(vault) = slot.as_mut() {
            let folder = vault
                .backup_settings()
                .ok()
                .filter(|s| s.on_exit)
                .and_then(|s| s.folder);
            if let Some(folder) = folder {
                if let Err(e) = vault.create_backup(Path::new(&folder), now) {
                    log_backup_failure("backup on exit", &e);
                }
            }
        }
        if let Some(vault) = slot.take() {
            if let Err(e) = vault.lock("exit", now) {
                log_lock_failure(&e);
            }
        }
    }
}

/// Logs a failed automatic backup by its error code only.
fn log_backup_failure(what: &str, e: &CoreError) {
    #[allow(clippy::print_stderr)]
    {
        eprintln!("ledgerlock: {what} failed: {:?}", e.code());
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use std::sync::Arc;

    use chrono::{Duration, Utc};
    use ledgerlock_core::vault::backup::{self, BackupSettings};
    use ledgerlock_core::vault::{MemoryKeyStore, NewUser, Setup, Vault};

    use super::AppState;

    fn unlocked_state(dir: &std::path::Path, folder: Option<&std::path::Path>) -> AppState {
        let keys = Arc::new(MemoryKeyStore::new());
        let state = AppState::new(dir.to_path_buf(), Arc::clone(&keys) as _, None);
        let mut vault = Vault::create(
            &state.files(),
            keys.as_ref(),
            &Setup {
                firm_name: "测试事务所".to_owned(),
                admin: NewUser {
                    username: "wangfang".to_owned(),
                    display_name: "王会计".to_owned(),
                    password: "correct horse 9".to_owned(),
                },
            },
            Utc::now(),
        )
        .unwrap()
        .vault;
        vault
            .update_backup_settings(
                &BackupSettings {
                    folder: folder.map(|f| f.display().to_string()),
                    ..BackupSettings::default()
                },
                Utc::now(),
            )
            .unwrap();
        *state.vault() = Some(vault);
        state
    }

    #[test]
    fn the_timer_backs_up_when_due_then_tests_the_restore_then_waits() {
        let dir = tempfile::tempdir().unwrap();
        let folder = tempfile::tempdir().unwrap();
        let state = unlocked_state(dir.path(), Some(folder.path()));
        let now = Utc::now();
        state.run_scheduled_backups(now);
        assert_eq!(backup::list(folder.path()).unwrap().len(), 1);
        // Next tick: the backup is not due; the restore test is.
        state.run_scheduled_backups(now + Duration::seconds(5));
        assert_eq!(backup::list(folder.path()).unwrap().len(), 1);
        let status = state
            .with_vault(|v| v.backup_status(now + Duration::seconds(10)))
            .unwrap();
        assert!(status.history.last_good_restore_test.is_some());
        assert!(!status.backup_due && !status.restore_test_due);
        // A day later the next backup is made.
        state.run_scheduled_backups(now + Duration::hours(25));
        assert_eq!(backup::list(folder.path()).unwrap().len(), 2);
    }

    #[test]
    fn nothing_is_scheduled_without_a_folder_or_when_locked() {
        let dir = tempfile::tempdir().unwrap();
        let state = unlocked_state(dir.path(), None);
        state.run_scheduled_backups(Utc::now());
        let status = state.with_vault(|v| v.backup_status(Utc::now())).unwrap();
        assert!(status.history.last_attempt.is_none() && status.overdue);
        state.vault().take();
        state.run_scheduled_backups(Utc::now());
    }

    #[test]
    fn exit_backs_up_then_locks() {
        let dir = tempfile::tempdir().unwrap();
        let folder = tempfile::tempdir().unwrap();
        let state = unlocked_state(dir.path(), Some(folder.path()));
        state.backup_and_lock_on_exit(Utc::now());
        assert!(state.vault().is_none());
        let files = backup::list(folder.path()).unwrap();
        assert_eq!(files.len(), 1);
        assert!(files[0].problem.is_none());
    }
}
