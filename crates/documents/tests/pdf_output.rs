//! End-to-end checks of the PDFs: text round-trips through `pdftotext` (poppler-utils), the
//! table header repeats on every page, output is deterministic and small.
//!
//! Tests that need `pdftotext` skip with a message when it is not installed.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr
)]

use std::io::Write;
use std::process::{Command, Stdio};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use ledgerlock_documents::recovery_sheet::{self, INSTRUCTIONS};
use ledgerlock_documents::{
    render_recovery_sheet, Align, Column, Document, DocumentError, PageDecor, RecoverySheet,
    SignatureParty, Table,
};

const FAKE_CODE: &str = "ABCD-EFGH-JKLM-NPQR-STUV-WXYZ-2345-67AB-CDEF";

fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 14, 9, 30, 0)
        .single()
        .unwrap()
}

fn sheet() -> RecoverySheet<'static> {
    RecoverySheet {
        firm_name: "杭州喆堃犇财务咨询有限公司",
        vault_id: "LL-7Q3F-K2MD",
        created_on: NaiveDate::from_ymd_opt(2025, 3, 14).unwrap(),
        recovery_code: FAKE_CODE,
        app_version: "0.1.0",
    }
}

/// Runs `pdftotext` on the bytes (through stdin; nothing written to disk). `None` if absent.
fn pdftotext(pdf: &[u8], layout: bool) -> Option<String> {
    let mut cmd = Command::new("pdftotext");
    if layout {
        cmd.arg("-layout");
    }
    let child = cmd
        .args(["-enc", "UTF-8", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("SKIPPED: pdftotext not found (install poppler-utils to run this check)");
            return None;
        }
        Err(e) => panic!("cannot run pdftotext: {e}"),
    };
    child.stdin.take().unwrap().write_all(pdf).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).unwrap())
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn recovery_sheet_text_round_trips() {
    let pdf = render_recovery_sheet(&sheet(), at()).unwrap();
    let Some(text) = pdftotext(&pdf, false) else {
        return;
    };
    let flat = squash(&text);
    for expected in [
        "账安 保险库恢复页",
        "Ledgerlock vault recovery sheet",
        "杭州喆堃犇财务咨询有限公司",
        "LL-7Q3F-K2MD",
        "2025年3月14日",
        "存放地点 Stored at",
    ] {
        assert!(
            flat.contains(&squash(expected)),
            "missing {expected:?} in:\n{text}"
        );
    }
    // Chinese instructions come back exactly (line breaks and spaces aside).
    for (heading, zh, en) in INSTRUCTIONS {
        assert!(flat.contains(&squash(heading)), "missing {heading:?}");
        assert!(flat.contains(&squash(zh)), "missing {zh:?} in:\n{text}");
        assert!(flat.contains(&squash(en)), "missing {en:?}");
    }
    // The code is drawn one character per fixed-width cell in numbered boxes, so pdftotext
    // may put spaces between letters and group numbers after each row; every group comes
    // back whole and in order.
    let mut from = 0;
    for group in FAKE_CODE.split('-') {
        let found = flat[from..].find(group);
        assert!(
            found.is_some(),
            "group {group} missing or out of order in:\n{text}"
        );
        from += found.unwrap_or(0) + group.len();
    }
    let first_row = FAKE_CODE.split('-').take(5).collect::<Vec<_>>().join("-");
    assert!(
        flat.contains(&first_row),
        "first row {first_row} not intact in:\n{text}"
    );
    assert_eq!(text.matches('\u{c}').count(), 1, "one page expected");
}

