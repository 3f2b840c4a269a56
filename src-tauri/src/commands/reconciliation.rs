//! The 账目清理 workbench: import a bank statement and a ledger, work through the engine's
//! suggestions, match by hand, and export the 银行存款余额调节表 (PDF, XLSX).
//!
//! The open workbench lives in [`AppState`] and is dropped when the vault locks. Every
//! command first checks, on the vault's session, that the user may reconcile. Lines and
//! matches cross as thin view structs (indices as `u32`, money as decimal strings).

use chrono::Utc;
use ledgerlock_core::reconciliations::ReconciliationStatus;
use ledgerlock_core::vault::Action;
use ledgerlock_core::{AppError, CoreError, ErrorCode};
use ledgerlock_reconciliation::matching::{Flag, FlagKind, ReasonCode};
use ledgerlock_reconciliation::money::format_cents;
use ledgerlock_reconciliation::statement::{Section, Statement};
use ledgerlock_reconciliation::workbench::{
    LineState, LineView, MatchId, MatchState, PaneTotals, WorkbenchError,
};
use ledgerlock_reconciliation::{
    reconcile_imports_reporting, render_statement_pdf, ImportError, MatchConfig, Reconciliation,
    Side, Stage, StatementHeader, Workbench,
};
use serde::Serialize;
use tauri::State;

use super::reconciliation_mapping::{
    apply_view, import_one, mapping_view, save_template, MappingView,
};
use crate::state::AppState;
use ledgerlock_reconciliation::import::detect::ColumnMapping;

/// How a line stands.
#[derive(Debug, Clone, Copy, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum LineStatus {
    /// In an automatic, confirmed or manual match.
    Matched,
    /// In a pending suggestion.
    Suggested,
    /// In no live match.
    Open,
}

/// One line of the bank or book pane.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReconLine {
    /// Index in its pane (what the actions take).
    pub index: u32,
    /// 1-based physical row of the source file.
    pub row: u32,
    /// Booking date, ISO.
    pub date: String,
    /// Signed amount, decimal string.
    pub amount: String,
    /// Counterparty (bank) or 对方科目 (book).
    pub counterparty: String,
    /// 摘要.
    pub memo: String,
    /// 流水号 or 凭证字号.
    pub serial: String,
    /// Matched, suggested or open.
    pub status: LineStatus,
    /// The match or suggestion holding the line.
    pub match_id: Option<u32>,
    /// Flag kinds naming the line (`possible_duplicate`, ...).
    pub flags: Vec<String>,
}

/// A pending suggestion.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReconSuggestion {
    /// Its identifier.
    pub id: u32,
    /// Bank line indices.
    pub bank: Vec<u32>,
    /// Book line indices.
    pub book: Vec<u32>,
    /// Confidence, per-mille.
    pub score: u16,
    /// Stable reason code (`one_to_one`, ...).
    pub reason_code: String,
    /// English sentence for the reason.
    pub reason: String,
    /// Largest date difference, in days.
    pub days_apart: Option<i32>,
    /// Reference found on both sides.
    pub reference: Option<String>,
    /// Bank minus book, decimal string.
    pub difference: String,
}

/// A match that counts (automatic, confirmed or manual).
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReconMatch {
    /// Its identifier.
    pub id: u32,
    /// Bank line indices.
    pub bank: Vec<u32>,
    /// Book line indices.
    pub book: Vec<u32>,
    /// `auto`, `confirmed` or `manual`.
    pub state: String,
    /// Engine score (none for manual matches).
    pub score: Option<u16>,
    /// Stable reason code.
    pub reason_code: String,
    /// Bank minus book, decimal string.
    pub difference: String,
}

/// Something the user should look at.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReconFlag {
    /// `possible_duplicate`, `possible_transposition`, `amount_difference`,
    /// `balance_break`, `stale`.
    pub kind: String,
    /// Bank line indices.
    pub bank: Vec<u32>,
    /// Book line indices.
    pub book: Vec<u32>,
    /// English note.
    pub note: String,
    /// Age in days, for stale items.
    pub age_days: Option<i32>,
}

