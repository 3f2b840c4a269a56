//! Builds the Tauri context and declares the app's own commands, so that each one must be
//! granted by a capability (`capabilities/main.json`); `src/commands/tests.rs` has a test that
//! this list matches the commands the app registers.

/// The app's commands, as registered in `src/commands/mod.rs`.
const COMMANDS: &[&str] = &[
    "app_status",
    "password_rules",
    "setup_vault",
    "confirm_recovery_code",
    "save_recovery_sheet",
    "rotate_recovery_code",
    "unlock",
    "unlock_with_recovery",
    "lock",
    "heartbeat",
    "audit_entries",
    "verify_audit",
    "get_settings",
    "update_settings",
    "list_users",
    "create_user",
    "set_user_disabled",
    "reset_password",
    "assign_clients",
    "change_own_password",
    "search_clients",
    "create_client",
    "client_detail",
    "reveal_field",
    "update_client",
    "client_history",
    "pending_changes",
    "review_change",
    "verify_client",
    "reconcile_start",
    "reconcile_view",
    "reconcile_progress",
    "reconcile_reimport",
    "reconcile_confirm",
    "reconcile_reject",
    "reconcile_manual",
    "reconcile_unmatch",
    "reconcile_undo",
    "reconcile_difference",
    "reconcile_export_pdf",
    "reconcile_export_xlsx",
    "reconcile_save",
    "reconcile_saved_list",
    "reconcile_open",
    "reconcile_delete",
    "record_consent",
    "withdraw_consent",
    "client_consents",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .unwrap_or_else(|e| {
        println!("cargo::error=tauri build configuration failed: {e:#}");
    });
}
