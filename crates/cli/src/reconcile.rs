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
    json, pdf_out, reconcile_files, xlsx_out, ImportOptions, MatchConfig,
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

/// Runs the subcommand. Errors are messages for the user.
///
/// # Errors
/// A message when a file cannot be read or imported, or an output cannot be written.
pub fn run(args: &ReconcileArgs, data_dir: &Path, out: &mut impl Write) -> Result<(), String> {
    let read = |p: &Path| std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()));
    let bank_bytes = read(&args.bank)?;
    let ledger_bytes = read(&args.ledger)?;
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
    let r = reconcile_files(
        (&bank_name, &bank_bytes),
        (&ledger_name, &ledger_bytes),
        &bank_options,
        &ImportOptions::default(),
        (args.from, args.to),
        &cfg,
    )
    .map_err(|e| format!("[{}] {e}", e.code()))?;
    let mut json_to_stdout = false;
    if let Some(path) = &args.json {
        let doc = json::to_json(&r);
        // Compact by default: at 50,000 lines a side the indented text is 19 MB and writing it
        // cost more than matching (docs/performance.md).
        let mut text = Vec::with_capacity(1 << 20);
        if args.pretty {
            serde_json::to_writer_pretty(&mut text, &doc)
        } else {
            serde_json::to_writer(&mut text, &doc)
        }
        .map_err(|e| e.to_string())?;
        text.push(b'\n');
        if path.as_os_str() == "-" {
            json_to_stdout = true;
            out.write_all(&text).map_err(|e| e.to_string())?;
        } else {
            write_file(path, &text)?;
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
