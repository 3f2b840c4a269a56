//! Restoring a backup, on the same computer (the open vault's key) or on a new one (the
//! recovery code, then the vault key is enrolled in this computer's keychain).
//!
//! 1. The backup is decrypted into `vault.sqlite3.restoring` beside the vault and checked
//!    fully (digest, structure, audit chain, counts, every client record). Any failure
//!    removes that file: the live vault is never touched.
//! 2. Every destruction in the destruction ledgers (the vault's own copy in the backup, the
//!    data folder's sidecar, the copy beside the backup file) is re-applied at once.
//! 3. The header is set: on the same vault, the live header is kept (so the current recovery
//!    code and keychain entry stay valid); otherwise the key is enrolled in the keychain.
//! 4. The restore is audited in the restored vault (and its start in the old one).
//! 5. The swap: the live file is hard-linked to `vault.sqlite3.before-restore`, then the
//!    restored file is renamed over it — one atomic rename, so a crash (even kill -9) at any
//!    point leaves either the old vault or the restored one, whole. The old vault stays aside
//!    until [`confirm_restore`] deletes it or [`undo_restore`] puts it back.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::verify::{self, BackupKey, BackupReport, Scratch};
use crate::error::{CoreError, CoreResult};
use crate::vault::audit::{self, NewEntry};
use crate::vault::db::{self, sql};
use crate::vault::header::{self, Header};
use crate::vault::key::SecretKey;
use crate::vault::keys::VaultKeys;
use crate::vault::keystore::KeyStore;
use crate::vault::lifecycle::{keystore_err, remove_sqlite_files, seal_err, wrap_place};
use crate::vault::roles::Action;
use crate::vault::seal::Sealer;
use crate::vault::shred::{self, sync_dir, DestructionLedger};
use crate::vault::{Vault, VaultFiles};

/// Name of the previous vault kept aside after a restore.
pub const ASIDE: &str = "vault.sqlite3.before-restore";
const RESTORING: &str = "vault.sqlite3.restoring";

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct RestoreOutcome {
    /// The backup restored.
    pub report: BackupReport,
    /// Where the previous vault is kept until the restore is confirmed (none on a new machine).
    pub previous: Option<String>,
    /// Destroyed clients found in the backup and erased again.
    pub reapplied_destructions: u32,
}

/// A restored vault file, checked and ready to be swapped in.
struct Prepared {
    file: Scratch,
    report: BackupReport,
    reapplied: u32,
}

fn prepare(
    files: &VaultFiles,
    keystore: &dyn KeyStore,
    backup: &Path,
    vault_key: &SecretKey,
    via: &str,
    keep_header: Option<&Header>,
    now: DateTime<Utc>,
) -> CoreResult<Prepared> {
    crate::paths::ensure_data_dir(files.dir())?;
    let file = Scratch(files.dir().join(RESTORING));
    let (header, manifest) = verify::decrypt_to(backup, vault_key, &file.0)?;
    verify::check_snapshot(&file.0, vault_key, &header, &manifest)?;
    let report = BackupReport::new(backup, &header, manifest);
    let mut conn = db::open(&file.0, false)?;
    crate::vault::schema::migrate(&mut conn)?;
    let keys = VaultKeys::new(&header.vault_id, vault_key);

    let mut ledger = DestructionLedger::load_meta(&conn, &keys)?;
    ledger.merge(&DestructionLedger::load_file(files.dir(), &keys)?);
    if let Some(folder) = backup.parent() {
        ledger.merge(&DestructionLedger::load_file(folder, &keys)?);
    }
    let reapplied = shred::reapply(&mut conn, &keys, &ledger, now)?;
    if !ledger.destroyed.is_empty() {
        ledger.save_file(files.dir(), &keys)?;
    }

    let tx = conn.transaction().map_err(sql("file"))?;
    let enrol = match keep_header {
        Some(live) => {
            header::write(&tx, live)?;
            None
        }
        None => {
            let restored = header::read(&tx)?;
            if crate::vault::lifecycle::keychain_vault_key(&restored, keystore).is_ok() {
                None
            } else {
                let keychain_key = SecretKey::generate();
                let mut new_header = restored.clone();
                new_header.keychain_wrap = data_encoding::HEXLOWER.encode(
                    &Sealer::new(&keychain_key)
                        .seal(
                            &wrap_place(&restored.vault_id, "keychain"),
                            vault_key.expose(),
                        )
                        .map_err(seal_err)?,
                );
                header::write(&tx, &new_header)?;
                Some(keychain_key)
            }
        }
    };
    audit::append(
        &tx,
        &keys.audit(),
        &NewEntry {
            actor: None,
            action: "backup.restored",
            target: Some(format!("backup:{}", report.backup_id)),
            details: Some(serde_json::json!({
                "backup_created_at": report.created_at,
                "via": via,
                "reapplied_destructions": reapplied,
                "keychain_enrolled": enrol.is_some(),
            })),
        },
        now,
    )?;
    tx.commit().map_err(sql("file"))?;
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .map_err(sql("file"))?;
    drop(conn);
    if let Some(keychain_key) = enrol {
        keystore
            .set(
                &header::keychain_account(&report.vault_id),
                keychain_key.expose(),
            )
            .map_err(keystore_err)?;
    }
    Ok(Prepared {
        file,
        report,
        reapplied,
    })
}

