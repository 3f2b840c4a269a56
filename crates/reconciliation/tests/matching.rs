//! Matcher cases and properties.

// Helpers of integration tests may unwrap and index like the tests themselves.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation
)]

use chrono::NaiveDate;
use ledgerlock_reconciliation::matching::{FlagKind, MatchStatus, ReasonCode};
use ledgerlock_reconciliation::synth;
use ledgerlock_reconciliation::{reconcile, Line, MatchConfig, Outcome, SourceRef};
use proptest::prelude::*;

fn day(n: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, n).unwrap()
}

fn bank(row: u32, d: u32, cents: i64, name: &str, memo: &str) -> Line {
    Line {
        source: SourceRef {
            file: "bank".into(),
            sheet: None,
            row,
        },
        date: day(d),
        value_date: None,
        amount_cents: cents,
        balance_cents: None,
        counterparty_name: name.into(),
        counterparty_account: String::new(),
        memo: memo.into(),
        serial: String::new(),
    }
}

fn book(row: u32, d: u32, cents: i64, memo: &str) -> Line {
    Line {
        source: SourceRef {
            file: "book".into(),
            sheet: None,
            row,
        },
        date: day(d),
        value_date: None,
        amount_cents: cents,
        balance_cents: None,
        counterparty_name: String::new(),
        counterparty_account: String::new(),
        memo: memo.into(),
        serial: String::new(),
    }
}

fn run(b: &[Line], k: &[Line]) -> Outcome {
    reconcile(b, k, &MatchConfig::default())
}

#[test]
fn one_to_one_exact() {
    let o = run(
        &[bank(2, 3, 1_234_500, "杭州华瑞科技有限公司", "货款")],
        &[book(5, 3, 1_234_500, "收华瑞货款")],
    );
    assert_eq!(o.matches.len(), 1);
    let m = &o.matches[0];
    assert_eq!(m.status, MatchStatus::Auto);
    assert_eq!(
        (m.bank.as_slice(), m.book.as_slice()),
        ([0].as_slice(), [0].as_slice())
    );
    assert_eq!(m.params.similarity, Some(1000));
    assert!(o.unmatched_bank.is_empty() && o.unmatched_book.is_empty());
}

#[test]
fn booking_lag_within_the_window() {
    let o = run(
        &[bank(2, 10, -88_000, "宁波明达贸易有限公司", "网银转账")],
        &[book(5, 7, -88_000, "付明达材料款")],
    );
    assert_eq!(o.matches.len(), 1);
    assert_eq!(o.matches[0].params.days_apart, Some(3));
    assert_eq!(o.matches[0].status, MatchStatus::Auto);
    let far = run(
        &[bank(2, 30, -88_000, "宁波明达贸易有限公司", "")],
        &[book(5, 1, -88_000, "付明达材料款")],
    );
    assert!(
        far.matches.is_empty(),
        "29 days apart is outside the window"
    );
}

#[test]
fn same_amount_trap_is_resolved_by_the_counterparty() {
    let b = [
        bank(2, 5, -500_000, "杭州华瑞科技有限公司", "预付款"),
        bank(3, 5, -500_000, "宁波明达贸易有限公司", "预付款"),
    ];
    let k = [
        book(7, 5, -500_000, "预付明达货款"),
        book(8, 5, -500_000, "预付华瑞货款"),
    ];
    let o = run(&b, &k);
    assert_eq!(o.matches.len(), 2);
    for m in &o.matches {
        assert_eq!(m.status, MatchStatus::Auto, "{m:?}");
        let pair = (m.bank[0], m.book[0]);
        assert!(pair == (0, 1) || pair == (1, 0), "{pair:?}");
    }
    // Nothing but a day tells two book lines apart: the engine only suggests.
    let b = [bank(2, 5, -500_000, "", "转账")];
    let k = [book(7, 5, -500_000, "付款"), book(8, 6, -500_000, "付款")];
    let o = run(&b, &k);
    assert_eq!(o.matches.len(), 1);
    assert_eq!(o.matches[0].status, MatchStatus::Suggested);
    assert!(o.matches[0].params.competitor.is_some());
    // Lines that nothing at all tells apart are interchangeable: matched automatically.
    let b = [
        bank(2, 5, -1_000, "", "手续费"),
        bank(3, 5, -1_000, "", "手续费"),
    ];
    let k = [book(7, 5, -1_000, "手续费"), book(8, 5, -1_000, "手续费")];
    let o = run(&b, &k);
    assert!(o.matches.iter().all(|m| m.status == MatchStatus::Auto));
}

