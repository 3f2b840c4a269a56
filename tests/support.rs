//! Helpers shared by the integration tests in this folder.

// Test support: a failed unwrap here is a failed test, not a crash in a user's hands.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::ffi::OsString;
use std::process::ExitCode;

/// What a CLI run printed and how it ended.
#[derive(Debug)]
pub struct CliRun {
    /// Exit code.
    pub code: ExitCode,
    /// Everything written to standard output.
    pub stdout: String,
    /// Everything written to standard error.
    pub stderr: String,
}

/// Runs `ledgerlock-cli` in-process with `args` and the data folder `data_dir`.
pub fn run_cli(args: &[&str], data_dir: Option<&std::path::Path>) -> CliRun {
    let mut argv: Vec<OsString> = vec!["ledgerlock-cli".into()];
    argv.extend(args.iter().map(OsString::from));
    let mut out = Vec::new();
    let mut err = Vec::new();
    let code = ledgerlock_cli::run(
        argv,
        data_dir.map(|d| d.as_os_str().to_owned()),
        &mut out,
        &mut err,
    );
    CliRun {
        code,
        stdout: String::from_utf8_lossy(&out).into_owned(),
        stderr: String::from_utf8_lossy(&err).into_owned(),
    }
}

/// Canned secrets for the CLI, handed out in order (as lines of standard input would be).
#[derive(Debug, Default)]
pub struct CannedSecrets(pub std::collections::VecDeque<String>);

impl ledgerlock_cli::Secrets for CannedSecrets {
    fn secret(&mut self, _env: &str) -> Option<ledgerlock_core::vault::Zeroizing<String>> {
        self.0
            .pop_front()
            .map(ledgerlock_core::vault::Zeroizing::new)
    }
}

/// Runs `ledgerlock-cli` in-process with a given keychain and secrets (in the order the
/// command asks for them).
pub fn run_cli_with(
    args: &[&str],
    data_dir: &std::path::Path,
    keystore: &dyn ledgerlock_core::vault::KeyStore,
    secrets: &[&str],
) -> CliRun {
    let mut argv: Vec<OsString> = vec!["ledgerlock-cli".into()];
    argv.extend(args.iter().map(OsString::from));
    let mut out = Vec::new();
    let mut err = Vec::new();
    let mut canned = CannedSecrets(secrets.iter().map(|s| (*s).to_owned()).collect());
    let code = ledgerlock_cli::run_with(
        argv,
        Some(data_dir.as_os_str().to_owned()),
        keystore,
        &mut canned,
        &mut out,
        &mut err,
    );
    CliRun {
        code,
        stdout: String::from_utf8_lossy(&out).into_owned(),
        stderr: String::from_utf8_lossy(&err).into_owned(),
    }
}

/// A key store kept in a folder, for tests that need two processes to share a "keychain".
/// Test-only: the app itself never writes a key to a plain file.
#[derive(Debug, Clone)]
pub struct FolderKeyStore {
    dir: std::path::PathBuf,
}

impl FolderKeyStore {
    /// A store in `dir`.
    pub fn new(dir: &std::path::Path) -> Self {
        std::fs::create_dir_all(dir).ok();
        Self {
            dir: dir.to_path_buf(),
        }
    }

    fn path(&self, account: &str) -> std::path::PathBuf {
        self.dir.join(account.replace([':', '/'], "_"))
    }
}

impl ledgerlock_core::vault::KeyStore for FolderKeyStore {
    fn get(
        &self,
        account: &str,
    ) -> Result<
        Option<ledgerlock_core::vault::Zeroizing<Vec<u8>>>,
        ledgerlock_core::vault::KeyStoreError,
    > {
        match std::fs::read(self.path(account)) {
            Ok(bytes) => Ok(Some(ledgerlock_core::vault::Zeroizing::new(bytes))),
            Err(_) => Ok(None),
        }
    }

    fn set(
        &self,
        account: &str,
        secret: &[u8],
    ) -> Result<(), ledgerlock_core::vault::KeyStoreError> {
        std::fs::write(self.path(account), secret)
            .map_err(|e| ledgerlock_core::vault::KeyStoreError::Unavailable(e.to_string()))
    }

    fn delete(&self, account: &str) -> Result<(), ledgerlock_core::vault::KeyStoreError> {
        let _ = std::fs::remove_file(self.path(account));
        Ok(())
    }
}

/// A fresh vault for tests: its folder, key store, and the administrator's credentials.
pub struct TestVault {
    /// Keeps the folder alive.
    pub dir: tempfile::TempDir,
    /// The vault's files.
    pub files: ledgerlock_core::vault::VaultFiles,
    /// The "keychain".
    pub keys: ledgerlock_core::vault::MemoryKeyStore,
    /// The recovery code as printed.
    pub recovery_code: String,
}

/// Administrator login used by [`new_vault`].
pub const ADMIN: (&str, &str) = ("wangfang", "correct horse 9");

/// Creates a vault with an administrator and returns it locked.
pub fn new_vault() -> TestVault {
    let dir = tempfile::tempdir().unwrap();
    let files = ledgerlock_core::vault::VaultFiles::in_dir(dir.path());
    let keys = ledgerlock_core::vault::MemoryKeyStore::new();
    let created = ledgerlock_core::vault::Vault::create(
        &files,
        &keys,
        &ledgerlock_core::vault::Setup {
            firm_name: "杭州明账财务咨询有限公司".to_owned(),
            admin: ledgerlock_core::vault::NewUser {
                username: ADMIN.0.to_owned(),
                display_name: "王会计".to_owned(),
                password: ADMIN.1.to_owned(),
            },
        },
        chrono::Utc::now(),
    )
    .unwrap();
    let recovery_code = created.recovery_code.display().to_string();
    created.vault.lock("test", chrono::Utc::now()).unwrap();
    TestVault {
        dir,
        files,
        keys,
        recovery_code,
    }
}

impl TestVault {
    /// Unlocks as the administrator.
    pub fn admin(&self) -> ledgerlock_core::vault::Vault {
        ledgerlock_core::vault::Vault::unlock(
            &self.files,
            &self.keys,
            ADMIN.0,
            ADMIN.1,
            chrono::Utc::now(),
        )
        .unwrap()
    }
}
