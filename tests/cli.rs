//! The command-line tool, driven as a script would drive it.

// Integration tests: a failed unwrap or index here is a failed test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::process::ExitCode;

use ledgerlock_tests::run_cli;

#[test]
fn version_prints_the_crate_version() {
    let run = run_cli(&["--version"], None);
    assert_eq!(run.code, ExitCode::SUCCESS);
    assert_eq!(
        run.stdout.trim(),
        format!("ledgerlock-cli {}", ledgerlock_core::VERSION)
    );
}

#[test]
fn help_lists_the_commands() {
    let run = run_cli(&["--help"], None);
    assert_eq!(run.code, ExitCode::SUCCESS);
    assert!(
        run.stdout.contains("Usage: ledgerlock-cli"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("status"), "{}", run.stdout);
}

#[test]
fn unknown_command_fails_with_usage_on_stderr() {
    let run = run_cli(&["frobnicate"], None);
    assert_eq!(run.code, ExitCode::from(2));
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("frobnicate"), "{}", run.stderr);
}

#[test]
fn status_on_a_fresh_folder_reports_no_vault() {
    let tmp = tempfile::tempdir().unwrap();
    let run = run_cli(&["status", "--json"], Some(tmp.path()));
    assert_eq!(run.code, ExitCode::SUCCESS, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["vault"], "absent");
    assert_eq!(json["dataDir"], tmp.path().display().to_string());
}

#[test]
fn data_dir_flag_overrides_the_environment() {
    let env_dir = tempfile::tempdir().unwrap();
    let flag_dir = tempfile::tempdir().unwrap();
    let flag = flag_dir.path().display().to_string();
    let run = run_cli(&["status", "--data-dir", &flag], Some(env_dir.path()));
    assert_eq!(run.code, ExitCode::SUCCESS, "{}", run.stderr);
    assert!(run.stdout.contains(&flag), "{}", run.stdout);
    assert!(run.stdout.contains("vault: not set up"), "{}", run.stdout);
}

#[test]
fn audit_verify_without_a_vault_fails_clearly() {
    let tmp = tempfile::tempdir().unwrap();
    let run = run_cli(&["audit", "verify"], Some(tmp.path()));
    assert_eq!(run.code, ExitCode::FAILURE);
    assert!(run.stderr.contains("no vault"), "{}", run.stderr);
}

#[test]
fn demo_without_a_vault_fails_clearly() {
    let tmp = tempfile::tempdir().unwrap();
    let run = run_cli(
        &["demo", "--clients", "5", "--username", "admin"],
        Some(tmp.path()),
    );
    assert_eq!(run.code, ExitCode::FAILURE);
    assert!(run.stderr.contains("no vault"), "{}", run.stderr);
}
