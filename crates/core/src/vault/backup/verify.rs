//! Verifying a backup apart from the live vault: decrypt into a scratch file (checking every
//! chunk and the content digest), then open that copy and check its structure
//! (`PRAGMA integrity_check`), its header, its audit chain against the head recorded in the
//! backup header, its record counts against the sealed manifest, and that every client's
//! key unwraps and its record opens.

use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::format::{self, damaged, BackupHeader, BackupManifest, LastAudit, RecordCounts};
use crate::error::{CoreError, CoreResult};
use crate::vault::key::SecretKey;
use crate::vault::keys::VaultKeys;
use crate::vault::keystore::KeyStore;
use crate::vault::recovery::{RecoveryCode, RecoveryCodeError};

/// How the vault key of a backup is reached.
pub enum BackupKey<'a> {
    /// The open vault's own key (same vault).
    Vault(&'a SecretKey),
    /// This computer's keychain entry for the backup's vault.
    Keychain(&'a dyn KeyStore),
    /// The recovery code as typed (another computer).
    RecoveryCode(&'a str),
}

impl std::fmt::Debug for BackupKey<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Vault(_) => "BackupKey::Vault",
            Self::Keychain(_) => "BackupKey::Keychain",
            Self::RecoveryCode(_) => "BackupKey::RecoveryCode",
        })
    }
}

impl BackupKey<'_> {
    /// A stable name for the audit log.
    #[must_use]
    pub fn via(&self) -> &'static str {
        match self {
            Self::Vault(_) => "vault_key",
            Self::Keychain(_) => "keychain",
            Self::RecoveryCode(_) => "recovery_code",
        }
    }
}

/// What a checked backup holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct BackupReport {
    /// The file.
    pub file: String,
    /// Size in bytes.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub size: u64,
    /// The backup's id.
    pub backup_id: String,
    /// The vault's id.
    pub vault_id: String,
    /// When the snapshot was taken.
    pub created_at: String,
    /// App version that wrote it.
    pub app_version: String,
    /// Schema version of the snapshot.
    pub schema_version: u32,
    /// Content digest (SHA-256, hex).
    pub content_digest: String,
    /// The firm's name.
    pub firm_name: String,
    /// Record counts.
    pub counts: RecordCounts,
    /// The last audit entry.
    pub last_audit: Option<LastAudit>,
}

impl BackupReport {
    pub(crate) fn new(path: &Path, header: &BackupHeader, manifest: BackupManifest) -> Self {
        Self {
            file: path.display().to_string(),
            size: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
            backup_id: header.backup_id.clone(),
            vault_id: header.vault_id.clone(),
            created_at: header.created_at.clone(),
            app_version: header.app_version.clone(),
            schema_version: header.schema_version,
            content_digest: header.content_digest.clone(),
            firm_name: manifest.firm_name,
            counts: manifest.counts,
            last_audit: manifest.last_audit,
        }
    }
}

/// Reads a backup's header without any key.
pub fn read_header_of(path: &Path) -> CoreResult<BackupHeader> {
    let file = std::fs::File::open(path).map_err(|e| CoreError::io(path, e))?;
    Ok(format::read_header(&mut BufReader::new(file))?.0)
}

/// Reaches the vault key of a backup.
pub(crate) fn vault_key_of(header: &BackupHeader, source: &BackupKey<'_>) -> CoreResult<SecretKey> {
    if header.vault_header.vault_id != header.vault_id {
        return Err(damaged("header"));
    }
    let key = match source {
        BackupKey::Vault(key) => (*key).clone(),
        BackupKey::Keychain(store) => {
            crate::vault::lifecycle::keychain_vault_key(&header.vault_header, *store)?
        }
        BackupKey::RecoveryCode(typed) => {
            let code = RecoveryCode::parse(typed).map_err(|e| match e {
                RecoveryCodeError::Checksum
                | RecoveryCodeError::Length
                | RecoveryCodeError::Character => CoreError::RecoveryCodeMistyped,
            })?;
            crate::vault::lifecycle::recover_vault_key(&header.vault_header, &code)?
        }
    };
    // The manifest proves the key belongs to this backup (a vault key of another vault fails).
    format::open_manifest(&format::backup_key(&key, &header.backup_id), header).map_err(|_| {
        match source {
            BackupKey::Vault(_) => CoreError::BackupDamaged {
                part: "other_vault".to_owned(),
            },
            BackupKey::Keychain(_) => CoreError::KeychainMismatch,
            BackupKey::RecoveryCode(_) => CoreError::RecoveryCodeWrong,
        }
    })?;
    Ok(key)
}

/// Header, manifest and key of a backup: what a preview shows, with no full decryption.
pub fn preview(path: &Path, source: &BackupKey<'_>) -> CoreResult<BackupReport> {
    let header = read_header_of(path)?;
    let key = vault_key_of(&header, source)?;
    let manifest = format::open_manifest(&format::backup_key(&key, &header.backup_id), &header)?;
    Ok(BackupReport::new(path, &header, manifest))
}

/// Removes a SQLite file and its side files when dropped.
pub(crate) struct Scratch(pub(crate) PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        crate::vault::lifecycle::remove_sqlite_files(&self.0);
    }
}

