//! Encrypted, verified backups of the vault; restore tests; restore on the same or a new
//! computer. Decisions and the file format are described in `docs/backups.md`.
//!
//! - `format.rs`: the file format (authenticated header, chunked AES-256-GCM sealing).
//! - `create.rs`: snapshot (`VACUUM INTO`), seal to a temp file, fsync, verify, rename.
//! - `verify.rs`: full verification apart from the live vault; previews.
//! - `restore.rs`: restore with the previous vault kept aside; destructions re-applied.
//! - `schedule.rs`: settings, history, due rules and retention (pure).

mod create;
pub(crate) mod format;
mod restore;
mod schedule;
mod verify;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use create::file_name;
pub use format::{BackupManifest, LastAudit, RecordCounts};
pub use restore::{
    confirm_restore, restore_on_new_machine, restore_pending, undo_restore, PendingRestore,
    RestoreOutcome, ASIDE,
};
pub use schedule::{
    is_due, keep, Attempt, BackupHistory, BackupRecord, BackupSettings, BackupStatus, Retention,
};
pub use verify::{preview, read_header_of, verify_file, BackupKey, BackupReport};

use crate::error::{CoreError, CoreResult};
use crate::vault::audit::NewEntry;
use crate::vault::db::sql;
use crate::vault::roles::Action;
use crate::vault::Vault;

/// The stable name of an error's code, for the history.
pub(crate) fn code_name(e: &CoreError) -> String {
    serde_json::to_value(e.code())
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The parameters of an error as they cross the IPC boundary, for the history.
pub(crate) fn error_params(e: &CoreError) -> std::collections::BTreeMap<String, String> {
    let app: crate::AppError = match e {
        CoreError::Io { path, .. } => {
            crate::AppError::new(e.code()).with("path", path.display().to_string())
        }
        CoreError::BackupDamaged { part } | CoreError::VaultDamaged { part } => {
            crate::AppError::new(e.code()).with("part", part.clone())
        }
        CoreError::BackupTooNew { found, supported }
        | CoreError::VaultTooNew { found, supported } => crate::AppError::new(e.code())
            .with("found", found.to_string())
            .with("supported", supported.to_string()),
        CoreError::NotFound { what } => crate::AppError::new(e.code()).with("what", what.clone()),
        CoreError::Forbidden { action } => {
            crate::AppError::new(e.code()).with("action", action.clone())
        }
        _ => crate::AppError::new(e.code()),
    };
    app.params
}

/// A backup file found in a folder (read from its header alone, no key needed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct BackupListing {
    /// The file.
    pub file: String,
    /// Size in bytes.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub size: u64,
    /// The backup's id (empty if the header is unreadable).
    pub backup_id: String,
    /// The vault's id.
    pub vault_id: String,
    /// When it was made.
    pub created_at: String,
    /// App version that wrote it.
    pub app_version: String,
    /// Schema version.
    pub schema_version: u32,
    /// Why the header cannot be read, if it cannot (error code).
    pub problem: Option<String>,
}

/// Lists the backups in `folder`, newest first (hidden partial files are not backups).
pub fn list(folder: &Path) -> CoreResult<Vec<BackupListing>> {
    let entries = match std::fs::read_dir(folder) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(CoreError::io(folder, e)),
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.')
            || path.extension().and_then(|e| e.to_str()) != Some(format::EXTENSION)
        {
            continue;
        }
        let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
        let listing = match read_header_of(&path) {
            Ok(h) => BackupListing {
                file: path.display().to_string(),
                size,
                backup_id: h.backup_id,
                vault_id: h.vault_id,
                created_at: h.created_at,
                app_version: h.app_version,
                schema_version: h.schema_version,
                problem: None,
            },
            Err(e) => BackupListing {
                file: path.display().to_string(),
                size,
                backup_id: String::new(),
                vault_id: String::new(),
                created_at: String::new(),
                app_version: String::new(),
                schema_version: 0,
                problem: Some(code_name(&e)),
            },
        };
        out.push(listing);
    }
    out.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.file.cmp(&a.file)));
    Ok(out)
}

