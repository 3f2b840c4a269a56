//! The destruction list (会计档案销毁清册) and the rules of its approval.
//!
//! 《会计档案管理办法》 Art. 18: the list names each item with eight fields (名称, 卷号, 册数,
//! 起止年度, 档案编号, 应保管期限, 已保管期限, 销毁时间); the responsible people sign it with
//! their opinions; supervisors (监销人) check the items against the list before destruction and
//! sign after it. The app turns this into a state machine:
//!
//! draft → (≥ N approvals by people other than the drafter) approved → (a supervisor confirms
//! the items) supervised → executed (items still held are withheld, not destroyed) → (the
//! supervisor confirms the result) closed.
//!
//! Nobody approves alone: the drafter cannot approve, one person approves once, and the
//! supervisor is neither the drafter nor an approver. Items must be due on the day they are
//! added and again on the day of execution (a hold placed in between withholds them).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::hold::{disposition, Disposition, HoldReason, LegalHold};
use super::invalid;
use super::retention::{Expiry, Period};
use crate::error::CoreResult;

/// A user id, as the vault's `users` table numbers them.
pub type UserId = u32;

/// The fewest approvals a list needs (the law names several signatories; the app asks for at
/// least two people besides the drafter unless the firm configures more).
pub const MIN_APPROVALS: u32 = 2;

/// One line of the list: the eight fields of Art. 18 plus what the app needs to act on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DestructionItem {
    /// What is destroyed: an id the vault knows (document, statement, reconciliation, client
    /// personal information), so execution can find the rows and keys.
    pub target: String,
    /// 名称.
    pub name: String,
    /// 卷号.
    pub volume_no: String,
    /// 册数.
    pub copies: u32,
    /// 起止年度: first and last fiscal year covered.
    pub years: (i32, i32),
    /// 档案编号.
    pub archive_no: String,
    /// 应保管期限.
    pub period: Period,
    /// 已保管期限, in whole years, when the list was drafted.
    pub years_kept: u32,
    /// When the item's period ended.
    pub expiry: Expiry,
    /// 销毁时间: set on execution.
    pub destroyed_on: Option<NaiveDate>,
    /// Set on execution when a hold kept the item back.
    pub withheld: Vec<HoldReason>,
}

/// Where a list stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ListStatus {
    /// Being drafted and approved.
    Draft,
    /// Enough approvals; waiting for the supervisor's check.
    Approved,
    /// The supervisor checked the items against the list; ready to execute.
    Supervised,
    /// Executed; waiting for the supervisor's confirmation of the result.
    Executed,
    /// The supervisor confirmed the result. Final.
    Closed,
    /// Abandoned before execution. Final.
    Cancelled,
}

/// A signature with an opinion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Signature {
    /// Who signed.
    pub user: UserId,
    /// When.
    pub on: NaiveDate,
    /// The opinion written with it (may be empty).
    pub opinion: String,
}

/// A destruction list and its signatures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DestructionList {
    /// Who drafted it.
    pub drafted_by: UserId,
    /// When.
    pub drafted_on: NaiveDate,
    /// The appraisal note (鉴定意见) the list rests on.
    pub appraisal: String,
    /// The items.
    pub items: Vec<DestructionItem>,
    /// Approvals, in order.
    pub approvals: Vec<Signature>,
    /// The supervisor's check before execution.
    pub supervised_before: Option<Signature>,
    /// The supervisor's confirmation after execution.
    pub supervised_after: Option<Signature>,
    /// Who executed it and when.
    pub executed: Option<Signature>,
    /// Where it stands.
    pub status: ListStatus,
    /// Approvals needed (at least [`MIN_APPROVALS`]).
    pub approvals_needed: u32,
}

impl DestructionList {
    /// A new draft.
    #[must_use]
    pub fn draft(drafted_by: UserId, drafted_on: NaiveDate, appraisal: &str) -> Self {
        Self {
            drafted_by,
            drafted_on,
            appraisal: appraisal.trim().to_owned(),
            items: Vec::new(),
            approvals: Vec::new(),
            supervised_before: None,
            supervised_after: None,
            executed: None,
            status: ListStatus::Draft,
            approvals_needed: MIN_APPROVALS,
        }
    }

