//! Making a backup: a consistent snapshot (`VACUUM INTO`, never a copy of the live file),
//! sealed in chunks into a hidden temp file in the backup folder, flushed, verified, and only
//! then renamed to its final `.llbak` name. A full disk, a crash or a failed verification
//! never leaves a file that looks like a good backup.

use std::io::{BufWriter, Read};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags};
use sha2::{Digest, Sha256};

use super::format::{self, AuditHead, BackupHeader, BackupManifest};
use super::schedule::{Attempt, BackupHistory, BackupRecord, BackupSettings};
use super::verify::{self, BackupKey, BackupReport, Scratch};
use crate::error::{CoreError, CoreResult};
use crate::vault::audit::NewEntry;
use crate::vault::db::sql;
use crate::vault::roles::Action;
use crate::vault::shred::sync_dir;
use crate::vault::Vault;

/// A backup's file name: vault id prefix and creation time, sortable.
#[must_use]
pub fn file_name(vault_id: &str, at: DateTime<Utc>) -> String {
    let short: String = vault_id.chars().take(8).collect();
    format!(
        "ledgerlock-{short}-{}.{}",
        at.format("%Y%m%d-%H%M%S%3f"),
        format::EXTENSION
    )
}

/// Temp files of unfinished backups start with this.
const PARTIAL_PREFIX: &str = ".partial-";

