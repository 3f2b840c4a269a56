//! The matching engine: pure, deterministic, integer cents.
//!
//! 1. one-to-one by amount and direction inside a date window, ties broken by reference
//!    tokens, counterparty/memo similarity and the nearest date ([`one_to_one`]);
//! 2. one-to-many and many-to-one by bounded subset sums inside date windows and
//!    same-counterparty or same-memo pools ([`many`]);
//! 3. one-to-one within a fee tolerance;
//! 4. many-to-many (several bank lines ↔ several book lines of one counterparty with the
//!    same total inside a date window), suggestions only ([`many_many`]);
//! 5. flags: possible duplicates, digit transpositions, amount differences, stale items
//!    ([`flags`]).
//!
//! Lines are processed in a canonical order (date, amount, source), so the result does not
//! depend on the order of the input. No line is in two matches.

pub mod flags;
mod keys;
pub mod many;
pub mod many_many;
pub mod one_to_one;
pub mod similarity;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::Line;
use rustc_hash::FxHashMap;
use std::sync::Arc;

use similarity::grams;

/// Gram sets shared between lines with the same text.
pub(crate) type Shared = Arc<[u64]>;

/// Tuning of the engine. The defaults suit a small company's bank account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchConfig {
    /// Largest date difference, in days, for a one-to-one match.
    pub date_window_days: i64,
    /// Largest distance, in days, between the line of a one-to-many match and its parts.
    pub group_window_days: i64,
    /// Largest number of parts in a one-to-many match.
    pub max_parts: usize,
    /// Largest number of candidates a subset-sum search looks at.
    pub max_pool: usize,
    /// Search steps allowed per subset-sum target (the time cap).
    pub step_cap: u32,
    /// Largest difference, in cents, accepted for a match within tolerance (fees).
    pub fee_tolerance_cents: i64,
    /// Score (per-mille) from which a match may be automatic.
    pub auto_score: u16,
    /// Lead (per-mille) an automatic match must have over any competing candidate.
    pub auto_margin: u16,
    /// Unmatched items older than this many days (at `as_of`) are flagged stale.
    pub stale_days: i64,
    /// The date ages are measured at; default: the latest date of either side.
    pub as_of: Option<NaiveDate>,
}

impl Default for MatchConfig {
    fn default() -> Self {
        Self {
            date_window_days: 10,
            group_window_days: 7,
            max_parts: 6,
            max_pool: 24,
            step_cap: 20_000,
            fee_tolerance_cents: 5_000,
            auto_score: 600,
            auto_margin: 80,
            stale_days: 60,
            as_of: None,
        }
    }
}

/// Whether the engine is confident.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchStatus {
    /// Confident: applied without asking.
    Auto,
    /// Shown to the user to confirm.
    Suggested,
    /// Suggested by the engine and confirmed by the user, or matched by hand (a
    /// [`crate::workbench::Workbench`] decision; the engine itself never gives it).
    Confirmed,
}

/// Stable reason codes of a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    /// One bank line, one book line, same amount and direction.
    OneToOne,
    /// Several bank lines sum to one book line.
    ManyBankToOneBook,
    /// One bank line equals the sum of several book lines.
    OneBankToManyBook,
    /// One-to-one with a small difference (a fee).
    WithinTolerance,
    /// Several bank lines and several book lines of one counterparty with the same total
    /// (always a suggestion).
    ManyToMany,
    /// Matched by hand in the [`crate::workbench::Workbench`] (the engine never gives it).
    Manual,
}

/// A match: a machine-readable reason code with parameters, and a score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Match {
    /// Indices into the bank lines given to [`reconcile`].
    pub bank: Vec<usize>,
    /// Indices into the book lines given to [`reconcile`].
    pub book: Vec<usize>,
    /// Auto or suggested.
    pub status: MatchStatus,
    /// Confidence, per-mille (0–1000).
    pub score: u16,
    /// Why.
    pub code: ReasonCode,
    /// Parameters of the reason.
    pub params: ReasonParams,
    /// Sum of the bank amounts minus sum of the book amounts, in cents (0 unless
    /// [`ReasonCode::WithinTolerance`]).
    pub difference_cents: i64,
}

