//! Backup settings and history (sealed in `meta`), and the pure rules: is a backup due, is a
//! restore test due, which generations to keep.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, Duration, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, CoreResult};
use crate::vault::db::sql;
use crate::vault::keys::VaultKeys;
use crate::vault::seal::Place;

/// Where and how often to back up, and how many generations to keep.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct BackupSettings {
    /// The folder the user picked; no automatic backup until one is set.
    pub folder: Option<String>,
    /// Hours between scheduled backups (default 24: daily).
    pub interval_hours: u32,
    /// Back up when the app exits while unlocked.
    pub on_exit: bool,
    /// Daily generations kept (default 7).
    pub keep_daily: u32,
    /// Weekly generations kept (default 4).
    pub keep_weekly: u32,
    /// Monthly generations kept (default 12).
    pub keep_monthly: u32,
    /// Days between restore tests (default 30: monthly).
    pub restore_test_days: u32,
}

impl Default for BackupSettings {
    fn default() -> Self {
        Self {
            folder: None,
            interval_hours: 24,
            on_exit: true,
            keep_daily: 7,
            keep_weekly: 4,
            keep_monthly: 12,
            restore_test_days: 30,
        }
    }
}

/// One backup that was written and verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct BackupRecord {
    /// When (RFC 3339).
    pub at: String,
    /// The file's full path.
    pub file: String,
    /// The backup's id.
    pub backup_id: String,
    /// Size in bytes.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub size: u64,
}

/// The outcome of an attempt (backup or restore test) that may have failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Attempt {
    /// When (RFC 3339).
    pub at: String,
    /// Whether it succeeded.
    pub ok: bool,
    /// The file concerned, if any.
    pub file: Option<String>,
    /// The error code if it failed.
    pub error: Option<String>,
    /// The error's parameters (as at the IPC boundary: never sensitive values).
    #[serde(default)]
    pub error_params: std::collections::BTreeMap<String, String>,
}

/// The backup history kept in the vault.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct BackupHistory {
    /// The last backup written and verified.
    pub last_good: Option<BackupRecord>,
    /// The last backup attempt (good or not).
    pub last_attempt: Option<Attempt>,
    /// The last restore test (good or not).
    pub last_restore_test: Option<Attempt>,
    /// The last successful restore test.
    pub last_good_restore_test: Option<Attempt>,
}

/// What the dashboard and Settings → Backups show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct BackupStatus {
    /// The settings.
    pub settings: BackupSettings,
    /// The history.
    pub history: BackupHistory,
    /// A scheduled backup is due now.
    pub backup_due: bool,
    /// Warn: no good backup within the set interval.
    pub overdue: bool,
    /// A restore test is due.
    pub restore_test_due: bool,
    /// A restore happened and the previous vault is kept aside until it is confirmed.
    pub restore_pending: bool,
}

/// How long to wait after a failed attempt before the scheduler tries again.
const RETRY_AFTER_FAILURE: Duration = Duration::hours(1);

fn place<'a>(vault_id: &'a str, column: &'a str) -> Place<'a> {
    Place {
        table: "meta",
        column,
        row: vault_id,
        key_version: 1,
    }
}

fn load<T: serde::de::DeserializeOwned + Default>(
    conn: &Connection,
    keys: &VaultKeys,
    key: &'static str,
) -> CoreResult<T> {
    let sealed: Option<Vec<u8>> = conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()
        .map_err(sql("meta"))?;
    let Some(sealed) = sealed else {
        return Ok(T::default());
    };
    let damaged = || CoreError::VaultDamaged {
        part: key.to_owned(),
    };
    let plain = keys
        .sealer()
        .open(&place(keys.vault_id(), key), &sealed)
        .map_err(|_| damaged())?;
    serde_json::from_slice(&plain).map_err(|_| damaged())
}

fn save<T: Serialize>(
    conn: &Connection,
    keys: &VaultKeys,
    key: &'static str,
    value: &T,
) -> CoreResult<()> {
    let plain = zeroize::Zeroizing::new(
        serde_json::to_vec(value).map_err(|e| CoreError::Storage(e.to_string()))?,
    );
    let sealed = keys
        .sealer()
        .seal(&place(keys.vault_id(), key), &plain)
        .map_err(|e| CoreError::Storage(e.to_string()))?;
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![key, sealed],
    )
    .map_err(sql("meta"))?;
    Ok(())
}

impl BackupSettings {
    /// Reads the settings (defaults if never saved).
    pub(crate) fn load(conn: &Connection, keys: &VaultKeys) -> CoreResult<Self> {
        load(conn, keys, "backup_settings")
    }

    /// Writes the settings (inside the caller's transaction).
    pub(crate) fn save(&self, conn: &Connection, keys: &VaultKeys) -> CoreResult<()> {
        save(conn, keys, "backup_settings", self)
    }

