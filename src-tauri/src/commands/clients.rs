//! Client records.

use chrono::Utc;
use ledgerlock_core::clients::access::AccessFormat;
use ledgerlock_core::clients::consent::{ConsentInput, ConsentView};
use ledgerlock_core::clients::documents::{DocumentInput, DocumentView};
use ledgerlock_core::clients::import::{ImportColumn, ImportOutcome, ImportPreview};
use ledgerlock_core::clients::record::{ClientInput, CreditInput};
use ledgerlock_core::clients::sharing::{SharingInput, SharingRecordView};
use ledgerlock_core::clients::store::{
    ChangeRequestView, ClientDetail, ClientFilter, ClientSummary, UpdateOutcome, VersionView,
};
use ledgerlock_core::clients::Field;
use ledgerlock_core::AppError;
use serde::Serialize;
use tauri::State;

use crate::state::AppState;

/// Most rows one search returns (the list is virtualised; the query narrows it).
const SEARCH_LIMIT: usize = 50_000;

/// The seed of the demo data offered at first run (the same clients on every computer).
const DEMO_SEED: u64 = 2026;

/// Searches the clients the user may see.
#[tauri::command]
#[specta::specta]
pub fn search_clients(
    state: State<'_, AppState>,
    query: String,
    filter: ClientFilter,
) -> Result<Vec<ClientSummary>, AppError> {
    state.with_vault(|v| v.search_clients(&query, &filter, SEARCH_LIMIT))
}

/// Creates a client; returns its id.
#[tauri::command]
#[specta::specta]
pub fn create_client(state: State<'_, AppState>, input: ClientInput) -> Result<String, AppError> {
    state.with_vault(|v| v.create_client(&input, Utc::now()))
}

/// A client's record, sensitive values masked.
#[tauri::command]
#[specta::specta]
pub fn client_detail(state: State<'_, AppState>, id: String) -> Result<ClientDetail, AppError> {
    state.with_vault(|v| v.client_detail(&id))
}

/// Reveals one sensitive value, with a reason (audited).
#[tauri::command]
#[specta::specta]
pub fn reveal_field(
    state: State<'_, AppState>,
    id: String,
    field: Field,
    index: u32,
    reason: String,
) -> Result<String, AppError> {
    let index = usize::try_from(index).unwrap_or(usize::MAX);
    state.with_vault(|v| v.reveal_field(&id, field, index, &reason, Utc::now()))
}

/// Changes a client; sensitive changes by non-administrators wait for review.
#[tauri::command]
#[specta::specta]
pub fn update_client(
    state: State<'_, AppState>,
    id: String,
    input: ClientInput,
) -> Result<UpdateOutcome, AppError> {
    state.with_vault(|v| v.update_client(&id, &input, Utc::now()))
}

/// A client's versions, masked.
#[tauri::command]
#[specta::specta]
pub fn client_history(
    state: State<'_, AppState>,
    id: String,
) -> Result<Vec<VersionView>, AppError> {
    state.with_vault(|v| v.client_history(&id))
}

/// Changes waiting for review.
#[tauri::command]
#[specta::specta]
pub fn pending_changes(state: State<'_, AppState>) -> Result<Vec<ChangeRequestView>, AppError> {
    state.with_vault(|v| v.pending_changes())
}

/// Approves or rejects a change (not one's own).
#[tauri::command]
#[specta::specta]
pub fn review_change(
    state: State<'_, AppState>,
    request_id: u32,
    approve: bool,
    comment: String,
) -> Result<(), AppError> {
    state.with_vault(|v| v.review_change(request_id, approve, &comment, Utc::now()))
}

/// Marks a client verified, and how (`phone`, `documents`, `in_person`).
#[tauri::command]
#[specta::specta]
pub fn verify_client(
    state: State<'_, AppState>,
    id: String,
    method: String,
) -> Result<(), AppError> {
    state.with_vault(|v| v.verify_client(&id, &method, Utc::now()))
}

/// Records a consent for a client or one of its contacts.
#[tauri::command]
#[specta::specta]
pub fn record_consent(
    state: State<'_, AppState>,
    client_id: String,
    input: ConsentInput,
) -> Result<u32, AppError> {
    state.with_vault(|v| v.record_consent(&client_id, &input, Utc::now()))
}

/// Records the withdrawal of a consent, effective on `on`.
#[tauri::command]
#[specta::specta]
pub fn withdraw_consent(
    state: State<'_, AppState>,
    consent_id: u32,
    on: String,
) -> Result<(), AppError> {
    state.with_vault(|v| v.withdraw_consent(consent_id, &on, Utc::now()))
}

/// A client's consents, newest first.
#[tauri::command]
#[specta::specta]
pub fn client_consents(
    state: State<'_, AppState>,
    client_id: String,
) -> Result<Vec<ConsentView>, AppError> {
    state.with_vault(|v| v.consents(&client_id))
}

/// What a sharing export did.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SharingOutcome {
    /// The sharing record kept.
    pub record_id: u32,
    /// Where the export was saved (`None` if the save dialog was cancelled; the record is
    /// kept: the data was prepared for the recipient).
    pub path: Option<String>,
    /// Whether sensitive values are in clear.
    pub clear_values: bool,
}