/// Puts the prepared file in place, keeping the live vault aside (see the module's doc).
fn swap(files: &VaultFiles, prepared: Prepared) -> CoreResult<RestoreOutcome> {
    let live = files.database();
    let aside = files.dir().join(ASIDE);
    let mut previous = None;
    if live.exists() {
        // Fold the live vault's WAL into its file, so the file alone is the whole vault.
        let conn = db::open(&live, false)?;
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .map_err(sql("file"))?;
        drop(conn);
        remove_sqlite_files(&aside);
        if std::fs::hard_link(&live, &aside).is_err() {
            std::fs::copy(&live, &aside).map_err(|e| super::format::io_err(&aside, e))?;
        }
        sync_dir(&aside);
        previous = Some(aside.display().to_string());
    }
    std::fs::rename(&prepared.file.0, &live).map_err(|e| CoreError::io(&live, e))?;
    sync_dir(&live);
    Ok(RestoreOutcome {
        report: prepared.report,
        previous,
        reapplied_destructions: prepared.reapplied,
    })
}

/// A restore decrypted, checked and ready, not yet in place (see [`Vault::prepare_restore`]).
/// Dropping it removes the prepared file.
pub struct PendingRestore {
    prepared: Prepared,
}

impl PendingRestore {
    /// What the backup holds.
    #[must_use]
    pub fn report(&self) -> &BackupReport {
        &self.prepared.report
    }
}

impl std::fmt::Debug for PendingRestore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingRestore")
            .field("backup_id", &self.prepared.report.backup_id)
            .finish_non_exhaustive()
    }
}

impl Vault {
    /// First half of a restore (administrators): decrypts `backup` beside the vault, checks it
    /// fully and re-applies destructions, without touching the live vault. A backup of this
    /// vault opens with its own key; one of another vault needs this keychain's entry for it
    /// or `recovery_code`. On error nothing changed and the vault stays unlocked.
    pub fn prepare_restore(
        &self,
        keystore: &dyn KeyStore,
        backup: &Path,
        recovery_code: Option<&str>,
        now: DateTime<Utc>,
    ) -> CoreResult<PendingRestore> {
        self.session.require(Action::Restore)?;
        let header = verify::read_header_of(backup)?;
        let same = header.vault_id == self.vault_id();
        let source = match (same, recovery_code) {
            (true, _) => BackupKey::Vault(self.keys.vault_key()),
            (false, Some(code)) => BackupKey::RecoveryCode(code),
            (false, None) => BackupKey::Keychain(keystore),
        };
        let vault_key = verify::vault_key_of(&header, &source)?;
        let live_header = if same {
            Some(header::read(&self.conn)?)
        } else {
            None
        };
        let prepared = prepare(
            &self.files,
            keystore,
            backup,
            &vault_key,
            source.via(),
            live_header.as_ref(),
            now,
        )?;
        Ok(PendingRestore { prepared })
    }

    /// Second half: audits the restore in this vault, locks it, and swaps the restored vault
    /// in, keeping this one aside until [`confirm_restore`]. Log in again afterwards (with the
    /// users of the backup).
    pub fn finish_restore(
        self,
        pending: PendingRestore,
        now: DateTime<Utc>,
    ) -> CoreResult<RestoreOutcome> {
        self.session.require(Action::Restore)?;
        let report = &pending.prepared.report;
        self.record(
            &NewEntry {
                actor: Some(self.session.user_id),
                action: "backup.restore_started",
                target: Some(format!("backup:{}", report.backup_id)),
                details: Some(serde_json::json!({ "backup_created_at": report.created_at })),
            },
            now,
        )?;
        let files = self.files.clone();
        self.lock("restore", now)?;
        swap(&files, pending.prepared)
    }

    /// Both halves at once: [`Self::prepare_restore`] then [`Self::finish_restore`].
    pub fn restore_backup(
        self,
        keystore: &dyn KeyStore,
        backup: &Path,
        recovery_code: Option<&str>,
        now: DateTime<Utc>,
    ) -> CoreResult<RestoreOutcome> {
        let pending = self.prepare_restore(keystore, backup, recovery_code, now)?;
        self.finish_restore(pending, now)
    }
}

/// Restores `backup` on a computer with no vault yet, with the recovery code; the vault key
/// is then enrolled in `keystore`. Refused if a vault exists here.
pub fn restore_on_new_machine(
    files: &VaultFiles,
    keystore: &dyn KeyStore,
    backup: &Path,
    recovery_code: &str,
    now: DateTime<Utc>,
) -> CoreResult<RestoreOutcome> {
    if files.exists() {
        return Err(CoreError::VaultExists);
    }
    keystore.check_persists().map_err(keystore_err)?;
    let header = verify::read_header_of(backup)?;
    let vault_key = verify::vault_key_of(&header, &BackupKey::RecoveryCode(recovery_code))?;
    let prepared = prepare(
        files,
        keystore,
        backup,
        &vault_key,
        "recovery_code",
        None,
        now,
    )?;
    swap(files, prepared)
}

/// Whether a previous vault is kept aside, waiting for the restore to be confirmed.
#[must_use]
pub fn restore_pending(files: &VaultFiles) -> bool {
    files.dir().join(ASIDE).is_file()
}

/// Confirms a restore: deletes the previous vault kept aside.
pub fn confirm_restore(files: &VaultFiles) -> CoreResult<()> {
    let aside: PathBuf = files.dir().join(ASIDE);
    if !aside.is_file() {
        return Err(CoreError::NotFound {
            what: "previous_vault".to_owned(),
        });
    }
    remove_sqlite_files(&aside);
    Ok(())
}

/// Undoes a restore (vault locked): puts the previous vault back, atomically.
pub fn undo_restore(files: &VaultFiles) -> CoreResult<()> {
    let aside = files.dir().join(ASIDE);
    if !aside.is_file() {
        return Err(CoreError::NotFound {
            what: "previous_vault".to_owned(),
        });
    }
    let live = files.database();
    // Side files of the restored vault must not be applied to the previous one.
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", live.display()));
    }
    std::fs::rename(&aside, &live).map_err(|e| CoreError::io(&live, e))?;
    sync_dir(&live);
    Ok(())
}
