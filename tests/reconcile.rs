//! `ledgerlock-cli reconcile` on the real bank samples, driven as a script would drive it.

// Integration tests: a failed unwrap or index here is a failed test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::process::ExitCode;

use ledgerlock_tests::run_cli;
use serde_json::Value;

fn fixture(name: &str) -> String {
    format!(
        "{}/../crates/reconciliation/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// `reconcile` of the BOC sample against the GBK ledger, JSON to standard output.
fn reconcile_run(extra: &[&str]) -> ledgerlock_tests::CliRun {
    let bank = fixture("cn_boc_debit.csv");
    let ledger = fixture("ledger_boc_gbk.csv");
    let mut args = vec![
        "reconcile",
        "--bank",
        &bank,
        "--ledger",
        &ledger,
        "--json",
        "-",
    ];
    args.extend_from_slice(extra);
    let tmp = tempfile::tempdir().unwrap();
    let run = run_cli(&args, Some(tmp.path()));
    assert_eq!(run.code, ExitCode::SUCCESS, "{}", run.stderr);
    run
}

fn reconcile_json(extra: &[&str]) -> Value {
    serde_json::from_str(&reconcile_run(extra).stdout).unwrap()
}

fn rows(v: &Value) -> Vec<u64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().unwrap())
        .collect()
}

#[test]
fn boc_statement_against_a_gbk_ledger() {
    let j = reconcile_json(&[]);
    let st = &j["statement"];
    assert_eq!(st["bank_balance"], "3240.28");
    assert_eq!(st["book_balance"], "4026.17");
    assert_eq!(st["bank_paid_book_not"], "2671.89");
    assert_eq!(st["book_received_bank_not"], "500.00");
    assert_eq!(st["book_paid_bank_not"], "2386.00");
    assert_eq!(st["adjusted_book_balance"], "1354.28");
    assert_eq!(st["adjusted_bank_balance"], "1354.28");
    assert_eq!(st["balanced"], true);
    assert_eq!(rows(&j["unmatched"]["bank_rows"]), vec![3, 10]);
    assert_eq!(rows(&j["unmatched"]["ledger_rows"]), vec![13, 20, 21]);
    let flags = j["flags"].as_array().unwrap();
    let t = flags
        .iter()
        .find(|f| f["kind"] == "possible_transposition")
        .unwrap();
    assert_eq!(
        (rows(&t["bank_rows"]), rows(&t["ledger_rows"])),
        (vec![10], vec![13])
    );
    let d = flags
        .iter()
        .find(|f| f["kind"] == "possible_duplicate")
        .unwrap();
    assert_eq!(rows(&d["ledger_rows"]), vec![19, 20]);
    let matches = j["matches"].as_array().unwrap();
    assert_eq!(matches.len(), 15);
    for m in matches {
        let score = m["score"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&score), "{m}");
        assert!(m["status"] == "auto" || m["status"] == "suggested");
        assert!(!m["reason"].as_str().unwrap().is_empty());
        assert!(!rows(&m["bank_rows"]).is_empty() && !rows(&m["ledger_rows"]).is_empty());
    }
    // The 2600.00 payment on bank row 10 is not matched to anything.
    assert!(matches.iter().all(|m| !rows(&m["bank_rows"]).contains(&10)));
}

#[test]
fn period_filter_and_text_summary() {
    let j = reconcile_json(&["--from", "2025-08-01", "--to", "2025-08-13"]);
    assert_eq!(j["statement"]["as_of"], "2025-08-13");
    assert_eq!(j["statement"]["bank_balance"], "3973.11");
    let bank = fixture("cn_boc_debit.csv");
    let ledger = fixture("ledger_boc_gbk.csv");
    let tmp = tempfile::tempdir().unwrap();
    let run = run_cli(
        &["reconcile", "--bank", &bank, "--ledger", &ledger],
        Some(tmp.path()),
    );
    assert_eq!(run.code, ExitCode::SUCCESS, "{}", run.stderr);
    assert!(run.stdout.contains("balanced: yes"), "{}", run.stdout);
}

