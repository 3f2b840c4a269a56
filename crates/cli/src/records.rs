//! `records verify-certificate`: checks a destruction certificate's verification code against
//! the vault's audit log. Signs in as an auditor or administrator; the password comes from
//! `LEDGERLOCK_PASSWORD` or standard input, never from the command line.

use std::io::Write;
use std::path::Path;

use chrono::Utc;
use clap::Subcommand;
use ledgerlock_core::vault::{KeyStore, Vault, VaultFiles};
use ledgerlock_core::CoreError;

use crate::Secrets;

/// `records` subcommands.
#[derive(Debug, Subcommand)]
pub enum RecordsCommand {
    /// Check a destruction certificate (销毁证明) against the audit log; exit code 1 if it
    /// does not verify.
    VerifyCertificate {
        /// The certificate number, e.g. XH-2026-0001.
        #[arg(long)]
        number: String,
        /// The verification code printed on the certificate (spaces and case do not matter).
        #[arg(long)]
        code: String,
        /// The user to sign in as (auditor or administrator).
        #[arg(long)]
        user: String,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

/// Runs a `records` subcommand; `Ok(false)` when the certificate does not verify.
pub fn run(
    command: &RecordsCommand,
    data_dir: &Path,
    keystore: &dyn KeyStore,
    secrets: &mut dyn Secrets,
    out: &mut impl Write,
) -> Result<bool, CoreError> {
    let RecordsCommand::VerifyCertificate {
        number,
        code,
        user,
        json,
    } = command;
    let password =
        secrets
            .secret("LEDGERLOCK_PASSWORD")
            .ok_or_else(|| CoreError::InvalidInput {
                field: "password".to_owned(),
                reason: "required".to_owned(),
            })?;
    let files = VaultFiles::in_dir(data_dir);
    let mut vault = Vault::unlock(&files, keystore, user, &password, Utc::now())?;
    let check = vault.verify_certificate(number, code, Utc::now());
    vault.lock("cli", Utc::now())?;
    let check = check?;
    let io = |e: std::io::Error| CoreError::io("stdout", e);
    if *json {
        serde_json::to_writer_pretty(&mut *out, &check).map_err(|e| io(e.into()))?;
        writeln!(out).map_err(io)?;
    } else if check.valid {
        writeln!(
            out,
            "certificate {number}: VALID — the code is the audit-log checkpoint of its execution and the chain is intact"
        )
        .map_err(io)?;
    } else {
        let why = if !check.found {
            "no destruction list has this number"
        } else if !check.code_matches {
            "the code does not match the certificate's checkpoint"
        } else if !check.in_log {
            "the audit log has no execution entry with this code"
        } else {
            "the audit log is broken before the execution entry"
        };
        writeln!(out, "certificate {number}: NOT VALID — {why}").map_err(io)?;
    }
    Ok(check.valid)
}
