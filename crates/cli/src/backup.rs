//! `ledgerlock-cli backup create | verify | restore | list`.
//!
//! Secrets never come from the command line (it ends up in shell history and process
//! lists): the password comes from `LEDGERLOCK_PASSWORD` or the first line of standard input,
//! the recovery code from `LEDGERLOCK_RECOVERY_CODE` or the next line.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::Utc;
use clap::Subcommand;
use ledgerlock_core::vault::backup::{self, BackupKey, BackupReport};
use ledgerlock_core::vault::{KeyStore, Vault, VaultFiles};
use ledgerlock_core::CoreError;

use crate::Secrets;

/// `backup` subcommands.
#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// Make a backup now (and verify it); needs a login.
    Create {
        /// Folder to write to (default: the folder set in the app).
        #[arg(long, value_name = "DIR")]
        to: Option<PathBuf>,
        /// User to log in as (password from LEDGERLOCK_PASSWORD or stdin).
        #[arg(long)]
        user: String,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Verify a backup fully, apart from the live vault; exit code 1 if it fails.
    Verify {
        /// The backup file.
        file: PathBuf,
        /// Open it with the recovery code (LEDGERLOCK_RECOVERY_CODE or stdin) instead of this
        /// computer's keychain.
        #[arg(long)]
        recovery_code: bool,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Show what a backup holds; with --yes, restore it (the current vault is kept aside).
    Restore {
        /// The backup file.
        file: PathBuf,
        /// Administrator to log in as, when a vault exists here.
        #[arg(long)]
        user: Option<String>,
        /// Open it with the recovery code (needed on a new computer).
        #[arg(long)]
        recovery_code: bool,
        /// Really restore (without it, only the preview is shown).
        #[arg(long)]
        yes: bool,
        /// Delete the previous vault right away instead of keeping it aside.
        #[arg(long, requires = "yes")]
        discard_previous: bool,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// List the backups in a folder (from their headers; no key needed).
    List {
        /// The folder.
        dir: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

fn io(e: std::io::Error) -> CoreError {
    CoreError::io("stdout", e)
}

fn missing(what: &str) -> CoreError {
    CoreError::InvalidInput {
        field: what.to_owned(),
        reason: "required".to_owned(),
    }
}

fn print_report(out: &mut dyn Write, r: &BackupReport) -> std::io::Result<()> {
    writeln!(out, "file:        {}", r.file)?;
    writeln!(out, "created at:  {}", r.created_at)?;
    writeln!(out, "firm:        {}", r.firm_name)?;
    writeln!(out, "vault:       {}", r.vault_id)?;
    writeln!(
        out,
        "made by:     Ledgerlock {} (schema {})",
        r.app_version, r.schema_version
    )?;
    writeln!(
        out,
        "records:     {} clients, {} versions, {} consents, {} users, {} audit entries",
        r.counts.clients,
        r.counts.client_versions,
        r.counts.consents,
        r.counts.users,
        r.counts.audit_entries
    )?;
    if let Some(last) = &r.last_audit {
        writeln!(
            out,
            "last audit:  #{} {} at {}",
            last.seq, last.action, last.at
        )?;
    }
    writeln!(out, "size:        {} bytes", r.size)?;
    writeln!(out, "sha-256:     {}", r.content_digest)
}

fn emit(
    out: &mut dyn Write,
    json: bool,
    value: serde_json::Result<serde_json::Value>,
    text: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), CoreError> {
    if json {
        let value = value.map_err(|e| io(e.into()))?;
        serde_json::to_writer_pretty(&mut *out, &value).map_err(|e| io(e.into()))?;
        writeln!(out).map_err(io)
    } else {
        text(out).map_err(io)
    }
}

fn login(
    files: &VaultFiles,
    keystore: &dyn KeyStore,
    user: &str,
    secrets: &mut dyn Secrets,
) -> Result<Vault, CoreError> {
    let password = secrets
        .secret("LEDGERLOCK_PASSWORD")
        .ok_or_else(|| missing("password"))?;
    Vault::unlock(files, keystore, user, &password, Utc::now())
}

/// Runs a `backup` subcommand.
pub fn run(
    command: &BackupCommand,
    data_dir: &Path,
    keystore: &dyn KeyStore,
    secrets: &mut dyn Secrets,
    out: &mut dyn Write,
) -> Result<(), CoreError> {
    let files = VaultFiles::in_dir(data_dir);
    match command {
        BackupCommand::Create { to, user, json } => {
            let mut vault = login(&files, keystore, user, secrets)?;
            let folder = match to {
                Some(dir) => dir.clone(),
                None => vault
                    .backup_settings()?
                    .folder
                    .map(PathBuf::from)
                    .ok_or_else(|| missing("to"))?,
            };
            let result = vault.create_backup(&folder, Utc::now());
            vault.lock("cli", Utc::now())?;
            let report = result?;
            emit(out, *json, serde_json::to_value(&report), |out| {
                writeln!(out, "backup written and verified")?;
                print_report(out, &report)
            })
        }
        BackupCommand::Verify {
            file,
            recovery_code,
            json,
        } => {
            let code;
            let source = if *recovery_code {
                code = secrets
                    .secret("LEDGERLOCK_RECOVERY_CODE")
                    .ok_or_else(|| missing("recovery_code"))?;
                BackupKey::RecoveryCode(&code)
            } else {
                BackupKey::Keychain(keystore)
            };
            let scratch = scratch_dir(data_dir)?;
            let report = backup::verify_file(file, &source, &scratch)?;
            emit(out, *json, serde_json::to_value(&report), |out| {
                writeln!(out, "backup verified: intact")?;
                print_report(out, &report)
            })
        }
        BackupCommand::List { dir, json } => {
            let listing = backup::list(dir)?;
            emit(out, *json, serde_json::to_value(&listing), |out| {
                if listing.is_empty() {
                    writeln!(out, "no backups in {}", dir.display())?;
                }
                for l in &listing {
                    match &l.problem {
                        None => writeln!(
                            out,
                            "{}  {}  vault {}  schema {}  {} bytes",
                            l.created_at, l.file, l.vault_id, l.schema_version, l.size
                        )?,
                        Some(problem) => writeln!(out, "UNREADABLE ({problem})  {}", l.file)?,
                    }
                }
                Ok(())
            })
        }
        BackupCommand::Restore {
            file,
            user,
            recovery_code,
            yes,
            discard_previous,
            json,
        } => {
            let read_code = |secrets: &mut dyn Secrets| {
                secrets
                    .secret("LEDGERLOCK_RECOVERY_CODE")
                    .ok_or_else(|| missing("recovery_code"))
            };
            if !files.exists() {
                if !*recovery_code {
                    return Err(missing("recovery_code"));
                }
                let code = read_code(secrets)?;
                if !*yes {
                    let report = backup::preview(file, &BackupKey::RecoveryCode(&code))?;
                    return preview_only(out, *json, &report);
                }
                let outcome =
                    backup::restore_on_new_machine(&files, keystore, file, &code, Utc::now())?;
                return emit(out, *json, serde_json::to_value(&outcome), |out| {
                    writeln!(
                        out,
                        "restored; the key is enrolled in this computer's keychain"
                    )?;
                    print_report(out, &outcome.report)
                });
            }
            let user = user.as_deref().ok_or_else(|| missing("user"))?;
            // The password first, then (if asked for) the recovery code.
            let vault = login(&files, keystore, user, secrets)?;
            let code = if *recovery_code {
                Some(read_code(secrets)?)
            } else {
                None
            };
            let code = code.as_deref().map(|c| &**c);
            if !*yes {
                let report = vault.backup_preview(file, keystore, code);
                vault.lock("cli", Utc::now())?;
                return preview_only(out, *json, &report?);
            }
            let pending = match vault.prepare_restore(keystore, file, code, Utc::now()) {
                Ok(p) => p,
                Err(e) => {
                    vault.lock("cli", Utc::now())?;
                    return Err(e);
                }
            };
            let outcome = vault.finish_restore(pending, Utc::now())?;
            if *discard_previous {
                backup::confirm_restore(&files)?;
            }
            emit(out, *json, serde_json::to_value(&outcome), |out| {
                writeln!(out, "restored")?;
                print_report(out, &outcome.report)?;
                if outcome.reapplied_destructions > 0 {
                    writeln!(
                        out,
                        "destroyed clients erased again: {}",
                        outcome.reapplied_destructions
                    )?;
                }
                match (&outcome.previous, discard_previous) {
                    (Some(prev), false) => writeln!(
                        out,
                        "the previous vault is kept at {prev} until the restore is confirmed in the app"
                    ),
                    _ => Ok(()),
                }
            })
        }
    }
}

fn preview_only(out: &mut dyn Write, json: bool, report: &BackupReport) -> Result<(), CoreError> {
    emit(out, json, serde_json::to_value(report), |out| {
        writeln!(
            out,
            "this backup holds (nothing was changed; add --yes to restore):"
        )?;
        print_report(out, report)
    })
}

/// Where verification decrypts its scratch copy: the data folder (same protection as the
/// vault), created if needed.
fn scratch_dir(data_dir: &Path) -> Result<PathBuf, CoreError> {
    ledgerlock_core::paths::ensure_data_dir(data_dir)?;
    Ok(data_dir.to_path_buf())
}
