//! Tests of the workbench: each action, its undo, the invariant, the statement following the
//! decisions, saving and reopening, and random sequences of actions.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use proptest::prelude::*;

use super::*;
use crate::matching::{Flag, FlagKind, Match, MatchStatus, Outcome, ReasonCode, ReasonParams};
use crate::model::SourceRef;

fn line(file: &str, row: u32, day: u32, cents: i64, memo: &str) -> Line {
    Line {
        source: SourceRef {
            file: file.into(),
            sheet: None,
            row,
        },
        date: NaiveDate::from_ymd_opt(2025, 8, day).unwrap(),
        value_date: None,
        amount_cents: cents,
        balance_cents: None,
        counterparty_name: String::new(),
        counterparty_account: String::new(),
        memo: memo.to_owned(),
        serial: format!("S{row}"),
    }
}

fn engine_match(
    bank: Vec<usize>,
    book: Vec<usize>,
    status: MatchStatus,
    code: ReasonCode,
) -> Match {
    Match {
        bank,
        book,
        status,
        score: if status == MatchStatus::Auto {
            950
        } else {
            640
        },
        code,
        params: ReasonParams::default(),
        difference_cents: 0,
    }
}

/// Bank: b0 +1000 (auto with k0), b1 −500 (suggested with k1), b2 +300 (suggested with
/// k2 + k3), b3 −12.50 fee, b4 +77.00 interest. Book: k4 −250 cheque not cleared.
fn reconciliation() -> Reconciliation {
    let bank = vec![
        line("bank.csv", 2, 1, 100_000, "货款"),
        line("bank.csv", 3, 2, -50_000, "付款"),
        line("bank.csv", 4, 3, 30_000, "货款 两笔"),
        line("bank.csv", 5, 4, -1_250, "手续费"),
        line("bank.csv", 6, 5, 7_700, "结息"),
    ];
    let book = vec![
        line("book.csv", 5, 1, 100_000, "收货款"),
        line("book.csv", 6, 2, -50_000, "付货款"),
        line("book.csv", 7, 3, 10_000, "收货款一"),
        line("book.csv", 8, 3, 20_000, "收货款二"),
        line("book.csv", 9, 5, -25_000, "开出支票"),
    ];
    let outcome = Outcome {
        matches: vec![
            engine_match(vec![0], vec![0], MatchStatus::Auto, ReasonCode::OneToOne),
            engine_match(
                vec![1],
                vec![1],
                MatchStatus::Suggested,
                ReasonCode::OneToOne,
            ),
            engine_match(
                vec![2],
                vec![2, 3],
                MatchStatus::Suggested,
                ReasonCode::OneBankToManyBook,
            ),
        ],
        unmatched_bank: vec![3, 4],
        unmatched_book: vec![4],
        flags: vec![Flag {
            kind: FlagKind::Stale,
            bank: vec![3],
            book: vec![],
            note: "old".to_owned(),
            age_days: Some(70),
        }],
        as_of: NaiveDate::from_ymd_opt(2025, 8, 31),
    };
    let statement = statement::build(
        &bank,
        &book,
        &outcome,
        Some(1_000_000),
        Some(1_031_450),
        outcome.as_of,
    );
    assert!(statement.balanced);
    Reconciliation {
        bank,
        book,
        outcome,
        statement,
    }
}

fn wb() -> Workbench {
    Workbench::new(reconciliation())
}

const AUTO: MatchId = MatchId(0);
const SUGG_1: MatchId = MatchId(1);
const SUGG_2: MatchId = MatchId(2);

#[test]
fn starts_from_the_engine() {
    let w = wb();
    assert!(w.invariant_holds());
    let bank = w.bank_lines();
    assert_eq!(bank[0].state, LineState::Matched { match_id: AUTO });
    assert_eq!(bank[1].state, LineState::Suggested { match_id: SUGG_1 });
    assert_eq!(bank[3].state, LineState::Open);
    assert_eq!(bank[3].flags, vec![FlagKind::Stale]);
    assert_eq!(bank[3].amount, "-12.50");
    assert_eq!(bank[3].source_row, 5);
    let s = w.suggestions();
    assert_eq!(s.iter().map(|s| s.id).collect::<Vec<_>>(), [SUGG_1, SUGG_2]);
    assert_eq!(s[1].reason_code, ReasonCode::OneBankToManyBook);
    assert_eq!(s[1].difference, "0.00");
    assert_eq!(w.confirmed().len(), 1);
    assert_eq!(w.flags().len(), 1);
    let t = w.totals();
    assert_eq!((t.bank.lines, t.bank.open_count), (5, 2));
    assert_eq!(t.bank.open_sum, "64.50");
    assert_eq!(
        (t.book.open_count, t.book.open_sum.as_str()),
        (1, "-250.00")
    );
}

