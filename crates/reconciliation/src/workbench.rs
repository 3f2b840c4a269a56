//! The workbench: a reconciliation being worked on by a person.
//!
//! A [`Workbench`] starts from the engine's [`Reconciliation`] and records the user's
//! decisions: confirm or reject a suggested match, match lines by hand, undo an automatic or
//! confirmed match, undo the last action. It is pure (no I/O, no clock) and serialisable as a
//! whole, so the shell can seal it, save it with the client and reopen it later to continue.
//!
//! * Automatic, confirmed and manual matches count as matched; pending suggestions and
//!   rejected or undone matches do not: [`Workbench::statement`] is recomputed from the
//!   current decisions.
//! * Invariant: no line is ever in two live matches (automatic, suggested, confirmed or
//!   manual). Matching by hand a line that a pending suggestion holds rejects that suggestion
//!   (reported, and undone together with the manual match).
//! * Every action is recorded; [`Workbench::undo`] reverses the last one, and undoing all of
//!   them gives back exactly the initial workbench.
//! * Amounts cross the API as decimal strings (`-1234.50`); indices are positions in
//!   [`Workbench::bank_lines`] / [`Workbench::book_lines`].
//!
//! A saved workbench is checked when it is read back: out-of-range indices or a line in two
//! live matches make deserialisation fail instead of giving a workbench that breaks its
//! invariant.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::matching::{Flag, FlagKind, Match, MatchStatus, Outcome, ReasonCode, ReasonParams};
use crate::model::{Line, Side};
use crate::money::format_cents;
use crate::report::Reconciliation;
use crate::statement::{self, Statement};

/// Version of the saved form of a [`Workbench`].
pub const FORMAT_VERSION: u32 = 1;

/// Identifier of a match inside one workbench (stable across save and reopen).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MatchId(pub usize);

impl std::fmt::Display for MatchId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// Where a match stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchState {
    /// Applied by the engine without asking (counts as matched).
    Auto,
    /// Suggested by the engine, waiting for the user (does not count).
    Suggested,
    /// Suggested and confirmed by the user (counts).
    Confirmed,
    /// Suggested and rejected by the user (does not count; its lines are free).
    Rejected,
    /// Matched by hand (counts).
    Manual,
    /// An automatic, confirmed or manual match the user undid with
    /// [`Workbench::unmatch`] (does not count; its lines are free).
    Unmatched,
}

impl MatchState {
    /// Whether the match holds its lines (no other match may use them).
    #[must_use]
    pub fn is_live(self) -> bool {
        matches!(
            self,
            Self::Auto | Self::Suggested | Self::Confirmed | Self::Manual
        )
    }

    /// Whether the match counts as matched in the statement.
    #[must_use]
    pub fn counts(self) -> bool {
        matches!(self, Self::Auto | Self::Confirmed | Self::Manual)
    }
}

/// Where a match came from: the engine (with its reason) or the user's hand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "origin", rename_all = "snake_case")]
pub enum Origin {
    /// Proposed by the engine.
    Engine {
        /// Confidence, per-mille.
        score: u16,
        /// Stable reason code.
        code: ReasonCode,
        /// Parameters of the reason.
        params: ReasonParams,
    },
    /// Matched by hand.
    Manual,
}

/// A match of the workbench.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkMatch {
    /// Its identifier.
    pub id: MatchId,
    /// Bank line indices.
    pub bank: Vec<usize>,
    /// Book line indices.
    pub book: Vec<usize>,
    /// Engine or manual.
    pub origin: Origin,
    /// Current state.
    pub state: MatchState,
    /// Sum of the bank amounts minus sum of the book amounts, in cents.
    pub difference_cents: i64,
}

/// One recorded action (what [`Workbench::undo`] reverses).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// A suggestion was confirmed.
    Confirm {
        /// The match.
        id: MatchId,
    },
    /// A suggestion was rejected.
    Reject {
        /// The match.
        id: MatchId,
    },
    /// Lines were matched by hand.
    ManualMatch {
        /// The new match.
        id: MatchId,
        /// Pending suggestions that held some of the lines and were rejected by it.
        superseded: Vec<MatchId>,
    },
    /// An automatic, confirmed or manual match was undone.
    Unmatch {
        /// The match.
        id: MatchId,
        /// Its state before.
        previous: MatchState,
    },
}

