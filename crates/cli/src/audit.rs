//! `ledgerlock-cli audit verify`: checks the audit chain of the vault in the data folder with
//! this computer's keychain key, without logging in and without writing anything. It shows
//! only the chain's state, never an entry's details.

use std::io::Write;
use std::path::Path;

use clap::Subcommand;
use ledgerlock_core::vault::{verify_offline, AuditProblem, OsKeyStore, VaultFiles};
use ledgerlock_core::CoreError;

/// `audit` subcommands.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Verify the hash chain and its anchor; exit code 1 if broken.
    Verify {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

/// Runs an `audit` subcommand; `Ok(false)` when the chain is broken.
pub fn run(
    command: &AuditCommand,
    data_dir: &Path,
    out: &mut impl Write,
) -> Result<bool, CoreError> {
    match command {
        AuditCommand::Verify { json } => {
            let keystore = OsKeyStore::new(OsKeyStore::SERVICE);
            let report = verify_offline(&VaultFiles::in_dir(data_dir), &keystore)?;
            let write = |out: &mut dyn Write| -> std::io::Result<()> {
                if *json {
                    serde_json::to_writer_pretty(&mut *out, &report)?;
                    writeln!(out)
                } else if report.intact {
                    writeln!(out, "audit log intact: {} entries", report.entries)?;
                    writeln!(out, "checkpoint: {}", report.head)
                } else {
                    let problem = match report.problem {
                        Some(AuditProblem::Edited) => "an entry was changed",
                        Some(AuditProblem::Missing) => "an entry is missing",
                        Some(AuditProblem::Truncated) => "entries were cut off the end",
                        Some(AuditProblem::AnchorDamaged) | None => "the anchor is damaged",
                    };
                    writeln!(
                        out,
                        "audit log BROKEN at entry {}: {problem}",
                        report.first_broken.unwrap_or(0)
                    )
                }
            };
            write(out).map_err(|e| CoreError::io("stdout", e))?;
            Ok(report.intact)
        }
    }
}
