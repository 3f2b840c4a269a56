//! `ledgerlock-cli reconcile`: bank statement against 银行存款日记账, with JSON, XLSX and
//! PDF output. The engine is the `ledgerlock-reconciliation` crate; this module only reads the
//! files, applies the options and writes the results.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use ledgerlock_reconciliation::import::detect::ColumnMapping;
use ledgerlock_reconciliation::matching::MatchStatus;
use ledgerlock_reconciliation::money::format_cents;
use ledgerlock_reconciliation::{
    json, pdf_out, reconcile_files_reporting, xlsx_out, ImportOptions, MatchConfig,
};

/// Folder (inside the data folder) of saved bank column templates, `NAME.json` each.
pub const TEMPLATE_DIR: &str = "reconciliation-templates";

/// Arguments of `reconcile`.
#[derive(Debug, clap::Args)]
pub struct ReconcileArgs {
    /// Bank statement: CSV/XLS/XLSX of a Chinese bank, camt.053, MT940 or OFX.
    #[arg(long, value_name = "FILE")]
    bank: PathBuf,
    /// Ledger (银行存款日记账 / 明细账 export): CSV, XLS or XLSX.
    #[arg(long, value_name = "FILE")]
    ledger: PathBuf,
    /// First day of the period (YYYY-MM-DD; other usual date forms are accepted).
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    from: Option<NaiveDate>,
    /// Last day of the period: the statement date.
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    to: Option<NaiveDate>,
    /// Write the JSON result to this file (`-` for standard output). Compact: one line.
    #[arg(long, value_name = "OUT")]
    json: Option<PathBuf>,
    /// Indent the JSON for reading (larger and slower to write; same content).
    #[arg(long)]
    pretty: bool,
    /// Write the statement and item lists as an XLSX workbook.
    #[arg(long, value_name = "OUT")]
    xlsx: Option<PathBuf>,
    /// Write the 银行存款余额调节表 as a print-ready A4 PDF.
    #[arg(long, value_name = "OUT")]
    pdf: Option<PathBuf>,
    /// The firm's name for the PDF's header.
    #[arg(long, value_name = "NAME", default_value = "—")]
    firm: String,
    /// Column mapping for the bank file: a JSON file, or the name of a template saved in
    /// the data folder.
    #[arg(long, value_name = "NAME/FILE")]
    bank_template: Option<String>,
    /// Save the bank file's (detected or given) column mapping as a template of this name.
    #[arg(long, value_name = "NAME")]
    save_bank_template: Option<String>,
    /// Print how long each stage took (reading, matching, statement, outputs) to standard
    /// error, for benchmarks.
    #[arg(long)]
    timings: bool,
}

