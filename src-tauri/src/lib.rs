//! Ledgerlock's Tauri shell: it adapts and holds state; every rule lives in
//! `ledgerlock-core`.
//!
//! - [`commands`]: the one list of IPC commands, each a one-line adapter into the core.
//! - [`state`]: what the running app holds (the data folder; the open vault once unlocked).

pub mod commands;
pub mod state;

use std::process::ExitCode;

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

    let specta = commands::specta_builder();
    let result = tauri::Builder::default()
        .manage(state::AppState::new(data_dir))
        .invoke_handler(specta.invoke_handler())
        .run(tauri::generate_context!());
    match result {
        Ok(()) => ExitCode::SUCCESS,
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
