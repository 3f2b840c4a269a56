//! Crypto-shredding a client, and the destruction ledger that makes it survive a restore.
//!
//! [`Vault::shred_client`] (administrators only) deletes the client's wrapped data key and
//! every row keyed by the client (every table with a `client_id` column, found from the
//! schema, so tables added later are covered) and records the destruction in the audit log.
//! The issue #6 destruction workflow (approvals, certificates) calls it as its last step.
//!
//! A backup made before the destruction still holds the client. So that a restore never
//! brings it back, the client id is appended to a **destruction ledger** kept in three places:
//! - `meta.destruction_ledger` in the vault (sealed), so backups made later carry it;
//! - a sidecar file `destructions-<vault id>.ledger` in the data folder, written first
//!   (atomically: temp file, fsync, rename), which a restore of an older backup consults;
//! - a copy of that file beside the backups (written at each backup and destruction), so a
//!   restore on a new machine from the backup folder consults it too.
//!
//! The ledger holds only random client ids and dates, and is MAC'd (HMAC-SHA256) with a key
//! derived from the vault key — not from the keychain — so it verifies on any machine that
//! has the recovery code, and cannot be forged or edited without the vault key. A restore
//! takes the union of every ledger it finds and re-applies each destruction at once.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use super::audit::{self, NewEntry};
use super::db::sql;
use super::keys::VaultKeys;
use super::roles::Action;
use super::seal::Place;
use super::Vault;
use crate::error::{CoreError, CoreResult};

/// The destroyed clients of one vault: client id → when.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DestructionLedger {
    /// Client id → RFC 3339 time of destruction.
    pub destroyed: BTreeMap<String, String>,
}

#[derive(Serialize, Deserialize)]
struct LedgerFile {
    vault_id: String,
    destroyed: BTreeMap<String, String>,
    mac: String,
}

/// What one shredding removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ShredReport {
    /// Rows deleted over all tables (the key, the record, versions, consents, …).
    pub rows: u32,
}

fn ledger_mac(keys: &VaultKeys, destroyed: &BTreeMap<String, String>) -> CoreResult<String> {
    let key = keys.vault_key().derive("destruction-ledger");
    let mut mac = Hmac::<Sha256>::new_from_slice(key.expose())
        .map_err(|e| CoreError::Storage(e.to_string()))?;
    mac.update(b"ledgerlock/destruction-ledger/v1");
    mac.update(keys.vault_id().as_bytes());
    for (id, at) in destroyed {
        for part in [id, at] {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part.as_bytes());
        }
    }
    Ok(data_encoding::HEXLOWER.encode(&mac.finalize().into_bytes()))
}

fn ledger_damaged() -> CoreError {
    CoreError::VaultDamaged {
        part: "destruction_ledger".to_owned(),
    }
}

fn meta_place(vault_id: &str) -> Place<'_> {
    Place {
        table: "meta",
        column: "destruction_ledger",
        row: vault_id,
        key_version: 1,
    }
}

impl DestructionLedger {
    /// The sidecar file's name for a vault.
    #[must_use]
    pub fn file_name(vault_id: &str) -> String {
        format!("destructions-{vault_id}.ledger")
    }

    /// Adds every entry of `other`.
    pub fn merge(&mut self, other: &DestructionLedger) {
        for (id, at) in &other.destroyed {
            self.destroyed
                .entry(id.clone())
                .or_insert_with(|| at.clone());
        }
    }

    /// Reads the sidecar in `dir`; empty if there is none. A file that fails its MAC is
    /// damage (never silently ignored).
    pub(crate) fn load_file(dir: &Path, keys: &VaultKeys) -> CoreResult<Self> {
        let path = dir.join(Self::file_name(keys.vault_id()));
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(e) => return Err(CoreError::io(path, e)),
        };
        let file: LedgerFile = serde_json::from_slice(&bytes).map_err(|_| ledger_damaged())?;
        if file.vault_id != keys.vault_id() || ledger_mac(keys, &file.destroyed)? != file.mac {
            return Err(ledger_damaged());
        }
        Ok(Self {
            destroyed: file.destroyed,
        })
    }

    /// Writes the sidecar in `dir` atomically (temp file, fsync, rename, fsync folder).
    pub(crate) fn save_file(&self, dir: &Path, keys: &VaultKeys) -> CoreResult<()> {
        let file = LedgerFile {
            vault_id: keys.vault_id().to_owned(),
            destroyed: self.destroyed.clone(),
            mac: ledger_mac(keys, &self.destroyed)?,
        };
        let bytes =
            serde_json::to_vec_pretty(&file).map_err(|e| CoreError::Storage(e.to_string()))?;
        let path = dir.join(Self::file_name(keys.vault_id()));
        write_atomically(&path, &bytes)
    }

    /// Reads the copy sealed in the vault's `meta`.
    pub(crate) fn load_meta(conn: &Connection, keys: &VaultKeys) -> CoreResult<Self> {
        let sealed: Option<Vec<u8>> = conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'destruction_ledger'",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(sql("meta"))?;
        let Some(sealed) = sealed else {
            return Ok(Self::default());
        };
        let plain = keys
            .sealer()
            .open(&meta_place(keys.vault_id()), &sealed)
            .map_err(|_| ledger_damaged())?;
        serde_json::from_slice(&plain).map_err(|_| ledger_damaged())
    }

    /// Writes the copy sealed in the vault's `meta` (inside the caller's transaction).
    pub(crate) fn save_meta(&self, conn: &Connection, keys: &VaultKeys) -> CoreResult<()> {
        let plain = zeroize::Zeroizing::new(
            serde_json::to_vec(self).map_err(|e| CoreError::Storage(e.to_string()))?,
        );
        let sealed = keys
            .sealer()
            .seal(&meta_place(keys.vault_id()), &plain)
            .map_err(|e| CoreError::Storage(e.to_string()))?;
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('destruction_ledger', ?1)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![sealed],
        )
        .map_err(sql("meta"))?;
        Ok(())
    }
}

