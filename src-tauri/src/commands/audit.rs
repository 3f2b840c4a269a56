//! The audit screen.

use chrono::Utc;
use ledgerlock_core::vault::{AuditEntry, AuditFilter, AuditReport};
use ledgerlock_core::AppError;
use tauri::State;

use crate::state::AppState;

/// Lists audit entries, newest first (auditors and administrators).
#[tauri::command]
#[specta::specta]
pub fn audit_entries(
    state: State<'_, AppState>,
    filter: AuditFilter,
) -> Result<Vec<AuditEntry>, AppError> {
    state.with_vault(|v| v.audit_entries(&filter))
}

/// Verifies the audit chain (auditors and administrators).
#[tauri::command]
#[specta::specta]
pub fn verify_audit(state: State<'_, AppState>) -> Result<AuditReport, AppError> {
    state.with_vault(|v| v.verify_audit(Utc::now()))
}
