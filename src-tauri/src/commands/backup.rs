//! Backups: settings and status, create, list, verify, preview, restore (same machine and
//! new machine), restore tests. Every rule is in `ledgerlock_core::vault::backup`.

use std::path::{Path, PathBuf};

use chrono::Utc;
use ledgerlock_core::vault::backup::{
    self, BackupListing, BackupReport, BackupSettings, BackupStatus, RestoreOutcome,
};
use ledgerlock_core::{AppError, CoreError};
use tauri::State;
use tauri_plugin_dialog::DialogExt;

use crate::state::AppState;

/// Environment variable naming a backup folder to use without a dialog (unattended use and
/// the end-to-end tests, which cannot drive a native dialog).
pub const BACKUP_DIR_ENV: &str = "LEDGERLOCK_BACKUP_DIR";

fn folder_of(state: &AppState) -> Result<PathBuf, AppError> {
    state.with_vault(|v| {
        v.backup_settings()?
            .folder
            .map(PathBuf::from)
            .ok_or_else(|| CoreError::NotFound {
                what: "backup_folder".to_owned(),
            })
    })
}

/// Settings, history and what is due (for Settings → Backups and the overview's warning).
#[tauri::command]
#[specta::specta]
pub fn backup_status(state: State<'_, AppState>) -> Result<BackupStatus, AppError> {
    state.with_vault(|v| v.backup_status(Utc::now()))
}

/// Changes the backup settings (administrators).
#[tauri::command]
#[specta::specta]
pub fn backup_update_settings(
    state: State<'_, AppState>,
    settings: BackupSettings,
) -> Result<(), AppError> {
    state.with_vault(|v| v.update_backup_settings(&settings, Utc::now()))
}

/// Asks for a backup folder (native dialog opened from Rust). `None` if cancelled.
#[tauri::command]
#[specta::specta]
pub async fn backup_pick_folder(app: tauri::AppHandle) -> Result<Option<String>, AppError> {
    if let Some(dir) = std::env::var_os(BACKUP_DIR_ENV).filter(|d| !d.is_empty()) {
        return Ok(Some(PathBuf::from(dir).display().to_string()));
    }
    Ok(app
        .dialog()
        .file()
        .blocking_pick_folder()
        .and_then(|p| p.into_path().ok())
        .map(|p| p.display().to_string()))
}

/// Asks for a backup file to restore (native dialog). `None` if cancelled. With
/// `LEDGERLOCK_BACKUP_DIR` set, the newest readable backup in that folder, without a dialog.
#[tauri::command]
#[specta::specta]
pub async fn backup_pick_file(app: tauri::AppHandle) -> Result<Option<String>, AppError> {
    if let Some(dir) = std::env::var_os(BACKUP_DIR_ENV).filter(|d| !d.is_empty()) {
        return Ok(backup::list(Path::new(&dir))?
            .into_iter()
            .find(|l| l.problem.is_none())
            .map(|l| l.file));
    }
    Ok(app
        .dialog()
        .file()
        .add_filter("Ledgerlock backup", &["llbak"])
        .blocking_pick_file()
        .and_then(|p| p.into_path().ok())
        .map(|p| p.display().to_string()))
}

/// Makes a backup now into the configured folder, verified.
#[tauri::command]
#[specta::specta]
pub async fn backup_create(state: State<'_, AppState>) -> Result<BackupReport, AppError> {
    let folder = folder_of(&state)?;
    state.with_vault(|v| v.create_backup(&folder, Utc::now()))
}

/// Lists the backups in the configured folder, newest first.
#[tauri::command]
#[specta::specta]
pub fn backup_list(state: State<'_, AppState>) -> Result<Vec<BackupListing>, AppError> {
    let folder = folder_of(&state)?;
    Ok(backup::list(&folder)?)
}

/// Verifies one backup fully, apart from the live vault.
#[tauri::command]
#[specta::specta]
pub async fn backup_verify(
    state: State<'_, AppState>,
    file: String,
) -> Result<BackupReport, AppError> {
    state.with_vault(|v| v.verify_backup(Path::new(&file), Utc::now()))
}

/// What a backup holds, before restoring it (administrators).
#[tauri::command]
#[specta::specta]
pub fn backup_preview(
    state: State<'_, AppState>,
    file: String,
    recovery_code: Option<String>,
) -> Result<BackupReport, AppError> {
    let keystore = state.keystore();
    state.with_vault(|v| v.backup_preview(Path::new(&file), keystore, recovery_code.as_deref()))
}

/// Restores a backup over the open vault (administrators); the vault locks and the previous
/// one is kept aside until confirmed. On any error the vault stays open and unchanged.
#[tauri::command]
#[specta::specta]
pub async fn backup_restore(
    state: State<'_, AppState>,
    file: String,
    recovery_code: Option<String>,
) -> Result<RestoreOutcome, AppError> {
    let now = Utc::now();
    let mut slot = state.vault();
    let vault = slot.as_ref().ok_or(CoreError::VaultLocked)?;
    let pending = vault.prepare_restore(
        state.keystore(),
        Path::new(&file),
        recovery_code.as_deref(),
        now,
    )?;
    let vault = slot.take().ok_or(CoreError::VaultLocked)?;
    drop(slot);
    state.pending_recovery().take();
    state.workbench().take();
    Ok(vault.finish_restore(pending, now)?)
}

/// What a backup holds, opened with the recovery code, on a computer with no vault yet.
#[tauri::command]
#[specta::specta]
pub fn backup_preview_new_machine(
    state: State<'_, AppState>,
    file: String,
    recovery_code: String,
) -> Result<BackupReport, AppError> {
    if state.files().exists() {
        return Err(CoreError::VaultExists.into());
    }
    Ok(backup::preview(
        Path::new(&file),
        &backup::BackupKey::RecoveryCode(&recovery_code),
    )?)
}

/// Restores a backup on a computer with no vault yet, with the recovery code (first run).
#[tauri::command]
#[specta::specta]
pub async fn backup_restore_new_machine(
    state: State<'_, AppState>,
    file: String,
    recovery_code: String,
) -> Result<RestoreOutcome, AppError> {
    Ok(backup::restore_on_new_machine(
        &state.files(),
        state.keystore(),
        Path::new(&file),
        &recovery_code,
        Utc::now(),
    )?)
}

/// Confirms the restore: deletes the previous vault kept aside (administrators).
#[tauri::command]
#[specta::specta]
pub fn backup_confirm_restore(state: State<'_, AppState>) -> Result<(), AppError> {
    state.with_vault(|v| v.confirm_restore(Utc::now()))
}

/// Undoes the restore: locks and puts the previous vault back (administrators).
#[tauri::command]
#[specta::specta]
pub fn backup_undo_restore(state: State<'_, AppState>) -> Result<(), AppError> {
    if !backup::restore_pending(&state.files()) {
        return Err(CoreError::NotFound {
            what: "previous_vault".to_owned(),
        }
        .into());
    }
    let vault = state.vault().take().ok_or(CoreError::VaultLocked)?;
    state.workbench().take();
    Ok(vault.undo_restore(Utc::now())?)
}

/// Runs a restore test now on the newest backup.
#[tauri::command]
#[specta::specta]
pub async fn restore_test(state: State<'_, AppState>) -> Result<BackupReport, AppError> {
    state.with_vault(|v| v.restore_test(None, Utc::now()))
}
