//! Saved reconciliations: save the open workbench with its client (draft or final), list a
//! client's saved ones, reopen one to continue, delete a draft. The rules (roles, client
//! assignment, final records kept, audit) are the core's (`ledgerlock_core::reconciliations`).

use chrono::Utc;
use ledgerlock_core::reconciliations::{
    ReconciliationStatus, ReconciliationSummary, SaveReconciliation,
};
use ledgerlock_core::vault::Action;
use ledgerlock_core::{AppError, CoreError};
use tauri::State;

use super::reconciliation::{no_workbench, require, view, OpenWorkbench, SavedRef, WorkbenchView};
use crate::state::AppState;

/// Saves the open workbench with its client (or with `client_id` when it has none yet), as a
/// draft or, with `finalize`, as final (定稿: no change afterwards). Returns the new view.
#[tauri::command]
#[specta::specta]
pub fn reconcile_save(
    state: State<'_, AppState>,
    client_id: Option<String>,
    finalize: bool,
) -> Result<WorkbenchView, AppError> {
    require(&state)?;
    // Never hold the workbench while taking the vault (the auto-lock takes them the other
    // way round): copy what the save needs, save, then update the open workbench.
    let (bank_file, ledger_file, workbench, saved, known_client, known_name) = {
        let slot = state.workbench();
        let open = slot.as_ref().ok_or_else(no_workbench)?;
        (
            open.bank_file.clone(),
            open.ledger_file.clone(),
            open.workbench.clone(),
            open.saved.clone(),
            open.client_id.clone(),
            open.client_name.clone(),
        )
    };
    let client_id = known_client
        .or(client_id)
        .ok_or_else(|| CoreError::InvalidInput {
            field: "client".to_owned(),
            reason: "required".to_owned(),
        })?;
    let (summary, name) = state.with_vault(|v| {
        let summary = v.save_reconciliation(
            &SaveReconciliation {
                id: saved.as_ref().map(|s| s.id.as_str()),
                revision: saved.as_ref().map(|s| s.revision),
                client_id: &client_id,
                status: if finalize {
                    ReconciliationStatus::Final
                } else {
                    ReconciliationStatus::Draft
                },
                bank_file: &bank_file,
                ledger_file: &ledger_file,
                workbench: &workbench,
            },
            Utc::now(),
        )?;
        let name = match known_name {
            Some(n) => n,
            None => v.client_detail(&client_id)?.name,
        };
        Ok((summary, name))
    })?;
    let mut slot = state.workbench();
    let open = slot.as_mut().ok_or_else(no_workbench)?;
    open.client_id = Some(client_id);
    open.client_name = Some(name);
    open.saved = Some(SavedRef {
        id: summary.id,
        revision: summary.revision,
        status: summary.status,
    });
    Ok(view(open))
}

/// A client's saved reconciliations, newest period first.
#[tauri::command]
#[specta::specta]
pub fn reconcile_saved_list(
    state: State<'_, AppState>,
    client_id: String,
) -> Result<Vec<ReconciliationSummary>, AppError> {
    state.with_vault(|v| v.reconciliations(&client_id))
}

/// Reopens a saved reconciliation as the open workbench (replacing any open one). Users who
/// may read the client but not reconcile (auditors) get it read-only.
#[tauri::command]
#[specta::specta]
pub fn reconcile_open(state: State<'_, AppState>, id: String) -> Result<WorkbenchView, AppError> {
    let (saved, name, view_only) = state.with_vault(|v| {
        let saved = v.open_reconciliation(&id, Utc::now())?;
        let name = v.client_detail(&saved.summary.client_id)?.name;
        let view_only = v.session().require(Action::Reconcile).is_err();
        Ok((saved, name, view_only))
    })?;
    let s = saved.summary;
    let open = OpenWorkbench {
        bank_file: s.bank_file,
        ledger_file: s.ledger_file,
        workbench: saved.workbench,
        client_id: Some(s.client_id),
        client_name: Some(name),
        saved: Some(SavedRef {
            id: s.id,
            revision: s.revision,
            status: s.status,
        }),
        sources: None,
        view_only,
    };
    let v = view(&open);
    *state.workbench() = Some(open);
    Ok(v)
}

/// Deletes a saved draft. If it is the open workbench, the workbench stays open, unsaved.
#[tauri::command]
#[specta::specta]
pub fn reconcile_delete(state: State<'_, AppState>, id: String) -> Result<(), AppError> {
    state.with_vault(|v| v.delete_reconciliation(&id, Utc::now()))?;
    if let Some(open) = state.workbench().as_mut() {
        if open.saved.as_ref().is_some_and(|s| s.id == id) {
            open.saved = None;
        }
    }
    Ok(())
}
