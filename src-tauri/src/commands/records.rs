//! Records: confidentiality agreements, the firm profile printed on them, and their templates.

use chrono::Utc;
use ledgerlock_core::records::agreement::AgreementStatus;
use ledgerlock_core::records::agreements::{
    AgreementLanguage, AgreementRequest, AgreementView, ExpiringAgreement,
};
use ledgerlock_core::records::destruction_store::{
    CertificateCheck, DestructionListView, DueClient, HoldView,
};
use ledgerlock_core::records::firm::FirmProfile;
use ledgerlock_core::records::hold::HoldReason;
use ledgerlock_core::records::retention::{Period, RecordClass, ScheduleEntry};
use ledgerlock_core::AppError;
use tauri::State;

use crate::state::AppState;

/// Issues a confidentiality agreement for a client (a draft filled from the records).
#[tauri::command]
#[specta::specta]
pub fn issue_agreement(
    state: State<'_, AppState>,
    client_id: String,
    request: AgreementRequest,
) -> Result<AgreementView, AppError> {
    state.with_vault(|v| v.issue_agreement(&client_id, &request, Utc::now()))
}

/// A client's agreements, newest first.
#[tauri::command]
#[specta::specta]
pub fn client_agreements(
    state: State<'_, AppState>,
    client_id: String,
) -> Result<Vec<AgreementView>, AppError> {
    state.with_vault(|v| v.agreements(&client_id, Utc::now()))
}

/// Marks an agreement sent, signed (with the day) or terminated.
#[tauri::command]
#[specta::specta]
pub fn set_agreement_status(
    state: State<'_, AppState>,
    id: u32,
    status: AgreementStatus,
    signed_on: Option<String>,
) -> Result<AgreementView, AppError> {
    state.with_vault(|v| v.set_agreement_status(id, status, signed_on.as_deref(), Utc::now()))
}

/// Renews a signed or expired agreement as a new draft version.
#[tauri::command]
#[specta::specta]
pub fn renew_agreement(state: State<'_, AppState>, id: u32) -> Result<AgreementView, AppError> {
    state.with_vault(|v| v.renew_agreement(id, Utc::now()))
}

/// Prints an agreement to PDF (audited) and asks where to save it. Returns the saved path, or
/// `None` if the user cancelled.
#[tauri::command]
#[specta::specta]
pub async fn save_agreement_pdf(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    id: u32,
) -> Result<Option<String>, AppError> {
    let (number, pdf) = state.with_vault(|v| {
        let number = v.agreement(id, Utc::now())?.number;
        Ok((number, v.agreement_pdf(id, Utc::now())?))
    })?;
    let name = format!("保密协议-{number}.pdf");
    let saved = crate::export::save(&app, &name, ("PDF", &["pdf"]), &pdf)?;
    Ok(saved.map(|p| p.display().to_string()))
}

/// Signed agreements ending within 30 days, for the overview.
#[tauri::command]
#[specta::specta]
pub fn expiring_agreements(state: State<'_, AppState>) -> Result<Vec<ExpiringAgreement>, AppError> {
    state.with_vault(|v| v.expiring_agreements(Utc::now()))
}

/// The firm as printed on documents.
#[tauri::command]
#[specta::specta]
pub fn firm_profile(state: State<'_, AppState>) -> Result<FirmProfile, AppError> {
    state.with_vault(|v| v.firm_profile())
}

/// Changes the firm's registration code, address and representative (administrators).
#[tauri::command]
#[specta::specta]
pub fn set_firm_profile(state: State<'_, AppState>, profile: FirmProfile) -> Result<(), AppError> {
    state.with_vault(|v| v.set_firm_profile(&profile, Utc::now()))
}

/// The agreement template in force for a language.
#[tauri::command]
#[specta::specta]
pub fn agreement_template(
    state: State<'_, AppState>,
    language: AgreementLanguage,
) -> Result<String, AppError> {
    state.with_vault(|v| v.agreement_template(language))
}

/// Replaces a template (administrators); an empty text restores the built-in one.
#[tauri::command]
#[specta::specta]
pub fn set_agreement_template(
    state: State<'_, AppState>,
    language: AgreementLanguage,
    text: String,
) -> Result<(), AppError> {
    state.with_vault(|v| v.set_agreement_template(language, &text, Utc::now()))
}

/// The retention schedule in force, one entry per record class.
#[tauri::command]
#[specta::specta]
pub fn retention_schedule(state: State<'_, AppState>) -> Result<Vec<ScheduleEntry>, AppError> {
    state.with_vault(|v| v.retention_entries())
}

