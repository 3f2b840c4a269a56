//! The whole job: two imports, a period, the engine and the statement.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::matching::{self, Flag, FlagKind, MatchConfig, Outcome};
use crate::model::{BalanceBreak, Import, Line};
use crate::statement::{self, Statement};

/// A reconciliation of one bank account for one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reconciliation {
    /// Bank lines inside the period (indices of the outcome refer to these).
    pub bank: Vec<Line>,
    /// Book lines inside the period.
    pub book: Vec<Line>,
    /// Matches, unmatched lines and flags.
    pub outcome: Outcome,
    /// The 银行存款余额调节表.
    pub statement: Statement,
}

/// Reconciles `bank` against `book` (consumed: their lines move into the result) for the lines dated within `from..=to` (either bound
/// optional). Balances are taken at `to` (or the last line). Balance breaks of both files
/// become flags.
#[must_use]
pub fn reconcile_imports(
    bank: Import,
    book: Import,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    cfg: &MatchConfig,
) -> Reconciliation {
    reconcile_imports_reporting(bank, book, from, to, cfg, &|_| {})
}

/// A stage of a reconciliation run, in order; reported as each one starts, for a progress
/// bar in a caller that waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Reading and checking both files.
    Reading,
    /// Matching lines.
    Matching,
    /// Building the 银行存款余额调节表.
    Statement,
}

impl Stage {
    /// The stages of a run, in order.
    pub const ALL: [Stage; 3] = [Stage::Reading, Stage::Matching, Stage::Statement];

    /// 0-based position of the stage in [`Stage::ALL`].
    #[must_use]
    pub fn step(self) -> u8 {
        match self {
            Self::Reading => 0,
            Self::Matching => 1,
            Self::Statement => 2,
        }
    }

    /// Stable name (`reading`, `matching`, `statement`).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Reading => "reading",
            Self::Matching => "matching",
            Self::Statement => "statement",
        }
    }
}

/// [`reconcile_imports`], reporting the stages it starts (from [`Stage::Matching`] on).
#[must_use]
pub fn reconcile_imports_reporting(
    bank: Import,
    book: Import,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    cfg: &MatchConfig,
    report: &(dyn Fn(Stage) + Sync),
) -> Reconciliation {
    report(Stage::Matching);
    let (bank, book) = (in_period(bank, from, to), in_period(book, from, to));
    let (bank_f, book_f) = matching::features_of_both(&bank.lines, &book.lines);
    finish((bank, bank_f), (book, book_f), to, cfg, report)
}

/// One side in the period: its lines, with the balance and breaks of the whole file.
struct InPeriod {
    lines: Vec<Line>,
    balance: Option<i64>,
    breaks: Vec<BalanceBreak>,
}

fn in_period(import: Import, from: Option<NaiveDate>, to: Option<NaiveDate>) -> InPeriod {
    let within = |l: &Line| from.is_none_or(|f| l.date >= f) && to.is_none_or(|t| l.date <= t);
    let balance = import.balance_at(to);
    let mut lines = import.lines;
    // `retain` moves nothing while every line is kept (the whole file in the period).
    lines.retain(within);
    InPeriod {
        lines,
        balance,
        breaks: import.balance_breaks,
    }
}

/// Matching, flags and the statement, on two sides in the period with their features.
fn finish(
    (bank, bank_f): (InPeriod, Vec<matching::Feat>),
    (book, book_f): (InPeriod, Vec<matching::Feat>),
    to: Option<NaiveDate>,
    cfg: &MatchConfig,
    report: &(dyn Fn(Stage) + Sync),
) -> Reconciliation {
    let mut cfg = cfg.clone();
    if cfg.as_of.is_none() {
        cfg.as_of = to;
    }
    let mut outcome = matching::reconcile_featured(&bank.lines, &book.lines, bank_f, book_f, &cfg);
    add_breaks(&mut outcome.flags, &bank.breaks, &bank.lines, true);
    add_breaks(&mut outcome.flags, &book.breaks, &book.lines, false);
    report(Stage::Statement);
    let as_of = to.or(outcome.as_of);
    let st = statement::build(
        &bank.lines,
        &book.lines,
        &outcome,
        book.balance,
        bank.balance,
        as_of,
    );
    Reconciliation {
        bank: bank.lines,
        book: book.lines,
        outcome,
        statement: st,
    }
}

