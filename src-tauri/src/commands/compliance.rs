//! Compliance: the registers, the sharing register, risk signals and trends, the compliance
//! report and the privacy notice. Each command is one call into the core.

use chrono::Utc;
use ledgerlock_core::compliance::report::ReportSummary;
use ledgerlock_core::compliance::{
    EntryBody, EntryStatus, PrivacyNotice, RegisterEntryView, RegisterFilter, RegisterKind,
    SharingRegisterRow, Signal, TrendPoint,
};
use ledgerlock_core::AppError;
use tauri::State;

use crate::state::AppState;

/// Register entries matching a filter, newest first.
#[tauri::command]
#[specta::specta]
pub fn register_entries(
    state: State<'_, AppState>,
    filter: RegisterFilter,
) -> Result<Vec<RegisterEntryView>, AppError> {
    state.with_vault(|v| v.register_entries(&filter, Utc::now()))
}

/// One register entry.
#[tauri::command]
#[specta::specta]
pub fn register_entry(state: State<'_, AppState>, id: u32) -> Result<RegisterEntryView, AppError> {
    state.with_vault(|v| v.register_entry(id, Utc::now()))
}

/// Records a new register entry.
#[tauri::command]
#[specta::specta]
pub fn create_register_entry(
    state: State<'_, AppState>,
    body: EntryBody,
) -> Result<RegisterEntryView, AppError> {
    state.with_vault(|v| v.create_register_entry(body, Utc::now()))
}

/// Changes a register entry's content.
#[tauri::command]
#[specta::specta]
pub fn update_register_entry(
    state: State<'_, AppState>,
    id: u32,
    revision: u32,
    body: EntryBody,
) -> Result<RegisterEntryView, AppError> {
    state.with_vault(|v| v.update_register_entry(id, revision, body, Utc::now()))
}

/// Moves a register entry through its workflow.
#[tauri::command]
#[specta::specta]
pub fn set_register_status(
    state: State<'_, AppState>,
    id: u32,
    revision: u32,
    status: EntryStatus,
    note: String,
) -> Result<RegisterEntryView, AppError> {
    state.with_vault(|v| v.set_register_status(id, revision, status, &note, Utc::now()))
}

/// Every sharing record of the visible clients (PIPL Art. 23).
#[tauri::command]
#[specta::specta]
pub fn sharing_register(state: State<'_, AppState>) -> Result<Vec<SharingRegisterRow>, AppError> {
    state.with_vault(ledgerlock_core::vault::Vault::sharing_register)
}

/// The risk signals today.
#[tauri::command]
#[specta::specta]
pub fn compliance_signals(state: State<'_, AppState>) -> Result<Vec<Signal>, AppError> {
    state.with_vault(|v| v.compliance_signals(Utc::now()))
}

/// The 12-month trend.
#[tauri::command]
#[specta::specta]
pub fn compliance_trends(state: State<'_, AppState>) -> Result<Vec<TrendPoint>, AppError> {
    state.with_vault(|v| v.compliance_trends(Utc::now()))
}

/// The report's figures for a period.
#[tauri::command]
#[specta::specta]
pub fn compliance_summary(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> Result<ReportSummary, AppError> {
    state.with_vault(|v| v.compliance_summary(&from, &to, Utc::now()))
}

/// Prints the compliance report and asks where to save it; `None` if cancelled.
#[tauri::command]
#[specta::specta]
pub async fn save_compliance_report(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    from: String,
    to: String,
    xlsx: bool,
) -> Result<Option<String>, AppError> {
    let bytes = state.with_vault(|v| {
        if xlsx {
            v.compliance_report_xlsx(&from, &to, Utc::now())
        } else {
            v.compliance_report_pdf(&from, &to, Utc::now())
        }
    })?;
    let stem = format!("合规报告-{}-{}", from.replace('-', ""), to.replace('-', ""));
    let saved = if xlsx {
        crate::export::save(&app, &format!("{stem}.xlsx"), ("Excel", &["xlsx"]), &bytes)?
    } else {
        crate::export::save(&app, &format!("{stem}.pdf"), ("PDF", &["pdf"]), &bytes)?
    };
    Ok(saved.map(|p| p.display().to_string()))
}

/// Exports a register as CSV or PDF and asks where to save it; `None` if cancelled.
#[tauri::command]
#[specta::specta]
pub async fn save_register_export(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    kind: RegisterKind,
    pdf: bool,
) -> Result<Option<String>, AppError> {
    let bytes = state.with_vault(|v| {
        if pdf {
            v.register_pdf(kind, Utc::now())
        } else {
            v.register_csv(kind, Utc::now())
        }
    })?;
    let stem = format!("{}-{}", kind.name_zh(), Utc::now().format("%Y%m%d"));
    let saved = if pdf {
        crate::export::save(&app, &format!("{stem}.pdf"), ("PDF", &["pdf"]), &bytes)?
    } else {
        crate::export::save(&app, &format!("{stem}.csv"), ("CSV", &["csv"]), &bytes)?
    };
    Ok(saved.map(|p| p.display().to_string()))
}

/// The privacy notice's template, contact line and effective date.
#[tauri::command]
#[specta::specta]
pub fn privacy_notice(state: State<'_, AppState>) -> Result<PrivacyNotice, AppError> {
    state.with_vault(|v| v.privacy_notice())
}

/// Changes the privacy notice (administrators).
#[tauri::command]
#[specta::specta]
pub fn set_privacy_notice(
    state: State<'_, AppState>,
    notice: PrivacyNotice,
) -> Result<(), AppError> {
    state.with_vault(|v| v.set_privacy_notice(&notice, Utc::now()))
}

/// Prints the privacy notice and asks where to save it; `None` if cancelled.
#[tauri::command]
#[specta::specta]
pub async fn save_privacy_notice(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<String>, AppError> {
    let bytes = state.with_vault(|v| v.privacy_notice_pdf(Utc::now()))?;
    let saved = crate::export::save(&app, "个人信息处理告知书.pdf", ("PDF", &["pdf"]), &bytes)?;
    Ok(saved.map(|p| p.display().to_string()))
}

/// Acts on a deletion request of the register (PIPL Art. 47; administrators).
#[tauri::command]
#[specta::specta]
pub fn answer_deletion_request(
    state: State<'_, AppState>,
    id: u32,
    revision: u32,
) -> Result<RegisterEntryView, AppError> {
    state.with_vault(|v| v.answer_deletion_request(id, revision, Utc::now()))
}
