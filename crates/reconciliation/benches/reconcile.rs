//! Quality and speed benchmark of the reconciliation engine on generated years.
//!
//! `cargo bench -p ledgerlock-reconciliation` (release build). For each size: parse the
//! bank CSV and the ledger CSV, match, build the statement; median of several runs.
//! Quality: precision and recall of automatic matches against the generator's truth, the
//! naive baseline (amount + nearest date), and whether the statement equals the truth.
//! Sizes can be chosen with `RECON_BENCH_SIZES=5000,50000`.

use std::io::Write;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use ledgerlock_reconciliation::matching::MatchStatus;
use ledgerlock_reconciliation::synth::{self, percent, GroupKind, NO_GROUP};
use ledgerlock_reconciliation::{
    import_bank, import_book, reconcile_files, ImportOptions, MatchConfig,
};

fn main() -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    let sizes: Vec<usize> = std::env::var("RECON_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![5_000, 20_000, 50_000, 100_000, 200_000]);
    let Some(start) = NaiveDate::from_ymd_opt(2025, 1, 1) else {
        return Ok(());
    };
    writeln!(
        out,
        "| bank lines | book lines | parse | match+statement (total − parse) | parse+match+statement (median) | (fastest run) | auto precision | auto recall | suggested | naive precision | naive recall | statement exact |"
    )?;
    writeln!(
        out,
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
    )?;
    for target in sizes {
        // About 1.08 bank lines per event.
        let s = synth::generate(42, target * 100 / 108, start);
        let bank_csv = s.bank_csv();
        let book_csv = s.book_csv();
        let runs = if target > 100_000 { 3 } else { 7 };
        let mut parse_t = Vec::new();
        let mut total_t = Vec::new();
        let mut last = None;
        for _ in 0..runs {
            let t0 = Instant::now();
            let no = ImportOptions::default();
            let r = match reconcile_files(
                ("bank.csv", &bank_csv),
                ("book.csv", &book_csv),
                &no,
                &no,
                (None, None),
                &MatchConfig::default(),
            ) {
                Ok(r) => r,
                Err(e) => {
                    writeln!(out, "import failed: {e}")?;
                    return Ok(());
                }
            };
            total_t.push(t0.elapsed());
            // Parse alone, for the breakdown.
            let t1 = Instant::now();
            let parsed = std::thread::scope(|scope| {
                let h = scope.spawn(|| import_book("book.csv", &book_csv, &no).is_ok());
                let b = import_bank("bank.csv", &bank_csv, &no).is_ok();
                b && h.join().unwrap_or(false)
            });
            parse_t.push(t1.elapsed());
            if !parsed {
                writeln!(out, "import failed")?;
                return Ok(());
            }
            last = Some(r);
        }
        let Some(r) = last else { continue };
        let q = s.evaluate(&r.bank, &r.book, &r.outcome);
        let naive = s.naive_baseline(&r.bank, &r.book);
        // Truth statement: lines without counterpart, and fee differences.
        let (mut brb, mut bpb, mut kr, mut kp) = (0i64, 0i64, 0i64, 0i64);
        for (l, g) in s.bank.iter().zip(&s.bank_group) {
            if *g == NO_GROUP {
                if l.amount_cents > 0 {
                    brb += l.amount_cents;
                } else {
                    bpb -= l.amount_cents;
                }
            }
        }
        for (l, g) in s.book.iter().zip(&s.book_group) {
            if *g == NO_GROUP {
                if l.amount_cents > 0 {
                    kr += l.amount_cents;
                } else {
                    kp -= l.amount_cents;
                }
            }
        }
        let mut group_diff = vec![0i64; s.groups.len()];
        for (l, g) in s.bank.iter().zip(&s.bank_group) {
            if let Some(d) = group_diff.get_mut(usize::try_from(*g).unwrap_or(usize::MAX)) {
                *d += l.amount_cents;
            }
        }
        for (l, g) in s.book.iter().zip(&s.book_group) {
            if let Some(d) = group_diff.get_mut(usize::try_from(*g).unwrap_or(usize::MAX)) {
                *d -= l.amount_cents;
            }
        }
        for (kind, d) in s.groups.iter().zip(&group_diff) {
            if *kind == GroupKind::FeeDeducted {
                if *d > 0 {
                    brb += d;
                } else {
                    bpb -= d;
                }
            }
        }
        let st = &r.statement;
        let exact = st.balanced
            && st.bank_received_book_not.total_cents == brb
            && st.bank_paid_book_not.total_cents == bpb
            && st.book_received_bank_not.total_cents == kr
            && st.book_paid_bank_not.total_cents == kp;
        let balanced_note = if st.balanced {
            "balanced"
        } else {
            "NOT balanced"
        };
        let suggested = r
            .outcome
            .matches
            .iter()
            .filter(|m| m.status == MatchStatus::Suggested)
            .count();
        let median = |v: &mut Vec<Duration>| {
            v.sort();
            v.get(v.len() / 2).copied().unwrap_or_default()
        };
        let fastest = total_t.iter().min().copied().unwrap_or_default();
        let (p, t) = (median(&mut parse_t), median(&mut total_t));
        let m = t.saturating_sub(p);
        writeln!(
            out,
            "| {} | {} | {} ms | {} ms | {} ms | {} ms | {} ({}/{}) | {} | {} | {} | {} | {} ({balanced_note}) |",
            s.bank.len(),
            s.book.len(),
            p.as_millis(),
            m.as_millis(),
            t.as_millis(),
            fastest.as_millis(),
            percent(q.precision_bp()),
            q.auto_correct,
            q.auto,
            percent(q.recall_bp()),
            suggested,
            percent(naive.precision_bp()),
            percent(naive.recall_bp()),
            if exact { "yes" } else { "no" },
        )?;
    }
    Ok(())
}
