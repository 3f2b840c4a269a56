//! Ledgerlock's reconciliation engine (账目清理).
//!
//! Bank statements and the company's 银行存款日记账 are imported into one [`model::Line`]
//! model (integer cents, signed from the account holder's view: `+` money in, `−` money
//! out; on the book side 借方 is `+`), matched by a pure and deterministic engine
//! ([`matching`]), and summarised as a 银行存款余额调节表 ([`statement::Statement`]).
//!
//! ```no_run
//! use ledgerlock_reconciliation::{json, reconcile_files, ImportOptions, MatchConfig};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let bank = std::fs::read("bank.csv")?;
//! let ledger = std::fs::read("ledger.xls")?;
//! let r = reconcile_files(
//!     ("bank.csv", &bank),
//!     ("ledger.xls", &ledger),
//!     &ImportOptions::default(),
//!     &ImportOptions::default(),
//!     (None, None),
//!     &MatchConfig::default(),
//! )?;
//! assert!(r.statement.balanced);
//! let doc = json::to_json(&r);
//! # let _ = doc; Ok(()) }
//! ```
//!
//! # Imports
//! [`import_bank`] reads CSV/XLS/XLSX exports of Chinese banks (UTF-8 with or without BOM,
//! GBK/GB18030; preamble rows, totals rows; split 借方/贷方 or 收入/支出 columns, a signed
//! amount, or amount + 借贷 flag; direction checked against the running balance), ISO 20022
//! camt.053, SWIFT MT940 and OFX 1.x/2.x. [`import_book`] reads 金蝶/用友/plain ledger
//! exports (日期 or 年/月/日, 凭证字号, 期初余额 / 本月合计 / 本年累计 rows). The detected
//! [`import::detect::ColumnMapping`] is serialisable, to be confirmed and saved as a
//! template keyed by its header fingerprint. A file is imported whole or not at all
//! ([`ImportError`]: stable code, row, reason). [`Import::merge`] drops lines already
//! imported (same file again, overlapping periods).
//!
//! # JSON contract
//! [`json::write_json`] streams the stable document described in
//! `docs/reconciliation-json.md` to a writer ([`json::to_json`] gives it as a tree):
//!
//! ```json
//! {"matches":[{"bank_rows":[5,6],"ledger_rows":[12],"status":"auto","score":0.97,
//!              "reason":"...","reason_code":"many_bank_to_one_book","params":{},"difference":"0.00"}],
//!  "unmatched":{"bank_rows":[3],"ledger_rows":[]},
//!  "flags":[{"kind":"possible_duplicate","bank_rows":[],"ledger_rows":[19,20],"note":"..."}],
//!  "statement":{"book_balance":"0.00","bank_balance":"0.00","bank_received_book_not":"0.00",
//!    "bank_paid_book_not":"0.00","book_received_bank_not":"0.00","book_paid_bank_not":"0.00",
//!    "adjusted_book_balance":"0.00","adjusted_bank_balance":"0.00","balanced":true}}
//! ```
//! Rows are 1-based physical rows of the source files; amounts are decimal strings;
//! `reason_code` ∈ `one_to_one`, `one_bank_to_many_book`, `many_bank_to_one_book`,
//! `many_to_many` (always suggested), `within_tolerance`; flag `kind` ∈ `possible_duplicate`,
//! `possible_transposition`, `amount_difference`, `balance_break`, `stale`.
//!
//! # Outputs and the workbench
//! [`xlsx_out::to_xlsx`] writes the statement and item lists as XLSX;
//! [`pdf_out::render_statement_pdf`] prints the 银行存款余额调节表 as an A4 PDF. A
//! [`workbench::Workbench`] holds a reconciliation while a person works on it (confirm,
//! reject, match by hand, unmatch, undo), recomputes the statement from those decisions and
//! serialises whole, to be saved with the client and reopened.

pub mod dates;
pub mod error;
pub mod import;
pub mod model;
pub mod money;

pub use error::ImportError;
pub use import::{import_bank, import_book, ImportOptions};
pub use model::{Import, Line, Side, SourceRef};
pub mod json;
pub mod matching;
pub mod pdf_out;
pub mod report;
pub mod statement;
pub mod synth;
pub mod workbench;
pub mod xlsx_out;

pub use matching::{reconcile, MatchConfig, Outcome};
pub use pdf_out::{render_statement_pdf, StatementHeader};
pub use report::{
    reconcile_files, reconcile_files_reporting, reconcile_imports, reconcile_imports_reporting,
    Reconciliation, Stage,
};
pub use workbench::Workbench;
