//! User administration.

use chrono::Utc;
use ledgerlock_core::vault::{NewUser, Role, UserSummary};
use ledgerlock_core::AppError;
use tauri::State;

use crate::state::AppState;

/// Lists users (administrators).
#[tauri::command]
#[specta::specta]
pub fn list_users(state: State<'_, AppState>) -> Result<Vec<UserSummary>, AppError> {
    state.with_vault(|v| v.users())
}

/// Creates a user (administrators).
#[tauri::command]
#[specta::specta]
pub fn create_user(state: State<'_, AppState>, user: NewUser, role: Role) -> Result<u32, AppError> {
    state.with_vault(|v| {
        let id = v.create_user(&user, role, Utc::now())?;
        u32::try_from(id).map_err(|_| ledgerlock_core::CoreError::Storage("user id".to_owned()))
    })
}

/// Disables or re-enables a user (administrators).
#[tauri::command]
#[specta::specta]
pub fn set_user_disabled(
    state: State<'_, AppState>,
    user_id: u32,
    disabled: bool,
) -> Result<(), AppError> {
    state.with_vault(|v| v.set_user_disabled(i64::from(user_id), disabled, Utc::now()))
}

/// Sets a new password for a user (administrators).
#[tauri::command]
#[specta::specta]
pub fn reset_password(
    state: State<'_, AppState>,
    user_id: u32,
    password: String,
) -> Result<(), AppError> {
    state.with_vault(|v| v.reset_password(i64::from(user_id), &password, Utc::now()))
}

/// Assigns clients to a user (administrators).
#[tauri::command]
#[specta::specta]
pub fn assign_clients(
    state: State<'_, AppState>,
    user_id: u32,
    clients: Vec<String>,
) -> Result<(), AppError> {
    state.with_vault(|v| v.assign_clients(i64::from(user_id), &clients, Utc::now()))
}

/// Changes the logged-in user's password.
#[tauri::command]
#[specta::specta]
pub fn change_own_password(
    state: State<'_, AppState>,
    current: String,
    new_password: String,
) -> Result<(), AppError> {
    state.with_vault(|v| v.change_own_password(&current, &new_password, Utc::now()))
}