    /// Rejects values outside sensible ranges.
    pub(crate) fn validate(&self) -> CoreResult<()> {
        let bad = |field: &str| {
            Err(CoreError::InvalidInput {
                field: field.to_owned(),
                reason: "out_of_range".to_owned(),
            })
        };
        if !(1..=24 * 31).contains(&self.interval_hours) {
            return bad("interval_hours");
        }
        if !(1..=365).contains(&self.restore_test_days) {
            return bad("restore_test_days");
        }
        if self.keep_daily + self.keep_weekly + self.keep_monthly == 0
            || self.keep_daily > 366
            || self.keep_weekly > 520
            || self.keep_monthly > 240
        {
            return bad("keep");
        }
        if let Some(folder) = &self.folder {
            if folder.trim().is_empty() || !std::path::Path::new(folder).is_absolute() {
                return Err(CoreError::InvalidInput {
                    field: "folder".to_owned(),
                    reason: "not_absolute".to_owned(),
                });
            }
        }
        Ok(())
    }

    /// The retention policy of these settings.
    #[must_use]
    pub fn retention(&self) -> Retention {
        Retention {
            daily: self.keep_daily,
            weekly: self.keep_weekly,
            monthly: self.keep_monthly,
        }
    }
}

impl BackupHistory {
    /// Reads the history (empty if none).
    pub(crate) fn load(conn: &Connection, keys: &VaultKeys) -> CoreResult<Self> {
        load(conn, keys, "backup_history")
    }

    /// Writes the history (inside the caller's transaction).
    pub(crate) fn save(&self, conn: &Connection, keys: &VaultKeys) -> CoreResult<()> {
        save(conn, keys, "backup_history", self)
    }
}

fn parse(at: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(at)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Whether something done last at `last` (never: `None`) is due again after `every`.
#[must_use]
pub fn is_due(last: Option<&str>, every: Duration, now: DateTime<Utc>) -> bool {
    match last.and_then(parse) {
        None => true,
        Some(t) => now - t >= every,
    }
}

impl BackupStatus {
    /// The status of `settings` and `history` at `now`.
    #[must_use]
    pub fn at(settings: BackupSettings, history: BackupHistory, now: DateTime<Utc>) -> Self {
        let interval = Duration::hours(i64::from(settings.interval_hours));
        let last_good = history.last_good.as_ref().map(|r| r.at.as_str());
        // After a failure, wait before trying again (a missing folder must not make the
        // scheduler write an audit entry every few seconds).
        let may_retry = |attempt: Option<&Attempt>| match attempt {
            Some(a) if !a.ok => is_due(Some(&a.at), RETRY_AFTER_FAILURE, now),
            _ => true,
        };
        let overdue = is_due(last_good, interval, now);
        let backup_due =
            settings.folder.is_some() && overdue && may_retry(history.last_attempt.as_ref());
        let restore_test_due = last_good.is_some()
            && is_due(
                history
                    .last_good_restore_test
                    .as_ref()
                    .map(|a| a.at.as_str()),
                Duration::days(i64::from(settings.restore_test_days)),
                now,
            )
            && may_retry(history.last_restore_test.as_ref());
        Self {
            settings,
            history,
            backup_due,
            overdue,
            restore_test_due,
            restore_pending: false,
        }
    }
}

/// How many generations to keep per period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    /// Newest backup of each of the last `daily` days that have one.
    pub daily: u32,
    /// Newest backup of each of the last `weekly` ISO weeks that have one.
    pub weekly: u32,
    /// Newest backup of each of the last `monthly` months that have one.
    pub monthly: u32,
}

