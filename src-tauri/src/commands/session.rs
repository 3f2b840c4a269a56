//! First-run setup, unlocking and locking.

use chrono::Utc;
use ledgerlock_core::vault::{NewUser, Setup, Vault};
use ledgerlock_core::{AppError, CoreError};
use serde::Serialize;
use tauri::State;

use crate::state::AppState;

/// What setup returns: the recovery code, shown once, and which groups to type back.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SetupResult {
    /// The recovery code as printed (nine groups of four).
    pub recovery_code: String,
    /// Zero-based indices of the groups the user must type back to confirm.
    pub confirm_groups: Vec<u32>,
}

/// Creates the vault, the firm profile and the administrator, who is then logged in.
#[tauri::command]
#[specta::specta]
pub fn setup_vault(
    state: State<'_, AppState>,
    firm_name: String,
    admin: NewUser,
) -> Result<SetupResult, AppError> {
    let created = Vault::create(
        &state.files(),
        state.keystore(),
        &Setup { firm_name, admin },
        Utc::now(),
    )?;
    let recovery_code = created.recovery_code.display().to_string();
    let confirm_groups = created.recovery_code.confirmation_groups().to_vec();
    *state.vault() = Some(created.vault);
    *state.pending_recovery() = Some(created.recovery_code);
    Ok(SetupResult {
        recovery_code,
        confirm_groups,
    })
}

/// Checks the groups the user typed back; on success the code is forgotten by the app.
#[tauri::command]
#[specta::specta]
pub fn confirm_recovery_code(
    state: State<'_, AppState>,
    answers: Vec<String>,
) -> Result<bool, AppError> {
    let mut pending = state.pending_recovery();
    let code = pending.as_ref().ok_or(CoreError::NotFound {
        what: "recovery_code".to_owned(),
    })?;
    let ok = code.confirm(&answers);
    if ok {
        pending.take();
        state.with_vault(|v| v.record_recovery_confirmed(Utc::now()))?;
    }
    Ok(ok)
}

/// Renders the recovery sheet for the code being confirmed and asks where to save it.
/// Returns the saved path, or `None` if the user cancelled.
#[tauri::command]
#[specta::specta]
pub async fn save_recovery_sheet(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<String>, AppError> {
    let (pdf, name) = {
        let pending = state.pending_recovery();
        let code = pending.as_ref().ok_or(CoreError::NotFound {
            what: "recovery_code".to_owned(),
        })?;
        state.with_vault(|v| {
            let name = format!(
                "ledgerlock-recovery-sheet-{}.pdf",
                v.vault_id().chars().take(8).collect::<String>()
            );
            Ok((v.recovery_sheet_pdf(code, Utc::now())?, name))
        })?
    };
    let saved = crate::export::save(&app, &name, ("PDF", &["pdf"]), &pdf)?;
    Ok(saved.map(|p| p.display().to_string()))
}

/// Replaces the recovery code (administrators); the new one is shown once, must be
/// confirmed like at setup, and can be saved as a new recovery sheet.
#[tauri::command]
#[specta::specta]
pub fn rotate_recovery_code(state: State<'_, AppState>) -> Result<SetupResult, AppError> {
    let code = state.with_vault(|v| v.rotate_recovery_code(Utc::now()))?;
    let result = SetupResult {
        recovery_code: code.display().to_string(),
        confirm_groups: code.confirmation_groups().to_vec(),
    };
    *state.pending_recovery() = Some(code);
    Ok(result)
}

/// Unlocks with this computer's keychain and logs in.
#[tauri::command]
#[specta::specta]
pub fn unlock(
    state: State<'_, AppState>,
    username: String,
    password: String,
) -> Result<(), AppError> {
    let vault = Vault::unlock(
        &state.files(),
        state.keystore(),
        &username,
        &password,
        Utc::now(),
    )?;
    *state.vault() = Some(vault);
    Ok(())
}

/// Unlocks with the recovery code, logs in, and enrols the key in this computer's keychain.
#[tauri::command]
#[specta::specta]
pub fn unlock_with_recovery(
    state: State<'_, AppState>,
    recovery_code: String,
    username: String,
    password: String,
) -> Result<(), AppError> {
    let vault = Vault::unlock_with_recovery(
        &state.files(),
        state.keystore(),
        &recovery_code,
        &username,
        &password,
        Utc::now(),
    )?;
    *state.vault() = Some(vault);
    Ok(())
}

/// Locks the vault now.
#[tauri::command]
#[specta::specta]
pub fn lock(state: State<'_, AppState>) -> Result<(), AppError> {
    state.pending_recovery().take();
    state.workbench().take();
    match state.vault().take() {
        Some(vault) => Ok(vault.lock("user", Utc::now())?),
        None => Ok(()),
    }
}

/// Notes user activity (keys, pointer) for auto-lock.
#[tauri::command]
#[specta::specta]
pub fn heartbeat(state: State<'_, AppState>) -> Result<(), AppError> {
    state.with_vault(|_| Ok(()))
}