/// Wall-clock time of each stage, printed with `--timings`.
struct Timings {
    start: std::time::Instant,
    marks: std::sync::Mutex<Vec<(&'static str, std::time::Duration)>>,
}

impl Timings {
    fn new() -> Self {
        Self {
            start: std::time::Instant::now(),
            marks: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// Records that the stage `name` begins now.
    fn mark(&self, name: &'static str) {
        if let Ok(mut m) = self.marks.lock() {
            m.push((name, self.start.elapsed()));
        }
    }

    /// `stage ms` lines: each stage lasts until the next one begins.
    fn report(&self) -> String {
        let marks = self.marks.lock().map(|m| m.clone()).unwrap_or_default();
        let end = self.start.elapsed();
        let mut text = String::new();
        let ms = |d: std::time::Duration| {
            let us = d.as_micros();
            format!("{:>6}.{} ms", us / 1000, us % 1000 / 100)
        };
        for (i, (name, at)) in marks.iter().enumerate() {
            let until = marks.get(i + 1).map_or(end, |(_, t)| *t);
            text.push_str(&format!("{name:<10} {}\n", ms(until.saturating_sub(*at))));
        }
        text.push_str(&format!("{:<10} {}\n", "total", ms(end)));
        text
    }
}

fn parse_date_arg(s: &str) -> Result<NaiveDate, String> {
    ledgerlock_reconciliation::dates::parse_date(s).ok_or_else(|| format!("not a date: {s:?}"))
}

fn file_label(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn template_path(data_dir: &Path, name: &str) -> Result<PathBuf, String> {
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !valid || name.starts_with('.') {
        return Err(format!("invalid template name {name:?}"));
    }
    Ok(data_dir.join(TEMPLATE_DIR).join(format!("{name}.json")))
}

fn load_template(spec: &str, data_dir: &Path) -> Result<ColumnMapping, String> {
    let as_path = Path::new(spec);
    let path = if as_path.is_file() {
        as_path.to_path_buf()
    } else {
        template_path(data_dir, spec)?
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read template {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("bad template {}: {e}", path.display()))
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Runs the subcommand. Errors are messages for the user; `--timings` goes to `err`.
///
/// # Errors
/// A message when a file cannot be read or imported, or an output cannot be written.
pub fn run(
    args: &ReconcileArgs,
    data_dir: &Path,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<(), String> {
    let timings = Timings::new();
    timings.mark("files");
    let read = |p: &Path| std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()));
    // The two files are read at the same time (at 50,000 lines a side they are 10 MB).
    let (bank_bytes, ledger_bytes) = std::thread::scope(|scope| {
        let ledger = scope.spawn(|| read(&args.ledger));
        let bank = read(&args.bank);
        let ledger = ledger.join().unwrap_or_else(|_| read(&args.ledger));
        (bank, ledger)
    });
    let (bank_bytes, ledger_bytes) = (bank_bytes?, ledger_bytes?);
    let bank_options = ImportOptions {
        mapping: match &args.bank_template {
            Some(spec) => Some(load_template(spec, data_dir)?),
            None => None,
        },
    };
    let (bank_name, ledger_name) = (file_label(&args.bank), file_label(&args.ledger));
    let cfg = MatchConfig {
        as_of: args.to,
        ..MatchConfig::default()
    };
    if let Some(name) = &args.save_bank_template {
        let import = ledgerlock_reconciliation::import_bank(&bank_name, &bank_bytes, &bank_options)
            .map_err(|e| format!("[{}] {e}", e.code()))?;
        let mapping = import
            .mapping
            .ok_or_else(|| "the bank file has no column layout to save (not a table)".to_owned())?;
        let path = template_path(data_dir, name)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        let text = serde_json::to_string_pretty(&mapping).map_err(|e| e.to_string())?;
        write_file(&path, text.as_bytes())?;
    }
    let r = reconcile_files_reporting(
        (&bank_name, &bank_bytes),
        (&ledger_name, &ledger_bytes),
        &bank_options,
        &ImportOptions::default(),
        (args.from, args.to),
        &cfg,
        &|stage| timings.mark(stage.as_str()),
    )
    .map_err(|e| format!("[{}] {e}", e.code()))?;
    // The files' bytes are not needed any more; their memory is reused for the outputs.
    drop((bank_bytes, ledger_bytes));
    timings.mark("outputs");
    let mut json_to_stdout = false;
    if let Some(path) = &args.json {
        // Streamed, compact by default: at 50,000 lines a side the indented text is 19 MB,
        // and building it as a tree first cost more than matching (docs/performance.md).
        if path.as_os_str() == "-" {
            json_to_stdout = true;
            let mut w = std::io::BufWriter::with_capacity(1 << 16, &mut *out);
            json::write_json(&r, &mut w, args.pretty).map_err(|e| e.to_string())?;
            w.write_all(b"\n").map_err(|e| e.to_string())?;
            w.flush().map_err(|e| e.to_string())?;
        } else {
            let file = std::fs::File::create(path)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            let mut w = std::io::BufWriter::with_capacity(1 << 16, file);
            let cannot =
                |e: &dyn std::fmt::Display| format!("cannot write {}: {e}", path.display());
            json::write_json(&r, &mut w, args.pretty).map_err(|e| cannot(&e))?;
            w.write_all(b"\n").map_err(|e| cannot(&e))?;
            w.into_inner().map_err(|e| cannot(e.error()))?;
        }
    }
    if let Some(path) = &args.xlsx {
        let bytes = xlsx_out::to_xlsx(&r).map_err(|e| format!("cannot build the workbook: {e}"))?;
        write_file(path, &bytes)?;
    }
    if let Some(path) = &args.pdf {
        let period_end = args
            .to
            .or(r.statement.as_of)
            .ok_or_else(|| "no statement date: pass --to".to_owned())?;
        let header = pdf_out::StatementHeader {
            firm_name: args.firm.clone(),
            client_name: None,
            bank_name: None,
            account_no: None,
            period_end,
            prepared_by: None,
            reviewed_by: None,
        };
        let bytes = pdf_out::render_statement_pdf(&r, &header, generation_time())
            .map_err(|e| format!("cannot build the PDF: {e}"))?;
        write_file(path, &bytes)?;
    }
    if !json_to_stdout {
        summary(&r, out).map_err(|e| e.to_string())?;
    }
    if args.timings {
        err.write_all(timings.report().as_bytes())
            .map_err(|e| e.to_string())?;
    }
    // Freeing a large reconciliation (100,000 lines and their matches) takes milliseconds
    // nobody needs to wait for: a thread the process does not wait for does it.
    std::thread::spawn(move || drop(r));
    Ok(())
}

/// The PDF's creation time: `SOURCE_DATE_EPOCH` when set (reproducible output), else now.
fn generation_time() -> DateTime<Utc> {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| DateTime::from_timestamp(secs, 0))
        .unwrap_or_else(|| DateTime::<Utc>::from(std::time::SystemTime::now()))
}

fn summary(
    r: &ledgerlock_reconciliation::Reconciliation,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let auto = r
        .outcome
        .matches
        .iter()
        .filter(|m| m.status == MatchStatus::Auto)
        .count();
    let suggested = r.outcome.matches.len() - auto;
    let s = &r.statement;
    writeln!(
        out,
        "bank lines: {}, ledger lines: {}",
        r.bank.len(),
        r.book.len()
    )?;
    writeln!(out, "matches: {auto} auto, {suggested} suggested")?;
    writeln!(
        out,
        "unmatched: {} bank, {} ledger; flags: {}",
        r.outcome.unmatched_bank.len(),
        r.outcome.unmatched_book.len(),
        r.outcome.flags.len()
    )?;
    writeln!(out, "book balance: {}", format_cents(s.book_balance_cents))?;
    writeln!(out, "bank balance: {}", format_cents(s.bank_balance_cents))?;
    writeln!(
        out,
        "adjusted book balance: {}",
        format_cents(s.adjusted_book_balance_cents)
    )?;
    writeln!(
        out,
        "adjusted bank balance: {}",
        format_cents(s.adjusted_bank_balance_cents)
    )?;
    writeln!(out, "balanced: {}", if s.balanced { "yes" } else { "no" })?;
    Ok(())
}