/// Why an action was refused. Nothing changes when an action is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum WorkbenchError {
    /// No match has this identifier.
    #[error("no match {id}")]
    UnknownMatch {
        /// The identifier given.
        id: MatchId,
    },
    /// Confirm or reject of a match that is not a pending suggestion.
    #[error("match {id} is not a pending suggestion (it is {state:?})")]
    NotPending {
        /// The match.
        id: MatchId,
        /// Its state.
        state: MatchState,
    },
    /// Unmatch of a match that is not automatic, confirmed or manual.
    #[error("match {id} is not matched (it is {state:?})")]
    NotMatched {
        /// The match.
        id: MatchId,
        /// Its state.
        state: MatchState,
    },
    /// A manual match needs at least one line on each side.
    #[error("select at least one {side:?} line")]
    EmptySide {
        /// The empty side.
        side: Side,
    },
    /// A line index out of range.
    #[error("there is no {side:?} line {index}")]
    UnknownLine {
        /// Side.
        side: Side,
        /// The index given.
        index: usize,
    },
    /// The same line selected twice.
    #[error("{side:?} line {index} is selected twice")]
    RepeatedLine {
        /// Side.
        side: Side,
        /// The index.
        index: usize,
    },
    /// A selected line is already in an automatic, confirmed or manual match.
    #[error("{side:?} line {index} is already in match {match_id}")]
    LineAlreadyMatched {
        /// Side.
        side: Side,
        /// The line.
        index: usize,
        /// The match holding it.
        match_id: MatchId,
    },
    /// The selection does not balance and the caller did not accept the difference.
    #[error("the selection differs by {difference}")]
    DifferenceNotAccepted {
        /// Bank minus book, decimal string.
        difference: String,
    },
    /// There is nothing to undo.
    #[error("nothing to undo")]
    NothingToUndo,
    /// The recorded history does not fit the matches (a damaged saved file).
    #[error("the recorded history does not fit the matches")]
    InconsistentHistory,
}

/// How a line stands, for display.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum LineState {
    /// In an automatic, confirmed or manual match.
    Matched {
        /// The match.
        match_id: MatchId,
    },
    /// In a pending suggestion.
    Suggested {
        /// The suggestion.
        match_id: MatchId,
    },
    /// In no live match.
    Open,
}

/// A line of either pane.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineView {
    /// Index in its pane (what actions take).
    pub index: usize,
    /// Source file.
    pub file: String,
    /// 1-based physical row of the source file.
    pub source_row: u32,
    /// Booking date.
    pub date: NaiveDate,
    /// Signed amount, decimal string.
    pub amount: String,
    /// Counterparty (bank) or 对方科目 (book).
    pub counterparty: String,
    /// 摘要.
    pub memo: String,
    /// 流水号 or 凭证字号.
    pub serial: String,
    /// Matched, suggested or open.
    pub state: LineState,
    /// Kinds of the flags naming this line.
    pub flags: Vec<FlagKind>,
}

/// A pending suggestion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuggestionView {
    /// Its identifier.
    pub id: MatchId,
    /// Bank line indices.
    pub bank: Vec<usize>,
    /// Book line indices.
    pub book: Vec<usize>,
    /// Confidence, per-mille.
    pub score: u16,
    /// Stable reason code.
    pub reason_code: ReasonCode,
    /// Parameters of the reason.
    pub params: ReasonParams,
    /// English sentence for the reason.
    pub reason: String,
    /// Bank minus book, decimal string.
    pub difference: String,
}

