//! Renders a 银行存款余额调节表 PDF and reports how long it took and how big it is.
//!
//! ```text
//! cargo run --release -p ledgerlock-reconciliation --example statement_pdf -- OUT.pdf            # synth data
//! cargo run --release -p ledgerlock-reconciliation --example statement_pdf -- OUT.pdf BANK LEDGER
//! ```
//! The synth sample is a generated year (`synth::generate(7, 360, 2025-01-01)`, statement
//! date 2025-12-26) plus one deposited cheque the bank has not credited yet, so that each of
//! the four sections has items. The creation time is fixed, so the bytes are reproducible.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::time::Instant;

use chrono::{DateTime, NaiveDate};
use ledgerlock_reconciliation::money::format_cents;
use ledgerlock_reconciliation::synth;
use ledgerlock_reconciliation::{
    import_book, reconcile_files, render_statement_pdf, ImportOptions, MatchConfig, StatementHeader,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let out = args
        .first()
        .ok_or("usage: statement_pdf OUT.pdf [BANK LEDGER]")?;
    let (bank, book, names, period) = match (args.get(1), args.get(2)) {
        (Some(b), Some(k)) => (
            std::fs::read(b)?,
            std::fs::read(k)?,
            (file_name(b), file_name(k)),
            (None, None),
        ),
        _ => {
            let start = NaiveDate::from_ymd_opt(2025, 1, 1).ok_or("date")?;
            let s = synth::generate(7, 360, start);
            let to = NaiveDate::from_ymd_opt(2025, 12, 26).ok_or("date")?;
            (
                s.bank_csv(),
                with_uncleared_cheque(&s.book_csv(), to)?,
                (
                    "对账单-2025.csv".to_owned(),
                    "银行存款日记账-2025.csv".to_owned(),
                ),
                (None, Some(to)),
            )
        }
    };
    let no = ImportOptions::default();
    let cfg = MatchConfig {
        as_of: period.1,
        ..MatchConfig::default()
    };
    let r = reconcile_files((&names.0, &bank), (&names.1, &book), &no, &no, period, &cfg)?;
    let header = StatementHeader {
        firm_name: "杭州明信代理记账有限公司".to_owned(),
        client_name: Some("杭州示例贸易有限公司".to_owned()),
        bank_name: Some("中国银行杭州城西支行".to_owned()),
        account_no: Some("3300 1234 5678 9012".to_owned()),
        period_end: r.statement.as_of.ok_or("no statement date")?,
        prepared_by: Some("王会计".to_owned()),
        reviewed_by: None,
    };
    let at = DateTime::from_timestamp(1_767_225_600, 0).ok_or("time")?;
    // Warm-up (font parsing happens once per process), then timed runs.
    let _ = render_statement_pdf(&r, &header, at)?;
    let runs = 5u32;
    let t0 = Instant::now();
    let mut bytes = Vec::new();
    for _ in 0..runs {
        bytes = render_statement_pdf(&r, &header, at)?;
    }
    let per_run = t0.elapsed() / runs;
    std::fs::write(out, &bytes)?;
    let s = &r.statement;
    println!(
        "bank {} lines, book {} lines; items: {} / {} / {} / {}; flags {}; balanced {}",
        r.bank.len(),
        r.book.len(),
        s.bank_received_book_not.items.len(),
        s.bank_paid_book_not.items.len(),
        s.book_received_bank_not.items.len(),
        s.book_paid_bank_not.items.len(),
        r.outcome.flags.len(),
        s.balanced
    );
    println!(
        "render: {per_run:?} per PDF (mean of {runs}), {} bytes",
        bytes.len()
    );
    Ok(())
}

/// The generated ledger with one more entry before its 本年累计 row: a customer's cheque
/// deposited on `date` that the bank has not credited yet (企业已收、银行未收), with the
/// running balance carried on.
fn with_uncleared_cheque(
    book_csv: &[u8],
    date: NaiveDate,
) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let text = std::str::from_utf8(book_csv)?;
    let import = import_book("book.csv", book_csv, &ImportOptions::default())?;
    let last = import.chronological().last().and_then(|l| l.balance_cents);
    let balance = last.ok_or("no balance")? + 1_280_000;
    let row = format!(
        "{},记-9001,存入转账支票 收华瑞货款,应收账款,12800.00,,借,{}\n",
        date.format("%Y-%m-%d"),
        format_cents(balance)
    );
    let cut = text.trim_end().rfind('\n').ok_or("no rows")? + 1;
    let (head, tail) = text.split_at(cut);
    Ok(format!("{head}{row}{tail}").into_bytes())
}

fn file_name(p: &str) -> String {
    std::path::Path::new(p)
        .file_name()
        .map_or_else(|| p.to_owned(), |n| n.to_string_lossy().into_owned())
}