/// Removes leftovers of interrupted backups in `folder` (hidden partial files).
fn remove_partials(folder: &Path) {
    if let Ok(entries) = std::fs::read_dir(folder) {
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with(PARTIAL_PREFIX) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

/// Writes the sealed backup of the snapshot `snapshot` to `dest`; returns nothing until the
/// file is flushed to disk.
fn write_sealed(
    dest: &Path,
    snapshot: &Path,
    header: &BackupHeader,
    vault_key: &crate::vault::SecretKey,
) -> CoreResult<()> {
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(dest)
        .map_err(|e| format::io_err(dest, e))?;
    let mut out = BufWriter::with_capacity(format::CHUNK, file);
    let hash = format::write_header(&mut out, header).map_err(|e| format::io_err(dest, e))?;
    let mut writer = format::ChunkWriter::new(
        out,
        &format::backup_key(vault_key, &header.backup_id),
        &hash,
    );
    let mut input = std::fs::File::open(snapshot).map_err(|e| CoreError::io(snapshot, e))?;
    let mut buf = vec![0u8; format::CHUNK];
    loop {
        let n = input
            .read(&mut buf)
            .map_err(|e| CoreError::io(snapshot, e))?;
        if n == 0 {
            break;
        }
        writer
            .write_all(buf.get(..n).unwrap_or_default())
            .map_err(|e| format::io_err(dest, e))?;
    }
    let out = writer.finish().map_err(|e| format::io_err(dest, e))?;
    let file = out
        .into_inner()
        .map_err(|e| format::io_err(dest, e.into_error()))?;
    file.sync_all().map_err(|e| format::io_err(dest, e))?;
    Ok(())
}

fn digest_of(path: &Path) -> CoreResult<(String, u64)> {
    let mut input = std::fs::File::open(path).map_err(|e| CoreError::io(path, e))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; format::CHUNK];
    let mut len = 0u64;
    loop {
        let n = input.read(&mut buf).map_err(|e| CoreError::io(path, e))?;
        if n == 0 {
            break;
        }
        hasher.update(buf.get(..n).unwrap_or_default());
        len += n as u64;
    }
    Ok((data_encoding::HEXLOWER.encode(&hasher.finalize()), len))
}

impl Vault {
    /// Makes a backup into `folder`, verifies it apart from the live vault, records it in the
    /// backup history and the audit log, and prunes old generations. Accountants and
    /// administrators. A failure is recorded too, and leaves no file that looks good.
    pub fn create_backup(&mut self, folder: &Path, now: DateTime<Utc>) -> CoreResult<BackupReport> {
        self.session.require(Action::Backup)?;
        let result = self.write_backup(folder, now);
        let mut history = BackupHistory::load(&self.conn, &self.keys)?;
        let attempt = Attempt {
            at: crate::vault::lifecycle::timestamp(now),
            ok: result.is_ok(),
            file: result.as_ref().ok().map(|r| r.file.clone()),
            error: result.as_ref().err().map(super::code_name),
            error_params: result
                .as_ref()
                .err()
                .map(super::error_params)
                .unwrap_or_default(),
        };
        history.last_attempt = Some(attempt);
        if let Ok(report) = &result {
            history.last_good = Some(BackupRecord {
                at: report.created_at.clone(),
                file: report.file.clone(),
                backup_id: report.backup_id.clone(),
                size: report.size,
            });
        }
        let tx = self.conn.transaction().map_err(sql("file"))?;
        history.save(&tx, &self.keys)?;
        crate::vault::audit::append(
            &tx,
            &self.keys.audit(),
            &NewEntry {
                actor: Some(self.session.user_id),
                action: if result.is_ok() {
                    "backup.created"
                } else {
                    "backup.failed"
                },
                target: result
                    .as_ref()
                    .ok()
                    .map(|r| format!("backup:{}", r.backup_id)),
                details: Some(match &result {
                    Ok(r) => serde_json::json!({
                        "file": r.file, "size": r.size, "verified": true,
                        "digest": r.content_digest,
                    }),
                    Err(e) => serde_json::json!({ "error": e.code() }),
                }),
            },
            now,
        )?;
        tx.commit().map_err(sql("file"))?;
        let report = result?;
        // Keep a copy of the destruction ledger beside the backups (best effort).
        let ledger = self.destruction_ledger()?;
        if !ledger.destroyed.is_empty() {
            if let Err(e) = ledger.save_file(folder, &self.keys) {
                tracing::warn!(error = %e, "could not copy the destruction ledger");
            }
        }
        let settings = BackupSettings::load(&self.conn, &self.keys)?;
        let removed = super::prune(folder, self.vault_id(), settings.retention(), now)?;
        if !removed.is_empty() {
            self.record(
                &NewEntry {
                    actor: Some(self.session.user_id),
                    action: "backup.pruned",
                    target: None,
                    details: Some(serde_json::json!({ "removed": removed.len() })),
                },
                now,
            )?;
        }
        Ok(report)
    }

    fn write_backup(&mut self, folder: &Path, now: DateTime<Utc>) -> CoreResult<BackupReport> {
        std::fs::create_dir_all(folder).map_err(|e| format::io_err(folder, e))?;
        remove_partials(folder);
        // The snapshot lives beside the vault (same protection: every sensitive value in it
        // is sealed) and is removed afterwards, also on failure.
        let snapshot = Scratch(self.files.dir().join(".backup-snapshot.sqlite3"));
        crate::vault::lifecycle::remove_sqlite_files(&snapshot.0);
        let target = snapshot.0.to_string_lossy().into_owned();
        self.conn
            .execute("VACUUM INTO ?1", [&target])
            .map_err(sql("file"))?;
        let (counts, last_audit) = {
            let snap = Connection::open_with_flags(
                &snapshot.0,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(sql("file"))?;
            verify::count(&snap)?
        };
        let audit_head = {
            let snap = Connection::open_with_flags(
                &snapshot.0,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(sql("file"))?;
            let report = crate::vault::audit::verify(&snap, &self.keys.audit())?;
            if !report.intact {
                // Never seal a vault whose audit chain is already broken without saying so.
                return Err(CoreError::VaultDamaged {
                    part: "audit_log".to_owned(),
                });
            }
            AuditHead {
                seq: report.entries,
                mac: report.head,
            }
        };
        let (content_digest, content_len) = digest_of(&snapshot.0)?;
        let backup_id = uuid::Uuid::new_v4().to_string();
        let vault_key = self.keys.vault_key().clone();
        let manifest = BackupManifest {
            firm_name: self.settings()?.firm_name,
            counts,
            last_audit,
        };
        let header = BackupHeader {
            backup_id: backup_id.clone(),
            vault_id: self.vault_id().to_owned(),
            created_at: crate::vault::lifecycle::timestamp(now),
            app_version: crate::VERSION.to_owned(),
            schema_version: crate::vault::schema::version(&self.conn)?,
            audit_head,
            content_digest,
            content_len,
            manifest: format::seal_manifest(
                &format::backup_key(&vault_key, &backup_id),
                &backup_id,
                &manifest,
            )?,
            vault_header: crate::vault::header::read(&self.conn)?,
        };
        let final_path: PathBuf = folder.join(file_name(self.vault_id(), now));
        let partial = folder.join(format!("{PARTIAL_PREFIX}{backup_id}.{}", format::EXTENSION));
        let outcome = (|| {
            write_sealed(&partial, &snapshot.0, &header, &vault_key)?;
            drop(snapshot);
            verify::verify_file(&partial, &BackupKey::Vault(&vault_key), self.files.dir())?;
            if final_path.exists() {
                return Err(CoreError::io(
                    &final_path,
                    std::io::Error::from(std::io::ErrorKind::AlreadyExists),
                ));
            }
            std::fs::rename(&partial, &final_path).map_err(|e| format::io_err(&final_path, e))?;
            sync_dir(&final_path);
            verify::preview(&final_path, &BackupKey::Vault(&vault_key))
        })();
        if outcome.is_err() {
            let _ = std::fs::remove_file(&partial);
        }
        outcome
    }
}
