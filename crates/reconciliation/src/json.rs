//! The stable JSON contract (see `docs/reconciliation-json.md`).
//!
//! ```json
//! {"matches":[{"bank_rows":[5,6],"ledger_rows":[12],"status":"auto","score":0.97,
//!              "reason":"...","reason_code":"one_to_one","params":{},"difference":"0.00"}],
//!  "unmatched":{"bank_rows":[],"ledger_rows":[]},
//!  "flags":[{"kind":"possible_duplicate","bank_rows":[],"ledger_rows":[],"note":"..."}],
//!  "statement":{"book_balance":"0.00","bank_balance":"0.00","bank_received_book_not":"0.00",
//!    "bank_paid_book_not":"0.00","book_received_bank_not":"0.00","book_paid_bank_not":"0.00",
//!    "adjusted_book_balance":"0.00","adjusted_bank_balance":"0.00","balanced":true}}
//! ```
//! Rows are 1-based physical rows of the source files; amounts are decimal strings; the
//! score is computed from an integer per-mille value.

use serde_json::{json, Value};

use crate::matching::{FlagKind, MatchStatus};
use crate::model::Line;
use crate::money::format_cents;
use crate::report::Reconciliation;
use crate::statement::Section;

/// A per-mille score as a JSON number with up to three decimals (no float arithmetic).
#[must_use]
pub fn score_number(permille: u16) -> Value {
    let p = permille.min(1000);
    let text = format!("{}.{:03}", p / 1000, p % 1000);
    let trimmed = text.trim_end_matches('0').trim_end_matches('.');
    trimmed
        .parse::<serde_json::Number>()
        .map_or(Value::Null, Value::Number)
}

fn rows(lines: &[Line], idx: &[usize]) -> Vec<u32> {
    let mut r: Vec<u32> = idx
        .iter()
        .filter_map(|i| lines.get(*i))
        .map(|l| l.source.row)
        .collect();
    r.sort_unstable();
    r
}

/// Stable snake_case name of a flag kind.
#[must_use]
pub fn flag_kind_name(k: FlagKind) -> &'static str {
    match k {
        FlagKind::PossibleDuplicate => "possible_duplicate",
        FlagKind::PossibleTransposition => "possible_transposition",
        FlagKind::AmountDifference => "amount_difference",
        FlagKind::BalanceBreak => "balance_break",
        FlagKind::Stale => "stale",
    }
}

fn section_items(s: &Section) -> Value {
    Value::Array(
        s.items
            .iter()
            .map(|it| {
                json!({
                    "side": match it.side { crate::model::Side::Bank => "bank", crate::model::Side::Book => "ledger" },
                    "rows": it.rows,
                    "date": it.date.to_string(),
                    "amount": format_cents(it.amount_cents),
                    "description": it.description,
                    "age_days": it.age_days,
                })
            })
            .collect(),
    )
}

/// The JSON document of a reconciliation.
#[must_use]
pub fn to_json(r: &Reconciliation) -> Value {
    let matches: Vec<Value> = r
        .outcome
        .matches
        .iter()
        .map(|m| {
            let params = serde_json::to_value(&m.params).unwrap_or(Value::Null);
            json!({
                "bank_rows": rows(&r.bank, &m.bank),
                "ledger_rows": rows(&r.book, &m.book),
                "status": match m.status { MatchStatus::Auto => "auto", MatchStatus::Suggested => "suggested", MatchStatus::Confirmed => "confirmed" },
                "score": score_number(m.score),
                "reason": m.reason_text(),
                "reason_code": serde_json::to_value(m.code).unwrap_or(Value::Null),
                "params": params,
                "difference": format_cents(m.difference_cents),
            })
        })
        .collect();
    let flags: Vec<Value> = r
        .outcome
        .flags
        .iter()
        .map(|f| {
            let mut v = json!({
                "kind": flag_kind_name(f.kind),
                "bank_rows": rows(&r.bank, &f.bank),
                "ledger_rows": rows(&r.book, &f.book),
                "note": f.note,
            });
            if let (Some(age), Some(obj)) = (f.age_days, v.as_object_mut()) {
                obj.insert("age_days".to_owned(), json!(age));
            }
            v
        })
        .collect();
    let s = &r.statement;
    json!({
        "matches": matches,
        "unmatched": {
            "bank_rows": rows(&r.bank, &r.outcome.unmatched_bank),
            "ledger_rows": rows(&r.book, &r.outcome.unmatched_book),
        },
        "flags": flags,
        "statement": {
            "as_of": s.as_of.map(|d| d.to_string()),
            "book_balance": format_cents(s.book_balance_cents),
            "bank_balance": format_cents(s.bank_balance_cents),
            "book_balance_known": s.book_balance_known,
            "bank_balance_known": s.bank_balance_known,
            "bank_received_book_not": format_cents(s.bank_received_book_not.total_cents),
            "bank_paid_book_not": format_cents(s.bank_paid_book_not.total_cents),
            "book_received_bank_not": format_cents(s.book_received_bank_not.total_cents),
            "book_paid_bank_not": format_cents(s.book_paid_bank_not.total_cents),
            "adjusted_book_balance": format_cents(s.adjusted_book_balance_cents),
            "adjusted_bank_balance": format_cents(s.adjusted_bank_balance_cents),
            "balanced": s.balanced,
            "items": {
                "bank_received_book_not": section_items(&s.bank_received_book_not),
                "bank_paid_book_not": section_items(&s.bank_paid_book_not),
                "book_received_bank_not": section_items(&s.book_received_bank_not),
                "book_paid_bank_not": section_items(&s.book_paid_bank_not),
            },
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_render_from_integers() {
        assert_eq!(score_number(970).to_string(), "0.97");
        assert_eq!(score_number(1000).to_string(), "1");
        assert_eq!(score_number(5).to_string(), "0.005");
        assert_eq!(score_number(0).to_string(), "0");
    }
}