/// Deletes the backups of `vault_id` in `folder` that `policy` does not keep at `now`;
/// returns them.
/// Files of other vaults and unreadable files are never touched.
pub fn prune(
    folder: &Path,
    vault_id: &str,
    policy: Retention,
    now: DateTime<Utc>,
) -> CoreResult<Vec<PathBuf>> {
    let ours: Vec<(PathBuf, DateTime<Utc>)> = list(folder)?
        .into_iter()
        .filter(|l| l.problem.is_none() && l.vault_id == vault_id)
        .filter_map(|l| {
            DateTime::parse_from_rfc3339(&l.created_at)
                .ok()
                .map(|t| (PathBuf::from(l.file), t.with_timezone(&Utc)))
        })
        .collect();
    let times: Vec<DateTime<Utc>> = ours.iter().map(|(_, t)| *t).collect();
    let kept = keep(&times, policy, now);
    let mut removed = Vec::new();
    for (i, (path, _)) in ours.into_iter().enumerate() {
        if !kept.contains(&i) {
            std::fs::remove_file(&path).map_err(|e| CoreError::io(&path, e))?;
            removed.push(path);
        }
    }
    Ok(removed)
}

impl Vault {
    /// The backup settings (accountants and administrators).
    pub fn backup_settings(&self) -> CoreResult<BackupSettings> {
        self.session.require(Action::Backup)?;
        BackupSettings::load(&self.conn, &self.keys)
    }

    /// Changes the backup settings (administrators), audited.
    pub fn update_backup_settings(
        &mut self,
        new: &BackupSettings,
        now: DateTime<Utc>,
    ) -> CoreResult<()> {
        self.session.require(Action::ChangeSettings)?;
        new.validate()?;
        let tx = self.conn.transaction().map_err(sql("file"))?;
        new.save(&tx, &self.keys)?;
        crate::vault::audit::append(
            &tx,
            &self.keys.audit(),
            &NewEntry {
                actor: Some(self.session.user_id),
                action: "backup.settings_changed",
                target: None,
                details: Some(serde_json::json!({
                    "interval_hours": new.interval_hours,
                    "keep": [new.keep_daily, new.keep_weekly, new.keep_monthly],
                    "restore_test_days": new.restore_test_days,
                    "folder_set": new.folder.is_some(),
                })),
            },
            now,
        )?;
        tx.commit().map_err(sql("file"))
    }

    /// Settings, history and what is due, for the dashboard (accountants and administrators).
    pub fn backup_status(&self, now: DateTime<Utc>) -> CoreResult<BackupStatus> {
        self.session.require(Action::Backup)?;
        let mut status = BackupStatus::at(
            BackupSettings::load(&self.conn, &self.keys)?,
            BackupHistory::load(&self.conn, &self.keys)?,
            now,
        );
        status.restore_pending = restore_pending(&self.files);
        Ok(status)
    }

    /// The folder to back up into if a scheduled backup is due now (for the app's timer).
    /// `None` when no folder is set, none is due, or this user may not back up.
    pub fn scheduled_backup_due(&self, now: DateTime<Utc>) -> Option<PathBuf> {
        let status = self.backup_status(now).ok()?;
        status
            .backup_due
            .then(|| status.settings.folder.map(PathBuf::from))
            .flatten()
    }

    /// Whether a scheduled restore test is due now (for the app's timer).
    pub fn scheduled_restore_test_due(&self, now: DateTime<Utc>) -> bool {
        self.backup_status(now)
            .is_ok_and(|s| s.restore_test_due && s.settings.folder.is_some())
    }

    /// Confirms the restore that brought this vault (administrators): the previous vault kept
    /// aside is deleted. Audited.
    pub fn confirm_restore(&self, now: DateTime<Utc>) -> CoreResult<()> {
        self.session.require(Action::Restore)?;
        confirm_restore(&self.files)?;
        self.record(
            &NewEntry {
                actor: Some(self.session.user_id),
                action: "backup.restore_confirmed",
                target: None,
                details: None,
            },
            now,
        )
    }