/// Which of `backups` (creation times) to keep: the newest of each day, ISO week and month,
/// for as many periods as the policy says; always the newest, and every backup of the last
/// 24 hours (so an on-demand backup is not pruned by the next one the same day). Returns the
/// indexes to keep.
#[must_use]
pub fn keep(backups: &[DateTime<Utc>], policy: Retention, now: DateTime<Utc>) -> BTreeSet<usize> {
    let mut order: Vec<usize> = (0..backups.len()).collect();
    order.sort_by(|a, b| backups.get(*b).cmp(&backups.get(*a)));
    let mut kept: BTreeSet<usize> = (0..backups.len())
        .filter(|i| {
            backups
                .get(*i)
                .is_some_and(|t| now - *t < Duration::hours(24))
        })
        .collect();
    if let Some(newest) = order.first() {
        kept.insert(*newest);
    }
    let mut pick = |limit: u32, period: &dyn Fn(&DateTime<Utc>) -> (i32, u32)| {
        let mut seen = BTreeSet::new();
        for i in &order {
            let Some(t) = backups.get(*i) else { continue };
            let p = period(t);
            if seen.contains(&p) {
                continue;
            }
            if seen.len() >= limit as usize {
                break;
            }
            seen.insert(p);
            kept.insert(*i);
        }
    };
    pick(policy.daily, &|t| (t.year(), t.ordinal()));
    pick(policy.weekly, &|t| {
        let w = t.iso_week();
        (w.year(), w.week())
    });
    pick(policy.monthly, &|t| (t.year(), t.month()));
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
    }

    #[test]
    fn due_after_the_interval_or_when_never_done() {
        let now = at(2026, 3, 10, 12);
        assert!(is_due(None, Duration::hours(24), now));
        assert!(!is_due(
            Some("2026-03-10T01:00:00Z"),
            Duration::hours(24),
            now
        ));
        assert!(is_due(
            Some("2026-03-09T12:00:00Z"),
            Duration::hours(24),
            now
        ));
        assert!(is_due(Some("garbage"), Duration::hours(24), now));
    }

    #[test]
    fn status_warns_when_the_last_good_backup_is_too_old() {
        let settings = BackupSettings {
            folder: Some("/backups".to_owned()),
            ..BackupSettings::default()
        };
        let mut history = BackupHistory::default();
        let now = at(2026, 3, 10, 12);
        let s = BackupStatus::at(settings.clone(), history.clone(), now);
        assert!(s.backup_due && s.overdue && !s.restore_test_due);
        history.last_good = Some(BackupRecord {
            at: "2026-03-10T08:00:00Z".to_owned(),
            file: "/backups/x.llbak".to_owned(),
            backup_id: "b".to_owned(),
            size: 1,
        });
        let s = BackupStatus::at(settings.clone(), history.clone(), now);
        assert!(!s.backup_due && !s.overdue && s.restore_test_due);
        let s = BackupStatus::at(settings.clone(), history.clone(), at(2026, 3, 12, 12));
        assert!(s.backup_due && s.overdue);
        // A failed attempt half an hour ago: overdue, but not retried yet.
        history.last_attempt = Some(Attempt {
            at: "2026-03-12T11:30:00Z".to_owned(),
            ok: false,
            file: None,
            error: Some("disk_full".to_owned()),
            error_params: std::collections::BTreeMap::new(),
        });
        let s = BackupStatus::at(settings.clone(), history.clone(), at(2026, 3, 12, 12));
        assert!(!s.backup_due && s.overdue);
        let s = BackupStatus::at(settings, history, at(2026, 3, 12, 13));
        assert!(s.backup_due);
    }

    #[test]
    fn validation_rejects_silly_settings() {
        assert!(BackupSettings::default().validate().is_ok());
        for bad in [
            BackupSettings {
                interval_hours: 0,
                ..BackupSettings::default()
            },
            BackupSettings {
                keep_daily: 0,
                keep_weekly: 0,
                keep_monthly: 0,
                ..BackupSettings::default()
            },
            BackupSettings {
                folder: Some("relative/path".to_owned()),
                ..BackupSettings::default()
            },
        ] {
            assert!(bad.validate().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn retention_keeps_daily_weekly_and_monthly_generations() {
        // Two backups a day for 400 days.
        let start = at(2025, 1, 1, 9);
        let mut times = Vec::new();
        for d in 0..400 {
            times.push(start + Duration::days(d));
            times.push(start + Duration::days(d) + Duration::hours(8));
        }
        let policy = Retention {
            daily: 7,
            weekly: 4,
            monthly: 12,
        };
        let newest = times.len() - 1;
        let kept = keep(&times, policy, times[newest] + Duration::days(2));
        assert!(kept.contains(&newest));
        // 7 daily + at most 4 weekly + at most 12 monthly, with overlaps.
        assert!(kept.len() <= 23 && kept.len() >= 12 + 3, "{}", kept.len());
        // The second backup of the newest day replaces the first.
        assert!(!kept.contains(&(newest - 1)));
        // Nothing older than 12 months (plus the current) survives.
        let oldest_kept = kept.iter().map(|i| times[*i]).min().unwrap();
        assert!(times[newest] - oldest_kept < Duration::days(366));
        // Each of the last 7 days keeps exactly its newest backup.
        for d in 0..7 {
            assert!(kept.contains(&(newest - 2 * d)));
        }
    }

    #[test]
    fn retention_of_few_backups_keeps_them_all() {
        let times = vec![at(2026, 1, 1, 1), at(2026, 1, 2, 1), at(2026, 1, 3, 1)];
        let policy = Retention {
            daily: 7,
            weekly: 4,
            monthly: 12,
        };
        assert_eq!(keep(&times, policy, at(2026, 2, 1, 1)).len(), 3);
        let one = Retention {
            daily: 1,
            weekly: 0,
            monthly: 0,
        };
        assert!(keep(&[], one, at(2026, 2, 1, 1)).is_empty());
        // Within 24 hours everything is kept; later only the newest of the day.
        let same_day = vec![at(2026, 1, 1, 1), at(2026, 1, 1, 5)];
        assert_eq!(keep(&same_day, one, at(2026, 1, 1, 6)).len(), 2);
        assert_eq!(keep(&same_day, one, at(2026, 1, 3, 6)).len(), 1);
    }
}
