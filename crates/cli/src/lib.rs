//! The command-line tool on Ledgerlock's core.
//!
//! Kept as a library with a one-line `main`, so that integration tests drive the real
//! argument parsing and output without spawning processes. Subcommands: `status`, `audit`,
//! `reconcile`, `backup`, `demo`, `records verify-certificate`.

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

mod audit;
mod backup;
mod demo;
mod reconcile;
mod records;

use clap::{Parser, Subcommand};
use ledgerlock_core::vault::{KeyStore, OsKeyStore, Zeroizing};
use ledgerlock_core::{paths, status, CoreError};

/// Where the CLI reads secrets: never from its arguments.
pub trait Secrets {
    /// The secret named by the environment variable `env` (`LEDGERLOCK_PASSWORD`,
    /// `LEDGERLOCK_RECOVERY_CODE`), or else the next line of standard input.
    fn secret(&mut self, env: &str) -> Option<Zeroizing<String>>;
}

/// Secrets from the process environment, then from standard input.
#[derive(Debug, Default)]
pub struct StdSecrets;

impl Secrets for StdSecrets {
    fn secret(&mut self, env: &str) -> Option<Zeroizing<String>> {
        if let Ok(value) = std::env::var(env) {
            return Some(Zeroizing::new(value));
        }
        let mut line = Zeroizing::new(String::new());
        std::io::stdin().read_line(&mut line).ok()?;
        let trimmed = Zeroizing::new(line.trim_end_matches(['\r', '\n']).to_owned());
        (!trimmed.is_empty()).then_some(trimmed)
    }
}

/// 账安 Ledgerlock — encrypted client records and account cleanup for accounting firms.
#[derive(Debug, Parser)]
#[command(name = "ledgerlock-cli", version, about, long_about = None)]
struct Cli {
    /// Data folder (default: the OS app-data folder, or $LEDGERLOCK_DATA_DIR).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<OsString>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Show the version, the data folder and whether a vault exists.
    Status {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Check the vault's audit log.
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// Reconcile a bank statement against the ledger (银行存款余额调节表).
    Reconcile(reconcile::ReconcileArgs),
    /// Encrypted backups: create, verify, restore, list.
    #[command(subcommand)]
    Backup(backup::BackupCommand),
    /// Fill an existing vault with fictional demo clients (administrators; password from
    /// $LEDGERLOCK_PASSWORD or the first line of standard input).
    Demo(demo::DemoArgs),
    /// Records: check a destruction certificate against the audit log.
    #[command(subcommand)]
    Records(records::RecordsCommand),
}

/// Runs the CLI with `args` (including the program name); `env_data_dir` is the value of
/// `LEDGERLOCK_DATA_DIR`. Writes to `out` and `err` and returns the process exit code.
pub fn run(
    args: impl IntoIterator<Item = impl Into<OsString> + Clone>,
    env_data_dir: Option<OsString>,
    out: &mut impl Write,
    err: &mut impl Write,
) -> ExitCode {
    let keystore = OsKeyStore::new(OsKeyStore::SERVICE);
    run_with(args, env_data_dir, &keystore, &mut StdSecrets, out, err)
}

/// [`run`] with the keychain and the source of secrets given (tests use an in-memory
/// keychain and canned secrets).
pub fn run_with(
    args: impl IntoIterator<Item = impl Into<OsString> + Clone>,
    env_data_dir: Option<OsString>,
    keystore: &dyn KeyStore,
    secrets: &mut dyn Secrets,
    out: &mut impl Write,
    err: &mut impl Write,
) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version arrive here as "errors" that print to stdout.
            let target: &mut dyn Write = if e.use_stderr() { err } else { out };
            let _ = write!(target, "{}", e.render());
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match execute(cli, env_data_dir, keystore, secrets, out, err) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn execute(
    cli: Cli,
    env_data_dir: Option<OsString>,
    keystore: &dyn KeyStore,
    secrets: &mut dyn Secrets,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<(), CliError> {
    let data_dir = paths::resolve_data_dir(cli.data_dir.or(env_data_dir))?;
    match cli.command {
        Command::Backup(command) => backup::run(&command, &data_dir, keystore, secrets, out)?,
        Command::Audit(command) => {
            if !audit::run(&command, &data_dir, out)? {
                return Err(CliError::AuditBroken);
            }
        }
        Command::Reconcile(args) => {
            reconcile::run(&args, &data_dir, out, err).map_err(CliError::Reconcile)?;
        }
        Command::Demo(args) => demo::run(&args, &data_dir, out)?,
        Command::Records(command) => {
            if !records::run(&command, &data_dir, keystore, secrets, out)? {
                return Err(CliError::CertificateInvalid);
            }
        }
        Command::Status { json } => {
            let status = status::app_status(&data_dir, false);
            if json {
                serde_json::to_writer_pretty(&mut *out, &status)?;
                writeln!(out)?;
            } else {
                writeln!(out, "Ledgerlock {}", status.version)?;
                writeln!(out, "data folder: {}", status.data_dir)?;
                writeln!(out, "vault: {}", vault_word(status.vault))?;
            }
        }
    }
    Ok(())
}

fn vault_word(state: ledgerlock_core::vault::VaultState) -> &'static str {
    use ledgerlock_core::vault::VaultState;
    match state {
        VaultState::Absent => "not set up",
        VaultState::Locked => "locked",
        VaultState::Unlocked => "unlocked",
    }
}

/// Errors of the CLI's own plumbing, around the core's errors.
#[derive(Debug)]
enum CliError {
    Core(CoreError),
    Output(String),
    Reconcile(String),
    AuditBroken,
    CertificateInvalid,
}

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Core(e) => write!(f, "{e}"),
            Self::Output(e) => write!(f, "cannot write output: {e}"),
            Self::Reconcile(e) => write!(f, "{e}"),
            Self::AuditBroken => write!(f, "the audit log failed verification"),
            Self::CertificateInvalid => write!(f, "the certificate does not verify"),
        }
    }
}

impl From<CoreError> for CliError {
    fn from(e: CoreError) -> Self {
        Self::Core(e)
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        Self::Output(e.to_string())
    }
}

impl From<serde_json::Error> for CliError {
    fn from(e: serde_json::Error) -> Self {
        Self::Output(e.to_string())
    }
}