    /// Undoes the restore that brought this vault (administrators): locks it and puts the
    /// previous vault back. The undo is recorded in the restored vault's log before it goes.
    pub fn undo_restore(self, now: DateTime<Utc>) -> CoreResult<()> {
        self.session.require(Action::Restore)?;
        if !restore_pending(&self.files) {
            return Err(CoreError::NotFound {
                what: "previous_vault".to_owned(),
            });
        }
        let files = self.files.clone();
        self.record(
            &NewEntry {
                actor: Some(self.session.user_id),
                action: "backup.restore_undone",
                target: None,
                details: None,
            },
            now,
        )?;
        self.lock("restore_undone", now)?;
        undo_restore(&files)
    }

    /// Verifies a backup file fully with this vault's key (accountants and administrators),
    /// audited.
    pub fn verify_backup(&self, file: &Path, now: DateTime<Utc>) -> CoreResult<BackupReport> {
        self.session.require(Action::Backup)?;
        let result = verify_file(
            file,
            &BackupKey::Vault(self.keys.vault_key()),
            self.files.dir(),
        );
        self.record(
            &NewEntry {
                actor: Some(self.session.user_id),
                action: "backup.verified",
                target: None,
                details: Some(serde_json::json!({
                    "file": file.display().to_string(),
                    "ok": result.is_ok(),
                    "error": result.as_ref().err().map(code_name),
                })),
            },
            now,
        )?;
        result
    }

    /// What a backup holds (date, counts, last audit entry), before anything is replaced
    /// (administrators). Uses this vault's key, else the keychain, else `recovery_code`.
    pub fn backup_preview(
        &self,
        file: &Path,
        keystore: &dyn crate::vault::KeyStore,
        recovery_code: Option<&str>,
    ) -> CoreResult<BackupReport> {
        self.session.require(Action::Restore)?;
        let header = read_header_of(file)?;
        if header.vault_id == self.vault_id() {
            return preview(file, &BackupKey::Vault(self.keys.vault_key()));
        }
        match recovery_code {
            Some(code) => preview(file, &BackupKey::RecoveryCode(code)),
            None => preview(file, &BackupKey::Keychain(keystore)),
        }
    }

    /// The periodic restore test: restores the newest backup of this vault in `folder` (or
    /// the configured folder) into a scratch file, checks it fully, and records the result in
    /// the history and the audit log. The scratch copy is removed.
    pub fn restore_test(
        &mut self,
        folder: Option<&Path>,
        now: DateTime<Utc>,
    ) -> CoreResult<BackupReport> {
        self.session.require(Action::Backup)?;
        let settings = BackupSettings::load(&self.conn, &self.keys)?;
        let folder = match folder {
            Some(f) => f.to_path_buf(),
            None => settings
                .folder
                .map(PathBuf::from)
                .ok_or_else(|| CoreError::NotFound {
                    what: "backup_folder".to_owned(),
                })?,
        };
        let newest = list(&folder)?
            .into_iter()
            .find(|l| l.problem.is_none() && l.vault_id == self.vault_id());
        let result = match &newest {
            Some(l) => verify_file(
                Path::new(&l.file),
                &BackupKey::Vault(self.keys.vault_key()),
                self.files.dir(),
            ),
            None => Err(CoreError::NotFound {
                what: "backup".to_owned(),
            }),
        };
        let attempt = Attempt {
            at: crate::vault::lifecycle::timestamp(now),
            ok: result.is_ok(),
            file: newest.map(|l| l.file),
            error: result.as_ref().err().map(code_name),
            error_params: result.as_ref().err().map(error_params).unwrap_or_default(),
        };
        let mut history = BackupHistory::load(&self.conn, &self.keys)?;
        history.last_restore_test = Some(attempt.clone());
        if attempt.ok {
            history.last_good_restore_test = Some(attempt.clone());
        }
        let tx = self.conn.transaction().map_err(sql("file"))?;
        history.save(&tx, &self.keys)?;
        crate::vault::audit::append(
            &tx,
            &self.keys.audit(),
            &NewEntry {
                actor: Some(self.session.user_id),
                action: "backup.restore_tested",
                target: result
                    .as_ref()
                    .ok()
                    .map(|r| format!("backup:{}", r.backup_id)),
                details: Some(serde_json::json!({
                    "ok": attempt.ok,
                    "file": attempt.file,
                    "error": attempt.error,
                    "counts": result.as_ref().ok().map(|r| r.counts),
                })),
            },
            now,
        )?;
        tx.commit().map_err(sql("file"))?;
        result
    }
}