/// A match that counts (automatic, confirmed or manual).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchView {
    /// Its identifier.
    pub id: MatchId,
    /// Bank line indices.
    pub bank: Vec<usize>,
    /// Book line indices.
    pub book: Vec<usize>,
    /// `auto`, `confirmed` or `manual`.
    pub state: MatchState,
    /// Engine score (none for manual matches).
    pub score: Option<u16>,
    /// Engine reason code ([`ReasonCode::Manual`] for manual matches).
    pub reason_code: ReasonCode,
    /// Bank minus book, decimal string.
    pub difference: String,
}

/// Open lines of one pane.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaneTotals {
    /// Lines in the pane.
    pub lines: usize,
    /// Lines in no live match.
    pub open_count: usize,
    /// Sum of the open lines' signed amounts, decimal string.
    pub open_sum: String,
}

/// Totals of both panes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    /// Bank pane.
    pub bank: PaneTotals,
    /// Book pane.
    pub book: PaneTotals,
}

/// Result of a manual match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManualMatchResult {
    /// The new match.
    pub id: MatchId,
    /// Bank minus book, decimal string (non-zero only when accepted).
    pub difference: String,
    /// Pending suggestions rejected because they held some of the lines.
    pub superseded: Vec<MatchId>,
}

/// A reconciliation being worked on. See the [module documentation](self).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Unchecked")]
pub struct Workbench {
    version: u32,
    bank: Vec<Line>,
    book: Vec<Line>,
    flags: Vec<Flag>,
    as_of: Option<NaiveDate>,
    book_balance_cents: Option<i64>,
    bank_balance_cents: Option<i64>,
    matches: Vec<WorkMatch>,
    history: Vec<Action>,
}

/// The saved form, before its checks.
#[derive(Deserialize)]
struct Unchecked {
    version: u32,
    bank: Vec<Line>,
    book: Vec<Line>,
    flags: Vec<Flag>,
    as_of: Option<NaiveDate>,
    book_balance_cents: Option<i64>,
    bank_balance_cents: Option<i64>,
    matches: Vec<WorkMatch>,
    history: Vec<Action>,
}

/// Why a saved workbench was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    /// Saved by a newer version.
    #[error("unsupported workbench format version {0}")]
    Version(u32),
    /// The saved matches or history break the workbench's rules.
    #[error("damaged workbench: {0}")]
    Damaged(&'static str),
}

impl TryFrom<Unchecked> for Workbench {
    type Error = LoadError;

    fn try_from(u: Unchecked) -> Result<Self, LoadError> {
        if u.version != FORMAT_VERSION {
            return Err(LoadError::Version(u.version));
        }
        let wb = Self {
            version: u.version,
            bank: u.bank,
            book: u.book,
            flags: u.flags,
            as_of: u.as_of,
            book_balance_cents: u.book_balance_cents,
            bank_balance_cents: u.bank_balance_cents,
            matches: u.matches,
            history: u.history,
        };
        wb.check().map_err(LoadError::Damaged)?;
        Ok(wb)
    }
}

fn sum(lines: &[Line], idx: &[usize]) -> i64 {
    idx.iter()
        .filter_map(|i| lines.get(*i))
        .fold(0i64, |a, l| a.saturating_add(l.amount_cents))
}