#[test]
fn recovery_sheet_is_one_small_page() {
    let pdf = render_recovery_sheet(&sheet(), at()).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(pdf.len() <= 200 * 1024, "{} bytes", pdf.len());
    assert_eq!(
        recovery_sheet::build(&sheet(), at()).page_count().unwrap(),
        1
    );
    // A very long firm name still fits on one page.
    let long =
        "新疆维吾尔自治区乌鲁木齐市天山区喆堃犇鑫淼焱财务咨询与税务代理服务有限责任公司第一分公司";
    let s = RecoverySheet {
        firm_name: long,
        ..sheet()
    };
    assert_eq!(recovery_sheet::build(&s, at()).page_count().unwrap(), 1);
}

#[test]
fn the_code_is_not_in_the_metadata() {
    let pdf = render_recovery_sheet(&sheet(), at()).unwrap();
    // Uncompressed parts of the file (trailer, info dictionary) must not carry the code.
    let raw = String::from_utf8_lossy(&pdf);
    assert!(!raw.contains("ABCD-EFGH"), "code visible in the raw file");
    let doc = recovery_sheet::build(&sheet(), at());
    assert!(!format!("{:?}", sheet()).contains("ABCD"));
    assert!(doc.page_count().is_ok());
}

#[test]
fn same_input_gives_same_bytes() {
    let a = render_recovery_sheet(&sheet(), at()).unwrap();
    let b = render_recovery_sheet(&sheet(), at()).unwrap();
    assert!(a == b, "two renders differ");
    let later = Utc
        .with_ymd_and_hms(2025, 3, 15, 9, 30, 0)
        .single()
        .unwrap();
    let c = render_recovery_sheet(&sheet(), later).unwrap();
    assert!(a != c, "the creation date must be in the file");
    let t1 = big_table_doc(30).render().unwrap();
    let t2 = big_table_doc(30).render().unwrap();
    assert!(t1 == t2, "two table renders differ");
}

fn big_table_doc(rows: usize) -> Document {
    let mut doc = Document::new("银行存款余额调节表", at())
        .with_author("测试事务所")
        .with_decor(PageDecor {
            header_left: Some("测试事务所".to_owned()),
            header_right: Some("编号：BR-2025-0001".to_owned()),
            footer_left: None,
            page_numbers: true,
        });
    doc.title("银行存款余额调节表");
    doc.subtitle("Bank reconciliation statement");
    doc.key_values(&[
        ("单位名称", "杭州喆堃犇财务咨询有限公司"),
        ("开户银行", "中国工商银行杭州西湖支行"),
        ("账号", "1202 0210 0910 0123 456"),
    ]);
    let mut table = Table::new(vec![
        Column::fixed("序号", 12.0, Align::Center),
        Column::fixed("日期", 24.0, Align::Center),
        Column::text("摘要 Description", 3),
        Column::money("借方金额", 28.0),
        Column::money("贷方金额", 28.0),
    ]);
    for i in 1..=rows {
        let desc = if i % 7 == 0 {
            format!("第{i}笔：收到客户（杭州某某科技有限公司）支付的2025年第一季度代理记账服务费，发票号 No.{i:08}")
        } else {
            format!("第{i}笔 银行手续费")
        };
        table.push_row(vec![
            i.to_string(),
            "2025-03-14".to_owned(),
            desc,
            format!("{},{:03}.{:02}", i, i * 7 % 1000, i % 100),
            String::new(),
        ]);
    }
    doc.table(table);
    doc.paragraph("经核对，调节后银行存款余额与企业账面余额一致。");
    doc.signatures(vec![
        SignatureParty {
            role: "编制人".to_owned(),
            name: Some("张喆".to_owned()),
        },
        SignatureParty {
            role: "复核人".to_owned(),
            name: None,
        },
    ]);
    doc
}