#[test]
fn a_short_number_is_not_found_inside_a_longer_one() {
    let mut b = bank(2, 5, -10_000, "", "代付 41234");
    b.serial = "SN41234".into();
    let k1 = book(7, 5, -10_000, "付款 1234");
    let o = run(&[b.clone()], &[k1]);
    assert_eq!(o.matches[0].params.reference, None);
    let k2 = book(8, 5, -10_000, "付款 41234");
    let o = run(&[b], &[k2]);
    assert_eq!(o.matches[0].params.reference.as_deref(), Some("41234"));
}

#[test]
fn one_transfer_for_several_invoices() {
    let b = [bank(2, 10, -600_000, "杭州华瑞科技有限公司", "合并付款")];
    let k = [
        book(5, 8, -100_000, "付华瑞货款 发票001"),
        book(6, 9, -200_000, "付华瑞货款 发票002"),
        book(7, 9, -300_000, "付华瑞货款 发票003"),
        book(8, 9, -250_000, "付明达货款"),
    ];
    let o = run(&b, &k);
    assert_eq!(o.matches.len(), 1);
    let m = &o.matches[0];
    assert_eq!(m.code, ReasonCode::OneBankToManyBook);
    let mut parts = m.book.clone();
    parts.sort_unstable();
    assert_eq!(parts, vec![0, 1, 2]);
    assert_eq!(m.status, MatchStatus::Auto);
    assert_eq!(o.unmatched_book, vec![3]);
}

#[test]
fn two_transfers_competing_for_the_same_invoices_share_them_out() {
    // Both transfers' pools hold all four invoices. The first takes 200,000 + 100,000, so
    // the second's search (made up front, on two threads) is stale and must be done again
    // on what is left: 150,000 + 150,000.
    let b = [
        bank(2, 10, -300_000, "杭州华瑞科技有限公司", "合并付款"),
        bank(3, 10, -300_000, "杭州华瑞科技有限公司", "合并付款"),
    ];
    let k = [
        book(5, 9, -100_000, "付华瑞货款 发票001"),
        book(6, 9, -200_000, "付华瑞货款 发票002"),
        book(7, 9, -150_000, "付华瑞货款 发票003"),
        book(8, 9, -150_000, "付华瑞货款 发票004"),
    ];
    let o = run(&b, &k);
    let mut groups: Vec<(Vec<usize>, Vec<usize>)> = o
        .matches
        .iter()
        .map(|m| {
            let mut parts = m.book.clone();
            parts.sort_unstable();
            (m.bank.clone(), parts)
        })
        .collect();
    groups.sort();
    assert_eq!(
        groups,
        vec![(vec![0], vec![0, 1]), (vec![1], vec![2, 3])],
        "each invoice in one match"
    );
    assert!(o
        .matches
        .iter()
        .all(|m| m.code == ReasonCode::OneBankToManyBook));
}