/// Parameters of a match's reason (absent ones are omitted from the JSON).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ReasonParams {
    /// Largest date difference between the lines, in days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_apart: Option<i64>,
    /// Counterparty/memo similarity, per-mille.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub similarity: Option<u16>,
    /// A reference token (voucher, serial, invoice number) found on both sides.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Number of parts of a one-to-many match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parts: Option<usize>,
    /// Number of combinations that fit (1 or 2, meaning "two or more").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub combinations: Option<usize>,
    /// The subset search hit its step cap: other combinations may exist.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub search_capped: bool,
    /// Score of a close competing candidate (why it is only suggested).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub competitor: Option<u16>,
}

impl Match {
    /// An English sentence for the reason (the code and params are the stable part).
    #[must_use]
    pub fn reason_text(&self) -> String {
        self.reason().to_string()
    }

    /// The reason as [`std::fmt::Display`], written without intermediate strings.
    #[must_use]
    pub fn reason(&self) -> Reason<'_> {
        Reason(self)
    }
}

/// A match's reason in English, for people: see [`Match::reason`].
#[derive(Debug, Clone, Copy)]
pub struct Reason<'a>(&'a Match);

impl std::fmt::Display for Reason<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::money::Cents;
        let m = self.0;
        let p = &m.params;
        let days = p.days_apart.unwrap_or(0);
        let (banks, books) = (m.bank.len(), m.book.len());
        let difference = Cents(m.difference_cents);
        match m.code {
            ReasonCode::OneToOne => write!(f, "same amount, {days} day(s) apart")?,
            ReasonCode::ManyBankToOneBook => write!(f, "{banks} bank lines sum to the book entry")?,
            ReasonCode::OneBankToManyBook => {
                write!(f, "the bank line equals the sum of {books} book entries")?;
            }
            ReasonCode::ManyToMany => write!(
                f,
                "{banks} bank lines and {books} book entries of the same counterparty have the same total"
            )?,
            ReasonCode::WithinTolerance => write!(
                f,
                "amounts differ by {difference} (within the fee tolerance), {days} day(s) apart"
            )?,
            ReasonCode::Manual => write!(
                f,
                "matched by hand: {banks} bank line(s), {books} book line(s), difference {difference}"
            )?,
        }
        if let Some(r) = &p.reference {
            write!(f, "; reference {r} on both sides")?;
        }
        if let Some(sim) = p.similarity.filter(|s| *s > 0) {
            write!(f, "; counterparty/memo similarity {sim}‰")?;
        }
        if p.combinations.is_some_and(|c| c > 1) {
            f.write_str("; several combinations fit, please confirm")?;
        }
        if p.search_capped {
            f.write_str("; search stopped at its cap, please confirm")?;
        }
        if p.competitor.is_some() {
            f.write_str("; another line of the same amount is close, please confirm")?;
        }
        Ok(())
    }
}

/// Kinds of flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagKind {
    /// Two lines on the same side look like the same transaction entered twice.
    PossibleDuplicate,
    /// A bank and a book amount differ by two swapped adjacent digits (difference ÷ 9).
    PossibleTransposition,
    /// A match whose amounts differ within the fee tolerance.
    AmountDifference,
    /// The running balance of an imported file does not follow.
    BalanceBreak,
    /// An unmatched item older than the stale limit.
    Stale,
}

/// Something the user should look at. Flags may name lines that are also in matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flag {
    /// What kind.
    pub kind: FlagKind,
    /// Indices into the bank lines.
    pub bank: Vec<usize>,
    /// Indices into the book lines.
    pub book: Vec<usize>,
    /// English note.
    pub note: String,
    /// Age in days, for stale items.
    pub age_days: Option<i64>,
}

/// The engine's result. All indices refer to the slices given to [`reconcile`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Outcome {
    /// Matches, in canonical order.
    pub matches: Vec<Match>,
    /// Bank lines in no match.
    pub unmatched_bank: Vec<usize>,
    /// Book lines in no match.
    pub unmatched_book: Vec<usize>,
    /// Flags.
    pub flags: Vec<Flag>,
    /// The date ages were measured at.
    pub as_of: Option<NaiveDate>,
}