    /// Requires more approvals than the minimum (a firm's own rule).
    ///
    /// # Errors
    /// `approvals_needed`/`below_minimum` when fewer than [`MIN_APPROVALS`].
    pub fn require_approvals(&mut self, needed: u32) -> CoreResult<()> {
        if needed < MIN_APPROVALS {
            return Err(invalid("approvals_needed", "below_minimum"));
        }
        self.approvals_needed = needed;
        Ok(())
    }

    /// Adds an item whose period is over and which no hold blocks on `today`. Changing the
    /// items withdraws the approvals given so far (they approved another list).
    ///
    /// # Errors
    /// `item`/`not_due` inside its period, `item`/`held` under a hold, `item`/`duplicate`
    /// when already listed, `status`/`not_draft` after approval.
    pub fn add_item(
        &mut self,
        item: DestructionItem,
        holds: &[LegalHold],
        today: NaiveDate,
    ) -> CoreResult<()> {
        self.require_status(ListStatus::Draft)?;
        match disposition(item.expiry, holds, today) {
            Disposition::Due { .. } => {}
            Disposition::Held { .. } => return Err(invalid("item", "held")),
            Disposition::Keep { .. } => return Err(invalid("item", "not_due")),
        }
        if self.items.iter().any(|i| i.target == item.target) {
            return Err(invalid("item", "duplicate"));
        }
        self.items.push(item);
        self.approvals.clear();
        Ok(())
    }

    /// Removes an item from a draft (approvals given so far are withdrawn).
    ///
    /// # Errors
    /// `status`/`not_draft`, or `item`/`not_listed`.
    pub fn remove_item(&mut self, target: &str) -> CoreResult<()> {
        self.require_status(ListStatus::Draft)?;
        let before = self.items.len();
        self.items.retain(|i| i.target != target);
        if self.items.len() == before {
            return Err(invalid("item", "not_listed"));
        }
        self.approvals.clear();
        Ok(())
    }

    /// An approval. When enough people approved, the list is approved.
    ///
    /// # Errors
    /// `approver`/`is_drafter`, `approver`/`already_approved`, `items`/`empty`,
    /// `status`/`not_draft`.
    pub fn approve(&mut self, user: UserId, on: NaiveDate, opinion: &str) -> CoreResult<()> {
        self.require_status(ListStatus::Draft)?;
        if self.items.is_empty() {
            return Err(invalid("items", "empty"));
        }
        if user == self.drafted_by {
            return Err(invalid("approver", "is_drafter"));
        }
        if self.approvals.iter().any(|s| s.user == user) {
            return Err(invalid("approver", "already_approved"));
        }
        self.approvals.push(Signature {
            user,
            on,
            opinion: opinion.trim().to_owned(),
        });
        if u32::try_from(self.approvals.len()).unwrap_or(u32::MAX) >= self.approvals_needed {
            self.status = ListStatus::Approved;
        }
        Ok(())
    }

    /// The supervisor's check of the items against the list, before execution.
    ///
    /// # Errors
    /// `supervisor`/`not_independent` for the drafter or an approver; `status`/`not_approved`.
    pub fn supervise_before(&mut self, user: UserId, on: NaiveDate, note: &str) -> CoreResult<()> {
        self.require_status(ListStatus::Approved)?;
        self.require_independent(user)?;
        self.supervised_before = Some(Signature {
            user,
            on,
            opinion: note.trim().to_owned(),
        });
        self.status = ListStatus::Supervised;
        Ok(())
    }

