//! The common line model both sides (bank statement and 银行存款日记账) are mapped into.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where a line came from: file, sheet and 1-based physical row as a spreadsheet (or a text
/// editor, for CSV/MT940/OFX/XML) shows it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SourceRef {
    /// File name as given by the caller; shared by all the lines of a file (one allocation
    /// per file, not per line). Serialised as a plain string.
    pub file: std::sync::Arc<str>,
    /// Sheet name for XLS/XLSX files.
    pub sheet: Option<String>,
    /// 1-based physical row (or line) number.
    pub row: u32,
}

/// Which side of the reconciliation a line belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The bank's statement (对账单).
    Bank,
    /// The company's books (银行存款日记账).
    Book,
}

/// One transaction of either side.
///
/// `amount_cents` is signed from the account holder's view: `+` money into the bank account,
/// `−` money out. On the book side 借方 (debit) is `+` and 贷方 (credit) is `−`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    /// Where the line came from.
    pub source: SourceRef,
    /// Booking date (记账日期).
    pub date: NaiveDate,
    /// Value date (起息日) when the source gives one.
    pub value_date: Option<NaiveDate>,
    /// Signed amount in cents.
    pub amount_cents: i64,
    /// Running balance after this line, in cents, when the source gives one.
    pub balance_cents: Option<i64>,
    /// Counterparty name (对方户名); on the book side the 对方科目 text.
    pub counterparty_name: String,
    /// Counterparty account number (对方账号).
    pub counterparty_account: String,
    /// Description (摘要, 附言, 用途, ...), joined with spaces.
    pub memo: String,
    /// Bank serial number (流水号) or book voucher number (凭证字号).
    pub serial: String,
}

impl Line {
    /// A key identifying the same transaction when a file, or a file of an overlapping
    /// period, is imported again. Built from the date, amount, balance, serial and
    /// counterparty account; equal keys inside one file are counted, not merged.
    #[must_use]
    pub fn dedupe_key(&self) -> String {
        let balance = self
            .balance_cents
            .map_or_else(String::new, |b| b.to_string());
        format!(
            "{}|{}|{}|{}|{}|{}",
            self.date,
            self.amount_cents,
            balance,
            self.serial.trim(),
            self.counterparty_account.trim(),
            self.memo.split_whitespace().collect::<Vec<_>>().join(" ")
        )
    }
}

/// A reported break of the running balance: `previous + amount != balance`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BalanceBreak {
    /// Row of the earlier line (in time).
    pub previous_row: u32,
    /// Row of the line whose balance does not follow.
    pub row: u32,
    /// The balance expected from the previous one and the amount.
    pub expected_cents: i64,
    /// The balance the file shows.
    pub found_cents: i64,
}

/// A row that was read but is not a transaction (totals, notes, blank-looking rows).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedRow {
    /// 1-based physical row.
    pub row: u32,
    /// Stable reason code: `total`, `opening_balance`, `no_date`, `zero_amount`.
    pub reason: String,
}

/// The result of importing one file of either side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Import {
    /// Which side the file was read as.
    pub side: Side,
    /// File name as given by the caller.
    pub file: String,
    /// The detected format: `csv`, `xlsx`, `xls`, `camt053`, `mt940`, `ofx`.
    pub format: String,
    /// The transactions in file order.
    pub lines: Vec<Line>,
    /// Opening balance (期初余额) when the file states or implies one.
    pub opening_balance_cents: Option<i64>,
    /// Closing balance when the file states or implies one.
    pub closing_balance_cents: Option<i64>,
    /// Whether the file lists lines newest first.
    pub descending: bool,
    /// Breaks in the running balance.
    pub balance_breaks: Vec<BalanceBreak>,
    /// Rows read but not taken as transactions.
    pub skipped: Vec<SkippedRow>,
    /// The column mapping used (tabular files only), to confirm or save as a template.
    pub mapping: Option<crate::import::detect::ColumnMapping>,
}

impl Import {
    /// The lines of `other` that are not already in `self` (by [`Line::dedupe_key`]),
    /// counting equal keys: importing the same file twice, or a file that overlaps an
    /// earlier one, adds nothing twice. Returns how many lines were added.
    pub fn merge(&mut self, other: Import) -> usize {
        let mut have: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for l in &self.lines {
            *have.entry(l.dedupe_key()).or_insert(0) += 1;
        }
        let mut mine = std::mem::take(&mut self.lines);
        if self.descending {
            mine.reverse();
        }
        let mut theirs = other.lines;
        if other.descending {
            theirs.reverse();
        }
        let mut added = 0;
        for l in theirs {
            match have.get_mut(&l.dedupe_key()) {
                Some(n) if *n > 0 => *n -= 1,
                _ => {
                    mine.push(l);
                    added += 1;
                }
            }
        }
        // One chronological list (stable: each file's order within a day is kept).
        mine.sort_by_key(|l| l.date);
        self.lines = mine;
        self.descending = false;
        let other_closing = other.closing_balance_cents;
        self.closing_balance_cents = None;
        crate::import::tabular::finish_balances(self);
        if self.closing_balance_cents.is_none() {
            self.closing_balance_cents = other_closing;
        }
        added
    }

    /// The balance at the end of `date` (inclusive), from the running balances when the
    /// file has them, else from the opening balance plus the amounts.
    #[must_use]
    pub fn balance_at(&self, date: Option<NaiveDate>) -> Option<i64> {
        let chrono = self.chronological();
        let within: Vec<&Line> = chrono
            .into_iter()
            .filter(|l| date.is_none_or(|d| l.date <= d))
            .collect();
        if let Some(last) = within.last() {
            if let Some(b) = last.balance_cents {
                return Some(b);
            }
        }
        let opening = self.opening_balance_cents?;
        Some(
            within
                .iter()
                .fold(opening, |acc, l| acc.saturating_add(l.amount_cents)),
        )
    }

    /// The lines in time order (stable for equal dates, following the file's order).
    #[must_use]
    pub fn chronological(&self) -> Vec<&Line> {
        let mut v: Vec<&Line> = self.lines.iter().collect();
        if self.descending {
            v.reverse();
        }
        v.sort_by_key(|l| l.date);
        v
    }
}
