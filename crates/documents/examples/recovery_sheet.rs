//! Writes the sample recovery sheet (with a FAKE code) and reports size and generation time.
//!
//! `cargo run --release -p ledgerlock-documents --example recovery_sheet -- [OUT.pdf] [FIRM]`
//! (default `docs/samples/recovery-sheet.pdf` relative to the workspace root).
#![allow(clippy::print_stdout, clippy::print_stderr)] // a command-line tool reports on stdout.

use std::time::Instant;

use chrono::{NaiveDate, TimeZone, Utc};
use ledgerlock_documents::{render_recovery_sheet, RecoverySheet};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../docs/samples/recovery-sheet.pdf"
        )
        .to_owned()
    });
    let created_on = NaiveDate::from_ymd_opt(2025, 3, 14).ok_or("bad date")?;
    let generated_at = Utc
        .with_ymd_and_hms(2025, 3, 14, 9, 30, 0)
        .single()
        .ok_or("bad time")?;
    let firm = std::env::args()
        .nth(2)
        .unwrap_or_else(|| "杭州喆堃犇财务咨询有限公司".to_owned());
    // A FAKE code in the real format (36 characters, nine groups of four).
    let sheet = RecoverySheet {
        firm_name: &firm,
        vault_id: "LL-7Q3F-K2MD",
        created_on,
        recovery_code: "ABCD-EFGH-JKLM-NPQR-STUV-WXYZ-2345-67AB-CDEF",
        app_version: "0.1.0",
    };

    let t0 = Instant::now();
    let first = render_recovery_sheet(&sheet, generated_at)?;
    let cold = t0.elapsed();
    let runs = 10_u32;
    let t1 = Instant::now();
    for _ in 0..runs {
        let again = render_recovery_sheet(&sheet, generated_at)?;
        if again != first {
            return Err("output is not deterministic".into());
        }
    }
    let warm = t1.elapsed() / runs;
    std::fs::write(&out, &first)?;
    println!("wrote {out}");
    println!("size: {} bytes", first.len());
    println!("first render (includes parsing the embedded font): {cold:?}");
    println!("later renders: {warm:?} each (mean of {runs})");
    Ok(())
}
