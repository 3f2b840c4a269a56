//! Status line and the rules the UI shows before the user types.

use ledgerlock_core::status::AppStatus;
use ledgerlock_core::AppError;
use serde::Serialize;
use tauri::State;

use crate::state::AppState;

/// Who is logged in, for the frame.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SessionInfo {
    /// User id.
    #[specta(type = specta_typescript::Number)]
    pub user_id: i64,
    /// Login name.
    pub username: String,
    /// Display name.
    pub display_name: String,
    /// Role.
    pub role: ledgerlock_core::vault::Role,
}

/// The status line: version, data folder, vault state, keychain, session.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StatusReport {
    /// Version, data folder, vault state.
    pub app: AppStatus,
    /// Why the OS keychain failed its start-up check, if it did.
    pub keychain_problem: Option<String>,
    /// The logged-in user, if the vault is unlocked.
    pub session: Option<SessionInfo>,
}

/// The password rules shown at setup and when changing a password.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PasswordRules {
    /// Minimum number of characters.
    pub min_length: u32,
}

/// Reports the app's state. Does not count as activity.
#[tauri::command]
#[specta::specta]
pub fn app_status(state: State<'_, AppState>) -> Result<StatusReport, AppError> {
    let slot = state.vault();
    let session = match slot.as_ref() {
        Some(v) => Some(SessionInfo {
            user_id: v.session().user_id,
            username: v.username()?,
            display_name: v.display_name()?,
            role: v.session().role,
        }),
        None => None,
    };
    Ok(StatusReport {
        app: ledgerlock_core::status::app_status(state.data_dir(), slot.is_some()),
        keychain_problem: state.keychain_problem().map(str::to_owned),
        session,
    })
}

/// The password rules.
#[tauri::command]
#[specta::specta]
pub fn password_rules() -> Result<PasswordRules, AppError> {
    Ok(PasswordRules {
        min_length: u32::try_from(ledgerlock_core::vault::PASSWORD_MIN_LENGTH).unwrap_or(10),
    })
}