/// Precomputed features of a line.
#[derive(Debug, Clone)]
pub(crate) struct Feat {
    /// Index into the caller's slice.
    pub idx: usize,
    pub day: i64,
    pub amount: i64,
    /// Counterparty name grams (bank side; empty on the book side).
    pub name: Shared,
    /// Memo grams (bank) or memo + 对方科目 grams (book).
    pub text: Shared,
    /// Reference token hashes.
    pub tokens: similarity::TokenHashes,
    /// Counterparty account digits hash (0: none).
    pub account: u64,
}

pub(crate) fn day_number(d: NaiveDate) -> i64 {
    i64::from(chrono::Datelike::num_days_from_ce(&d))
}

/// Distinct texts to their shared gram sets. The keys are copies kept together in the map
/// (borrowed keys pointed into lines scattered over the heap, and comparing them on every
/// hit cost more than the hashing).
#[derive(Default)]
struct GramCache {
    map: FxHashMap<String, Shared>,
    /// The key being looked up, reused.
    key: String,
}

impl GramCache {
    fn get(&mut self, a: &str, b: &str) -> Shared {
        self.key.clear();
        self.key.push_str(a);
        // A separator no text contains (control characters are cleaned on import).
        self.key.push('\u{1f}');
        self.key.push_str(b);
        if let Some(grams) = self.map.get(self.key.as_str()) {
            return Arc::clone(grams);
        }
        let shared: Shared = Arc::from(grams(&[a, b]));
        self.map.insert(self.key.clone(), Arc::clone(&shared));
        shared
    }
}

/// The matching features of one side's lines, in canonical order (independent of the other
/// side: computed on each import's own thread by [`crate::report`]).
pub(crate) fn features(lines: &[Line], side_bank: bool) -> Vec<Feat> {
    // Canonical order: independent of the caller's order. Integers first (packed in one
    // key); the file name and memo only break ties. The small keys are sorted first and
    // the features made in that order (made first, they were large to move).
    let mut order: Vec<(u128, usize)> = lines
        .iter()
        .enumerate()
        .map(|(idx, l)| {
            let key = keys::day_amount(day_number(l.date), l.amount_cents, l.source.row);
            (key, idx)
        })
        .collect();
    order.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0).then_with(|| {
            let (la, lb) = (lines.get(a.1), lines.get(b.1));
            (
                la.map(|l| &l.source),
                la.map(|l| &l.memo),
                la.map(|l| &l.counterparty_name),
            )
                .cmp(&(
                    lb.map(|l| &l.source),
                    lb.map(|l| &l.memo),
                    lb.map(|l| &l.counterparty_name),
                ))
        })
    });
    // Names and memos repeat a lot: compute each distinct text's grams once and share them.
    let mut cache = GramCache::default();
    let empty: Shared = Arc::from(Vec::new());
    let mut feats = Vec::with_capacity(order.len());
    for (idx, l) in order
        .iter()
        .filter_map(|(_, idx)| lines.get(*idx).map(|l| (*idx, l)))
    {
        feats.push(Feat {
            idx,
            day: day_number(l.date),
            amount: l.amount_cents,
            name: if side_bank {
                cache.get(&l.counterparty_name, "")
            } else {
                Arc::clone(&empty)
            },
            text: if side_bank {
                cache.get(&l.memo, "")
            } else {
                cache.get(&l.memo, &l.counterparty_name)
            },
            tokens: similarity::token_hash_set(&[&l.serial, &l.memo]),
            account: similarity::account_key(&l.counterparty_account),
        });
    }
    feats
}

/// Similarity of a bank and a book line, per-mille. When the bank line names its
/// counterparty, the name decides (the memo adds at most 500: generic words such as 分期
/// must not pull other customers' lines together); otherwise memo against memo.
pub(crate) fn similarity(b: &Feat, k: &Feat) -> u16 {
    let memo = similarity::overlap(&b.text, &k.text);
    if b.name.is_empty() {
        memo
    } else {
        similarity::overlap(&b.name, &k.text).max(memo.min(500))
    }
}

