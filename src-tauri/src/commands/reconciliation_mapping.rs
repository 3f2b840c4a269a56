//! The column layout of the imported files as the workbench shows it: the detected (or
//! template) columns for date, amount (signed, 收入/支出, or amount + 借贷 flag), balance,
//! counterparty, memo and serial; the user corrects them, re-imports with them and may save
//! them as a named template in the vault (`ledgerlock_core::reconciliations::templates`),
//! which later imports of the same layout use without asking.

use chrono::Utc;
use ledgerlock_core::reconciliations::templates::{import_with_template, Imported};
use ledgerlock_core::vault::Action;
use ledgerlock_core::{AppError, CoreError};
use ledgerlock_reconciliation::import::detect::{AmountColumns, ColumnMapping};
use ledgerlock_reconciliation::{Import, Side};
use serde::{Deserialize, Serialize};

use crate::state::AppState;

/// A column layout, as shown and edited. Column numbers are 0-based positions in `headers`.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MappingView {
    /// Header fingerprint of the layout.
    pub fingerprint: String,
    /// The header row's cells.
    pub headers: Vec<String>,
    /// Date column (ledgers with 年/月/日 columns have none).
    pub date: Option<u32>,
    /// The date is read from separate 年/月/日 columns (when `date` is none).
    pub date_parts: bool,
    /// `signed`, `split` or `flag`.
    pub amount_kind: String,
    /// The signed amount column, or the amount column of `flag`.
    pub amount: Option<u32>,
    /// Money in (`split`).
    pub inflow: Option<u32>,
    /// Money out (`split`).
    pub outflow: Option<u32>,
    /// The 借贷/收支 flag column (`flag`).
    pub direction: Option<u32>,
    /// Every amount multiplied by −1 (the columns mean the opposite direction).
    pub negate: bool,
    /// Running balance column.
    pub balance: Option<u32>,
    /// Counterparty (or 对方科目) column.
    pub counterparty: Option<u32>,
    /// Memo columns.
    pub memo: Vec<u32>,
    /// Serial or voucher number column.
    pub serial: Option<u32>,
    /// Running-balance pairs that held, and pairs checked (evidence for the direction).
    pub balance_consistent: u32,
    /// Pairs checked.
    pub balance_checked: u32,
    /// Lines imported with this layout.
    pub lines: u32,
    /// Name of the saved template in use, if one is.
    pub template: Option<String>,
}

fn col(c: Option<usize>) -> Option<u32> {
    c.map(|c| u32::try_from(c).unwrap_or(u32::MAX))
}

fn uncol(c: Option<u32>) -> Option<usize> {
    c.map(|c| usize::try_from(c).unwrap_or(usize::MAX))
}

/// The view of an import's layout (`None` for files without columns: MT940, camt, OFX).
#[must_use]
pub fn mapping_view(import: &Import, template: Option<String>) -> Option<MappingView> {
    let m = import.mapping.as_ref()?;
    let (amount_kind, amount, inflow, outflow, direction) = match m.amount {
        AmountColumns::Signed { column } => ("signed", Some(column), None, None, None),
        AmountColumns::Split { inflow, outflow } => {
            ("split", None, Some(inflow), Some(outflow), None)
        }
        AmountColumns::Flag { column, flag } => ("flag", Some(column), None, None, Some(flag)),
    };
    Some(MappingView {
        fingerprint: m.fingerprint.clone(),
        headers: m.headers.clone(),
        date: col(m.date),
        date_parts: m.year.is_some(),
        amount_kind: amount_kind.to_owned(),
        amount: col(amount),
        inflow: col(inflow),
        outflow: col(outflow),
        direction: col(direction),
        negate: m.negate,
        balance: col(m.balance),
        counterparty: col(m.counterparty_name),
        memo: m
            .memo
            .iter()
            .map(|c| col(Some(*c)).unwrap_or(u32::MAX))
            .collect(),
        serial: col(m.serial),
        balance_consistent: m.balance_pairs_consistent,
        balance_checked: m.balance_pairs_checked,
        lines: u32::try_from(import.lines.len()).unwrap_or(u32::MAX),
        template,
    })
}

