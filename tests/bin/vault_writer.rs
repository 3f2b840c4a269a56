//! Writes to a vault in a loop until killed: `vault-writer DATA_DIR KEYSTORE_DIR`.
//! Used by the kill -9 test; prints `ready` after its first committed write.

#![allow(clippy::print_stdout, clippy::exit)] // a test helper process: prints `ready`, exits with codes

use std::io::Write;

use chrono::Utc;
use ledgerlock_core::vault::{Vault, VaultFiles};
use ledgerlock_tests::{FolderKeyStore, ADMIN};

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(data), Some(keys)) = (args.next(), args.next()) else {
        std::process::exit(2);
    };
    let files = VaultFiles::in_dir(std::path::Path::new(&data));
    let store = FolderKeyStore::new(std::path::Path::new(&keys));
    let Ok(mut vault) = Vault::unlock(&files, &store, ADMIN.0, ADMIN.1, Utc::now()) else {
        std::process::exit(3);
    };
    let mut first = true;
    for i in 0u64.. {
        let Ok(mut settings) = vault.settings() else {
            std::process::exit(4);
        };
        settings.auto_lock_minutes = u32::try_from(i % 200 + 1).unwrap_or(10);
        if vault.update_settings(&settings, Utc::now()).is_err() {
            std::process::exit(5);
        }
        if first {
            println!("ready");
            let _ = std::io::stdout().flush();
            first = false;
        }
    }
}
