//! Writes a generated year as the two files a user would bring (bank statement CSV and
//! ledger CSV), for measuring the CLI end to end (time, peak memory).
//!
//! `cargo run --release -p ledgerlock-reconciliation --example synth_files -- LINES DIR`
//! writes `DIR/bank-LINES.csv` and `DIR/book-LINES.csv` (about LINES lines each).

use std::path::PathBuf;

use chrono::NaiveDate;
use ledgerlock_reconciliation::synth;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let lines: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(50_000);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| ".".to_owned()));
    let start = NaiveDate::from_ymd_opt(2025, 1, 1).ok_or("bad date")?;
    // Same scaling as the bench and `profile_run`: the generator adds about 8 % lines.
    let s = synth::generate(42, lines * 100 / 108, start);
    std::fs::write(dir.join(format!("bank-{lines}.csv")), s.bank_csv())?;
    std::fs::write(dir.join(format!("book-{lines}.csv")), s.book_csv())?;
    Ok(())
}