#[test]
fn several_bank_fees_for_one_book_entry_and_ambiguity_stays_a_suggestion() {
    let b = [
        bank(2, 3, -1_000, "", "账户管理费"),
        bank(3, 4, -2_000, "", "账户管理费"),
        bank(4, 5, -1_500, "", "账户管理费"),
    ];
    let k = [book(9, 7, -4_500, "支付本周账户管理费")];
    let o = run(&b, &k);
    assert_eq!(o.matches.len(), 1);
    assert_eq!(o.matches[0].code, ReasonCode::ManyBankToOneBook);
    assert_eq!(o.matches[0].bank.len(), 3);
    // 10 + 20 = 30 = 15 + 15: two combinations fit.
    let b = [
        bank(2, 3, -1_000, "", "账户管理费"),
        bank(3, 4, -2_000, "", "账户管理费"),
        bank(4, 5, -1_500, "", "账户管理费"),
        bank(5, 5, -1_500, "", "账户管理费"),
    ];
    let k = [book(9, 7, -3_000, "支付本周账户管理费")];
    let o = run(&b, &k);
    assert_eq!(o.matches.len(), 1);
    assert_eq!(o.matches[0].status, MatchStatus::Suggested);
    assert_eq!(o.matches[0].params.combinations, Some(2));
}

#[test]
fn fee_difference_within_tolerance_is_suggested_and_flagged() {
    let o = run(
        &[bank(2, 5, 998_500, "杭州华瑞科技有限公司", "货款")],
        &[book(3, 5, 1_000_000, "收华瑞货款")],
    );
    assert_eq!(o.matches.len(), 1);
    let m = &o.matches[0];
    assert_eq!(m.code, ReasonCode::WithinTolerance);
    assert_eq!(m.status, MatchStatus::Suggested);
    assert_eq!(m.difference_cents, -1_500);
    assert!(o.flags.iter().any(|f| f.kind == FlagKind::AmountDifference));
}

#[test]
fn duplicate_book_entry_is_flagged() {
    let b = [bank(2, 5, -32_600, "支付宝-李四", "网上快捷支付")];
    let k = [book(3, 5, -32_600, "付李四"), book(4, 6, -32_600, "付李四")];
    let o = run(&b, &k);
    assert_eq!(o.matches.len(), 1);
    assert_eq!(o.matches[0].book, vec![0]);
    let dup: Vec<_> = o
        .flags
        .iter()
        .filter(|f| f.kind == FlagKind::PossibleDuplicate)
        .collect();
    assert_eq!(dup.len(), 1);
    assert_eq!(dup[0].book, vec![0, 1]);
}

#[test]
fn transposition_is_flagged_not_matched() {
    let o = run(
        &[bank(2, 12, -260_000, "上海顾问有限公司", "")],
        &[book(3, 12, -206_000, "付顾问咨询费")],
    );
    assert!(o.matches.is_empty());
    assert!(o
        .flags
        .iter()
        .any(|f| f.kind == FlagKind::PossibleTransposition
            && f.bank == vec![0]
            && f.book == vec![0]));
}

#[test]
fn stale_items_are_flagged_with_their_age() {
    let cfg = MatchConfig {
        as_of: NaiveDate::from_ymd_opt(2025, 6, 30),
        ..MatchConfig::default()
    };
    let o = reconcile(&[bank(2, 1, 100, "", "结息")], &[], &cfg);
    let f = o.flags.iter().find(|f| f.kind == FlagKind::Stale).unwrap();
    assert_eq!(f.age_days, Some(121));
}