fn invalid(reason: &str) -> AppError {
    CoreError::InvalidInput {
        field: "mapping".to_owned(),
        reason: reason.to_owned(),
    }
    .into()
}

/// The layout `view` describes, on top of `base` (the detected one: the columns not shown
/// here, such as time, value date or 年/月/日, come from it). Refuses columns out of range,
/// a missing amount column and a fingerprint that is not the base's.
pub fn apply_view(base: &ColumnMapping, view: &MappingView) -> Result<ColumnMapping, AppError> {
    if view.fingerprint != base.fingerprint {
        return Err(invalid("mapping_mismatch"));
    }
    let n = base.headers.len();
    let check = |c: Option<u32>| -> Result<Option<usize>, AppError> {
        match uncol(c) {
            Some(i) if i >= n => Err(invalid("out_of_range")),
            other => Ok(other),
        }
    };
    let need = |c: Option<u32>| check(c)?.ok_or_else(|| invalid("required"));
    let amount = match view.amount_kind.as_str() {
        "signed" => AmountColumns::Signed {
            column: need(view.amount)?,
        },
        "split" => AmountColumns::Split {
            inflow: need(view.inflow)?,
            outflow: need(view.outflow)?,
        },
        "flag" => AmountColumns::Flag {
            column: need(view.amount)?,
            flag: need(view.direction)?,
        },
        _ => return Err(invalid("format")),
    };
    let date = check(view.date)?;
    if date.is_none() && base.year.is_none() {
        return Err(invalid("required"));
    }
    let mut memo = Vec::with_capacity(view.memo.len());
    for c in &view.memo {
        memo.push(need(Some(*c))?);
    }
    Ok(ColumnMapping {
        date,
        amount,
        negate: view.negate,
        balance: check(view.balance)?,
        counterparty_name: check(view.counterparty)?,
        memo,
        serial: check(view.serial)?,
        ..base.clone()
    })
}

/// Imports one side of a run: with the user's layout when given, else detected and then a
/// saved template of the same layout when there is one (looked up in the vault).
pub fn import_one(
    state: &AppState,
    side: Side,
    file: &str,
    bytes: &[u8],
    given: Option<ColumnMapping>,
) -> Result<Imported, AppError> {
    import_with_template(side, file, bytes, given, |fingerprint| {
        let mut slot = state.vault();
        let vault = slot.as_mut().ok_or(CoreError::VaultLocked)?;
        vault.column_template(side, fingerprint)
    })?
    .map_err(|e| super::reconciliation::import_error(&e))
}

/// Saves `mapping` as a template named `name` (no-op for a blank name).
pub fn save_template(
    state: &AppState,
    side: Side,
    name: Option<&str>,
    mapping: &ColumnMapping,
) -> Result<(), AppError> {
    let Some(name) = name.map(str::trim).filter(|n| !n.is_empty()) else {
        return Ok(());
    };
    state.with_vault(|v| {
        v.session().require(Action::Reconcile)?;
        v.save_column_template(side, name, mapping, Utc::now())
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use ledgerlock_reconciliation::{import_bank, ImportOptions};

    const BANK: &[u8] = include_bytes!("../../../tests/e2e/fixtures/boc_statement_gbk.csv");

    #[test]
    fn a_view_round_trips_and_corrections_apply() {
        let import = import_bank("b.csv", BANK, &ImportOptions::default()).unwrap();
        let base = import.mapping.clone().unwrap();
        let view = mapping_view(&import, None).unwrap();
        assert_eq!(apply_view(&base, &view).unwrap(), base);
        let mut changed = view.clone();
        changed.serial = None;
        changed.negate = !view.negate;
        let m = apply_view(&base, &changed).unwrap();
        assert_eq!(m.serial, None);
        assert_eq!(m.negate, !base.negate);
        let mut bad = view.clone();
        bad.balance = Some(999);
        assert_eq!(
            apply_view(&base, &bad).unwrap_err().params["reason"],
            "out_of_range"
        );
        let mut bad = view;
        bad.amount_kind = "signed".to_owned();
        bad.amount = None;
        assert_eq!(
            apply_view(&base, &bad).unwrap_err().params["reason"],
            "required"
        );
    }
}
