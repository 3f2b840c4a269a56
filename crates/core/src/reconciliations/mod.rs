//! Saved reconciliations (银行存款余额调节表 workbenches) of a client.
//!
//! A reconciliation being worked on ([`Workbench`]: both imported sides, the engine's
//! matches, the user's decisions and their history) is saved whole with the client it belongs
//! to, sealed with that client's key, and reopened later to continue. A draft may be saved
//! again and deleted; a final one is an accounting record kept for its retention period
//! ([`RETENTION_YEARS`] for class [`RECORD_CLASS`], 《会计档案管理办法》 annex 1) and can be
//! neither changed nor deleted here.
//!
//! Who may do what (see `vault/roles.rs`): saving and deleting need [`Action::Reconcile`]
//! on the client (administrators; accountants and assistants assigned to it); listing and
//! opening need [`Action::ViewClient`] on it (auditors may read). Every save, open and
//! delete is written to the audit log (ids and status only, never amounts or names).
//!
//! [`Action::Reconcile`]: crate::vault::Action::Reconcile
//! [`Action::ViewClient`]: crate::vault::Action::ViewClient

mod store;
pub mod templates;

use chrono::NaiveDate;
use ledgerlock_reconciliation::Workbench;
use serde::{Deserialize, Serialize};

/// Record class of a saved reconciliation, for retention (银行存款余额调节表 and the
/// 银行对账单 it holds).
pub const RECORD_CLASS: &str = "bank_reconciliation";

/// Minimum retention of [`RECORD_CLASS`], in years after the end of its fiscal year.
pub const RETENTION_YEARS: i32 = 10;

/// Where a saved reconciliation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ReconciliationStatus {
    /// Being worked on: may be saved again or deleted.
    Draft,
    /// Finished (定稿): kept for its retention period, no longer changed.
    Final,
}

impl ReconciliationStatus {
    /// The stable name stored in the database.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Final => "final",
        }
    }

    /// Reads a stored name.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Draft, Self::Final]
            .into_iter()
            .find(|x| x.as_str() == s)
    }
}

/// A row of a client's list of saved reconciliations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ReconciliationSummary {
    /// Id.
    pub id: String,
    /// The client.
    pub client_id: String,
    /// Draft or final.
    pub status: ReconciliationStatus,
    /// Record class ([`RECORD_CLASS`]).
    pub class: String,
    /// Fiscal year the record belongs to (year of the period end).
    pub fiscal_year: Option<i32>,
    /// First day covered, ISO.
    pub period_start: Option<String>,
    /// Statement date, ISO.
    pub period_end: Option<String>,
    /// Last day the record must be kept (end of the fiscal year + [`RETENTION_YEARS`]).
    pub retain_until: Option<String>,
    /// Bank statement file name.
    pub bank_file: String,
    /// Ledger file name.
    pub ledger_file: String,
    /// Whether the adjusted balances agree.
    pub balanced: bool,
    /// Open (unmatched) bank lines.
    pub open_bank: u32,
    /// Open (unmatched) book lines.
    pub open_book: u32,
    /// Matches that count (automatic, confirmed, manual).
    pub matched: u32,
    /// Saved how many times (the revision a next save must name).
    pub revision: u32,
    /// When first saved (RFC 3339).
    pub created_at: String,
    /// When last saved (RFC 3339).
    pub updated_at: String,
    /// Who last saved.
    pub updated_by: Option<u32>,
}

/// What to save.
#[derive(Debug, Clone, Copy)]
pub struct SaveReconciliation<'a> {
    /// The saved reconciliation to replace, or `None` for a new one.
    pub id: Option<&'a str>,
    /// For a replacement: the revision it was opened at (a newer save in between is refused
    /// as `stale`).
    pub revision: Option<u32>,
    /// The client.
    pub client_id: &'a str,
    /// Draft, or final (定稿: no change afterwards).
    pub status: ReconciliationStatus,
    /// Bank statement file name.
    pub bank_file: &'a str,
    /// Ledger file name.
    pub ledger_file: &'a str,
    /// The workbench.
    pub workbench: &'a Workbench,
}

/// A reopened reconciliation.
#[derive(Debug, Clone)]
pub struct SavedReconciliation {
    /// Its list row.
    pub summary: ReconciliationSummary,
    /// The workbench, as saved.
    pub workbench: Workbench,
}

/// The last day a record of `fiscal_year` must be kept: counted from the day after the end
/// of its fiscal year (Art. 14), [`RETENTION_YEARS`] whole years.
#[must_use]
pub fn retain_until(fiscal_year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(fiscal_year.checked_add(RETENTION_YEARS)?, 12, 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip() {
        for s in [ReconciliationStatus::Draft, ReconciliationStatus::Final] {
            assert_eq!(ReconciliationStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(ReconciliationStatus::parse("deleted"), None);
    }

    #[test]
    fn kept_ten_years_after_the_fiscal_year() {
        assert_eq!(retain_until(2025), NaiveDate::from_ymd_opt(2035, 12, 31));
        assert_eq!(retain_until(i32::MAX), None);
    }
}