fn rows(o: &Outcome, b: &[Line], k: &[Line]) -> Vec<(Vec<u32>, Vec<u32>, MatchStatus, u16)> {
    let mut v: Vec<_> = o
        .matches
        .iter()
        .map(|m| {
            let mut br: Vec<u32> = m.bank.iter().map(|i| b[*i].source.row).collect();
            let mut kr: Vec<u32> = m.book.iter().map(|i| k[*i].source.row).collect();
            br.sort_unstable();
            kr.sort_unstable();
            (br, kr, m.status, m.score)
        })
        .collect();
    v.sort();
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn no_line_in_two_matches_and_deterministic_under_shuffle(seed in 0u64..10_000, shuffle in 0u64..u64::MAX) {
        let s = synth::generate(seed, 400, NaiveDate::from_ymd_opt(2025, 1, 1).unwrap());
        let o = reconcile(&s.bank, &s.book, &MatchConfig::default());
        let mut seen_b = vec![false; s.bank.len()];
        let mut seen_k = vec![false; s.book.len()];
        for m in &o.matches {
            for i in &m.bank { prop_assert!(!seen_b[*i]); seen_b[*i] = true; }
            for i in &m.book { prop_assert!(!seen_k[*i]); seen_k[*i] = true; }
        }
        for i in &o.unmatched_bank { prop_assert!(!seen_b[*i]); seen_b[*i] = true; }
        for i in &o.unmatched_book { prop_assert!(!seen_k[*i]); seen_k[*i] = true; }
        prop_assert!(seen_b.iter().all(|x| *x) && seen_k.iter().all(|x| *x));
        // Same result twice.
        let again = reconcile(&s.bank, &s.book, &MatchConfig::default());
        prop_assert_eq!(&again, &o);
        // Same result (by rows) under shuffled input.
        let mut rng = synth::Rng::new(shuffle);
        let mut b2 = s.bank.clone();
        let mut k2 = s.book.clone();
        for i in (1..b2.len()).rev() { let j = rng.below(i as u64 + 1) as usize; b2.swap(i, j); }
        for i in (1..k2.len()).rev() { let j = rng.below(i as u64 + 1) as usize; k2.swap(i, j); }
        let shuffled = reconcile(&b2, &k2, &MatchConfig::default());
        prop_assert_eq!(rows(&shuffled, &b2, &k2), rows(&o, &s.bank, &s.book));
        prop_assert_eq!(shuffled.flags.len(), o.flags.len());
    }
}

#[test]
fn many_to_many_is_suggested_for_one_counterparty() {
    // Three receipts from 华瑞 booked as two combined entries: 100+250+150 = 300+200.
    let b = vec![
        bank(2, 3, 10_000, "杭州华瑞科技有限公司", "货款"),
        bank(3, 4, 25_000, "杭州华瑞科技有限公司", "货款"),
        bank(4, 5, 15_000, "杭州华瑞科技有限公司", "货款"),
    ];
    let k = vec![
        book(5, 4, 30_000, "收杭州华瑞科技有限公司货款"),
        book(6, 5, 20_000, "收杭州华瑞科技有限公司货款"),
    ];
    let o = run(&b, &k);
    assert_eq!(o.matches.len(), 1, "{o:?}");
    let m = &o.matches[0];
    assert_eq!(m.code, ReasonCode::ManyToMany);
    assert_eq!(m.status, MatchStatus::Suggested);
    assert!(m.score < MatchConfig::default().auto_score);
    assert_eq!(m.bank, vec![0, 1, 2]);
    assert_eq!(m.book, vec![0, 1]);
    assert!(o.unmatched_bank.is_empty() && o.unmatched_book.is_empty());
    assert!(m.reason_text().contains("same total"));
}

