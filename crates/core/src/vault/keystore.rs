//! The OS keychain, behind a small trait so tests can also use an in-memory store.
//!
//! Each platform's real store is enabled explicitly in `Cargo.toml` (Windows Credential
//! Manager, macOS Keychain, Linux Secret Service): keyring 3.x would otherwise fall back to
//! a mock that forgets everything. [`OsKeyStore::check_persists`] proves at start-up that a
//! written canary reads back through a fresh handle.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use rand_core::{OsRng, RngCore};
use zeroize::Zeroizing;

#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
compile_error!("Ledgerlock needs a real OS keychain and has none configured for this target");

/// Why the keychain could not be used. Messages carry no secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyStoreError {
    /// No keychain service answered (e.g. no Secret Service on a headless Linux).
    #[error("the OS keychain is not available: {0}")]
    Unavailable(String),
    /// The keychain refused access (locked, or the user denied it).
    #[error("the OS keychain refused access: {0}")]
    Denied(String),
    /// A canary written to the keychain did not read back: it does not persist.
    #[error("the OS keychain does not keep what is written to it")]
    NotPersistent,
}

/// A place to keep small secrets, by account name.
pub trait KeyStore: Send + Sync {
    /// Reads the secret for `account`; `None` if there is no entry.
    fn get(&self, account: &str) -> Result<Option<Zeroizing<Vec<u8>>>, KeyStoreError>;
    /// Writes (or replaces) the secret for `account`.
    fn set(&self, account: &str, secret: &[u8]) -> Result<(), KeyStoreError>;
    /// Removes the entry for `account` (no error if absent).
    fn delete(&self, account: &str) -> Result<(), KeyStoreError>;

    /// Writes a random canary under a random account name, reads it back and removes it.
    /// The name is unique per check, so that two processes checking at once (the app and
    /// the CLI, or parallel tests) never read or delete each other's canary.
    fn check_persists(&self) -> Result<(), KeyStoreError> {
        let mut canary = Zeroizing::new([0u8; 16]);
        OsRng.fill_bytes(canary.as_mut());
        let mut tag = [0u8; 8];
        OsRng.fill_bytes(&mut tag);
        let account = format!(
            "ledgerlock-canary-{}",
            tag.iter().map(|b| format!("{b:02x}")).collect::<String>()
        );
        self.set(&account, canary.as_ref())?;
        let back = self.get(&account)?;
        let _ = self.delete(&account);
        match back {
            Some(value) if value.as_slice() == canary.as_ref() => Ok(()),
            _ => Err(KeyStoreError::NotPersistent),
        }
    }
}

/// The operating system's keychain, under one service name.
#[derive(Debug, Clone)]
pub struct OsKeyStore {
    service: String,
}

impl OsKeyStore {
    /// The service name the app uses.
    pub const SERVICE: &'static str = "com.ledgerlock.app";

    /// The keychain under `service`.
    #[must_use]
    pub fn new(service: &str) -> Self {
        Self {
            service: service.to_owned(),
        }
    }

    fn entry(&self, account: &str) -> Result<keyring::Entry, KeyStoreError> {
        keyring::Entry::new(&self.service, account).map_err(map_keyring)
    }
}

fn map_keyring(err: keyring::Error) -> KeyStoreError {
    match err {
        keyring::Error::NoStorageAccess(e) => KeyStoreError::Denied(e.to_string()),
        keyring::Error::PlatformFailure(e) => KeyStoreError::Unavailable(e.to_string()),
        other => KeyStoreError::Unavailable(other.to_string()),
    }
}

impl KeyStore for OsKeyStore {
    fn get(&self, account: &str) -> Result<Option<Zeroizing<Vec<u8>>>, KeyStoreError> {
        match self.entry(account)?.get_secret() {
            Ok(secret) => Ok(Some(Zeroizing::new(secret))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(map_keyring(e)),
        }
    }

    fn set(&self, account: &str, secret: &[u8]) -> Result<(), KeyStoreError> {
        self.entry(account)?.set_secret(secret).map_err(map_keyring)
    }

    fn delete(&self, account: &str) -> Result<(), KeyStoreError> {
        match self.entry(account)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(map_keyring(e)),
        }
    }
}

/// An in-memory store for tests and benchmarks. Clones share their entries, like two
/// handles on one keychain.
#[derive(Debug, Clone, Default)]
pub struct MemoryKeyStore {
    entries: Arc<Mutex<HashMap<String, Zeroizing<Vec<u8>>>>>,
}

impl MemoryKeyStore {
    /// An empty store.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }
}

impl KeyStore for MemoryKeyStore {
    fn get(&self, account: &str) -> Result<Option<Zeroizing<Vec<u8>>>, KeyStoreError> {
        let map = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(map.get(account).cloned())
    }

    fn set(&self, account: &str, secret: &[u8]) -> Result<(), KeyStoreError> {
        let mut map = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        map.insert(account.to_owned(), Zeroizing::new(secret.to_vec()));
        Ok(())
    }

    fn delete(&self, account: &str) -> Result<(), KeyStoreError> {
        let mut map = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        map.remove(account);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_store_round_trip_and_shared_clones() {
        let a = MemoryKeyStore::new();
        let b = a.clone();
        a.set("x", b"secret").unwrap();
        assert_eq!(b.get("x").unwrap().unwrap().as_slice(), b"secret");
        b.delete("x").unwrap();
        assert!(a.get("x").unwrap().is_none());
        a.check_persists().unwrap();
    }
}
