//! The keys an unlocked vault holds, all derived from the vault key, and the wrapping of
//! per-client data keys (so that destroying a client can destroy its key).

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::audit::AuditKeys;
use super::key::SecretKey;
use super::seal::{Place, SealError, Sealer};

/// Keys of an unlocked vault. Dropped (and zeroized) when the vault locks.
pub struct VaultKeys {
    vault_id: String,
    vault_key: SecretKey,
    sealer: Sealer,
    wrapper: Sealer,
    mac_key: SecretKey,
    index_key: SecretKey,
}

impl VaultKeys {
    /// Derives the working keys from the vault key.
    #[must_use]
    pub fn new(vault_id: &str, vault_key: &SecretKey) -> Self {
        Self {
            vault_id: vault_id.to_owned(),
            vault_key: vault_key.clone(),
            sealer: Sealer::new(&vault_key.derive("seal")),
            wrapper: Sealer::new(&vault_key.derive("wrap-client-keys")),
            mac_key: vault_key.derive("audit-mac"),
            index_key: vault_key.derive("index"),
        }
    }

    /// The vault key itself, for re-wrapping it (recovery-code rotation, keychain
    /// enrolment). Never stored or logged.
    #[must_use]
    pub fn vault_key(&self) -> &SecretKey {
        &self.vault_key
    }

    /// The vault's id.
    #[must_use]
    pub fn vault_id(&self) -> &str {
        &self.vault_id
    }

    /// Seals vault-level records (users, settings, audit details).
    #[must_use]
    pub fn sealer(&self) -> &Sealer {
        &self.sealer
    }

    /// The audit log's keys.
    #[must_use]
    pub fn audit(&self) -> AuditKeys<'_> {
        AuditKeys {
            sealer: &self.sealer,
            mac_key: &self.mac_key,
            vault_id: &self.vault_id,
        }
    }

    /// A keyed, non-reversible tag of `value` for lookups (e.g. usernames) without storing
    /// the value in clear.
    #[must_use]
    pub fn index_tag(&self, kind: &str, value: &str) -> Vec<u8> {
        // HMAC accepts keys of any length: construction cannot fail for a 32-byte key.
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(self.index_key.expose()) else {
            return Vec::new();
        };
        mac.update(kind.as_bytes());
        mac.update(&[0]);
        mac.update(value.as_bytes());
        mac.finalize().into_bytes().to_vec()
    }

    /// Wraps a client's data key for storage.
    pub fn wrap_client_key(
        &self,
        client_id: &str,
        version: u32,
        key: &SecretKey,
    ) -> Result<Vec<u8>, SealError> {
        self.wrapper
            .seal(&client_key_place(client_id, version), key.expose())
    }

    /// Unwraps a stored client data key.
    pub fn unwrap_client_key(
        &self,
        client_id: &str,
        version: u32,
        wrapped: &[u8],
    ) -> Result<SecretKey, SealError> {
        let plain = self
            .wrapper
            .open(&client_key_place(client_id, version), wrapped)?;
        SecretKey::from_slice(&plain).ok_or(SealError::Malformed)
    }
}

fn client_key_place(client_id: &str, version: u32) -> Place<'_> {
    Place {
        table: "client_keys",
        column: "key",
        row: client_id,
        key_version: version,
    }
}