#[test]
fn table_header_repeats_on_every_page() {
    let doc = big_table_doc(120);
    let pages = doc.page_count().unwrap();
    assert!(
        pages >= 4,
        "120 rows should take several pages, got {pages}"
    );
    let pdf = doc.render().unwrap();
    let Some(text) = pdftotext(&pdf, true) else {
        return;
    };
    let page_texts: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert_eq!(page_texts.len(), pages);
    for (i, page) in page_texts.iter().enumerate() {
        let flat = squash(page);
        for header in ["序号", "日期", "摘要Description", "借方金额", "贷方金额"] {
            assert!(
                flat.contains(header),
                "page {} lacks header {header}:\n{page}",
                i + 1
            );
        }
        let number = squash(&format!("第 {} 页 / 共 {} 页", i + 1, pages));
        assert!(flat.contains(&number), "page {} lacks {number}", i + 1);
        assert!(
            flat.contains("编号：BR-2025-0001"),
            "page {} lacks the doc number",
            i + 1
        );
    }
    // Every row made it, in order, none split: each row's number and amount are on one page.
    let all = squash(&text);
    let mut from = 0;
    for i in 1..=120 {
        let amount = format!("{},{:03}.{:02}", i, i * 7 % 1000, i % 100);
        let at = all[from..].find(&amount).map(|p| p + from);
        assert!(
            at.is_some(),
            "row {i} amount {amount} missing or out of order"
        );
        from = at.unwrap_or(from);
    }
}

#[test]
fn money_column_is_right_aligned() {
    let doc = big_table_doc(3);
    let pdf = doc.render().unwrap();
    let Some(text) = pdftotext(&pdf, true) else {
        return;
    };
    // In layout mode right-aligned amounts of different lengths end in the same column.
    let ends: Vec<usize> = text
        .lines()
        .filter(|l| l.contains("银行手续费"))
        .filter_map(|l| {
            let idx = l.find(',')?;
            let end = l[idx..].find(' ').map_or(l.len(), |e| idx + e);
            Some(l[..end].chars().count())
        })
        .collect();
    assert!(ends.len() >= 2, "{text}");
    assert!(ends.windows(2).all(|w| w[0] == w[1]), "{ends:?}\n{text}");
}

#[test]
fn a_row_taller_than_a_page_is_split_not_lost() {
    let long: String = "很长的备注，".repeat(900);
    let mut doc = Document::new("长行", at());
    doc.table(
        Table::new(vec![Column::text("备注", 1), Column::money("金额", 30.0)])
            .row(&["短行", "1.00"])
            .row(&[long.as_str(), "2.00"])
            .row(&["末行", "3.00"]),
    );
    let pages = doc.page_count().unwrap();
    assert!(pages >= 2, "{pages}");
    let pdf = doc.render().unwrap();
    if let Some(text) = pdftotext(&pdf, false) {
        let flat = squash(&text);
        // Count characters: the repeated header row may fall inside a phrase at page breaks.
        assert_eq!(flat.matches('很').count(), 900);
        assert_eq!(flat.matches('注').count(), 900 + pages); // + the header row on every page
        assert!(flat.contains("末行"));
    }
}

#[test]
fn unsupported_characters_are_reported_not_dropped() {
    let mut doc = Document::new("t", at());
    doc.paragraph("客户：王𠀀"); // U+20000 (Extension B) is not in the embedded font.
    match doc.render() {
        Err(DocumentError::UnsupportedCharacters(chars)) => {
            assert!(chars.contains(&'\u{20000}'));
        }
        other => panic!("expected UnsupportedCharacters, got {other:?}"),
    }
}

#[test]
fn ragged_table_is_an_error() {
    let mut doc = Document::new("t", at());
    doc.table(Table::new(vec![Column::text("a", 1), Column::text("b", 1)]).row(&["x"]));
    assert!(matches!(
        doc.render(),
        Err(DocumentError::TableShape { row: 0, .. })
    ));
}

#[test]
fn a_header_taller_than_a_page_does_not_loop() {
    let huge = "表头".repeat(2500);
    let mut doc = Document::new("t", at());
    doc.table(Table::new(vec![Column::text(&huge, 1)]).row(&["一\n二\n三"]));
    let pages = doc.page_count().unwrap();
    assert!(pages <= 10, "{pages}");
}
