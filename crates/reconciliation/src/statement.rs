//! 银行存款余额调节表: the bank reconciliation statement, as a plain serialisable struct the
//! documents crate can render (PDF) and [`crate::xlsx_out`] writes as XLSX.
//!
//! ```text
//! 企业银行存款日记账余额            银行对账单余额
//! 加：银行已收、企业未收            加：企业已收、银行未收
//! 减：银行已付、企业未付            减：企业已付、银行未付
//! 调节后余额                        调节后余额
//! ```
//! Differences of matches within the fee tolerance count as 银行已收/已付、企业未收/未付
//! items (the bank moved a different amount than the books recorded).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::matching::Outcome;
use crate::model::{Line, Side};

/// One outstanding item (未达账项) of the statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementItem {
    /// Side the item is recorded on.
    pub side: Side,
    /// File and physical row(s) of the source line(s).
    pub file: String,
    /// 1-based physical rows.
    pub rows: Vec<u32>,
    /// Date of the line.
    pub date: NaiveDate,
    /// Amount of the item as it enters the section (positive), in cents.
    pub amount_cents: i64,
    /// 摘要 / counterparty for display.
    pub description: String,
    /// Days between the item's date and the statement date.
    pub age_days: i64,
    /// The item is the amount difference of a match within the fee tolerance (not an
    /// unmatched line).
    #[serde(default)]
    pub difference: bool,
}

/// A section of the statement: its total and items.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Section {
    /// Total, in cents (positive).
    pub total_cents: i64,
    /// The items.
    pub items: Vec<StatementItem>,
}

/// The bank reconciliation statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    /// Statement date (period end).
    pub as_of: Option<NaiveDate>,
    /// 企业银行存款日记账余额, in cents.
    pub book_balance_cents: i64,
    /// 银行对账单余额, in cents.
    pub bank_balance_cents: i64,
    /// Whether the book balance came from the file (else: sum of the lines from zero).
    pub book_balance_known: bool,
    /// Whether the bank balance came from the file (else: sum of the lines from zero).
    pub bank_balance_known: bool,
    /// 银行已收、企业未收.
    pub bank_received_book_not: Section,
    /// 银行已付、企业未付.
    pub bank_paid_book_not: Section,
    /// 企业已收、银行未收.
    pub book_received_bank_not: Section,
    /// 企业已付、银行未付.
    pub book_paid_bank_not: Section,
    /// 调节后余额 (book side).
    pub adjusted_book_balance_cents: i64,
    /// 调节后余额 (bank side).
    pub adjusted_bank_balance_cents: i64,
    /// The two adjusted balances agree.
    pub balanced: bool,
}

fn describe(l: &Line) -> String {
    [l.memo.as_str(), l.counterparty_name.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" / ")
}

fn item(side: Side, l: &Line, amount: i64, as_of: Option<NaiveDate>) -> StatementItem {
    StatementItem {
        side,
        file: l.source.file.to_string(),
        rows: vec![l.source.row],
        date: l.date,
        amount_cents: amount,
        description: describe(l),
        age_days: as_of.map_or(0, |d| (d - l.date).num_days()),
        difference: false,
    }
}

fn push(section: &mut Section, it: StatementItem) {
    section.total_cents = section.total_cents.saturating_add(it.amount_cents);
    section.items.push(it);
}

/// Builds the statement from the engine's outcome and the balances at the period end.
/// `book_balance`/`bank_balance` are `None` when the files give no balance.
#[must_use]
pub fn build(
    bank: &[Line],
    book: &[Line],
    outcome: &Outcome,
    book_balance: Option<i64>,
    bank_balance: Option<i64>,
    as_of: Option<NaiveDate>,
) -> Statement {
    let sum = |ls: &[Line]| {
        ls.iter()
            .fold(0i64, |a, l| a.saturating_add(l.amount_cents))
    };
    let mut s = Statement {
        as_of,
        book_balance_cents: book_balance.unwrap_or_else(|| sum(book)),
        bank_balance_cents: bank_balance.unwrap_or_else(|| sum(bank)),
        book_balance_known: book_balance.is_some(),
        bank_balance_known: bank_balance.is_some(),
        bank_received_book_not: Section::default(),
        bank_paid_book_not: Section::default(),
        book_received_bank_not: Section::default(),
        book_paid_bank_not: Section::default(),
        adjusted_book_balance_cents: 0,
        adjusted_bank_balance_cents: 0,
        balanced: false,
    };
    for i in &outcome.unmatched_bank {
        let Some(l) = bank.get(*i) else { continue };
        if l.amount_cents > 0 {
            push(
                &mut s.bank_received_book_not,
                item(Side::Bank, l, l.amount_cents, as_of),
            );
        } else {
            push(
                &mut s.bank_paid_book_not,
                item(Side::Bank, l, -l.amount_cents, as_of),
            );
        }
    }
    for i in &outcome.unmatched_book {
        let Some(l) = book.get(*i) else { continue };
        if l.amount_cents > 0 {
            push(
                &mut s.book_received_bank_not,
                item(Side::Book, l, l.amount_cents, as_of),
            );
        } else {
            push(
                &mut s.book_paid_bank_not,
                item(Side::Book, l, -l.amount_cents, as_of),
            );
        }
    }
    for m in &outcome.matches {
        if m.difference_cents == 0 {
            continue;
        }
        let Some(l) = m.bank.first().and_then(|i| bank.get(*i)) else {
            continue;
        };
        let mut it = item(Side::Bank, l, m.difference_cents.abs(), as_of);
        it.rows = m
            .bank
            .iter()
            .filter_map(|i| bank.get(*i))
            .map(|l| l.source.row)
            .collect();
        it.description = format!("difference to book: {}", describe(l));
        it.difference = true;
        if m.difference_cents > 0 {
            push(&mut s.bank_received_book_not, it);
        } else {
            push(&mut s.bank_paid_book_not, it);
        }
    }
    s.adjusted_book_balance_cents = s
        .book_balance_cents
        .saturating_add(s.bank_received_book_not.total_cents)
        .saturating_sub(s.bank_paid_book_not.total_cents);
    s.adjusted_bank_balance_cents = s
        .bank_balance_cents
        .saturating_add(s.book_received_bank_not.total_cents)
        .saturating_sub(s.book_paid_bank_not.total_cents);
    s.balanced = s.adjusted_book_balance_cents == s.adjusted_bank_balance_cents;
    s
}
