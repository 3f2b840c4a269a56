//! A client's lifecycle: the end of the engagement with its hand-over register, PIPL Art. 47
//! deletion requests (storage only), the administrator's view for a legal purpose, retention
//! certificates and signed agreement scans. Printing a stored document (the 移交清册, a
//! certificate) goes through `save_document`.

use chrono::Utc;
use ledgerlock_core::clients::documents::DocumentView;
use ledgerlock_core::clients::lifecycle::{
    ClientLifecycle, DeletionOutcome, EngagementEnded, HandoverInput, RetentionSummary,
};
use ledgerlock_core::clients::store::ClientDetail;
use ledgerlock_core::AppError;
use tauri::State;

use crate::state::AppState;

/// A client's status, engagement end, hand-over register and storage-only state (readable
/// even when the client is stored only).
#[tauri::command]
#[specta::specta]
pub fn client_lifecycle(
    state: State<'_, AppState>,
    client_id: String,
) -> Result<ClientLifecycle, AppError> {
    state.with_vault(|v| v.client_lifecycle(&client_id))
}

/// What ending the engagement on a day would mean: what the firm keeps until when, what may go.
#[tauri::command]
#[specta::specta]
pub fn engagement_end_summary(
    state: State<'_, AppState>,
    client_id: String,
    engagement_end: String,
) -> Result<RetentionSummary, AppError> {
    state.with_vault(|v| v.engagement_end_summary(&client_id, &engagement_end, Utc::now()))
}

/// Ends the engagement with its hand-over register (stored sealed; print with `save_document`).
#[tauri::command]
#[specta::specta]
pub fn end_engagement(
    state: State<'_, AppState>,
    client_id: String,
    input: HandoverInput,
) -> Result<EngagementEnded, AppError> {
    state.with_vault(|v| v.end_engagement(&client_id, &input, Utc::now()))
}

/// Applies a PIPL Art. 47 deletion request (administrators): storage only while a statutory
/// period runs, else due for destruction at once.
#[tauri::command]
#[specta::specta]
pub fn apply_deletion_request(
    state: State<'_, AppState>,
    client_id: String,
    request_ref: String,
) -> Result<DeletionOutcome, AppError> {
    state.with_vault(|v| v.apply_deletion_request(&client_id, &request_ref, Utc::now()))
}

/// Opens a stored-only client for a stated legal purpose (administrators; audited).
#[tauri::command]
#[specta::specta]
pub fn open_storage_only_client(
    state: State<'_, AppState>,
    client_id: String,
    purpose: String,
) -> Result<ClientDetail, AppError> {
    state.with_vault(|v| v.open_storage_only_client(&client_id, &purpose, Utc::now()))
}

/// Issues a retention certificate for a client and stores its PDF sealed.
#[tauri::command]
#[specta::specta]
pub fn issue_retention_certificate(
    state: State<'_, AppState>,
    client_id: String,
) -> Result<DocumentView, AppError> {
    state.with_vault(|v| v.issue_retention_certificate(&client_id, Utc::now()))
}

/// Attaches the signed scan (PDF, JPEG, PNG) of a signed agreement.
#[tauri::command]
#[specta::specta]
pub fn attach_signed_agreement(
    state: State<'_, AppState>,
    id: u32,
    file_name: String,
    bytes: Vec<u8>,
) -> Result<DocumentView, AppError> {
    state.with_vault(|v| v.attach_signed_agreement(id, &file_name, &bytes, Utc::now()))
}