/// Count and open sum of one pane.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReconPaneTotals {
    /// Lines in the pane.
    pub lines: u32,
    /// Lines in no live match.
    pub open_count: u32,
    /// Sum of the open lines, decimal string.
    pub open_sum: String,
}

/// One outstanding item of the statement.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReconItem {
    /// `bank` or `book`.
    pub side: String,
    /// 1-based physical rows.
    pub rows: Vec<u32>,
    /// Date, ISO.
    pub date: String,
    /// Amount as it enters the section (positive), decimal string.
    pub amount: String,
    /// 摘要 / counterparty.
    pub description: String,
    /// Days before the statement date.
    pub age_days: i32,
    /// The item is the amount difference of a match (not an unmatched line).
    pub difference: bool,
}

/// A section of the statement.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReconSection {
    /// Total, decimal string.
    pub total: String,
    /// The items.
    pub items: Vec<ReconItem>,
}

/// The 银行存款余额调节表 from the current decisions.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReconStatement {
    /// Statement date, ISO.
    pub as_of: Option<String>,
    /// 企业银行存款日记账余额.
    pub book_balance: String,
    /// 银行对账单余额.
    pub bank_balance: String,
    /// 银行已收、企业未收.
    pub bank_received_book_not: ReconSection,
    /// 银行已付、企业未付.
    pub bank_paid_book_not: ReconSection,
    /// 企业已收、银行未收.
    pub book_received_bank_not: ReconSection,
    /// 企业已付、银行未付.
    pub book_paid_bank_not: ReconSection,
    /// 调节后余额 (book side).
    pub adjusted_book_balance: String,
    /// 调节后余额 (bank side).
    pub adjusted_bank_balance: String,
    /// The two adjusted balances agree.
    pub balanced: bool,
}

/// Everything the workbench screen shows.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WorkbenchView {
    /// Bank statement file name.
    pub bank_file: String,
    /// Ledger file name.
    pub ledger_file: String,
    /// The bank pane.
    pub bank: Vec<ReconLine>,
    /// The book pane.
    pub book: Vec<ReconLine>,
    /// Pending suggestions.
    pub suggestions: Vec<ReconSuggestion>,
    /// Matches that count.
    pub matches: Vec<ReconMatch>,
    /// The engine's flags.
    pub flags: Vec<ReconFlag>,
    /// Bank pane totals.
    pub bank_totals: ReconPaneTotals,
    /// Book pane totals.
    pub book_totals: ReconPaneTotals,
    /// The statement.
    pub statement: ReconStatement,
    /// Whether there is an action to undo.
    pub can_undo: bool,
    /// The client the reconciliation is for, once chosen.
    pub client_id: Option<String>,
    /// The client's name.
    pub client_name: Option<String>,
    /// The saved reconciliation this workbench continues, once saved.
    pub saved_id: Option<String>,
    /// Its revision (what the next save names).
    pub revision: Option<u32>,
    /// Draft or final, once saved.
    pub status: Option<ReconciliationStatus>,
    /// Final: shown, not changed.
    pub read_only: bool,
    /// The bank file's column layout (tabular files imported in this session).
    pub bank_mapping: Option<MappingView>,
    /// The ledger file's column layout.
    pub ledger_mapping: Option<MappingView>,
}

/// How far a running import and matching is: stage `reading`, `matching`, `statement` or
/// `preparing`, as step `step` (0-based) of `steps`.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReconProgress {
    /// Stable stage name.
    pub stage: String,
    /// 0-based step.
    pub step: u32,
    /// Number of steps.
    pub steps: u32,
}

/// Steps of a run: the engine's stages and the app's own preparing of the view.
const PROGRESS_STEPS: u32 = 4;

fn set_progress(state: &AppState, stage: &str, step: u32) {
    *state.recon_progress() = Some(ReconProgress {
        stage: stage.to_owned(),
        step,
        steps: PROGRESS_STEPS,
    });
}

/// Where an open workbench is saved.
#[derive(Debug, Clone)]
pub struct SavedRef {
    /// The saved reconciliation's id.
    pub id: String,
    /// The revision it was saved or opened at.
    pub revision: u32,
    /// Draft or final.
    pub status: ReconciliationStatus,
}

