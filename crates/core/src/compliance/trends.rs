//! Trends over the last 12 months (seed aspect 20, continuous improvement): open risks,
//! overdue requests and the age of the last backup at the end of each month. Computed from
//! what the vault already keeps — the registers' dates and the audit log's backup entries —
//! so no snapshot table is needed and the history is there from the first day.

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::register::{is_overdue, EntryStatus, RegisterKind};
use super::signals::EntryFact;
use crate::error::CoreResult;
use crate::vault::db::sql;
use crate::vault::{Action, Vault};

/// One month of the trend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct TrendPoint {
    /// The month (`2026-11`).
    pub month: String,
    /// The day measured: the month's last day, or today for the current month.
    pub on: String,
    /// Risks open on that day.
    pub open_risks: u32,
    /// Requests and privacy complaints past their deadline on that day.
    pub overdue_requests: u32,
    /// Days since the last good backup on that day; `None` before the first one.
    pub backup_age_days: Option<u32>,
}

/// The measuring days: the end of each of the last 12 months, the last one being today.
#[must_use]
pub fn month_ends(today: NaiveDate) -> Vec<NaiveDate> {
    let first = today.with_day(1).unwrap_or(today);
    let mut out: Vec<NaiveDate> = (1..12u32)
        .rev()
        .filter_map(|back| {
            first
                .checked_sub_months(Months::new(back - 1))
                .and_then(|d| d.pred_opt())
        })
        .collect();
    out.push(today);
    out
}

/// The trend of `entries` and `backups` (days a good backup was made) on each day of
/// [`month_ends`].
#[must_use]
pub fn trend(
    entries: &[EntryFact],
    opened: &[NaiveDate],
    backups: &[NaiveDate],
    today: NaiveDate,
) -> Vec<TrendPoint> {
    month_ends(today)
        .into_iter()
        .map(|on| {
            let open_risks = entries
                .iter()
                .zip(opened)
                .filter(|(e, o)| {
                    e.kind == RegisterKind::Risk
                        && **o <= on
                        && (e.status != EntryStatus::Closed || e.closed_on.is_some_and(|c| c > on))
                })
                .count();
            let overdue_requests = entries
                .iter()
                .zip(opened)
                .filter(|(e, o)| {
                    e.answer_deadline && **o <= on && is_overdue(e.due_on, e.closed_on, on)
                })
                .count();
            let backup_age_days = backups
                .iter()
                .filter(|b| **b <= on)
                .max()
                .and_then(|b| u32::try_from((on - *b).num_days()).ok());
            TrendPoint {
                month: on.format("%Y-%m").to_string(),
                on: on.format("%Y-%m-%d").to_string(),
                open_risks: u32::try_from(open_risks).unwrap_or(u32::MAX),
                overdue_requests: u32::try_from(overdue_requests).unwrap_or(u32::MAX),
                backup_age_days,
            }
        })
        .collect()
}

impl Vault {
    /// The 12-month trend (administrators, accountants, auditors).
    ///
    /// # Errors
    /// `forbidden` without `view_reports`; storage errors.
    pub fn compliance_trends(&self, now: DateTime<Utc>) -> CoreResult<Vec<TrendPoint>> {
        self.session.require(Action::ViewReports)?;
        let rows = self.register_rows(None)?;
        let opened: Vec<NaiveDate> = rows.iter().map(|r| r.opened_on).collect();
        let entries: Vec<EntryFact> = rows
            .iter()
            .map(|row| EntryFact {
                id: row.id,
                kind: row.kind,
                number: row.number.clone(),
                status: row.status,
                due_on: row.due_on,
                closed_on: row.closed_on,
                answer_deadline: row.body().has_answer_deadline(),
                level: row.body().risk_level(),
            })
            .collect();
        Ok(trend(
            &entries,
            &opened,
            &self.backup_days()?,
            now.date_naive(),
        ))
    }

    /// The days good backups were made, from the audit log.
    pub(crate) fn backup_days(&self) -> CoreResult<Vec<NaiveDate>> {
        let mut stmt = self
            .conn
            .prepare("SELECT at FROM audit_log WHERE action = 'backup.created' ORDER BY seq")
            .map_err(sql("audit_log"))?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(sql("audit_log"))?;
        let mut out = Vec::new();
        for at in rows {
            let at = at.map_err(sql("audit_log"))?;
            if let Ok(t) = DateTime::parse_from_rfc3339(&at) {
                out.push(t.with_timezone(&Utc).date_naive());
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn twelve_points_ending_today() {
        let ends = month_ends(d(2026, 3, 15));
        assert_eq!(ends.len(), 12);
        assert_eq!(ends[0], d(2025, 4, 30));
        assert_eq!(ends[9], d(2026, 1, 31));
        assert_eq!(ends[10], d(2026, 2, 28));
        assert_eq!(ends[11], d(2026, 3, 15));
    }

    #[test]
    fn risks_requests_and_backup_age_per_month() {
        let entry = |kind, status, due, closed, deadline| EntryFact {
            id: 1,
            kind,
            number: String::new(),
            status,
            due_on: due,
            closed_on: closed,
            answer_deadline: deadline,
            level: None,
        };
        let entries = vec![
            // A risk opened in January, closed in March.
            entry(
                RegisterKind::Risk,
                EntryStatus::Closed,
                None,
                Some(d(2026, 3, 10)),
                false,
            ),
            // A request received 2026-01-20, due 2026-02-19, answered 2026-03-05: overdue at
            // the end of February only.
            entry(
                RegisterKind::Request,
                EntryStatus::Closed,
                Some(d(2026, 2, 19)),
                Some(d(2026, 3, 5)),
                true,
            ),
        ];
        let opened = vec![d(2026, 1, 5), d(2026, 1, 20)];
        let backups = vec![d(2026, 2, 1), d(2026, 3, 1)];
        let t = trend(&entries, &opened, &backups, d(2026, 3, 15));
        let at = |month: &str| t.iter().find(|p| p.month == month).unwrap();
        assert_eq!(at("2025-12").open_risks, 0);
        assert_eq!(at("2026-01").open_risks, 1);
        assert_eq!(at("2026-02").open_risks, 1);
        assert_eq!(at("2026-03").open_risks, 0);
        assert_eq!(at("2026-01").overdue_requests, 0);
        assert_eq!(at("2026-02").overdue_requests, 1);
        assert_eq!(at("2026-03").overdue_requests, 0);
        assert_eq!(at("2026-01").backup_age_days, None);
        assert_eq!(at("2026-02").backup_age_days, Some(27));
        assert_eq!(at("2026-03").backup_age_days, Some(14));
    }
}