/// Shares a client's data with a third party (needs a third-party consent in force): writes
/// the JSON export where the user chooses and keeps a sharing record.
#[tauri::command]
#[specta::specta]
pub async fn share_client(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    client_id: String,
    input: SharingInput,
) -> Result<SharingOutcome, AppError> {
    let export = state.with_vault(|v| v.share_client(&client_id, &input, Utc::now()))?;
    let saved = crate::export::save(&app, &export.file_name, ("JSON", &["json"]), &export.bytes)?;
    Ok(SharingOutcome {
        record_id: export.record_id,
        path: saved.map(|p| p.display().to_string()),
        clear_values: export.clear_values,
    })
}

/// A client's sharing records, newest first.
#[tauri::command]
#[specta::specta]
pub fn client_sharing_records(
    state: State<'_, AppState>,
    client_id: String,
) -> Result<Vec<SharingRecordView>, AppError> {
    state.with_vault(|v| v.sharing_records(&client_id))
}

/// Fills the vault with `count` fictional demo clients (administrators; first run).
#[tauri::command]
#[specta::specta]
pub fn fill_demo_clients(state: State<'_, AppState>, count: u32) -> Result<u32, AppError> {
    let count = usize::try_from(count).unwrap_or(0);
    state.with_vault(|v| {
        let ids = v.fill_demo_clients(DEMO_SEED, count, Utc::now())?;
        Ok(u32::try_from(ids.len()).unwrap_or(u32::MAX))
    })
}

/// Reads a client spreadsheet and lists what importing it would do (nothing is stored).
/// Without `mapping`, the columns are mapped from their headers.
#[tauri::command]
#[specta::specta]
pub async fn preview_client_import(
    state: State<'_, AppState>,
    file_name: String,
    bytes: Vec<u8>,
    mapping: Option<Vec<Option<ImportColumn>>>,
) -> Result<ImportPreview, AppError> {
    state
        .with_vault(|v| v.preview_client_import(&file_name, &bytes, mapping.as_deref(), Utc::now()))
}

/// Imports the good rows of a client spreadsheet in one transaction.
#[tauri::command]
#[specta::specta]
pub async fn import_clients(
    state: State<'_, AppState>,
    file_name: String,
    bytes: Vec<u8>,
    mapping: Vec<Option<ImportColumn>>,
) -> Result<ImportOutcome, AppError> {
    state.with_vault(|v| v.import_clients(&file_name, &bytes, &mapping, Utc::now()))
}

/// Exports everything held about a client (PIPL Art. 45) as JSON or PDF and asks where to save
/// it. Returns the saved path, or `None` if the user cancelled (the export is audited either
/// way: the values were produced in clear).
#[tauri::command]
#[specta::specta]
pub async fn client_access_export(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    client_id: String,
    format: AccessFormat,
) -> Result<Option<String>, AppError> {
    let (name, bytes) =
        state.with_vault(|v| v.subject_access_export(&client_id, format, Utc::now()))?;
    let filter: (&str, &[&str]) = match format {
        AccessFormat::Json => ("JSON", &["json"]),
        AccessFormat::Pdf => ("PDF", &["pdf"]),
    };
    let saved = crate::export::save(&app, &name, filter, &bytes)?;
    Ok(saved.map(|p| p.display().to_string()))
}

/// Sets (or with `null` removes) a client's credit assessment; masked notes sent back are kept.
#[tauri::command]
#[specta::specta]
pub fn set_credit_assessment(
    state: State<'_, AppState>,
    id: String,
    credit: Option<CreditInput>,
) -> Result<(), AppError> {
    state.with_vault(|v| v.set_credit_assessment(&id, credit.as_ref(), Utc::now()))
}

/// Adds a document (its bytes read in the page) to a client, sealed; audited.
#[tauri::command]
#[specta::specta]
pub fn add_document(
    state: State<'_, AppState>,
    client_id: String,
    input: DocumentInput,
    bytes: Vec<u8>,
) -> Result<DocumentView, AppError> {
    state.with_vault(|v| v.add_document(&client_id, &input, &bytes, Utc::now()))
}

/// A client's documents, with each one's retention expiry.
#[tauri::command]
#[specta::specta]
pub fn client_documents(
    state: State<'_, AppState>,
    client_id: String,
) -> Result<Vec<DocumentView>, AppError> {
    state.with_vault(|v| v.documents(&client_id))
}

/// Opens a document (audited) and asks where to save a copy. Returns the saved path, or
/// `None` if the user cancelled.
#[tauri::command]
#[specta::specta]
pub async fn save_document(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    id: u32,
) -> Result<Option<String>, AppError> {
    let content = state.with_vault(|v| v.open_document(id, Utc::now()))?;
    // Only the last path component of the stored name, so it cannot point elsewhere.
    let name = std::path::Path::new(&content.file_name)
        .file_name()
        .map_or_else(
            || format!("document-{id}"),
            |n| n.to_string_lossy().into_owned(),
        );
    let ext = std::path::Path::new(&name)
        .extension()
        .map_or_else(|| "bin".to_owned(), |e| e.to_string_lossy().into_owned());
    let saved = crate::export::save(&app, &name, (&ext, &[ext.as_str()]), &content.bytes)?;
    Ok(saved.map(|p| p.display().to_string()))
}