#[test]
fn writes_json_and_xlsx_files() {
    let tmp = tempfile::tempdir().unwrap();
    let json = tmp.path().join("out.json");
    let xlsx = tmp.path().join("out.xlsx");
    let bank = fixture("cn_boc_debit.csv");
    let ledger = fixture("ledger_boc_gbk.csv");
    let run = run_cli(
        &[
            "reconcile",
            "--bank",
            &bank,
            "--ledger",
            &ledger,
            "--json",
            json.to_str().unwrap(),
            "--xlsx",
            xlsx.to_str().unwrap(),
        ],
        Some(tmp.path()),
    );
    assert_eq!(run.code, ExitCode::SUCCESS, "{}", run.stderr);
    let j: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(j["statement"]["balanced"], true);
    let tables = ledgerlock_reconciliation::import::xlsx::read_workbook(
        "out.xlsx",
        &std::fs::read(&xlsx).unwrap(),
    )
    .unwrap();
    let names: Vec<_> = tables.iter().map(|t| t.sheet.clone().unwrap()).collect();
    assert_eq!(names, ["余额调节表", "未达账项", "标记", "匹配"]);
    let statement = &tables[0];
    let text: Vec<String> = statement
        .rows
        .iter()
        .flat_map(|(_, c)| c.iter().map(str::to_owned).collect::<Vec<_>>())
        .collect();
    assert!(text.iter().any(|c| c == "1354.28"), "{text:?}");
}

#[test]
fn every_bank_format_runs() {
    let ledger = fixture("ledger_boc_gbk.csv");
    for name in [
        "cn_icbc_debit_v2.csv",
        "cn_cmb_debit.csv",
        "cn_bocom_debit.csv",
        "cn_abc_debit.csv",
        "cn_spdb_debit.xls",
        "camt053_v08_genkgo.xml",
        "mt940_cmxl.sta",
        "mt940_ing_jejik.sta",
        "ofx_checking_ofxparse.ofx",
    ] {
        let bank = fixture(name);
        let tmp = tempfile::tempdir().unwrap();
        let run = run_cli(
            &[
                "reconcile",
                "--bank",
                &bank,
                "--ledger",
                &ledger,
                "--json",
                "-",
            ],
            Some(tmp.path()),
        );
        assert_eq!(run.code, ExitCode::SUCCESS, "{name}: {}", run.stderr);
        let j: Value = serde_json::from_str(&run.stdout).unwrap();
        let unmatched = j["unmatched"]["bank_rows"].as_array().unwrap().len();
        assert!(
            unmatched > 0,
            "{name}: nothing of another account matches the BOC ledger"
        );
    }
}