/// The open workbench, the names of its files, its client and where it is saved.
pub struct OpenWorkbench {
    pub(crate) bank_file: String,
    pub(crate) ledger_file: String,
    pub(crate) workbench: Workbench,
    pub(crate) client_id: Option<String>,
    pub(crate) client_name: Option<String>,
    pub(crate) saved: Option<SavedRef>,
    /// The files as imported in this session (none for a reopened reconciliation), to
    /// import again with corrected columns.
    pub(crate) sources: Option<Sources>,
    /// Opened by a user who may read but not reconcile (an auditor): shown, not changed.
    pub(crate) view_only: bool,
}

/// The imported files and the column layouts in use.
pub struct Sources {
    bank_bytes: Vec<u8>,
    ledger_bytes: Vec<u8>,
    bank_mapping: Option<ColumnMapping>,
    ledger_mapping: Option<ColumnMapping>,
    bank_view: Option<MappingView>,
    ledger_view: Option<MappingView>,
}

impl OpenWorkbench {
    /// Whether the workbench may be changed (a final reconciliation may not).
    fn read_only(&self) -> bool {
        self.view_only
            || self
                .saved
                .as_ref()
                .is_some_and(|s| s.status == ReconciliationStatus::Final)
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn to_i32(n: i64) -> i32 {
    i32::try_from(n).unwrap_or(if n < 0 { i32::MIN } else { i32::MAX })
}

fn indices(v: &[usize]) -> Vec<u32> {
    v.iter().map(|i| to_u32(*i)).collect()
}

fn from_indices(v: &[u32]) -> Vec<usize> {
    v.iter()
        .map(|i| usize::try_from(*i).unwrap_or(usize::MAX))
        .collect()
}

fn match_id_of(id: u32) -> MatchId {
    MatchId(usize::try_from(id).unwrap_or(usize::MAX))
}

fn code_of<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

fn flag_code(k: FlagKind) -> String {
    code_of(&k)
}

fn reason_code(c: ReasonCode) -> String {
    code_of(&c)
}

fn line(l: LineView) -> ReconLine {
    let (status, match_id) = match l.state {
        LineState::Matched { match_id } => (LineStatus::Matched, Some(to_u32(match_id.0))),
        LineState::Suggested { match_id } => (LineStatus::Suggested, Some(to_u32(match_id.0))),
        LineState::Open => (LineStatus::Open, None),
    };
    ReconLine {
        index: to_u32(l.index),
        row: l.source_row,
        date: l.date.to_string(),
        amount: l.amount,
        counterparty: l.counterparty,
        memo: l.memo,
        serial: l.serial,
        status,
        match_id,
        flags: l.flags.into_iter().map(flag_code).collect(),
    }
}

fn flag(f: &Flag) -> ReconFlag {
    ReconFlag {
        kind: flag_code(f.kind),
        bank: indices(&f.bank),
        book: indices(&f.book),
        note: f.note.clone(),
        age_days: f.age_days.map(to_i32),
    }
}

fn pane_totals(t: PaneTotals) -> ReconPaneTotals {
    ReconPaneTotals {
        lines: to_u32(t.lines),
        open_count: to_u32(t.open_count),
        open_sum: t.open_sum,
    }
}

fn section(s: &Section) -> ReconSection {
    ReconSection {
        total: format_cents(s.total_cents),
        items: s
            .items
            .iter()
            .map(|i| ReconItem {
                side: match i.side {
                    Side::Bank => "bank".to_owned(),
                    Side::Book => "book".to_owned(),
                },
                rows: i.rows.clone(),
                date: i.date.to_string(),
                amount: format_cents(i.amount_cents),
                description: i.description.clone(),
                age_days: to_i32(i.age_days),
                difference: i.difference,
            })
            .collect(),
    }
}

fn statement(s: &Statement) -> ReconStatement {
    ReconStatement {
        as_of: s.as_of.map(|d| d.to_string()),
        book_balance: format_cents(s.book_balance_cents),
        bank_balance: format_cents(s.bank_balance_cents),
        bank_received_book_not: section(&s.bank_received_book_not),
        bank_paid_book_not: section(&s.bank_paid_book_not),
        book_received_bank_not: section(&s.book_received_bank_not),
        book_paid_bank_not: section(&s.book_paid_bank_not),
        adjusted_book_balance: format_cents(s.adjusted_book_balance_cents),
        adjusted_bank_balance: format_cents(s.adjusted_bank_balance_cents),
        balanced: s.balanced,
    }
}

/// What the screen shows of the open workbench.
pub(crate) fn view(open: &OpenWorkbench) -> WorkbenchView {
    let wb = &open.workbench;
    let totals = wb.totals();
    WorkbenchView {
        bank_file: open.bank_file.clone(),
        ledger_file: open.ledger_file.clone(),
        bank: wb.bank_lines().into_iter().map(line).collect(),
        book: wb.book_lines().into_iter().map(line).collect(),
        suggestions: wb
            .suggestions()
            .into_iter()
            .map(|s| ReconSuggestion {
                id: to_u32(s.id.0),
                bank: indices(&s.bank),
                book: indices(&s.book),
                score: s.score,
                reason_code: reason_code(s.reason_code),
                reason: s.reason,
                days_apart: s.params.days_apart.map(to_i32),
                reference: s.params.reference,
                difference: s.difference,
            })
            .collect(),
        matches: wb
            .confirmed()
            .into_iter()
            .map(|m| ReconMatch {
                id: to_u32(m.id.0),
                bank: indices(&m.bank),
                book: indices(&m.book),
                state: match m.state {
                    MatchState::Auto => "auto",
                    MatchState::Confirmed => "confirmed",
                    MatchState::Manual => "manual",
                    MatchState::Suggested => "suggested",
                    MatchState::Rejected => "rejected",
                    MatchState::Unmatched => "unmatched",
                }
                .to_owned(),
                score: m.score,
                reason_code: reason_code(m.reason_code),
                difference: m.difference,
            })
            .collect(),
        flags: wb.flags().iter().map(flag).collect(),
        bank_totals: pane_totals(totals.bank),
        book_totals: pane_totals(totals.book),
        statement: statement(&wb.statement()),
        can_undo: !wb.history().is_empty() && !open.read_only(),
        client_id: open.client_id.clone(),
        client_name: open.client_name.clone(),
        saved_id: open.saved.as_ref().map(|s| s.id.clone()),
        revision: open.saved.as_ref().map(|s| s.revision),
        status: open.saved.as_ref().map(|s| s.status),
        read_only: open.read_only(),
        bank_mapping: open.sources.as_ref().and_then(|s| s.bank_view.clone()),
        ledger_mapping: open.sources.as_ref().and_then(|s| s.ledger_view.clone()),
    }
}

/// An import error as the UI receives it: `invalid_input` with `field` (`<file>:row <n>`,
/// or the file alone), `reason` (the importer's stable code), `file`, `row` and `detail`.
#[must_use]
pub fn import_error(e: &ImportError) -> AppError {
    let (file, detail) = match e {
        ImportError::UnknownFormat { file, reason }
        | ImportError::Unreadable { file, reason }
        | ImportError::MappingMismatch { file, reason }
        | ImportError::BadRow { file, reason, .. } => (file, reason.as_str()),
        ImportError::NoHeader { file } | ImportError::Empty { file } => (file, ""),
    };
    let field = match e.row() {
        Some(row) => format!("{file}:row {row}"),
        None => file.clone(),
    };
    let mut err = AppError::new(ErrorCode::InvalidInput)
        .with("field", field)
        .with("reason", e.code())
        .with("file", file.clone())
        .with("detail", detail);
    if let Some(row) = e.row() {
        err = err.with("row", row.to_string());
    }
    err
}

/// A refused workbench action: `invalid_input` with `field` `reconciliation` and a stable
/// `reason`.
#[must_use]
pub fn workbench_error(e: &WorkbenchError) -> AppError {
    let base = |reason: &str| {
        AppError::new(ErrorCode::InvalidInput)
            .with("field", "reconciliation")
            .with("reason", reason)
    };
    match e {
        WorkbenchError::UnknownMatch { .. } => base("unknown_match"),
        WorkbenchError::NotPending { .. } => base("not_pending"),
        WorkbenchError::NotMatched { .. } => base("not_matched"),
        WorkbenchError::EmptySide { .. } => base("empty_side"),
        WorkbenchError::UnknownLine { .. } => base("unknown_line"),
        WorkbenchError::RepeatedLine { .. } => base("repeated_line"),
        WorkbenchError::LineAlreadyMatched { .. } => base("line_already_matched"),
        WorkbenchError::DifferenceNotAccepted { difference } => {
            base("difference_not_accepted").with("difference", difference.clone())
        }
        WorkbenchError::NothingToUndo => base("nothing_to_undo"),
        WorkbenchError::InconsistentHistory => base("inconsistent_history"),
    }
}

pub(crate) fn no_workbench() -> AppError {
    CoreError::NotFound {
        what: "reconciliation".to_owned(),
    }
    .into()
}

/// Checks that the vault is open and the user may reconcile.
pub(crate) fn require(state: &AppState) -> Result<(), AppError> {
    state.with_vault(|v| v.session().require(Action::Reconcile))
}

/// Runs `f` on the open workbench and returns the new view.
fn act(
    state: &AppState,
    f: impl FnOnce(&mut Workbench) -> Result<(), WorkbenchError>,
) -> Result<WorkbenchView, AppError> {
    require(state)?;
    let mut slot = state.workbench();
    let open = slot.as_mut().ok_or_else(no_workbench)?;
    if open.read_only() {
        return Err(CoreError::Forbidden {
            action: "edit_final_reconciliation".to_owned(),
        }
        .into());
    }
    f(&mut open.workbench).map_err(|e| workbench_error(&e))?;
    Ok(view(open))
}

/// Imports a bank statement and a ledger (their bytes, read by the UI), reconciles them and
/// opens the workbench on the result, for `client_id` when one is chosen (the user must be
/// allowed to reconcile that client's accounts).
#[tauri::command]
#[specta::specta]
pub async fn reconcile_start(
    state: State<'_, AppState>,
    client_id: Option<String>,
    bank_name: String,
    bank_bytes: Vec<u8>,
    ledger_name: String,
    ledger_bytes: Vec<u8>,
) -> Result<WorkbenchView, AppError> {
    require(&state)?;
    let client_name = match &client_id {
        Some(id) => Some(state.with_vault(|v| {
            v.session().require_for_client(Action::Reconcile, id)?;
            Ok(v.client_detail(id)?.name)
        })?),
        None => None,
    };
    let given = (None, None);
    let r = run(
        &state,
        (&bank_name, &bank_bytes),
        (&ledger_name, &ledger_bytes),
        given,
    );
    let (r, sources) = match r {
        Ok(x) => x,
        Err(e) => {
            state.recon_progress().take();
            return Err(e);
        }
    };
    let sources = Sources {
        bank_bytes,
        ledger_bytes,
        ..sources
    };
    set_progress(&state, "preparing", PROGRESS_STEPS - 1);
    let open = OpenWorkbench {
        bank_file: bank_name,
        ledger_file: ledger_name,
        workbench: Workbench::new(r),
        client_id,
        client_name,
        saved: None,
        sources: Some(sources),
        view_only: false,
    };
    let v = view(&open);
    *state.workbench() = Some(open);
    state.recon_progress().take();
    Ok(v)
}

/// Imports both files (saved templates applied, or the layouts given) on two threads and
/// reconciles them, reporting progress. The returned sources have no bytes yet.
fn run(
    state: &AppState,
    bank: (&str, &[u8]),
    ledger: (&str, &[u8]),
    given: (Option<ColumnMapping>, Option<ColumnMapping>),
) -> Result<(Reconciliation, Sources), AppError> {
    set_progress(
        state,
        Stage::Reading.as_str(),
        u32::from(Stage::Reading.step()),
    );
    let (given_bank, given_ledger) = given;
    let (b, k) = std::thread::scope(|scope| {
        let handle =
            scope.spawn(|| import_one(state, Side::Book, ledger.0, ledger.1, given_ledger));
        let b = import_one(state, Side::Bank, bank.0, bank.1, given_bank);
        let k = handle
            .join()
            .unwrap_or_else(|_| Err(CoreError::Storage("worker".to_owned()).into()));
        (b, k)
    });
    let (b, k) = (b?, k?);
    let sources = Sources {
        bank_bytes: Vec::new(),
        ledger_bytes: Vec::new(),
        bank_mapping: b.import.mapping.clone(),
        ledger_mapping: k.import.mapping.clone(),
        bank_view: mapping_view(&b.import, b.template),
        ledger_view: mapping_view(&k.import, k.template),
    };
    let r = reconcile_imports_reporting(
        b.import,
        k.import,
        None,
        None,
        &MatchConfig::default(),
        &|stage| set_progress(state, stage.as_str(), u32::from(stage.step())),
    );
    Ok((r, sources))
}

/// Imports the open workbench's files again with corrected column layouts (either may be
/// left as it is), optionally saving each as a named template; the workbench starts over
/// on the new import (its decisions are dropped; the client and saved reconciliation stay).
#[tauri::command]
#[specta::specta]
pub async fn reconcile_reimport(
    state: State<'_, AppState>,
    bank: Option<MappingView>,
    ledger: Option<MappingView>,
    bank_template: Option<String>,
    ledger_template: Option<String>,
) -> Result<WorkbenchView, AppError> {
    require(&state)?;
    let (names, bank_bytes, ledger_bytes, bases) = {
        let slot = state.workbench();
        let open = slot.as_ref().ok_or_else(no_workbench)?;
        if open.read_only() {
            return Err(CoreError::Forbidden {
                action: "edit_final_reconciliation".to_owned(),
            }
            .into());
        }
        let src = open.sources.as_ref().ok_or_else(|| {
            AppError::from(CoreError::NotFound {
                what: "reconciliation_sources".to_owned(),
            })
        })?;
        (
            (open.bank_file.clone(), open.ledger_file.clone()),
            src.bank_bytes.clone(),
            src.ledger_bytes.clone(),
            (src.bank_mapping.clone(), src.ledger_mapping.clone()),
        )
    };
    let resolve = |base: Option<ColumnMapping>, view: Option<MappingView>| match (base, view) {
        (Some(base), Some(view)) => apply_view(&base, &view).map(Some),
        (None, Some(_)) => Err(AppError::from(CoreError::InvalidInput {
            field: "mapping".to_owned(),
            reason: "mapping_mismatch".to_owned(),
        })),
        (base, None) => Ok(base),
    };
    let given_bank = resolve(bases.0, bank)?;
    let given_ledger = resolve(bases.1, ledger)?;
    let r = run(
        &state,
        (&names.0, &bank_bytes),
        (&names.1, &ledger_bytes),
        (given_bank, given_ledger),
    );
    state.recon_progress().take();
    let (r, mut sources) = r?;
    if let Some(m) = &sources.bank_mapping {
        save_template(&state, Side::Bank, bank_template.as_deref(), m)?;
        if let (Some(v), Some(name)) = (sources.bank_view.as_mut(), bank_template) {
            v.template = Some(name.trim().to_owned())
                .filter(|n| !n.is_empty())
                .or(v.template.take());
        }
    }
    if let Some(m) = &sources.ledger_mapping {
        save_template(&state, Side::Book, ledger_template.as_deref(), m)?;
        if let (Some(v), Some(name)) = (sources.ledger_view.as_mut(), ledger_template) {
            v.template = Some(name.trim().to_owned())
                .filter(|n| !n.is_empty())
                .or(v.template.take());
        }
    }
    sources.bank_bytes = bank_bytes;
    sources.ledger_bytes = ledger_bytes;
    let mut slot = state.workbench();
    let open = slot.as_mut().ok_or_else(no_workbench)?;
    open.workbench = Workbench::new(r);
    open.sources = Some(sources);
    Ok(view(open))
}

/// How far the running import and matching is, or `None` when none runs (polled by the
/// import step to show a progress bar when a run takes more than a second).
#[tauri::command]
#[specta::specta]
pub fn reconcile_progress(state: State<'_, AppState>) -> Result<Option<ReconProgress>, AppError> {
    Ok(state.recon_progress().clone())
}

/// The open workbench, or `None` when there is none.
#[tauri::command]
#[specta::specta]
pub fn reconcile_view(state: State<'_, AppState>) -> Result<Option<WorkbenchView>, AppError> {
    require(&state)?;
    Ok(state.workbench().as_ref().map(view))
}

/// Confirms a pending suggestion.
#[tauri::command]
#[specta::specta]
pub fn reconcile_confirm(
    state: State<'_, AppState>,
    match_id: u32,
) -> Result<WorkbenchView, AppError> {
    act(&state, |wb| wb.confirm(match_id_of(match_id)))
}

/// Rejects a pending suggestion: its lines become open.
#[tauri::command]
#[specta::specta]
pub fn reconcile_reject(
    state: State<'_, AppState>,
    match_id: u32,
) -> Result<WorkbenchView, AppError> {
    act(&state, |wb| wb.reject(match_id_of(match_id)))
}

/// Matches the selected lines by hand; a difference must be accepted explicitly.
#[tauri::command]
#[specta::specta]
pub fn reconcile_manual(
    state: State<'_, AppState>,
    bank: Vec<u32>,
    book: Vec<u32>,
    accept_difference: bool,
) -> Result<WorkbenchView, AppError> {
    act(&state, |wb| {
        wb.manual_match(
            &from_indices(&bank),
            &from_indices(&book),
            accept_difference,
        )
        .map(|_| ())
    })
}

/// Undoes an automatic, confirmed or manual match: its lines become open.
#[tauri::command]
#[specta::specta]
pub fn reconcile_unmatch(
    state: State<'_, AppState>,
    match_id: u32,
) -> Result<WorkbenchView, AppError> {
    act(&state, |wb| wb.unmatch(match_id_of(match_id)))
}

/// Reverses the last action.
#[tauri::command]
#[specta::specta]
pub fn reconcile_undo(state: State<'_, AppState>) -> Result<WorkbenchView, AppError> {
    act(&state, |wb| wb.undo().map(|_| ()))
}

/// The live difference (bank minus book) of a selection, as a decimal string.
#[tauri::command]
#[specta::specta]
pub fn reconcile_difference(
    state: State<'_, AppState>,
    bank: Vec<u32>,
    book: Vec<u32>,
) -> Result<String, AppError> {
    require(&state)?;
    let slot = state.workbench();
    let open = slot.as_ref().ok_or_else(no_workbench)?;
    open.workbench
        .difference(&from_indices(&bank), &from_indices(&book))
        .map_err(|e| workbench_error(&e))
}

/// A file name for an export: `银行存款余额调节表-<date>.<ext>`.
fn export_name(as_of: Option<chrono::NaiveDate>, ext: &str) -> String {
    let date = as_of.map_or_else(|| Utc::now().date_naive().to_string(), |d| d.to_string());
    format!("银行存款余额调节表-{date}.{ext}")
}

/// Renders the statement as a PDF (`firm` overrides the firm name of the settings) and asks
/// where to save it. Returns the saved path, or `None` if the user cancelled.
#[tauri::command]
#[specta::specta]
pub async fn reconcile_export_pdf(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    firm: Option<String>,
) -> Result<Option<String>, AppError> {
    require(&state)?;
    let (r, client_name) = {
        let slot = state.workbench();
        let open = slot.as_ref().ok_or_else(no_workbench)?;
        (open.workbench.reconciliation(), open.client_name.clone())
    };
    let (firm_name, prepared_by) = state.with_vault(|v| {
        let firm_name = match firm.filter(|f| !f.trim().is_empty()) {
            Some(f) => f,
            None => v.settings()?.firm_name,
        };
        Ok((firm_name, v.display_name()?))
    })?;
    let as_of = r.statement.as_of;
    let header = StatementHeader {
        firm_name,
        client_name,
        bank_name: None,
        account_no: None,
        period_end: as_of.unwrap_or_else(|| Utc::now().date_naive()),
        prepared_by: Some(prepared_by),
        reviewed_by: None,
    };
    let pdf = render_statement_pdf(&r, &header, Utc::now()).map_err(CoreError::from)?;
    let saved = crate::export::save(&app, &export_name(as_of, "pdf"), ("PDF", &["pdf"]), &pdf)?;
    Ok(saved.map(|p| p.display().to_string()))
}

/// Writes the statement and item lists as XLSX and asks where to save it. Returns the saved
/// path, or `None` if the user cancelled.
#[tauri::command]
#[specta::specta]
pub async fn reconcile_export_xlsx(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<String>, AppError> {
    require(&state)?;
    let r = {
        let slot = state.workbench();
        slot.as_ref()
            .ok_or_else(no_workbench)?
            .workbench
            .reconciliation()
    };
    let bytes = ledgerlock_reconciliation::xlsx_out::to_xlsx(&r).map_err(|e| {
        AppError::new(ErrorCode::Document)
            .with("reason", "xlsx")
            .with("detail", e.to_string())
    })?;
    let saved = crate::export::save(
        &app,
        &export_name(r.statement.as_of, "xlsx"),
        ("Excel", &["xlsx"]),
        &bytes,
    )?;
    Ok(saved.map(|p| p.display().to_string()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use ledgerlock_reconciliation::ImportOptions;

    /// The BOC sample statement, GBK-encoded (as the end-to-end test uploads it).
    const BANK: &[u8] = include_bytes!("../../../tests/e2e/fixtures/boc_statement_gbk.csv");
    const LEDGER: &[u8] =
        include_bytes!("../../../crates/reconciliation/tests/fixtures/ledger_boc_gbk.csv");

    fn open() -> OpenWorkbench {
        let no = ImportOptions::default();
        let r = ledgerlock_reconciliation::reconcile_files(
            ("bank.csv", BANK),
            ("ledger.csv", LEDGER),
            &no,
            &no,
            (None, None),
            &MatchConfig::default(),
        )
        .unwrap();
        OpenWorkbench {
            bank_file: "bank.csv".to_owned(),
            ledger_file: "ledger.csv".to_owned(),
            workbench: Workbench::new(r),
            client_id: None,
            client_name: None,
            saved: None,
            sources: None,
            view_only: false,
        }
    }

    #[test]
    fn view_carries_panes_and_statement() {
        let o = open();
        let v = view(&o);
        assert!(!v.bank.is_empty());
        assert!(!v.book.is_empty());
        assert_eq!(v.bank_totals.lines, to_u32(v.bank.len()));
        assert!(!v.can_undo);
        assert!(
            !v.suggestions.is_empty(),
            "the e2e test confirms a suggestion"
        );
        assert!(
            v.bank.iter().any(|l| l.counterparty.contains('张')),
            "GBK decoded"
        );
        let json = serde_json::to_value(&v).unwrap();
        assert!(json["statement"]["balanced"].is_boolean());
        assert!(json["bank"][0]["status"].is_string());
    }

    #[test]
    fn import_errors_carry_a_row_and_a_stable_reason() {
        let e = import_error(&ImportError::BadRow {
            file: "b.csv".to_owned(),
            row: 7,
            reason: "bad amount".to_owned(),
        });
        assert_eq!(e.code, ErrorCode::InvalidInput);
        assert_eq!(e.params["field"], "b.csv:row 7");
        assert_eq!(e.params["reason"], "bad_row");
        assert_eq!(e.params["row"], "7");
        let e = import_error(&ImportError::Empty {
            file: "b.csv".to_owned(),
        });
        assert_eq!(e.params["field"], "b.csv");
        assert_eq!(e.params["reason"], "empty");
    }

    #[test]
    fn workbench_errors_are_stable() {
        let e = workbench_error(&WorkbenchError::NothingToUndo);
        assert_eq!(e.params["reason"], "nothing_to_undo");
        let mut o = open();
        let e = o.workbench.undo().unwrap_err();
        assert_eq!(workbench_error(&e).params["reason"], "nothing_to_undo");
    }

    #[test]
    fn codes_are_snake_case() {
        assert_eq!(flag_code(FlagKind::PossibleDuplicate), "possible_duplicate");
        assert_eq!(reason_code(ReasonCode::OneToOne), "one_to_one");
    }
}