impl Workbench {
    /// A workbench on the engine's result: its automatic matches count, its suggestions
    /// wait for the user. Engine matches that would break the invariant (a line in two
    /// matches, an index out of range, an empty side) are left out and their lines open.
    #[must_use]
    pub fn new(reconciliation: Reconciliation) -> Self {
        let Reconciliation {
            bank,
            book,
            outcome,
            statement,
        } = reconciliation;
        let mut bank_used = vec![false; bank.len()];
        let mut book_used = vec![false; book.len()];
        let mut matches = Vec::with_capacity(outcome.matches.len());
        for m in outcome.matches {
            let fits = |idx: &[usize], used: &[bool]| {
                !idx.is_empty()
                    && idx.iter().all(|i| used.get(*i) == Some(&false))
                    && idx.iter().collect::<BTreeSet<_>>().len() == idx.len()
            };
            if !fits(&m.bank, &bank_used) || !fits(&m.book, &book_used) {
                continue;
            }
            for i in &m.bank {
                if let Some(u) = bank_used.get_mut(*i) {
                    *u = true;
                }
            }
            for i in &m.book {
                if let Some(u) = book_used.get_mut(*i) {
                    *u = true;
                }
            }
            let difference_cents = sum(&bank, &m.bank).saturating_sub(sum(&book, &m.book));
            matches.push(WorkMatch {
                id: MatchId(matches.len()),
                state: match m.status {
                    MatchStatus::Auto => MatchState::Auto,
                    MatchStatus::Suggested => MatchState::Suggested,
                    MatchStatus::Confirmed => MatchState::Confirmed,
                },
                origin: Origin::Engine {
                    score: m.score,
                    code: m.code,
                    params: m.params,
                },
                bank: m.bank,
                book: m.book,
                difference_cents,
            });
        }
        Self {
            version: FORMAT_VERSION,
            bank,
            book,
            flags: outcome.flags,
            as_of: statement.as_of.or(outcome.as_of),
            book_balance_cents: statement
                .book_balance_known
                .then_some(statement.book_balance_cents),
            bank_balance_cents: statement
                .bank_balance_known
                .then_some(statement.bank_balance_cents),
            matches,
            history: Vec::new(),
        }
    }

