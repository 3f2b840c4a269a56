//! One `reconcile_files` run on a generated year, for profilers (callgrind, perf).
//!
//! `cargo run --release -p ledgerlock-reconciliation --example profile_run [-- LINES]`
//! (default 50,000 bank lines); then the compact JSON, written to memory, timed apart. Under callgrind, count only the run:
//! `valgrind --tool=callgrind --toggle-collect='*reconcile_files*' target/release/examples/profile_run`.

use std::time::Instant;

use chrono::NaiveDate;
use ledgerlock_reconciliation::{reconcile_files, synth, ImportOptions, MatchConfig};

fn main() {
    let lines: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(50_000);
    let Some(start) = NaiveDate::from_ymd_opt(2025, 1, 1) else {
        return;
    };
    let s = synth::generate(42, lines * 100 / 108, start);
    let (bank, book) = (s.bank_csv(), s.book_csv());
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