#[test]
fn pending_suggestions_do_not_count_in_the_statement() {
    let w = wb();
    let engine = reconciliation().statement;
    let st = w.statement();
    // The engine's statement treats suggestions as matched; the workbench does not.
    assert_eq!(engine.bank_received_book_not.total_cents, 7_700);
    assert_eq!(st.bank_received_book_not.total_cents, 37_700);
    assert_eq!(st.bank_paid_book_not.total_cents, 51_250);
    assert_eq!(st.book_received_bank_not.total_cents, 30_000);
    assert_eq!(st.book_paid_bank_not.total_cents, 75_000);
    assert!(st.balanced);
    assert_eq!(st.book_balance_cents, 1_000_000);
    assert!(st.book_balance_known && st.bank_balance_known);
}

#[test]
fn confirm_and_its_undo() {
    let mut w = wb();
    let start = w.clone();
    w.confirm(SUGG_1).unwrap();
    assert!(w.suggestions().iter().all(|s| s.id != SUGG_1));
    assert!(w
        .confirmed()
        .iter()
        .any(|m| m.id == SUGG_1 && m.state == MatchState::Confirmed));
    assert_eq!(
        w.bank_lines()[1].state,
        LineState::Matched { match_id: SUGG_1 }
    );
    assert_eq!(w.statement().bank_paid_book_not.total_cents, 1_250);
    assert_eq!(w.statement().book_paid_bank_not.total_cents, 25_000);
    assert_eq!(
        w.confirm(SUGG_1),
        Err(WorkbenchError::NotPending {
            id: SUGG_1,
            state: MatchState::Confirmed
        })
    );
    assert_eq!(
        w.confirm(MatchId(99)),
        Err(WorkbenchError::UnknownMatch { id: MatchId(99) })
    );
    assert_eq!(w.undo(), Ok(Action::Confirm { id: SUGG_1 }));
    assert_eq!(w, start);
}

#[test]
fn reject_and_its_undo() {
    let mut w = wb();
    let start = w.clone();
    w.reject(SUGG_2).unwrap();
    assert_eq!(w.book_lines()[2].state, LineState::Open);
    assert_eq!(w.suggestions().len(), 1);
    assert!(w.confirmed().iter().all(|m| m.id != SUGG_2));
    assert_eq!(
        w.statement(),
        start.statement(),
        "pending and rejected count alike"
    );
    assert!(matches!(
        w.reject(AUTO),
        Err(WorkbenchError::NotPending { .. })
    ));
    assert_eq!(w.undo(), Ok(Action::Reject { id: SUGG_2 }));
    assert_eq!(w, start);
}

#[test]
fn manual_match_refusals() {
    let mut w = wb();
    let start = w.clone();
    assert_eq!(
        w.manual_match(&[], &[4], false),
        Err(WorkbenchError::EmptySide { side: Side::Bank })
    );
    assert_eq!(
        w.manual_match(&[3], &[], false),
        Err(WorkbenchError::EmptySide { side: Side::Book })
    );
    assert_eq!(
        w.manual_match(&[9], &[4], false),
        Err(WorkbenchError::UnknownLine {
            side: Side::Bank,
            index: 9
        })
    );
    assert_eq!(
        w.manual_match(&[3, 3], &[4], true),
        Err(WorkbenchError::RepeatedLine {
            side: Side::Bank,
            index: 3
        })
    );
    assert_eq!(
        w.manual_match(&[0], &[4], true),
        Err(WorkbenchError::LineAlreadyMatched {
            side: Side::Bank,
            index: 0,
            match_id: AUTO
        })
    );
    assert_eq!(
        w.manual_match(&[3], &[4], false),
        Err(WorkbenchError::DifferenceNotAccepted {
            difference: "237.50".to_owned()
        })
    );
    assert_eq!(w, start, "refused actions change nothing");
    assert_eq!(w.undo(), Err(WorkbenchError::NothingToUndo));
}

#[test]
fn manual_match_with_an_accepted_difference_and_its_undo() {
    let mut w = wb();
    let start = w.clone();
    let r = w.manual_match(&[3], &[4], true).unwrap();
    assert_eq!(r.difference, "237.50");
    assert!(r.superseded.is_empty());
    assert_eq!(
        w.bank_lines()[3].state,
        LineState::Matched { match_id: r.id }
    );
    let m = w.confirmed().into_iter().find(|m| m.id == r.id).unwrap();
    assert_eq!(
        (m.state, m.reason_code, m.score),
        (MatchState::Manual, ReasonCode::Manual, None)
    );
    let st = w.statement();
    // The two lines leave the sections; their difference enters 银行已收、企业未收.
    assert_eq!(st.bank_paid_book_not.total_cents, 50_000);
    assert_eq!(st.book_paid_bank_not.total_cents, 50_000);
    assert_eq!(st.bank_received_book_not.total_cents, 37_700 + 23_750);
    assert!(st.balanced, "the accepted difference is an adjusting item");
    assert_eq!(
        w.undo(),
        Ok(Action::ManualMatch {
            id: r.id,
            superseded: vec![]
        })
    );
    assert_eq!(w, start);
}