/// Same-side similarity (duplicates): names and texts compared alike.
pub(crate) fn same_side_similarity(a: &Feat, b: &Feat) -> u16 {
    let text = similarity::overlap(&a.text, &b.text);
    if a.name.is_empty() && b.name.is_empty() {
        text
    } else {
        text.min(similarity::overlap(&a.name, &b.name))
    }
}

/// Two lines of one side that nothing can tell apart (same day, amount, text and name):
/// pairing either with a counterpart gives the same reconciliation.
pub(crate) fn twins(a: &Feat, b: &Feat) -> bool {
    a.day == b.day
        && a.amount == b.amount
        && a.text == b.text
        && a.name == b.name
        && a.account == b.account
}

/// Working state: which canonical positions are taken.
pub(crate) struct State {
    pub bank: Vec<Feat>,
    pub book: Vec<Feat>,
    pub bank_used: Vec<bool>,
    pub book_used: Vec<bool>,
    pub matches: Vec<Match>,
}

/// Reconciles bank lines against book lines.
#[must_use]
pub fn reconcile(bank: &[Line], book: &[Line], cfg: &MatchConfig) -> Outcome {
    let (bank_f, book_f) = features_of_both(bank, book);
    reconcile_featured(bank, book, bank_f, book_f, cfg)
}

/// Both sides' [`features`], which are independent: computed on two threads.
pub(crate) fn features_of_both(bank: &[Line], book: &[Line]) -> (Vec<Feat>, Vec<Feat>) {
    std::thread::scope(|scope| {
        let handle = scope.spawn(|| features(book, false));
        let b = features(bank, true);
        let k = handle.join().unwrap_or_else(|_| features(book, false));
        (b, k)
    })
}

/// [`reconcile`] with each side's [`features`] already computed.
pub(crate) fn reconcile_featured(
    bank: &[Line],
    book: &[Line],
    bank_f: Vec<Feat>,
    book_f: Vec<Feat>,
    cfg: &MatchConfig,
) -> Outcome {
    let mut st = State {
        bank_used: vec![false; bank_f.len()],
        book_used: vec![false; book_f.len()],
        bank: bank_f,
        book: book_f,
        // Lines are in at most one match and a match has lines on both sides.
        matches: Vec::with_capacity(bank.len().min(book.len())),
    };
    one_to_one::run(&mut st, cfg);
    many::run(&mut st, cfg);
    one_to_one::run_tolerance(&mut st, cfg);
    many_many::run(&mut st, cfg);
    let as_of = cfg
        .as_of
        .or_else(|| bank.iter().chain(book).map(|l| l.date).max());
    let unmatched = |feats: &[Feat], used: &[bool]| -> Vec<usize> {
        feats
            .iter()
            .zip(used)
            .filter(|(_, u)| !**u)
            .map(|(f, _)| f.idx)
            .collect()
    };
    let unmatched_bank = unmatched(&st.bank, &st.bank_used);
    let unmatched_book = unmatched(&st.book, &st.book_used);
    let mut matches = std::mem::take(&mut st.matches);
    let mut flags = flags::tolerance(&matches);
    // The line flags read only the features and the used marks: they are found on a second
    // thread while this one puts the matches in canonical order.
    let state = &st;
    let line_flags = std::thread::scope(|scope| {
        let handle = scope.spawn(|| flags::find(state, bank, book, cfg, as_of));
        canonical_order(&mut matches, state, bank, book);
        handle
            .join()
            .unwrap_or_else(|_| flags::find(state, bank, book, cfg, as_of))
    });
    flags.extend(line_flags);
    // Freeing a large state (a token list and two shared gram sets per line) takes
    // milliseconds the caller need not wait for.
    if st.bank.len() + st.book.len() >= DROP_APART_FROM {
        std::thread::spawn(move || drop(st));
    }
    Outcome {
        matches,
        unmatched_bank,
        unmatched_book,
        flags,
        as_of,
    }
}

/// From this many lines (both sides) on, the working state is freed on a thread of its own.
const DROP_APART_FROM: usize = 20_000;