/// Writes `bytes` to `path` so that a crash leaves either the old or the new file.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> CoreResult<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp: PathBuf = path.with_file_name(format!(".{name}.tmp"));
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)?;
        sync_dir(path);
        Ok(())
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        super::backup::format::io_err(path, e)
    })
}

/// Flushes a folder entry after a rename (best effort; not possible on Windows).
pub(crate) fn sync_dir(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// Deletes every row of `client_id` (inside the caller's transaction): the wrapped key
/// first, then every table with a `client_id` column, then the client row. Returns the count.
pub(crate) fn erase_client_rows(conn: &Connection, client_id: &str) -> CoreResult<u32> {
    conn.execute_batch("PRAGMA defer_foreign_keys = ON;")
        .map_err(sql("clients"))?;
    let tables: Vec<String> = {
        let mut stmt = conn
            .prepare(
                "SELECT m.name FROM sqlite_master m
                 WHERE m.type = 'table'
                   AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) p WHERE p.name = 'client_id')
                 ORDER BY m.name",
            )
            .map_err(sql("clients"))?;
        let rows = stmt.query_map([], |r| r.get(0)).map_err(sql("clients"))?;
        rows.collect::<Result<_, _>>().map_err(sql("clients"))?
    };
    let mut rows = 0usize;
    // client_keys first: from this point the client's data cannot be opened.
    let ordered = std::iter::once("client_keys".to_owned())
        .chain(tables.into_iter().filter(|t| t != "client_keys"));
    for table in ordered {
        // Table names come from sqlite_master, not from input; quoted all the same.
        let stmt = format!(
            "DELETE FROM \"{}\" WHERE client_id = ?1",
            table.replace('"', "\"\"")
        );
        rows += conn.execute(&stmt, [client_id]).map_err(sql("clients"))?;
    }
    rows += conn
        .execute("DELETE FROM clients WHERE id = ?1", [client_id])
        .map_err(sql("clients"))?;
    Ok(u32::try_from(rows).unwrap_or(u32::MAX))
}

/// Re-applies every destruction of `ledger` to the database of `conn` (a vault just restored),
/// auditing each one that found rows. Returns how many clients were erased again.
pub(crate) fn reapply(
    conn: &mut Connection,
    keys: &VaultKeys,
    ledger: &DestructionLedger,
    now: DateTime<Utc>,
) -> CoreResult<u32> {
    let tx = conn.transaction().map_err(sql("file"))?;
    let mut erased = 0u32;
    for (id, destroyed_at) in &ledger.destroyed {
        let rows = erase_client_rows(&tx, id)?;
        if rows > 0 {
            erased += 1;
            audit::append(
                &tx,
                &keys.audit(),
                &NewEntry {
                    actor: None,
                    action: "client.destruction_reapplied",
                    target: Some(format!("client:{id}")),
                    details: Some(
                        serde_json::json!({ "destroyed_at": destroyed_at, "rows": rows }),
                    ),
                },
                now,
            )?;
        }
    }
    ledger.save_meta(&tx, keys)?;
    tx.commit().map_err(sql("file"))?;
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .map_err(sql("file"))?;
    Ok(erased)
}

impl Vault {
    /// The destruction ledger: the vault's own copy merged with the data folder's sidecar.
    pub(crate) fn destruction_ledger(&self) -> CoreResult<DestructionLedger> {
        let mut ledger = DestructionLedger::load_meta(&self.conn, &self.keys)?;
        ledger.merge(&DestructionLedger::load_file(self.files.dir(), &self.keys)?);
        Ok(ledger)
    }

