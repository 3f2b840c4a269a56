//! Ledgerlock's Tauri shell: it adapts and holds state; every rule lives in
//! `ledgerlock-core`.
//!
//! - [`commands`]: the one list of IPC commands, each a one-line adapter into the core.
//! - [`state`]: what the running app holds (the data folder; the open vault once unlocked).

pub mod commands;
pub mod export;
pub mod state;

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use ledgerlock_core::vault::{KeyStore, OsKeyStore};
use tauri::Manager;

/// How often the idle check runs.
const AUTO_LOCK_TICK: Duration = Duration::from_secs(5);

/// Locks the vault when it has been idle longer than its setting (the UI notices on its next
/// status poll and shows the login screen), and runs scheduled backups and restore tests
/// while it is unlocked.
fn start_auto_lock(app: tauri::AppHandle) {
    std::thread::spawn(move || loop {
        std::thread::sleep(AUTO_LOCK_TICK);
        let state = app.state::<state::AppState>();
        if !state.lock_if_idle(chrono::Utc::now()) {
            state.run_scheduled_backups(chrono::Utc::now());
        }
    });
}

/// Starts the app and blocks until its window closes.
// `generate_context!` expands to code that may call `process::exit`; that is Tauri's own.
#[allow(clippy::exit)]
pub fn run() -> ExitCode {
    let data_dir = match ledgerlock_core::paths::resolve_data_dir(std::env::var_os(
        ledgerlock_core::paths::DATA_DIR_ENV,
    ))
    .and_then(|dir| ledgerlock_core::paths::ensure_data_dir(&dir).map(|()| dir))
    {
        Ok(dir) => dir,
        Err(e) => {
            report_fatal(&format!("cannot prepare the data folder: {e}"));
            return ExitCode::FAILURE;
        }
    };

    // The real OS keychain, checked with a canary: a keychain that does not keep what is
    // written to it is reported on the first screen instead of being trusted.
    let keystore = Arc::new(OsKeyStore::new(OsKeyStore::SERVICE));
    let keychain_problem = keystore.check_persists().err().map(|e| e.to_string());
    let state = state::AppState::new(data_dir, keystore, keychain_problem);

    let specta = commands::specta_builder();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .setup(|app| {
            start_auto_lock(app.handle().clone());
            Ok(())
        })
        .invoke_handler(specta.invoke_handler())
        .build(tauri::generate_context!());
    match result {
        Ok(app) => {
            app.run(|handle, event| {
                if let tauri::RunEvent::Exit = event {
                    handle
                        .state::<state::AppState>()
                        .backup_and_lock_on_exit(chrono::Utc::now());
                }
            });
            ExitCode::SUCCESS
        }
        Err(e) => {
            report_fatal(&format!("the app could not start: {e}"));
            ExitCode::FAILURE
        }
    }
}

/// Reports an error that stops the app before a window exists. Never carries secrets:
/// only paths and the framework's own message.
#[allow(clippy::print_stderr)]
fn report_fatal(message: &str) {
    eprintln!("ledgerlock: {message}");
}