#[test]
fn manual_match_takes_lines_from_pending_suggestions() {
    let mut w = wb();
    let start = w.clone();
    // k2 + k3 against b2 by hand: the same lines as suggestion 2, which it replaces.
    let r = w.manual_match(&[2], &[2, 3], false).unwrap();
    assert_eq!(r.superseded, vec![SUGG_2]);
    assert_eq!(w.matches()[SUGG_2.0].state, MatchState::Rejected);
    assert!(w.invariant_holds());
    // Only part of suggestion 1 (b1) with a different book line: k1 becomes open.
    let r2 = w.manual_match(&[1], &[4], true).unwrap();
    assert_eq!(r2.superseded, vec![SUGG_1]);
    assert_eq!(r2.difference, "-250.00");
    assert_eq!(w.book_lines()[1].state, LineState::Open);
    assert!(w.suggestions().is_empty());
    w.undo().unwrap();
    w.undo().unwrap();
    assert_eq!(w, start);
}

#[test]
fn unmatch_and_its_undo() {
    let mut w = wb();
    let start = w.clone();
    w.unmatch(AUTO).unwrap();
    assert_eq!(w.bank_lines()[0].state, LineState::Open);
    assert_eq!(w.book_lines()[0].state, LineState::Open);
    let st = w.statement();
    assert_eq!(st.bank_received_book_not.total_cents, 137_700);
    assert_eq!(st.book_received_bank_not.total_cents, 130_000);
    assert!(st.balanced);
    assert_eq!(
        w.unmatch(AUTO),
        Err(WorkbenchError::NotMatched {
            id: AUTO,
            state: MatchState::Unmatched
        })
    );
    assert!(matches!(
        w.unmatch(SUGG_1),
        Err(WorkbenchError::NotMatched { .. })
    ));
    // The freed lines can be matched by hand again.
    let r = w.manual_match(&[0], &[0], false).unwrap();
    w.unmatch(r.id).unwrap();
    w.confirm(SUGG_1).unwrap();
    w.unmatch(SUGG_1).unwrap();
    assert_eq!(w.history().len(), 5);
    while w.undo().is_ok() {}
    assert_eq!(w, start);
}

#[test]
fn live_difference_of_a_selection() {
    let w = wb();
    assert_eq!(w.difference(&[], &[]).unwrap(), "0.00");
    assert_eq!(w.difference(&[2], &[2]).unwrap(), "200.00");
    assert_eq!(w.difference(&[2], &[2, 3]).unwrap(), "0.00");
    assert_eq!(w.difference(&[3], &[]).unwrap(), "-12.50");
    assert!(matches!(
        w.difference(&[0], &[7]),
        Err(WorkbenchError::UnknownLine {
            side: Side::Book,
            index: 7
        })
    ));
}

#[test]
fn saved_and_reopened() {
    let mut w = wb();
    w.confirm(SUGG_1).unwrap();
    w.manual_match(&[3], &[4], true).unwrap();
    let text = serde_json::to_string(&w).unwrap();
    let back: Workbench = serde_json::from_str(&text).unwrap();
    assert_eq!(back, w);
    let mut back = back;
    back.undo().unwrap();
    back.undo().unwrap();
    assert_eq!(back, wb());
}

#[test]
fn a_damaged_save_is_refused() {
    let w = wb();
    let mut v = serde_json::to_value(&w).unwrap();
    // Suggestion 1 now also claims bank line 0, held by the automatic match.
    v["matches"][1]["bank"] = serde_json::json!([0]);
    assert!(serde_json::from_value::<Workbench>(v).is_err());
    let mut v = serde_json::to_value(&w).unwrap();
    v["matches"][0]["book"] = serde_json::json!([42]);
    assert!(serde_json::from_value::<Workbench>(v).is_err());
    let mut v = serde_json::to_value(&w).unwrap();
    v["version"] = serde_json::json!(99);
    assert!(serde_json::from_value::<Workbench>(v).is_err());
}

#[test]
fn overlapping_engine_matches_are_left_out() {
    let mut r = reconciliation();
    r.outcome.matches.push(engine_match(
        vec![0],
        vec![4],
        MatchStatus::Suggested,
        ReasonCode::OneToOne,
    ));
    r.outcome.matches.push(engine_match(
        vec![],
        vec![4],
        MatchStatus::Suggested,
        ReasonCode::OneToOne,
    ));
    let w = Workbench::new(r);
    assert!(w.invariant_holds());
    assert_eq!(w.matches().len(), 3);
}

