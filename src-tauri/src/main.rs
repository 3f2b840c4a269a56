//! The Ledgerlock desktop app. Everything happens in [`ledgerlock_app::run`].

// Prevents an extra console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    ledgerlock_app::run()
}
