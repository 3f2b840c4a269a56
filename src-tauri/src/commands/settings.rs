//! Vault settings: firm profile, auto-lock.

use chrono::Utc;
use ledgerlock_core::vault::VaultSettings;
use ledgerlock_core::AppError;
use tauri::State;

use crate::state::AppState;

/// Reads the settings.
#[tauri::command]
#[specta::specta]
pub fn get_settings(state: State<'_, AppState>) -> Result<VaultSettings, AppError> {
    state.with_vault(|v| v.settings())
}

/// Changes the settings (administrators).
#[tauri::command]
#[specta::specta]
pub fn update_settings(
    state: State<'_, AppState>,
    settings: VaultSettings,
) -> Result<(), AppError> {
    state.with_vault(|v| v.update_settings(&settings, Utc::now()))
}