#[test]
fn many_to_many_needs_the_same_counterparty_and_the_window() {
    let other = vec![
        bank(2, 3, 10_000, "杭州华瑞科技有限公司", "货款"),
        bank(3, 4, 25_000, "福州某某贸易有限公司", "货款"),
        bank(4, 5, 15_000, "杭州华瑞科技有限公司", "货款"),
    ];
    let k = vec![
        book(5, 4, 30_000, "收杭州华瑞科技有限公司货款"),
        book(6, 5, 20_000, "收杭州华瑞科技有限公司货款"),
    ];
    assert!(run(&other, &k)
        .matches
        .iter()
        .all(|m| m.code != ReasonCode::ManyToMany));
    let far = vec![
        bank(2, 1, 10_000, "杭州华瑞科技有限公司", "货款"),
        bank(3, 2, 25_000, "杭州华瑞科技有限公司", "货款"),
        bank(4, 3, 15_000, "杭州华瑞科技有限公司", "货款"),
    ];
    let late = vec![
        book(5, 28, 30_000, "收杭州华瑞科技有限公司货款"),
        book(6, 29, 20_000, "收杭州华瑞科技有限公司货款"),
    ];
    assert!(run(&far, &late).matches.is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Random partial payments of a few customers, split differently on each side: every
    /// many-to-many match balances, has two lines or more a side, is only suggested, no
    /// line is in two matches, and shuffled input gives the same matches.
    #[test]
    fn many_to_many_properties(seed in 0u64..100_000, shuffle in 0u64..u64::MAX) {
        let mut rng = synth::Rng::new(seed);
        let names = ["杭州华瑞科技有限公司", "福州闽江贸易有限公司", "上海申达物流有限公司"];
        let mut b = Vec::new();
        let mut k = Vec::new();
        let mut row = 2;
        for (n, name) in names.iter().enumerate() {
            // A total, paid in 2–4 bank parts and booked in 2–3 different parts.
            let parts_b = 2 + rng.below(3) as usize;
            let parts_k = 2 + rng.below(2) as usize;
            let base = 1 + n as u32 * 8 + rng.below(3) as u32;
            let amounts_b: Vec<i64> = (0..parts_b).map(|_| rng.range(1_000, 90_000)).collect();
            let total: i64 = amounts_b.iter().sum();
            let mut left = total;
            let mut amounts_k = Vec::new();
            for i in 0..parts_k {
                let a = if i + 1 == parts_k { left } else { rng.range(1, left / 2 + 1) };
                left -= a;
                amounts_k.push(a);
            }
            for (i, a) in amounts_b.iter().enumerate() {
                b.push(bank(row, base + i as u32, *a, name, "货款"));
                row += 1;
            }
            for (i, a) in amounts_k.iter().enumerate() {
                k.push(book(row, base + i as u32, *a, &format!("收{name}货款")));
                row += 1;
            }
        }
        let o = run(&b, &k);
        let mut seen_b = vec![false; b.len()];
        let mut seen_k = vec![false; k.len()];
        for m in &o.matches {
            for i in &m.bank { prop_assert!(!seen_b[*i]); seen_b[*i] = true; }
            for i in &m.book { prop_assert!(!seen_k[*i]); seen_k[*i] = true; }
            if m.code == ReasonCode::ManyToMany {
                prop_assert_eq!(m.status, MatchStatus::Suggested);
                prop_assert!(m.bank.len() >= 2 && m.book.len() >= 2);
                let sb: i64 = m.bank.iter().map(|i| b[*i].amount_cents).sum();
                let sk: i64 = m.book.iter().map(|i| k[*i].amount_cents).sum();
                prop_assert_eq!(sb, sk);
                let name = &b[m.bank[0]].counterparty_name;
                prop_assert!(m.bank.iter().all(|i| &b[*i].counterparty_name == name));
            }
        }
        let mut r = synth::Rng::new(shuffle);
        let mut b2 = b.clone();
        let mut k2 = k.clone();
        for i in (1..b2.len()).rev() { let j = r.below(i as u64 + 1) as usize; b2.swap(i, j); }
        for i in (1..k2.len()).rev() { let j = r.below(i as u64 + 1) as usize; k2.swap(i, j); }
        let shuffled = run(&b2, &k2);
        prop_assert_eq!(rows(&shuffled, &b2, &k2), rows(&o, &b, &k));
    }
}

#[test]
fn transpositions_that_cancel_are_not_a_many_to_many() {
    // Two wrong amounts on the same days whose differences cancel: flagged, not regrouped.
    let b = vec![
        bank(2, 16, 6_206_126, "广州盛青化工有限责任公司", "货款"),
        bank(3, 19, 3_243_370, "广州盛青化工有限责任公司", "货款"),
    ];
    let k = vec![
        book(5, 16, 6_026_126, "收盛青货款"),
        book(6, 19, 3_423_370, "收盛青货款"),
    ];
    let o = run(&b, &k);
    assert!(
        o.matches.iter().all(|m| m.code != ReasonCode::ManyToMany),
        "{o:?}"
    );
}