    /// Crypto-shreds a client (administrators only): deletes its wrapped data key and every
    /// row keyed by it, audits the destruction with `reason`, and appends the id to the
    /// destruction ledger so that no restore of an older backup brings the client back.
    ///
    /// The ledger's sidecar file is written before the database changes: a crash in between
    /// leaves the client listed (and erased again at the next restore), never the reverse.
    pub fn shred_client(
        &mut self,
        client_id: &str,
        reason: &str,
        now: DateTime<Utc>,
    ) -> CoreResult<ShredReport> {
        self.session.require(Action::Destroy)?;
        if reason.trim().is_empty() {
            return Err(CoreError::InvalidInput {
                field: "reason".to_owned(),
                reason: "required".to_owned(),
            });
        }
        let exists: bool = self
            .conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM clients WHERE id = ?1)
                     OR EXISTS (SELECT 1 FROM client_keys WHERE client_id = ?1)",
                [client_id],
                |r| r.get(0),
            )
            .map_err(sql("clients"))?;
        if !exists {
            return Err(CoreError::NotFound {
                what: format!("client:{client_id}"),
            });
        }
        let mut ledger = self.destruction_ledger()?;
        ledger
            .destroyed
            .insert(client_id.to_owned(), super::lifecycle::timestamp(now));
        ledger.save_file(self.files.dir(), &self.keys)?;
        let tx = self.conn.transaction().map_err(sql("file"))?;
        let rows = erase_client_rows(&tx, client_id)?;
        ledger.save_meta(&tx, &self.keys)?;
        audit::append(
            &tx,
            &self.keys.audit(),
            &NewEntry {
                actor: Some(self.session.user_id),
                action: "client.shredded",
                target: Some(format!("client:{client_id}")),
                details: Some(serde_json::json!({ "reason": reason.trim(), "rows": rows })),
            },
            now,
        )?;
        tx.commit().map_err(sql("file"))?;
        // secure_delete overwrote the pages; the checkpoint drops the old ones from the WAL.
        self.conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .map_err(sql("file"))?;
        self.clients.forget(client_id);
        self.session.clients.remove(client_id);
        // A copy beside the backups, for a restore on another machine (best effort).
        if let Ok(settings) = super::backup::BackupSettings::load(&self.conn, &self.keys) {
            if let Some(folder) = settings.folder {
                if let Err(e) = ledger.save_file(Path::new(&folder), &self.keys) {
                    tracing::warn!(error = %e, "could not copy the destruction ledger to the backup folder");
                }
            }
        }
        Ok(ShredReport { rows })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erasing_covers_every_table_with_a_client_id_even_new_ones() {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::vault::schema::migrate(&mut conn).unwrap();
        // A table added by a later feature is found from the schema.
        conn.execute_batch(
            "CREATE TABLE statement_lines (id INTEGER PRIMARY KEY,
                 client_id TEXT NOT NULL REFERENCES clients(id), data BLOB);
             INSERT INTO users (id, username_tag, role, status, created_at, data)
                 VALUES (1, x'01', 'accountant', 'active', 't', x'00');",
        )
        .unwrap();
        for id in ["a", "b"] {
            conn.execute(
                "INSERT INTO client_keys (client_id, key_version, wrapped) VALUES (?1, 1, x'00')",
                [id],
            )
            .unwrap();
            conn.execute(
                "INSERT INTO clients (id, status, created_at, updated_at, version, data)
                 VALUES (?1, 'active', 't', 't', 1, x'00')",
                [id],
            )
            .unwrap();
            conn.execute(
                "INSERT INTO client_versions (client_id, version, at, fields, data)
                 VALUES (?1, 1, 't', 'created', x'00')",
                [id],
            )
            .unwrap();
            conn.execute(
                "INSERT INTO user_clients (user_id, client_id) VALUES (1, ?1)",
                [id],
            )
            .unwrap();
            conn.execute(
                "INSERT INTO statement_lines (client_id, data) VALUES (?1, x'00')",
                [id],
            )
            .unwrap();
        }
        let tx = conn.transaction().unwrap();
        let rows = erase_client_rows(&tx, "a").unwrap();
        tx.commit().unwrap();
        assert_eq!(rows, 5);
        for table in [
            "client_keys",
            "client_versions",
            "user_clients",
            "statement_lines",
        ] {
            let left: Vec<String> = conn
                .prepare(&format!("SELECT client_id FROM {table}"))
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            assert_eq!(left, vec!["b".to_owned()], "{table}");
        }
        let fk: Vec<String> = conn
            .prepare("PRAGMA foreign_key_check")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(fk.is_empty(), "{fk:?}");
    }

    #[test]
    fn ledgers_merge_without_losing_the_first_date() {
        let mut a = DestructionLedger::default();
        a.destroyed.insert("x".to_owned(), "2026-01-01".to_owned());
        let mut b = DestructionLedger::default();
        b.destroyed.insert("x".to_owned(), "2026-02-01".to_owned());
        b.destroyed.insert("y".to_owned(), "2026-02-01".to_owned());
        a.merge(&b);
        assert_eq!(a.destroyed.len(), 2);
        assert_eq!(a.destroyed["x"], "2026-01-01");
    }
}