fn add_breaks(flags: &mut Vec<Flag>, breaks: &[BalanceBreak], lines: &[Line], bank_side: bool) {
    for br in breaks {
        let rows: Vec<usize> = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.source.row == br.previous_row || l.source.row == br.row)
            .map(|(i, _)| i)
            .collect();
        if rows.is_empty() {
            continue;
        }
        flags.push(Flag {
            kind: FlagKind::BalanceBreak,
            bank: if bank_side { rows.clone() } else { Vec::new() },
            book: if bank_side { Vec::new() } else { rows },
            note: format!(
                "balance after row {} should be {} but the file shows {}",
                br.row,
                crate::money::format_cents(br.expected_cents),
                crate::money::format_cents(br.found_cents)
            ),
            age_days: None,
        });
    }
}

/// Imports a bank file and a book file (on two threads) and reconciles them: the whole
/// job of the CLI and the app in one call.
///
/// # Errors
/// The first [`crate::ImportError`] of either file (the bank file's when both fail).
pub fn reconcile_files(
    bank: (&str, &[u8]),
    book: (&str, &[u8]),
    bank_options: &crate::ImportOptions,
    book_options: &crate::ImportOptions,
    period: (Option<NaiveDate>, Option<NaiveDate>),
    cfg: &MatchConfig,
) -> Result<Reconciliation, crate::ImportError> {
    reconcile_files_reporting(bank, book, bank_options, book_options, period, cfg, &|_| {})
}

/// [`reconcile_files`], reporting each [`Stage`] as it starts.
///
/// # Errors
/// As [`reconcile_files`].
pub fn reconcile_files_reporting(
    bank: (&str, &[u8]),
    book: (&str, &[u8]),
    bank_options: &crate::ImportOptions,
    book_options: &crate::ImportOptions,
    period: (Option<NaiveDate>, Option<NaiveDate>),
    cfg: &MatchConfig,
    report: &(dyn Fn(Stage) + Sync),
) -> Result<Reconciliation, crate::ImportError> {
    report(Stage::Reading);
    let (from, to) = period;
    // Each side is imported, cut to the period and given its matching features on its own
    // thread: the two sides take different times at each step, so they are not made to
    // wait for each other between steps.
    let side = |(name, bytes): (&str, &[u8]), options, bank_side: bool| {
        let import = if bank_side {
            crate::import_bank(name, bytes, options)
        } else {
            crate::import_book(name, bytes, options)
        }?;
        let side = in_period(import, from, to);
        let feats = matching::features(&side.lines, bank_side);
        Ok::<_, crate::ImportError>((side, feats))
    };
    let (bank_side, book_side) = std::thread::scope(|scope| {
        let handle = scope.spawn(|| side(book, book_options, false));
        let b = side(bank, bank_options, true);
        let k = handle
            .join()
            .unwrap_or_else(|_| side(book, book_options, false));
        (b, k)
    });
    let (bank_side, book_side) = (bank_side?, book_side?);
    report(Stage::Matching);
    Ok(finish(bank_side, book_side, to, cfg, report))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn stages_are_reported_in_order() {
        let bank = include_bytes!("../tests/fixtures/cn_boc_debit.csv");
        let book = include_bytes!("../tests/fixtures/ledger_boc_gbk.csv");
        let seen = Mutex::new(Vec::new());
        let no = crate::ImportOptions::default();
        let r = reconcile_files_reporting(
            ("bank.csv", bank),
            ("book.csv", book),
            &no,
            &no,
            (None, None),
            &MatchConfig::default(),
            &|s| {
                seen.lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .push(s);
            },
        );
        assert!(r.is_ok());
        let seen = seen.into_inner().unwrap_or_default();
        assert_eq!(seen, Stage::ALL.to_vec());
        for (i, s) in seen.iter().enumerate() {
            assert_eq!(usize::from(s.step()), i);
        }
    }
}