#[test]
fn the_reconciliation_view_feeds_the_outputs() {
    let mut w = wb();
    w.confirm(SUGG_1).unwrap();
    let r = w.reconciliation();
    assert_eq!(r.statement, w.statement());
    assert_eq!(r.outcome.matches.len(), 2);
    assert_eq!(r.outcome.matches[1].status, MatchStatus::Confirmed);
    assert_eq!(r.outcome.unmatched_bank, vec![2, 3, 4]);
    let j = crate::json::to_json(&r);
    assert_eq!(j["matches"][1]["status"], "confirmed");
}

fn boc() -> Reconciliation {
    static BOC: std::sync::OnceLock<Reconciliation> = std::sync::OnceLock::new();
    BOC.get_or_init(|| {
        let bank = include_bytes!("../tests/fixtures/cn_boc_debit.csv");
        let book = include_bytes!("../tests/fixtures/ledger_boc_gbk.csv");
        let no = crate::ImportOptions::default();
        crate::reconcile_files(
            ("cn_boc_debit.csv", bank),
            ("ledger_boc_gbk.csv", book),
            &no,
            &no,
            (None, None),
            &crate::MatchConfig::default(),
        )
        .unwrap()
    })
    .clone()
}

#[test]
fn works_on_the_real_boc_sample() {
    let r = boc();
    let engine = r.statement.clone();
    let mut w = Workbench::new(r);
    let pending = w.suggestions();
    assert_eq!(pending.len(), 1);
    for s in &pending {
        w.confirm(s.id).unwrap();
    }
    // With every suggestion confirmed the workbench agrees with the engine's statement.
    assert_eq!(w.statement(), engine);
}

// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
enum Op {
    Confirm(usize),
    Reject(usize),
    Manual(Vec<usize>, Vec<usize>, bool),
    Unmatch(usize),
    Undo,
    Difference(Vec<usize>, Vec<usize>),
}

/// Actions on `lines` lines per side (a few out of range) and `matches` matches.
fn op(lines: usize, matches: usize) -> impl Strategy<Value = Op> {
    let idx = move || prop::collection::vec(0..lines + 2, 0..4);
    prop_oneof![
        (0..matches + 3).prop_map(Op::Confirm),
        (0..matches + 3).prop_map(Op::Reject),
        (idx(), idx(), any::<bool>()).prop_map(|(b, k, a)| Op::Manual(b, k, a)),
        (0..matches + 3).prop_map(Op::Unmatch),
        Just(Op::Undo),
        (idx(), idx()).prop_map(|(b, k)| Op::Difference(b, k)),
    ]
}

fn apply(w: &mut Workbench, op: &Op) -> bool {
    match op {
        Op::Confirm(i) => w.confirm(MatchId(*i)).is_ok(),
        Op::Reject(i) => w.reject(MatchId(*i)).is_ok(),
        Op::Manual(b, k, a) => w.manual_match(b, k, *a).is_ok(),
        Op::Unmatch(i) => w.unmatch(MatchId(*i)).is_ok(),
        Op::Undo => w.undo().is_ok(),
        Op::Difference(b, k) => {
            let _ = w.difference(b, k);
            false
        }
    }
}

fn session(start: &Workbench, ops: &[Op]) -> Result<(), TestCaseError> {
    let mut w = start.clone();
    for op in ops {
        let before = w.clone();
        let changed = apply(&mut w, op);
        prop_assert!(w.invariant_holds(), "after {:?}", op);
        if !changed {
            prop_assert_eq!(&w, &before, "a refused action changed something: {:?}", op);
        }
        // Matching moves amounts between sections and difference items, never changes
        // whether the statement balances.
        prop_assert_eq!(w.statement().balanced, start.statement().balanced);
        let open = w
            .bank_lines()
            .iter()
            .filter(|l| l.state == LineState::Open)
            .count();
        prop_assert_eq!(open, w.totals().bank.open_count);
    }
    let text = serde_json::to_string(&w).unwrap();
    let back: Workbench = serde_json::from_str(&text).unwrap();
    prop_assert_eq!(&back, &w);
    while w.undo().is_ok() {}
    prop_assert_eq!(&w, start);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_sessions_keep_the_invariant(ops in prop::collection::vec(op(5, 3), 0..40)) {
        session(&wb(), &ops)?;
    }

    #[test]
    fn random_sessions_on_the_boc_sample(ops in prop::collection::vec(op(18, 15), 0..60)) {
        session(&Workbench::new(boc()), &ops)?;
    }
}
