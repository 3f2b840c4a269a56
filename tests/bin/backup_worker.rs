//! Makes backups or restores in a loop until killed, for the kill -9 tests:
//! `backup-worker backup DATA_DIR KEYSTORE_DIR BACKUP_DIR` or
//! `backup-worker restore DATA_DIR KEYSTORE_DIR BACKUP_FILE`.
//! Prints `ready` once it has started its first round.

#![allow(clippy::print_stdout, clippy::exit)] // a test helper process: prints `ready`, exits with codes

use std::io::Write;
use std::path::Path;

use chrono::Utc;
use ledgerlock_core::vault::{backup, Vault, VaultFiles};
use ledgerlock_tests::{FolderKeyStore, ADMIN};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [mode, data, keys, target] = args.as_slice() else {
        std::process::exit(2);
    };
    let files = VaultFiles::in_dir(Path::new(data));
    let store = FolderKeyStore::new(Path::new(keys));
    let mut first = true;
    loop {
        let Ok(mut vault) = Vault::unlock(&files, &store, ADMIN.0, ADMIN.1, Utc::now()) else {
            std::process::exit(3);
        };
        if first {
            println!("ready");
            let _ = std::io::stdout().flush();
            first = false;
        }
        match mode.as_str() {
            "backup" => {
                if vault.create_backup(Path::new(target), Utc::now()).is_err() {
                    std::process::exit(4);
                }
                let _ = vault.lock("test", Utc::now());
            }
            "restore" => {
                if vault
                    .restore_backup(&store, Path::new(target), None, Utc::now())
                    .is_err()
                {
                    std::process::exit(5);
                }
                let _ = backup::confirm_restore(&files);
            }
            _ => std::process::exit(2),
        }
    }
}
