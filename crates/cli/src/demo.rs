//! `ledgerlock-cli demo --clients N`: fills an existing vault with fictional demo clients
//! (administrators only). Logs in with this computer's keychain key; the password comes from
//! `$LEDGERLOCK_PASSWORD` or the first line of standard input, never from an argument (it
//! would stay in the shell history).

use std::io::{BufRead, Write};
use std::path::Path;

use chrono::Utc;
use clap::Args;
use ledgerlock_core::clients::demo::{DEMO_TAG, MAX_DEMO_CLIENTS};
use ledgerlock_core::vault::{OsKeyStore, Vault, VaultFiles};
use ledgerlock_core::CoreError;

/// Environment variable holding the password for unattended use.
pub const PASSWORD_ENV: &str = "LEDGERLOCK_PASSWORD";

/// Arguments of `demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How many clients to create.
    #[arg(long, value_name = "N", default_value_t = 50,
          value_parser = clap::value_parser!(u32).range(1..=i64::try_from(MAX_DEMO_CLIENTS).unwrap_or(5000)))]
    clients: u32,
    /// Seed: the same seed gives the same clients.
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// An administrator's username.
    #[arg(long)]
    username: String,
}

/// Runs `demo`.
pub fn run(args: &DemoArgs, data_dir: &Path, out: &mut impl Write) -> Result<(), CoreError> {
    let files = VaultFiles::in_dir(data_dir);
    if !files.database().exists() {
        return Err(CoreError::VaultAbsent);
    }
    let password = match std::env::var(PASSWORD_ENV) {
        Ok(p) if !p.is_empty() => p,
        _ => {
            let mut line = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut line)
                .map_err(|e| CoreError::io("stdin", e))?;
            line.trim_end_matches(['\r', '\n']).to_owned()
        }
    };
    let keystore = OsKeyStore::new(OsKeyStore::SERVICE);
    let now = Utc::now();
    let mut vault = Vault::unlock(&files, &keystore, &args.username, &password, now)?;
    let count = usize::try_from(args.clients).unwrap_or(0);
    let result = vault.fill_demo_clients(args.seed, count, now);
    vault.lock("cli", Utc::now())?;
    let ids = result?;
    writeln!(
        out,
        "created {} demo clients (tag {DEMO_TAG}, seed {})",
        ids.len(),
        args.seed
    )
    .map_err(|e| CoreError::io("stdout", e))
}