/// Canonical order of matches: by the canonical position of their first lines; the lines
/// of each match in canonical order too. Fills in shared reference tokens.
fn canonical_order(matches: &mut [Match], st: &State, bank: &[Line], book: &[Line]) {
    let mut bank_pos = vec![usize::MAX; bank.len()];
    for (pos, f) in st.bank.iter().enumerate() {
        if let Some(p) = bank_pos.get_mut(f.idx) {
            *p = pos;
        }
    }
    let mut book_pos = vec![usize::MAX; book.len()];
    for (pos, f) in st.book.iter().enumerate() {
        if let Some(p) = book_pos.get_mut(f.idx) {
            *p = pos;
        }
    }
    for m in matches.iter_mut() {
        m.bank
            .sort_by_key(|i| bank_pos.get(*i).copied().unwrap_or(usize::MAX));
        m.book
            .sort_by_key(|i| book_pos.get(*i).copied().unwrap_or(usize::MAX));
        if m.params.reference.as_ref().is_some_and(String::is_empty) {
            m.params.reference = shared_reference(bank, book, m);
        }
    }
    let key = |m: &Match| {
        (
            m.bank
                .first()
                .and_then(|i| bank_pos.get(*i))
                .copied()
                .unwrap_or(usize::MAX),
            m.book
                .first()
                .and_then(|i| book_pos.get(*i))
                .copied()
                .unwrap_or(usize::MAX),
        )
    };
    // No line is in two matches, so the first bank positions are distinct, and so are the
    // first book positions of matches without a bank line: each match has a slot of its
    // own, and reading the slots in order is the sort by `key` without comparing or moving
    // the (large) matches more than once.
    let mut slot_of = vec![usize::MAX; bank.len() + book.len()];
    let mut distinct = true;
    for (i, m) in matches.iter().enumerate() {
        let slot = match key(m) {
            (usize::MAX, usize::MAX) => None,
            (usize::MAX, k) => Some(bank.len() + k),
            (b, _) => Some(b),
        };
        match slot.and_then(|s| slot_of.get_mut(s)) {
            Some(free) if *free == usize::MAX => *free = i,
            _ => {
                distinct = false;
                break;
            }
        }
    }
    if !distinct {
        matches.sort_unstable_by_key(key);
        return;
    }
    let order: Vec<usize> = slot_of.into_iter().filter(|i| *i != usize::MAX).collect();
    permute(matches, &order);
}

/// Puts `items` in the given order in place: position `j` receives the item that was at
/// `order[j]` (`order` is a permutation of the positions). Each item moves once.
fn permute<T>(items: &mut [T], order: &[usize]) {
    let mut done = vec![false; order.len()];
    for start in 0..order.len() {
        if done.get(start).copied().unwrap_or(true) {
            continue;
        }
        let mut j = start;
        loop {
            if let Some(d) = done.get_mut(j) {
                *d = true;
            }
            let Some(&src) = order.get(j) else { break };
            // The end of the cycle; the other two only guard against an `order` that is
            // not a permutation (it would otherwise loop).
            if src == start || src >= items.len() || done.get(src).copied().unwrap_or(true) {
                break;
            }
            items.swap(j, src);
            j = src;
        }
    }
}

fn shared_reference(bank: &[Line], book: &[Line], m: &Match) -> Option<String> {
    let b = m.bank.first().and_then(|i| bank.get(*i))?;
    let k = m.book.first().and_then(|i| book.get(*i))?;
    similarity::share_token(
        &similarity::tokens(&[&b.serial, &b.memo]),
        &similarity::tokens(&[&k.serial, &k.memo]),
    )
}

#[cfg(test)]
mod tests {
    use super::permute;
    use proptest::prelude::*;

    proptest! {
        /// Position `j` receives the item that was at `order[j]`, for any permutation.
        #[test]
        fn permute_places_each_item(order in Just((0..40usize).collect::<Vec<_>>()).prop_shuffle()) {
            let mut items: Vec<usize> = (100..140).collect();
            permute(&mut items, &order);
            let expected: Vec<usize> = order.iter().map(|i| 100 + i).collect();
            prop_assert_eq!(items, expected);
        }
    }

    #[test]
    fn permute_stops_on_an_order_that_is_no_permutation() {
        let mut items = vec![1, 2, 3];
        permute(&mut items, &[1, 1, 7]);
        assert_eq!(items.len(), 3);
    }
}
