//! One `reconcile_files` run on a generated year, for profilers (callgrind, perf).
//!
//! `cargo run --release -p ledgerlock-reconciliation --example profile_run [-- LINES | BANK BOOK]`
//! (default 50,000 bank lines); then the compact JSON, written to memory, timed apart. Under callgrind, count only the run:
//! `valgrind --tool=callgrind --toggle-collect='*reconcile_files*' target/release/examples/profile_run`.

use std::time::Instant;

use chrono::NaiveDate;
use ledgerlock_reconciliation::{reconcile_files, synth, ImportOptions, MatchConfig};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (bank, book) = if let [bank, book] = args.as_slice() {
        // Two files (from the `synth_files` example): profile the reading too.
        match (std::fs::read(bank), std::fs::read(book)) {
            (Ok(a), Ok(b)) => (a, b),
            _ => return,
        }
    } else {
        let lines: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(50_000);
        let Some(start) = NaiveDate::from_ymd_opt(2025, 1, 1) else {
            return;
        };
        let s = synth::generate(42, lines * 100 / 108, start);
        (s.bank_csv(), s.book_csv())
    };
    let no = ImportOptions::default();
    let t = Instant::now();
    let r = reconcile_files(
        ("bank.csv", &bank),
        ("book.csv", &book),
        &no,
        &no,
        (None, None),
        &MatchConfig::default(),
    );
    let elapsed = t.elapsed();
    #[allow(clippy::print_stdout)]
    match r {
        Ok(r) => {
            let t = Instant::now();
            let mut sink = Vec::with_capacity(1 << 24);
            let written = ledgerlock_reconciliation::json::write_json(&r, &mut sink, false);
            let json_time = t.elapsed();
            println!(
                "{} bank, {} book lines, {} matches in {elapsed:?}; JSON {} bytes in {json_time:?} ({written:?})",
                r.bank.len(),
                r.book.len(),
                r.outcome.matches.len(),
                sink.len()
            );
        }
        Err(e) => println!("import failed: {e}"),
    }
}