#[test]
fn unreadable_bank_file_fails_with_row_and_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("bad.csv");
    std::fs::write(
        &bad,
        "交易日期,交易金额,余额\n2025-01-03,12.00,100.00\n2025-01-04,abc,88.00\n",
    )
    .unwrap();
    let ledger = fixture("ledger_boc_gbk.csv");
    let run = run_cli(
        &[
            "reconcile",
            "--bank",
            bad.to_str().unwrap(),
            "--ledger",
            &ledger,
        ],
        Some(tmp.path()),
    );
    assert_eq!(run.code, ExitCode::FAILURE);
    assert!(
        run.stderr.contains("[bad_row] bad.csv row 3"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
}

#[test]
fn templates_are_saved_and_reused() {
    let tmp = tempfile::tempdir().unwrap();
    let bank = fixture("cn_boc_debit.csv");
    let ledger = fixture("ledger_boc_gbk.csv");
    let run = run_cli(
        &[
            "reconcile",
            "--bank",
            &bank,
            "--ledger",
            &ledger,
            "--save-bank-template",
            "boc-debit",
        ],
        Some(tmp.path()),
    );
    assert_eq!(run.code, ExitCode::SUCCESS, "{}", run.stderr);
    assert!(tmp
        .path()
        .join("reconciliation-templates/boc-debit.json")
        .is_file());
    let run = run_cli(
        &[
            "reconcile",
            "--bank",
            &bank,
            "--ledger",
            &ledger,
            "--bank-template",
            "boc-debit",
        ],
        Some(tmp.path()),
    );
    assert_eq!(run.code, ExitCode::SUCCESS, "{}", run.stderr);
    let other = fixture("cn_cmb_debit.csv");
    let run = run_cli(
        &[
            "reconcile",
            "--bank",
            &other,
            "--ledger",
            &ledger,
            "--bank-template",
            "boc-debit",
        ],
        Some(tmp.path()),
    );
    assert_eq!(run.code, ExitCode::FAILURE);
    assert!(run.stderr.contains("mapping_mismatch"), "{}", run.stderr);
    let run = run_cli(
        &[
            "reconcile",
            "--bank",
            &bank,
            "--ledger",
            &ledger,
            "--bank-template",
            "../x",
        ],
        Some(tmp.path()),
    );
    assert_eq!(run.code, ExitCode::FAILURE);
}

#[test]
fn writes_the_statement_as_a_pdf() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = tmp.path().join("调节表.pdf");
    let bank = fixture("cn_boc_debit.csv");
    let ledger = fixture("ledger_boc_gbk.csv");
    let run = run_cli(
        &[
            "reconcile",
            "--bank",
            &bank,
            "--ledger",
            &ledger,
            "--pdf",
            pdf.to_str().unwrap(),
            "--firm",
            "杭州明信代理记账有限公司",
        ],
        Some(tmp.path()),
    );
    assert_eq!(run.code, ExitCode::SUCCESS, "{}", run.stderr);
    assert!(run.stdout.contains("balanced: yes"), "{}", run.stdout);
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let text = match std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(&pdf)
        .arg("-")
        .output()
    {
        Ok(out) if out.status.success() => String::from_utf8(out.stdout).unwrap(),
        Ok(out) => panic!("pdftotext failed: {}", String::from_utf8_lossy(&out.stderr)),
        Err(e) => {
            eprintln!("pdftotext not available ({e}): text check of the PDF skipped");
            return;
        }
    };
    for needle in [
        "银行存款余额调节表",
        "杭州明信代理记账有限公司",
        "企业银行存款日记账余额",
        "4,026.17",
        "银行对账单余额",
        "3,240.28",
        "2,671.89",
        "500.00",
        "2,386.00",
        "1,354.28",
        "调节后余额相符",
        "疑似重复",
        "疑似数字倒置",
        "编制人",
        "审核人",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from:\n{text}");
    }
}

#[test]
fn pdf_needs_no_firm_name() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = tmp.path().join("out.pdf");
    let bank = fixture("cn_boc_debit.csv");
    let ledger = fixture("ledger_boc_gbk.csv");
    let run = run_cli(
        &[
            "reconcile",
            "--bank",
            &bank,
            "--ledger",
            &ledger,
            "--to",
            "2025-08-13",
            "--pdf",
            pdf.to_str().unwrap(),
        ],
        Some(tmp.path()),
    );
    assert_eq!(run.code, ExitCode::SUCCESS, "{}", run.stderr);
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
}

#[test]
fn timings_go_to_standard_error_and_leave_the_json_alone() {
    let run = reconcile_run(&["--timings"]);
    let j: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(j["statement"]["balanced"], true);
    let stages: Vec<&str> = run
        .stderr
        .lines()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(
        stages,
        [
            "files",
            "reading",
            "matching",
            "statement",
            "outputs",
            "total"
        ]
    );
    assert!(
        run.stderr.lines().all(|l| l.ends_with(" ms")),
        "{}",
        run.stderr
    );
}