/// Decrypts the backup at `path` into the new file `dest`, checking the digest and length.
pub(crate) fn decrypt_to(
    path: &Path,
    vault_key: &SecretKey,
    dest: &Path,
) -> CoreResult<(BackupHeader, BackupManifest)> {
    let file = std::fs::File::open(path).map_err(|e| CoreError::io(path, e))?;
    let mut input = BufReader::with_capacity(format::CHUNK, file);
    let (header, hash) = format::read_header(&mut input)?;
    let backup_key = format::backup_key(vault_key, &header.backup_id);
    let manifest = format::open_manifest(&backup_key, &header)?;
    crate::vault::lifecycle::remove_sqlite_files(dest);
    let mut out = std::fs::File::create(dest).map_err(|e| format::io_err(dest, e))?;
    let mut digest = Sha256::new();
    let mut len = 0u64;
    format::read_chunks(&mut input, &backup_key, &hash, |chunk| {
        digest.update(chunk);
        len += chunk.len() as u64;
        out.write_all(chunk).map_err(|e| format::io_err(dest, e))
    })?;
    out.sync_all().map_err(|e| format::io_err(dest, e))?;
    if len != header.content_len
        || data_encoding::HEXLOWER.encode(&digest.finalize()) != header.content_digest
    {
        return Err(damaged("digest"));
    }
    Ok((header, manifest))
}

/// Counts of a vault database.
pub(crate) fn count(conn: &Connection) -> CoreResult<(RecordCounts, Option<LastAudit>)> {
    // A table an older schema does not have yet counts as empty.
    let n = |table: &str, filter: &str| -> CoreResult<u32> {
        let exists: bool = conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1)",
                [table],
                |r| r.get(0),
            )
            .map_err(crate::vault::db::sql("file"))?;
        if !exists {
            return Ok(0);
        }
        conn.query_row(&format!("SELECT COUNT(*) FROM {table} {filter}"), [], |r| {
            r.get::<_, u32>(0)
        })
        .map_err(crate::vault::db::sql("file"))
    };
    let counts = RecordCounts {
        clients: n("clients", "WHERE status != 'destroyed'")?,
        client_versions: n("client_versions", "")?,
        consents: n("consents", "")?,
        users: n("users", "")?,
        audit_entries: n("audit_log", "")?,
    };
    let last = conn
        .query_row(
            "SELECT seq, at, action FROM audit_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| {
                Ok(LastAudit {
                    seq: r.get(0)?,
                    at: r.get(1)?,
                    action: r.get(2)?,
                })
            },
        )
        .ok();
    Ok((counts, last))
}

/// Checks a decrypted snapshot fully (see the module's doc).
pub(crate) fn check_snapshot(
    db: &Path,
    vault_key: &SecretKey,
    header: &BackupHeader,
    manifest: &BackupManifest,
) -> CoreResult<()> {
    let conn = Connection::open_with_flags(
        db,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|_| damaged("integrity"))?;
    let result: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|_| damaged("integrity"))?;
    if result != "ok" {
        return Err(damaged("integrity"));
    }
    if crate::vault::schema::version(&conn)? != header.schema_version {
        return Err(damaged("integrity"));
    }
    let vault_header = crate::vault::header::read(&conn).map_err(|_| damaged("integrity"))?;
    if vault_header.vault_id != header.vault_id {
        return Err(damaged("integrity"));
    }
    let keys = VaultKeys::new(&header.vault_id, vault_key);
    let report = crate::vault::audit::verify(&conn, &keys.audit()).map_err(|_| damaged("audit"))?;
    if !report.intact
        || report.entries != header.audit_head.seq
        || (report.entries > 0 && report.head != header.audit_head.mac)
    {
        return Err(damaged("audit"));
    }
    let (counts, last) = count(&conn)?;
    if counts != manifest.counts || last != manifest.last_audit {
        return Err(damaged("counts"));
    }
    let settings =
        crate::vault::VaultSettings::load(&conn, &keys).map_err(|_| damaged("records"))?;
    if settings.firm_name != manifest.firm_name {
        return Err(damaged("records"));
    }
    check_clients(&conn, &keys)
}

/// Every client's key unwraps and its record opens.
fn check_clients(conn: &Connection, keys: &VaultKeys) -> CoreResult<()> {
    let mut stmt = conn
        .prepare(
            "SELECT c.id, c.data, k.key_version, k.wrapped
             FROM clients c JOIN client_keys k ON k.client_id = c.id",
        )
        .map_err(|_| damaged("records"))?;
    let mut rows = stmt.query([]).map_err(|_| damaged("records"))?;
    while let Some(row) = rows.next().map_err(|_| damaged("records"))? {
        let id: String = row.get(0).map_err(|_| damaged("records"))?;
        let data: Vec<u8> = row.get(1).map_err(|_| damaged("records"))?;
        let version: u32 = row.get(2).map_err(|_| damaged("records"))?;
        let wrapped: Vec<u8> = row.get(3).map_err(|_| damaged("records"))?;
        let key = keys
            .unwrap_client_key(&id, version, &wrapped)
            .map_err(|_| damaged("records"))?;
        crate::vault::Sealer::new(&key)
            .open(
                &crate::vault::Place {
                    table: "clients",
                    column: "data",
                    row: &id,
                    key_version: 1,
                },
                &data,
            )
            .map_err(|_| damaged("records"))?;
    }
    Ok(())
}

/// Verifies the backup at `path` fully, decrypting it into a scratch file in `scratch_dir`
/// that is removed afterwards. Nothing else is touched.
pub fn verify_file(
    path: &Path,
    source: &BackupKey<'_>,
    scratch_dir: &Path,
) -> CoreResult<BackupReport> {
    let header = read_header_of(path)?;
    let key = vault_key_of(&header, source)?;
    std::fs::create_dir_all(scratch_dir).map_err(|e| CoreError::io(scratch_dir, e))?;
    let scratch = Scratch(scratch_dir.join(format!(".verify-{}.sqlite3", uuid::Uuid::new_v4())));
    let (header, manifest) = decrypt_to(path, &key, &scratch.0)?;
    check_snapshot(&scratch.0, &key, &header, &manifest)?;
    drop(scratch);
    Ok(BackupReport::new(path, &header, manifest))
}