/// Lengthens (never shortens below the law) the period of a record class (administrators).
#[tauri::command]
#[specta::specta]
pub fn set_retention_period(
    state: State<'_, AppState>,
    record_class: RecordClass,
    period: Period,
) -> Result<Vec<ScheduleEntry>, AppError> {
    state.with_vault(|v| v.set_retention_period(record_class, period, Utc::now()))
}

/// Places a legal hold on a client's records (administrators).
#[tauri::command]
#[specta::specta]
pub fn place_hold(
    state: State<'_, AppState>,
    client_id: String,
    reason: HoldReason,
    note: String,
    on: String,
) -> Result<u32, AppError> {
    state.with_vault(|v| v.place_hold(&client_id, reason, &note, &on, Utc::now()))
}

/// Lifts a legal hold from a day (administrators).
#[tauri::command]
#[specta::specta]
pub fn lift_hold(state: State<'_, AppState>, id: u32, on: String) -> Result<(), AppError> {
    state.with_vault(|v| v.lift_hold(id, &on, Utc::now()))
}

/// A client's legal holds.
#[tauri::command]
#[specta::specta]
pub fn client_holds(
    state: State<'_, AppState>,
    client_id: String,
) -> Result<Vec<HoldView>, AppError> {
    state.with_vault(|v| v.holds(&client_id))
}

/// Clients whose engagement ended, with what may be done with their data today.
#[tauri::command]
#[specta::specta]
pub fn due_for_destruction(state: State<'_, AppState>) -> Result<Vec<DueClient>, AppError> {
    state.with_vault(|v| v.due_for_destruction(Utc::now()))
}

/// Drafts a destruction list of due clients with the appraisal note.
#[tauri::command]
#[specta::specta]
pub fn draft_destruction_list(
    state: State<'_, AppState>,
    client_ids: Vec<String>,
    appraisal: String,
) -> Result<DestructionListView, AppError> {
    state.with_vault(|v| v.draft_destruction_list(&client_ids, &appraisal, Utc::now()))
}

/// Approves a destruction list (not its drafter; once per person).
#[tauri::command]
#[specta::specta]
pub fn approve_destruction_list(
    state: State<'_, AppState>,
    id: u32,
    opinion: String,
) -> Result<DestructionListView, AppError> {
    state.with_vault(|v| v.approve_destruction_list(id, &opinion, Utc::now()))
}

/// The supervisor's check before (`after` false) or confirmation after execution.
#[tauri::command]
#[specta::specta]
pub fn supervise_destruction_list(
    state: State<'_, AppState>,
    id: u32,
    after: bool,
    note: String,
) -> Result<DestructionListView, AppError> {
    state.with_vault(|v| v.supervise_destruction_list(id, after, &note, Utc::now()))
}

/// Executes a supervised destruction list (crypto-shredding).
#[tauri::command]
#[specta::specta]
pub fn execute_destruction_list(
    state: State<'_, AppState>,
    id: u32,
) -> Result<DestructionListView, AppError> {
    state.with_vault(|v| v.execute_destruction_list(id, Utc::now()))
}

/// The destruction register, newest first.
#[tauri::command]
#[specta::specta]
pub fn destruction_lists(state: State<'_, AppState>) -> Result<Vec<DestructionListView>, AppError> {
    state.with_vault(|v| v.destruction_lists())
}

/// Prints the destruction certificate of an executed list (audited) and asks where to save
/// it. Returns the saved path, or `None` if the user cancelled.
#[tauri::command]
#[specta::specta]
pub async fn save_destruction_certificate(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    id: u32,
) -> Result<Option<String>, AppError> {
    let (number, pdf) = state.with_vault(|v| {
        let number = v.destruction_list(id)?.number;
        Ok((number, v.destruction_certificate_pdf(id, Utc::now())?))
    })?;
    let name = format!("销毁证明-{number}.pdf");
    let saved = crate::export::save(&app, &name, ("PDF", &["pdf"]), &pdf)?;
    Ok(saved.map(|p| p.display().to_string()))
}

/// Checks a destruction certificate's verification code against the audit log.
#[tauri::command]
#[specta::specta]
pub fn verify_certificate(
    state: State<'_, AppState>,
    number: String,
    code: String,
) -> Result<CertificateCheck, AppError> {
    state.with_vault(|v| v.verify_certificate(&number, &code, Utc::now()))
}
