//! The one list of IPC commands. It feeds the Tauri invoke handler and the generated
//! TypeScript bindings (`ui/src/lib/bindings.ts`), so the two cannot drift; a test below
//! fails when the committed bindings are stale.
//!
//! Each command is a one-line adapter: call the core, convert the error. Errors cross as
//! `AppError` (a stable code plus parameters), never as strings. Role checks happen in the
//! core, on the vault's session.

// Tauri hands `State` and arguments to commands by value; there is nothing to borrow instead.
#![allow(clippy::needless_pass_by_value)]

mod audit;
mod backup;
mod clients;
mod compliance;
mod lifecycle;
pub mod reconciliation;
mod reconciliation_mapping;
mod reconciliation_saved;
mod records;
mod session;
mod settings;
mod status;
mod users;

/// Builds the command list shared by the invoke handler and the bindings export.
#[must_use]
pub fn specta_builder() -> tauri_specta::Builder<tauri::Wry> {
    tauri_specta::Builder::<tauri::Wry>::new()
        .commands(tauri_specta::collect_commands![
            status::app_status,
            status::password_rules,
            session::setup_vault,
            session::confirm_recovery_code,
            session::save_recovery_sheet,
            session::rotate_recovery_code,
            session::unlock,
            session::unlock_with_recovery,
            session::lock,
            session::heartbeat,
            audit::audit_entries,
            audit::verify_audit,
            settings::get_settings,
            settings::update_settings,
            users::list_users,
            users::create_user,
            users::set_user_disabled,
            users::reset_password,
            users::assign_clients,
            users::change_own_password,
            clients::search_clients,
            clients::create_client,
            clients::client_detail,
            clients::reveal_field,
            clients::update_client,
            clients::client_history,
            clients::pending_changes,
            clients::review_change,
            clients::verify_client,
            reconciliation::reconcile_start,
            reconciliation::reconcile_view,
            reconciliation::reconcile_progress,
            reconciliation::reconcile_reimport,
            reconciliation::reconcile_confirm,
            reconciliation::reconcile_reject,
            reconciliation::reconcile_manual,
            reconciliation::reconcile_unmatch,
            reconciliation::reconcile_undo,
            reconciliation::reconcile_difference,
            reconciliation::reconcile_export_pdf,
            reconciliation::reconcile_export_xlsx,
            reconciliation_saved::reconcile_save,
            reconciliation_saved::reconcile_saved_list,
            reconciliation_saved::reconcile_open,
            reconciliation_saved::reconcile_delete,
            clients::record_consent,
            clients::withdraw_consent,
            clients::client_consents,
            clients::add_document,
            clients::client_documents,
            clients::save_document,
            records::issue_agreement,
            records::client_agreements,
            records::set_agreement_status,
            records::renew_agreement,
            records::save_agreement_pdf,
            records::expiring_agreements,
            records::firm_profile,
            records::set_firm_profile,
            records::agreement_template,
            records::set_agreement_template,
            records::retention_schedule,
            records::set_retention_period,
            records::place_hold,
            records::lift_hold,
            records::client_holds,
            records::due_for_destruction,
            compliance::register_entries,
            compliance::register_entry,
            compliance::create_register_entry,
            compliance::update_register_entry,
            compliance::set_register_status,
            compliance::sharing_register,
            compliance::compliance_signals,
            compliance::compliance_trends,
            compliance::compliance_summary,
            compliance::save_compliance_report,
            compliance::save_register_export,
            compliance::privacy_notice,
            compliance::set_privacy_notice,
            compliance::save_privacy_notice,
            compliance::answer_deletion_request,
            records::draft_destruction_list,
            records::approve_destruction_list,
            records::supervise_destruction_list,
            records::execute_destruction_list,
            records::destruction_lists,
            records::save_destruction_certificate,
            records::verify_certificate,
            backup::backup_status,
            backup::backup_update_settings,
            backup::backup_pick_folder,
            backup::backup_pick_file,
            backup::backup_create,
            backup::backup_list,
            backup::backup_verify,
            backup::backup_preview,
            backup::backup_restore,
            backup::backup_preview_new_machine,
            backup::backup_restore_new_machine,
            backup::backup_confirm_restore,
            backup::backup_undo_restore,
            backup::restore_test,
            clients::share_client,
            clients::client_sharing_records,
            clients::fill_demo_clients,
            clients::preview_client_import,
            clients::import_clients,
            clients::client_access_export,
            clients::set_credit_assessment,
            lifecycle::client_lifecycle,
            lifecycle::engagement_end_summary,
            lifecycle::end_engagement,
            lifecycle::apply_deletion_request,
            lifecycle::open_storage_only_client,
            lifecycle::issue_retention_certificate,
            lifecycle::attach_signed_agreement,
        ])
        .error_handling(tauri_specta::ErrorHandlingMode::Result)
}

#[cfg(test)]
mod tests;
