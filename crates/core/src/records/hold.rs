//! Legal holds and what they mean for a record whose period has ended.
//!
//! 《会计档案管理办法》 Art. 19: records of unsettled claims and debts (未结清的债权债务) or other
//! open matters (未了事项) must not be destroyed even when their period has ended. The app adds
//! two holds of its own: an open dispute or complaint, and a security incident that involves
//! the client (its records are evidence).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::retention::Expiry;

/// Why a record may not be destroyed yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum HoldReason {
    /// 未结清的债权债务 (Art. 19).
    UnsettledClaims,
    /// 其他未了事项 (Art. 19).
    OpenMatter,
    /// An open dispute or complaint about the client's records.
    Dispute,
    /// A security incident that involves the client.
    Incident,
}

/// A hold placed on a client's records (all of them, or one class).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LegalHold {
    /// Why.
    pub reason: HoldReason,
    /// The day it was placed.
    pub placed_on: NaiveDate,
    /// The day it was lifted, if it was.
    pub lifted_on: Option<NaiveDate>,
}

impl LegalHold {
    /// Whether the hold applies on `day`.
    #[must_use]
    pub fn is_active(&self, day: NaiveDate) -> bool {
        self.placed_on <= day && self.lifted_on.is_none_or(|lifted| day < lifted)
    }
}

/// What may be done with a record on a given day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Disposition {
    /// Still inside its period (or permanent, or not started): keep it.
    Keep {
        /// When the period ends.
        expiry: Expiry,
    },
    /// The period is over and nothing blocks destruction.
    Due {
        /// The last day of the period.
        expired_on: NaiveDate,
    },
    /// The period is over but a hold blocks destruction; the record is kept apart and listed
    /// with the reasons (Art. 19).
    Held {
        /// The last day of the period.
        expired_on: NaiveDate,
        /// The active holds' reasons, sorted, without repeats.
        reasons: Vec<HoldReason>,
    },
}

impl Disposition {
    /// Whether the record may go on a destruction list today.
    #[must_use]
    pub fn may_destroy(&self) -> bool {
        matches!(self, Self::Due { .. })
    }
}

/// The disposition of a record with `expiry` under `holds` on `today`.
#[must_use]
pub fn disposition(expiry: Expiry, holds: &[LegalHold], today: NaiveDate) -> Disposition {
    let Expiry::On(expired_on) = expiry else {
        return Disposition::Keep { expiry };
    };
    if !expiry.is_over(today) {
        return Disposition::Keep { expiry };
    }
    let mut reasons: Vec<HoldReason> = holds
        .iter()
        .filter(|hold| hold.is_active(today))
        .map(|hold| hold.reason)
        .collect();
    reasons.sort_unstable();
    reasons.dedup();
    if reasons.is_empty() {
        Disposition::Due { expired_on }
    } else {
        Disposition::Held {
            expired_on,
            reasons,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn hold(reason: HoldReason, placed: NaiveDate, lifted: Option<NaiveDate>) -> LegalHold {
        LegalHold {
            reason,
            placed_on: placed,
            lifted_on: lifted,
        }
    }

    #[test]
    fn inside_the_period_a_record_is_kept_whatever_the_holds() {
        let expiry = Expiry::On(d(2030, 12, 31));
        assert_eq!(
            disposition(expiry, &[], d(2030, 12, 31)),
            Disposition::Keep { expiry }
        );
        assert!(!disposition(Expiry::Never, &[], d(2999, 1, 1)).may_destroy());
        assert!(!disposition(Expiry::NotStarted, &[], d(2999, 1, 1)).may_destroy());
    }

    #[test]
    fn after_the_period_it_is_due_unless_held() {
        let expiry = Expiry::On(d(2030, 12, 31));
        let due = disposition(expiry, &[], d(2031, 1, 1));
        assert_eq!(
            due,
            Disposition::Due {
                expired_on: d(2030, 12, 31)
            }
        );
        assert!(due.may_destroy());

        let holds = [
            hold(HoldReason::UnsettledClaims, d(2029, 5, 1), None),
            hold(HoldReason::Dispute, d(2030, 1, 1), None),
            hold(HoldReason::UnsettledClaims, d(2030, 2, 1), None),
        ];
        let held = disposition(expiry, &holds, d(2031, 1, 1));
        assert_eq!(
            held,
            Disposition::Held {
                expired_on: d(2030, 12, 31),
                reasons: vec![HoldReason::UnsettledClaims, HoldReason::Dispute],
            }
        );
        assert!(!held.may_destroy());
    }

    #[test]
    fn a_lifted_hold_no_longer_blocks() {
        let expiry = Expiry::On(d(2030, 12, 31));
        let holds = [hold(
            HoldReason::Incident,
            d(2030, 3, 1),
            Some(d(2031, 2, 1)),
        )];
        assert!(!disposition(expiry, &holds, d(2031, 1, 31)).may_destroy());
        assert!(disposition(expiry, &holds, d(2031, 2, 1)).may_destroy());
        // A hold placed in the future does not apply yet.
        let later = [hold(HoldReason::OpenMatter, d(2032, 1, 1), None)];
        assert!(disposition(expiry, &later, d(2031, 6, 1)).may_destroy());
    }
}