    /// Executes the list on `today` under the holds in force then (`holds_of` gives an
    /// item's holds). Items a hold now blocks are withheld with the reasons; the others get
    /// their destruction date. Returns the targets to destroy; the caller destroys them (keys,
    /// rows) in the same transaction that stores the executed list.
    ///
    /// # Errors
    /// `status`/`not_supervised`.
    pub fn execute<'h>(
        &mut self,
        user: UserId,
        today: NaiveDate,
        holds_of: impl Fn(&DestructionItem) -> &'h [LegalHold],
    ) -> CoreResult<Vec<String>> {
        if self.status != ListStatus::Supervised {
            return Err(invalid("status", "not_supervised"));
        }
        let mut destroyed = Vec::new();
        for item in &mut self.items {
            match disposition(item.expiry, holds_of(item), today) {
                Disposition::Due { .. } => {
                    item.destroyed_on = Some(today);
                    destroyed.push(item.target.clone());
                }
                Disposition::Held { reasons, .. } => item.withheld = reasons,
                // Cannot happen for an item that was due when added, unless its period was
                // lengthened since: keep it, withheld without a hold reason.
                Disposition::Keep { .. } => item.withheld = Vec::new(),
            }
        }
        self.executed = Some(Signature {
            user,
            on: today,
            opinion: String::new(),
        });
        self.status = ListStatus::Executed;
        Ok(destroyed)
    }

    /// The supervisor's confirmation after execution; only the supervisor who checked before
    /// may confirm.
    ///
    /// # Errors
    /// `supervisor`/`not_the_same`, `status`/`not_executed`.
    pub fn supervise_after(&mut self, user: UserId, on: NaiveDate, note: &str) -> CoreResult<()> {
        if self.status != ListStatus::Executed {
            return Err(invalid("status", "not_executed"));
        }
        if self.supervised_before.as_ref().map(|s| s.user) != Some(user) {
            return Err(invalid("supervisor", "not_the_same"));
        }
        self.supervised_after = Some(Signature {
            user,
            on,
            opinion: note.trim().to_owned(),
        });
        self.status = ListStatus::Closed;
        Ok(())
    }

    /// Abandons the list before execution.
    ///
    /// # Errors
    /// `status`/`already_executed`.
    pub fn cancel(&mut self) -> CoreResult<()> {
        match self.status {
            ListStatus::Draft | ListStatus::Approved | ListStatus::Supervised => {
                self.status = ListStatus::Cancelled;
                Ok(())
            }
            _ => Err(invalid("status", "already_executed")),
        }
    }

    /// The items actually destroyed (for the certificate).
    pub fn destroyed_items(&self) -> impl Iterator<Item = &DestructionItem> {
        self.items.iter().filter(|i| i.destroyed_on.is_some())
    }

    /// The items withheld at execution (for the certificate's "withheld and why").
    pub fn withheld_items(&self) -> impl Iterator<Item = &DestructionItem> {
        self.items
            .iter()
            .filter(|i| self.executed.is_some() && i.destroyed_on.is_none())
    }

    fn require_status(&self, status: ListStatus) -> CoreResult<()> {
        if self.status == status {
            Ok(())
        } else {
            Err(invalid(
                "status",
                match status {
                    ListStatus::Draft => "not_draft",
                    _ => "not_approved",
                },
            ))
        }
    }

    fn require_independent(&self, user: UserId) -> CoreResult<()> {
        if user == self.drafted_by || self.approvals.iter().any(|s| s.user == user) {
            Err(invalid("supervisor", "not_independent"))
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::hold::HoldReason;
    use super::*;
    use crate::error::CoreError;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn item(target: &str, expired: NaiveDate) -> DestructionItem {
        DestructionItem {
            target: target.to_owned(),
            name: "2014年银行对账单".to_owned(),
            volume_no: "B-2014-01".to_owned(),
            copies: 1,
            years: (2014, 2014),
            archive_no: "DZ-2014-001".to_owned(),
            period: Period::Years(10),
            years_kept: 10,
            expiry: Expiry::On(expired),
            destroyed_on: None,
            withheld: Vec::new(),
        }
    }

    fn reason(err: CoreError) -> String {
        match err {
            CoreError::InvalidInput { field, reason } => format!("{field}/{reason}"),
            other => format!("{other:?}"),
        }
    }

    const TODAY: fn() -> NaiveDate = || d(2026, 11, 27);

    fn approved_list() -> DestructionList {
        let mut list = DestructionList::draft(1, TODAY(), "期满，无未了事项");
        list.add_item(item("doc:a", d(2024, 12, 31)), &[], TODAY())
            .unwrap();
        list.add_item(item("doc:b", d(2024, 12, 31)), &[], TODAY())
            .unwrap();
        list.approve(2, TODAY(), "同意").unwrap();
        list.approve(3, TODAY(), "同意").unwrap();
        list
    }

    #[test]
    fn only_due_unheld_unique_items_can_be_listed() {
        let mut list = DestructionList::draft(1, TODAY(), "");
        let not_due = list
            .add_item(item("doc:x", d(2026, 12, 31)), &[], TODAY())
            .unwrap_err();
        assert_eq!(reason(not_due), "item/not_due");
        let hold = LegalHold {
            reason: HoldReason::UnsettledClaims,
            placed_on: d(2025, 1, 1),
            lifted_on: None,
        };
        let held = list
            .add_item(item("doc:y", d(2020, 12, 31)), &[hold], TODAY())
            .unwrap_err();
        assert_eq!(reason(held), "item/held");
        list.add_item(item("doc:z", d(2020, 12, 31)), &[], TODAY())
            .unwrap();
        let dup = list
            .add_item(item("doc:z", d(2020, 12, 31)), &[], TODAY())
            .unwrap_err();
        assert_eq!(reason(dup), "item/duplicate");
    }

    #[test]
    fn nobody_approves_alone_or_twice_or_their_own_list() {
        let mut list = DestructionList::draft(1, TODAY(), "");
        assert_eq!(
            reason(list.approve(2, TODAY(), "").unwrap_err()),
            "items/empty"
        );
        list.add_item(item("doc:a", d(2024, 12, 31)), &[], TODAY())
            .unwrap();
        assert_eq!(
            reason(list.approve(1, TODAY(), "").unwrap_err()),
            "approver/is_drafter"
        );
        list.approve(2, TODAY(), "").unwrap();
        assert_eq!(list.status, ListStatus::Draft, "one approval is not enough");
        assert_eq!(
            reason(list.approve(2, TODAY(), "").unwrap_err()),
            "approver/already_approved"
        );
        list.approve(3, TODAY(), "").unwrap();
        assert_eq!(list.status, ListStatus::Approved);
        assert!(list.require_approvals(1).is_err());
    }

    #[test]
    fn changing_the_items_withdraws_approvals() {
        let mut list = DestructionList::draft(1, TODAY(), "");
        list.add_item(item("doc:a", d(2024, 12, 31)), &[], TODAY())
            .unwrap();
        list.approve(2, TODAY(), "").unwrap();
        list.add_item(item("doc:b", d(2024, 12, 31)), &[], TODAY())
            .unwrap();
        assert!(list.approvals.is_empty());
        list.approve(2, TODAY(), "").unwrap();
        list.remove_item("doc:a").unwrap();
        assert!(list.approvals.is_empty());
        assert_eq!(
            reason(list.remove_item("doc:a").unwrap_err()),
            "item/not_listed"
        );
    }

    #[test]
    fn the_supervisor_is_independent_and_confirms_before_and_after() {
        let mut list = approved_list();
        assert_eq!(
            reason(list.execute(1, TODAY(), |_| &[]).unwrap_err()),
            "status/not_supervised"
        );
        for not_independent in [1, 2, 3] {
            assert_eq!(
                reason(
                    list.supervise_before(not_independent, TODAY(), "")
                        .unwrap_err()
                ),
                "supervisor/not_independent"
            );
        }
        list.supervise_before(4, TODAY(), "已核对").unwrap();
        let destroyed = list.execute(1, TODAY(), |_| &[]).unwrap();
        assert_eq!(destroyed, vec!["doc:a".to_owned(), "doc:b".to_owned()]);
        assert_eq!(list.destroyed_items().count(), 2);
        assert_eq!(
            reason(list.supervise_after(5, TODAY(), "").unwrap_err()),
            "supervisor/not_the_same"
        );
        list.supervise_after(4, TODAY(), "已销毁").unwrap();
        assert_eq!(list.status, ListStatus::Closed);
        assert!(list.cancel().is_err());
    }

    #[test]
    fn a_hold_placed_after_approval_withholds_the_item_at_execution() {
        let mut list = approved_list();
        list.supervise_before(4, TODAY(), "").unwrap();
        let holds = vec![LegalHold {
            reason: HoldReason::Incident,
            placed_on: TODAY(),
            lifted_on: None,
        }];
        let destroyed = list
            .execute(1, TODAY(), |i| {
                if i.target == "doc:b" {
                    holds.as_slice()
                } else {
                    &[]
                }
            })
            .unwrap();
        assert_eq!(destroyed, vec!["doc:a".to_owned()]);
        let withheld: Vec<_> = list.withheld_items().collect();
        assert_eq!(withheld.len(), 1);
        assert_eq!(withheld[0].withheld, vec![HoldReason::Incident]);
    }

    #[test]
    fn a_list_can_be_cancelled_until_executed() {
        let mut list = approved_list();
        list.cancel().unwrap();
        assert_eq!(list.status, ListStatus::Cancelled);
        assert!(list.approve(9, TODAY(), "").is_err());
    }
}
