//! The vault header: the vault's id, and its key wrapped twice — by the key in the OS
//! keychain and by the recovery code. Kept in `meta.header` with a SHA-256 checksum beside it,
//! so damage to the header is told apart from a wrong key.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::db::sql;
use super::recovery::KdfParams;
use crate::error::{CoreError, CoreResult};

/// The header's format version.
pub const FORMAT: u32 = 1;

/// The vault header (no secret in clear: both wraps are AES-256-GCM ciphertexts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// Header format.
    pub format: u32,
    /// The vault's random id (UUID).
    pub vault_id: String,
    /// When the vault was created (RFC 3339, UTC).
    pub created_at: String,
    /// The vault key sealed with the keychain key (hex).
    pub keychain_wrap: String,
    /// The vault key sealed with the recovery code's key (hex).
    pub recovery_wrap: String,
    /// Argon2id salt for the recovery code (hex).
    pub recovery_salt: String,
    /// Argon2id parameters for the recovery code.
    pub kdf: KdfParams,
}

fn damaged() -> CoreError {
    CoreError::VaultDamaged {
        part: "header".to_owned(),
    }
}

/// Writes the header and its checksum (inside the caller's transaction).
pub fn write(conn: &Connection, header: &Header) -> CoreResult<()> {
    let bytes = serde_json::to_vec(header).map_err(|e| CoreError::Storage(e.to_string()))?;
    let sum = Sha256::digest(&bytes).to_vec();
    for (key, value) in [("header", bytes), ("header_sum", sum)] {
        conn.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )
        .map_err(sql("header"))?;
    }
    Ok(())
}

/// Reads the header, refusing it if missing, damaged or of an unknown format.
pub fn read(conn: &Connection) -> CoreResult<Header> {
    let get = |key: &str| -> CoreResult<Option<Vec<u8>>> {
        conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()
            .map_err(sql("header"))
    };
    let (Some(bytes), Some(sum)) = (get("header")?, get("header_sum")?) else {
        return Err(damaged());
    };
    if Sha256::digest(&bytes).as_slice() != sum.as_slice() {
        return Err(damaged());
    }
    let header: Header = serde_json::from_slice(&bytes).map_err(|_| damaged())?;
    if header.format != FORMAT || !header.kdf.meets_minimum() {
        return Err(damaged());
    }
    Ok(header)
}

/// The keychain account name for a vault.
#[must_use]
pub fn keychain_account(vault_id: &str) -> String {
    format!("vault:{vault_id}")
}