    /// Checks the invariant and the shape of the matches and history.
    fn check(&self) -> Result<(), &'static str> {
        let mut bank_used = vec![false; self.bank.len()];
        let mut book_used = vec![false; self.book.len()];
        for (pos, m) in self.matches.iter().enumerate() {
            if m.id != MatchId(pos) {
                return Err("match identifiers are not in order");
            }
            if m.bank.is_empty() || m.book.is_empty() {
                return Err("a match with an empty side");
            }
            let mut seen = BTreeSet::new();
            for i in &m.bank {
                if *i >= self.bank.len() || !seen.insert(*i) {
                    return Err("a bank index out of range or repeated");
                }
            }
            let mut seen = BTreeSet::new();
            for i in &m.book {
                if *i >= self.book.len() || !seen.insert(*i) {
                    return Err("a book index out of range or repeated");
                }
            }
            if !m.state.is_live() {
                continue;
            }
            for i in &m.bank {
                match bank_used.get_mut(*i) {
                    Some(u) if !*u => *u = true,
                    _ => return Err("a bank line in two matches"),
                }
            }
            for i in &m.book {
                match book_used.get_mut(*i) {
                    Some(u) if !*u => *u = true,
                    _ => return Err("a book line in two matches"),
                }
            }
        }
        let known = |id: &MatchId| id.0 < self.matches.len();
        for a in &self.history {
            let ok = match a {
                Action::Confirm { id } | Action::Reject { id } | Action::Unmatch { id, .. } => {
                    known(id)
                }
                Action::ManualMatch { id, superseded } => known(id) && superseded.iter().all(known),
            };
            if !ok {
                return Err("the history names an unknown match");
            }
        }
        Ok(())
    }

    /// Whether the invariant holds (no line in two live matches, indices in range). Always
    /// true for a workbench built by [`Workbench::new`] or read back by serde; exposed for
    /// tests and assertions in callers.
    #[must_use]
    pub fn invariant_holds(&self) -> bool {
        self.check().is_ok()
    }

    /// The live match of each line of both panes.
    fn owners(&self) -> (Vec<Option<MatchId>>, Vec<Option<MatchId>>) {
        let mut bank = vec![None; self.bank.len()];
        let mut book = vec![None; self.book.len()];
        for m in self.matches.iter().filter(|m| m.state.is_live()) {
            for i in &m.bank {
                if let Some(o) = bank.get_mut(*i) {
                    *o = Some(m.id);
                }
            }
            for i in &m.book {
                if let Some(o) = book.get_mut(*i) {
                    *o = Some(m.id);
                }
            }
        }
        (bank, book)
    }

    fn get(&self, id: MatchId) -> Result<&WorkMatch, WorkbenchError> {
        self.matches
            .get(id.0)
            .ok_or(WorkbenchError::UnknownMatch { id })
    }

    fn get_mut(&mut self, id: MatchId) -> Result<&mut WorkMatch, WorkbenchError> {
        self.matches
            .get_mut(id.0)
            .ok_or(WorkbenchError::UnknownMatch { id })
    }

    fn pane(&self, side: Side) -> Vec<LineView> {
        let (bank_owner, book_owner) = self.owners();
        let (lines, owners) = match side {
            Side::Bank => (&self.bank, bank_owner),
            Side::Book => (&self.book, book_owner),
        };
        lines
            .iter()
            .enumerate()
            .map(|(index, l)| {
                let state = match owners.get(index).copied().flatten() {
                    Some(id) => match self.matches.get(id.0).map(|m| m.state) {
                        Some(MatchState::Suggested) => LineState::Suggested { match_id: id },
                        _ => LineState::Matched { match_id: id },
                    },
                    None => LineState::Open,
                };
                let mut flags: Vec<FlagKind> = self
                    .flags
                    .iter()
                    .filter(|f| match side {
                        Side::Bank => f.bank.contains(&index),
                        Side::Book => f.book.contains(&index),
                    })
                    .map(|f| f.kind)
                    .collect();
                flags.sort_unstable();
                flags.dedup();
                LineView {
                    index,
                    file: l.source.file.to_string(),
                    source_row: l.source.row,
                    date: l.date,
                    amount: format_cents(l.amount_cents),
                    counterparty: l.counterparty_name.clone(),
                    memo: l.memo.clone(),
                    serial: l.serial.clone(),
                    state,
                    flags,
                }
            })
            .collect()
    }

    /// The statement date (截止日期), when known.
    #[must_use]
    pub fn as_of(&self) -> Option<NaiveDate> {
        self.as_of
    }

    /// The period the reconciliation covers: from the earliest line of either side to the
    /// statement date (or the latest line when the date is unknown). `None` without lines.
    #[must_use]
    pub fn period(&self) -> Option<(NaiveDate, NaiveDate)> {
        let dates = || self.bank.iter().chain(&self.book).map(|l| l.date);
        let from = dates().min()?;
        let to = self.as_of.or_else(|| dates().max())?;
        Some((from.min(to), to))
    }

    /// The bank pane.
    #[must_use]
    pub fn bank_lines(&self) -> Vec<LineView> {
        self.pane(Side::Bank)
    }

    /// The book pane.
    #[must_use]
    pub fn book_lines(&self) -> Vec<LineView> {
        self.pane(Side::Book)
    }

    /// Pending suggestions, in the engine's order.
    #[must_use]
    pub fn suggestions(&self) -> Vec<SuggestionView> {
        self.matches
            .iter()
            .filter(|m| m.state == MatchState::Suggested)
            .filter_map(|m| match &m.origin {
                Origin::Engine {
                    score,
                    code,
                    params,
                } => Some(SuggestionView {
                    id: m.id,
                    bank: m.bank.clone(),
                    book: m.book.clone(),
                    score: *score,
                    reason_code: *code,
                    params: params.clone(),
                    reason: self.as_match(m).reason_text(),
                    difference: format_cents(m.difference_cents),
                }),
                Origin::Manual => None,
            })
            .collect()
    }

    /// Matches that count: automatic, confirmed and manual.
    #[must_use]
    pub fn confirmed(&self) -> Vec<MatchView> {
        self.matches
            .iter()
            .filter(|m| m.state.counts())
            .map(|m| MatchView {
                id: m.id,
                bank: m.bank.clone(),
                book: m.book.clone(),
                state: m.state,
                score: match &m.origin {
                    Origin::Engine { score, .. } => Some(*score),
                    Origin::Manual => None,
                },
                reason_code: match &m.origin {
                    Origin::Engine { code, .. } => *code,
                    Origin::Manual => ReasonCode::Manual,
                },
                difference: format_cents(m.difference_cents),
            })
            .collect()
    }

    /// Every match with its state (including rejected and undone ones).
    #[must_use]
    pub fn matches(&self) -> &[WorkMatch] {
        &self.matches
    }

    /// The engine's flags (indices into the panes).
    #[must_use]
    pub fn flags(&self) -> &[Flag] {
        &self.flags
    }

    /// The recorded actions, oldest first.
    #[must_use]
    pub fn history(&self) -> &[Action] {
        &self.history
    }

    /// Count and sum of the open lines of each pane.
    #[must_use]
    pub fn totals(&self) -> Totals {
        let (bank_owner, book_owner) = self.owners();
        let pane = |lines: &[Line], owners: &[Option<MatchId>]| {
            let open: Vec<&Line> = lines
                .iter()
                .zip(owners)
                .filter(|(_, o)| o.is_none())
                .map(|(l, _)| l)
                .collect();
            PaneTotals {
                lines: lines.len(),
                open_count: open.len(),
                open_sum: format_cents(
                    open.iter()
                        .fold(0i64, |a, l| a.saturating_add(l.amount_cents)),
                ),
            }
        };
        Totals {
            bank: pane(&self.bank, &bank_owner),
            book: pane(&self.book, &book_owner),
        }
    }

    fn as_match(&self, m: &WorkMatch) -> Match {
        let (score, code, params) = match &m.origin {
            Origin::Engine {
                score,
                code,
                params,
            } => (*score, *code, params.clone()),
            Origin::Manual => (1000, ReasonCode::Manual, ReasonParams::default()),
        };
        Match {
            bank: m.bank.clone(),
            book: m.book.clone(),
            status: match m.state {
                MatchState::Auto => MatchStatus::Auto,
                MatchState::Suggested | MatchState::Rejected | MatchState::Unmatched => {
                    MatchStatus::Suggested
                }
                MatchState::Confirmed | MatchState::Manual => MatchStatus::Confirmed,
            },
            score,
            code,
            params,
            difference_cents: m.difference_cents,
        }
    }

    /// The engine outcome as the current decisions have it: only matches that count, and
    /// every other line unmatched.
    fn current_outcome(&self) -> Outcome {
        let mut bank_matched = vec![false; self.bank.len()];
        let mut book_matched = vec![false; self.book.len()];
        let mut matches = Vec::new();
        for m in self.matches.iter().filter(|m| m.state.counts()) {
            for i in &m.bank {
                if let Some(u) = bank_matched.get_mut(*i) {
                    *u = true;
                }
            }
            for i in &m.book {
                if let Some(u) = book_matched.get_mut(*i) {
                    *u = true;
                }
            }
            matches.push(self.as_match(m));
        }
        // Outstanding items in the engine's canonical order: date, amount, source.
        let open = |used: &[bool], lines: &[Line]| -> Vec<usize> {
            let mut v: Vec<usize> = used
                .iter()
                .enumerate()
                .filter(|(_, u)| !**u)
                .map(|(i, _)| i)
                .collect();
            v.sort_by_key(|i| lines.get(*i).map(|l| (l.date, l.amount_cents, &l.source)));
            v
        };
        Outcome {
            unmatched_bank: open(&bank_matched, &self.bank),
            unmatched_book: open(&book_matched, &self.book),
            matches,
            flags: self.flags.clone(),
            as_of: self.as_of,
        }
    }

    /// The 银行存款余额调节表 from the current decisions: automatic, confirmed and manual
    /// matches count as matched (differences of accepted manual matches and fee matches
    /// count as 银行已收/已付 items); lines of pending suggestions, rejected or undone matches
    /// are outstanding items.
    #[must_use]
    pub fn statement(&self) -> Statement {
        let outcome = self.current_outcome();
        statement::build(
            &self.bank,
            &self.book,
            &outcome,
            self.book_balance_cents,
            self.bank_balance_cents,
            self.as_of,
        )
    }

    /// The current state as a [`Reconciliation`] (matches that count only, with status
    /// `auto` or `confirmed`), for the JSON, XLSX and PDF outputs.
    #[must_use]
    pub fn reconciliation(&self) -> Reconciliation {
        Reconciliation {
            bank: self.bank.clone(),
            book: self.book.clone(),
            outcome: self.current_outcome(),
            statement: self.statement(),
        }
    }

    /// Checks a selection: indices exist and are not repeated; returns bank minus book.
    fn selection(&self, bank: &[usize], book: &[usize]) -> Result<i64, WorkbenchError> {
        for (side, idx, lines) in [
            (Side::Bank, bank, &self.bank),
            (Side::Book, book, &self.book),
        ] {
            let mut seen = BTreeSet::new();
            for i in idx {
                if *i >= lines.len() {
                    return Err(WorkbenchError::UnknownLine { side, index: *i });
                }
                if !seen.insert(*i) {
                    return Err(WorkbenchError::RepeatedLine { side, index: *i });
                }
            }
        }
        Ok(sum(&self.bank, bank).saturating_sub(sum(&self.book, book)))
    }

    /// The live difference of a selection (bank minus book), as a decimal string. Either
    /// side may be empty.
    ///
    /// # Errors
    /// [`WorkbenchError::UnknownLine`] / [`WorkbenchError::RepeatedLine`].
    pub fn difference(&self, bank: &[usize], book: &[usize]) -> Result<String, WorkbenchError> {
        self.selection(bank, book).map(format_cents)
    }

    /// Confirms a pending suggestion: it counts as matched from now on.
    ///
    /// # Errors
    /// [`WorkbenchError::UnknownMatch`], [`WorkbenchError::NotPending`].
    pub fn confirm(&mut self, id: MatchId) -> Result<(), WorkbenchError> {
        self.decide(id, MatchState::Confirmed)?;
        self.history.push(Action::Confirm { id });
        Ok(())
    }

    /// Rejects a pending suggestion: its lines become open.
    ///
    /// # Errors
    /// [`WorkbenchError::UnknownMatch`], [`WorkbenchError::NotPending`].
    pub fn reject(&mut self, id: MatchId) -> Result<(), WorkbenchError> {
        self.decide(id, MatchState::Rejected)?;
        self.history.push(Action::Reject { id });
        Ok(())
    }

    fn decide(&mut self, id: MatchId, to: MatchState) -> Result<(), WorkbenchError> {
        let m = self.get_mut(id)?;
        if m.state != MatchState::Suggested {
            return Err(WorkbenchError::NotPending { id, state: m.state });
        }
        m.state = to;
        Ok(())
    }

    /// Matches the selected lines by hand. Lines already in an automatic, confirmed or
    /// manual match are refused; a pending suggestion holding any of them is rejected (and
    /// reported). A selection that does not balance is refused unless `accept_difference`;
    /// an accepted difference counts in the statement like a fee difference.
    ///
    /// # Errors
    /// [`WorkbenchError::EmptySide`], [`WorkbenchError::UnknownLine`],
    /// [`WorkbenchError::RepeatedLine`], [`WorkbenchError::LineAlreadyMatched`],
    /// [`WorkbenchError::DifferenceNotAccepted`].
    pub fn manual_match(
        &mut self,
        bank: &[usize],
        book: &[usize],
        accept_difference: bool,
    ) -> Result<ManualMatchResult, WorkbenchError> {
        if bank.is_empty() {
            return Err(WorkbenchError::EmptySide { side: Side::Bank });
        }
        if book.is_empty() {
            return Err(WorkbenchError::EmptySide { side: Side::Book });
        }
        let difference = self.selection(bank, book)?;
        let (bank_owner, book_owner) = self.owners();
        let mut superseded = BTreeSet::new();
        for (side, idx, owners) in [
            (Side::Bank, bank, &bank_owner),
            (Side::Book, book, &book_owner),
        ] {
            for i in idx {
                let Some(owner) = owners.get(*i).copied().flatten() else {
                    continue;
                };
                match self.get(owner)?.state {
                    MatchState::Suggested => {
                        superseded.insert(owner);
                    }
                    _ => {
                        return Err(WorkbenchError::LineAlreadyMatched {
                            side,
                            index: *i,
                            match_id: owner,
                        })
                    }
                }
            }
        }
        if difference != 0 && !accept_difference {
            return Err(WorkbenchError::DifferenceNotAccepted {
                difference: format_cents(difference),
            });
        }
        let superseded: Vec<MatchId> = superseded.into_iter().collect();
        for id in &superseded {
            self.get_mut(*id)?.state = MatchState::Rejected;
        }
        let id = MatchId(self.matches.len());
        self.matches.push(WorkMatch {
            id,
            bank: bank.to_vec(),
            book: book.to_vec(),
            origin: Origin::Manual,
            state: MatchState::Manual,
            difference_cents: difference,
        });
        self.history.push(Action::ManualMatch {
            id,
            superseded: superseded.clone(),
        });
        Ok(ManualMatchResult {
            id,
            difference: format_cents(difference),
            superseded,
        })
    }

    /// Undoes an automatic, confirmed or manual match: its lines become open.
    ///
    /// # Errors
    /// [`WorkbenchError::UnknownMatch`], [`WorkbenchError::NotMatched`].
    pub fn unmatch(&mut self, id: MatchId) -> Result<(), WorkbenchError> {
        let m = self.get_mut(id)?;
        if !m.state.counts() {
            return Err(WorkbenchError::NotMatched { id, state: m.state });
        }
        let previous = m.state;
        m.state = MatchState::Unmatched;
        self.history.push(Action::Unmatch { id, previous });
        Ok(())
    }

    /// Reverses the last recorded action and returns it.
    ///
    /// # Errors
    /// [`WorkbenchError::NothingToUndo`]; [`WorkbenchError::InconsistentHistory`] if the
    /// history does not fit the matches (only a damaged saved file can cause it; nothing
    /// changes then).
    pub fn undo(&mut self) -> Result<Action, WorkbenchError> {
        let action = self
            .history
            .last()
            .cloned()
            .ok_or(WorkbenchError::NothingToUndo)?;
        let bad = WorkbenchError::InconsistentHistory;
        // Check first, then change: a refused undo changes nothing.
        match &action {
            Action::Confirm { id } => self.expect_state(*id, MatchState::Confirmed)?,
            Action::Reject { id } => self.expect_state(*id, MatchState::Rejected)?,
            Action::Unmatch { id, previous } => {
                self.expect_state(*id, MatchState::Unmatched)?;
                if !previous.counts() {
                    return Err(bad);
                }
            }
            Action::ManualMatch { id, superseded } => {
                if id.0 + 1 != self.matches.len() {
                    return Err(bad);
                }
                self.expect_state(*id, MatchState::Manual)?;
                for s in superseded {
                    self.expect_state(*s, MatchState::Rejected)?;
                }
            }
        }
        let before = self.clone();
        let restore = |wb: &mut Self, id: MatchId, to: MatchState| {
            if let Some(m) = wb.matches.get_mut(id.0) {
                m.state = to;
            }
        };
        match &action {
            Action::Confirm { id } | Action::Reject { id } => {
                restore(self, *id, MatchState::Suggested);
            }
            Action::Unmatch { id, previous } => restore(self, *id, *previous),
            Action::ManualMatch { superseded, .. } => {
                self.matches.pop();
                for s in superseded {
                    restore(self, *s, MatchState::Suggested);
                }
            }
        }
        self.history.pop();
        if self.check().is_err() {
            // Only a damaged history can get here: keep the workbench as it was.
            *self = before;
            return Err(bad);
        }
        Ok(action)
    }

    fn expect_state(&self, id: MatchId, state: MatchState) -> Result<(), WorkbenchError> {
        match self.matches.get(id.0) {
            Some(m) if m.state == state => Ok(()),
            _ => Err(WorkbenchError::InconsistentHistory),
        }
    }
}

#[cfg(test)]
#[path = "workbench_tests.rs"]
mod tests;
