//! Every import format on the real samples in `fixtures/` (see `fixtures/SOURCES.txt`).

// Helpers of integration tests may unwrap and index like the tests themselves.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation
)]

use chrono::NaiveDate;
use ledgerlock_reconciliation::import::detect::AmountColumns;
use ledgerlock_reconciliation::{import_bank, import_book, Import, ImportError, ImportOptions};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn bank(name: &str) -> Import {
    import_bank(name, &fixture(name), &ImportOptions::default()).unwrap()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn icbc_preamble_padding_dashes_and_totals_row() {
    let i = bank("cn_icbc_debit_v2.csv");
    assert_eq!(i.format, "csv");
    assert_eq!(i.lines.len(), 11);
    let first = &i.lines[0];
    assert_eq!(
        first.source.row, 8,
        "header on row 7 after five preamble lines"
    );
    assert_eq!(first.date, d(2023, 5, 2));
    assert_eq!(first.amount_cents, -1_340);
    assert_eq!(first.counterparty_name, "深圳市财付通支付科技有限公司");
    let incoming = i.lines.iter().find(|l| l.source.row == 10).unwrap();
    assert_eq!(incoming.amount_cents, 123_456);
    assert!(i.skipped.iter().any(|s| s.reason == "total"));
    let m = i.mapping.unwrap();
    assert!(
        matches!(
            m.amount,
            AmountColumns::Split {
                inflow: 9,
                outflow: 10
            }
        ),
        "记账金额 columns, not the empty 交易金额 ones"
    );
}

#[test]
fn boc_signed_amounts_descending_with_consistent_balance() {
    let i = bank("cn_boc_debit.csv");
    assert_eq!(i.lines.len(), 17);
    assert!(i.descending);
    assert!(i.balance_breaks.is_empty());
    let m = i.mapping.as_ref().unwrap();
    assert_eq!(
        (m.balance_pairs_consistent, m.balance_pairs_checked),
        (16, 16)
    );
    assert_eq!(i.closing_balance_cents, Some(324_028));
    assert_eq!(i.opening_balance_cents, Some(281_358));
    assert_eq!(i.lines[7].amount_cents, -260_000);
    assert_eq!(i.lines[7].counterparty_name, "上海十企业管理顾问有限公司");
}

#[test]
fn bocom_flag_column() {
    let i = bank("cn_bocom_debit.csv");
    assert_eq!(i.lines.len(), 6);
    assert_eq!(i.lines[0].amount_cents, 123, "贷 Cr is money in");
    assert_eq!(i.lines[1].amount_cents, -321, "借 Dr is money out");
    assert!(matches!(
        i.mapping.unwrap().amount,
        AmountColumns::Flag { .. }
    ));
}

#[test]
fn cmb_quoted_thousands_and_balance_breaks_reported() {
    let i = bank("cn_cmb_debit.csv");
    assert_eq!(i.lines.len(), 5);
    assert_eq!(i.lines[0].amount_cents, 123_400);
    assert_eq!(i.lines[1].amount_cents, -100_000);
    assert!(
        !i.balance_breaks.is_empty(),
        "the sample's balances do not follow"
    );
    let b = &i.balance_breaks[0];
    assert_ne!(b.row, b.previous_row);
}

#[test]
fn abc_compact_dates_and_serials() {
    let i = bank("cn_abc_debit.csv");
    assert_eq!(i.lines[0].date, d(2024, 1, 1));
    assert_eq!(i.lines[0].amount_cents, 1_000_000);
    assert_eq!(i.lines[0].serial, "369396693");
    assert!(i
        .skipped
        .iter()
        .any(|s| s.reason == "zero_amount" && s.row == 6));
}

#[test]
fn spdb_legacy_xls_in_gbk() {
    let i = bank("cn_spdb_debit.xls");
    assert_eq!(i.format, "xls");
    assert_eq!(i.lines.len(), 4);
    assert_eq!(i.lines[0].amount_cents, -388);
    assert_eq!(i.lines[0].counterparty_name, "基金销售有限公司");
    assert!(i.balance_breaks.is_empty());
}

#[test]
fn camt053_entry() {
    let i = bank("camt053_v08_genkgo.xml");
    assert_eq!(i.format, "camt053");
    assert_eq!(i.lines.len(), 1);
    let l = &i.lines[0];
    assert_eq!(l.amount_cents, 885);
    assert_eq!(l.date, d(2014, 12, 31), "booking date, not value date");
    assert_eq!(l.value_date, Some(d(2015, 1, 2)));
    assert_eq!(l.serial, "AAAASESS-FP-CN_98765/01");
    assert!(l.memo.contains("MUELL/FINP/RA12345"));
    assert_eq!(i.opening_balance_cents, Some(1_815));
    assert_eq!(i.closing_balance_cents, Some(-2_700));
}

#[test]
fn camt053_reversal_flips_the_sign() {
    let xml = String::from_utf8(fixture("camt053_v08_genkgo.xml"))
        .unwrap()
        .replace("<Sts>", "<RvslInd>true</RvslInd><Sts>");
    let i = import_bank("r.xml", xml.as_bytes(), &ImportOptions::default()).unwrap();
    assert_eq!(i.lines[0].amount_cents, -885);
}

#[test]
fn mt940_both_samples() {
    let ing = bank("mt940_ing_jejik.sta");
    assert_eq!(ing.format, "mt940");
    assert_eq!(ing.lines.len(), 7);
    assert_eq!(ing.lines[0].amount_cents, -2_503);
    assert_eq!(ing.opening_balance_cents, Some(0));
    assert_eq!(ing.closing_balance_cents, Some(347));
    let sum: i64 = ing.lines.iter().map(|l| l.amount_cents).sum();
    assert_eq!(
        sum, -4_559,
        "the sample's lines do not add up to its closing balance"
    );
    let cmxl = bank("mt940_cmxl.sta");
    assert_eq!(cmxl.lines.len(), 16);
    assert_eq!(cmxl.lines[0].amount_cents, -680_000);
    assert_eq!(cmxl.lines[0].source.row, 5);
    let structured = cmxl
        .lines
        .iter()
        .find(|l| l.memo.contains("Miete November"))
        .unwrap();
    assert_eq!(structured.counterparty_name, "MUELLER");
}

#[test]
fn ofx_sgml() {
    let i = bank("ofx_checking_ofxparse.ofx");
    assert_eq!(i.format, "ofx");
    assert_eq!(i.lines.len(), 3);
    assert_eq!(i.lines[1].amount_cents, -3_451);
    assert_eq!(i.lines[1].serial, "0000487");
    assert_eq!(i.closing_balance_cents, Some(10_099));
}

#[test]
fn ofx_xml() {
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<?OFX OFXHEADER="200" VERSION="220"?>
<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><BANKTRANLIST>
<STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20250103</DTPOSTED><TRNAMT>-1,234.50</TRNAMT><FITID>A1</FITID><NAME>Acme &amp; Co</NAME></STMTTRN>
</BANKTRANLIST><LEDGERBAL><BALAMT>10.00</BALAMT></LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>"#;
    let i = import_bank("x.ofx", xml.as_bytes(), &ImportOptions::default()).unwrap();
    assert_eq!(i.lines[0].amount_cents, -123_450);
    assert_eq!(i.lines[0].counterparty_name, "Acme & Co");
    assert_eq!(i.lines[0].source.row, 4);
}

#[test]
fn gbk_ledger_with_year_month_day_columns() {
    let i = import_book(
        "ledger_boc_gbk.csv",
        &fixture("ledger_boc_gbk.csv"),
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(i.lines.len(), 18);
    assert_eq!(i.opening_balance_cents, Some(281_358));
    assert_eq!(
        i.lines[0].amount_cents, 100_000,
        "借方 is money in on the book side"
    );
    assert_eq!(i.lines[1].amount_cents, -300_000);
    assert_eq!(i.lines[0].serial, "记-1");
    assert_eq!(i.lines[0].date, d(2025, 8, 1));
    assert_eq!(i.closing_balance_cents, Some(402_617));
    let reasons: Vec<&str> = i.skipped.iter().map(|s| s.reason.as_str()).collect();
    assert_eq!(reasons, ["opening_balance", "total", "total"]);
    assert!(i.balance_breaks.is_empty());
}

#[test]
fn xlsx_ledger_and_month_day_only_with_year_in_title() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "银行存款日记账 2025年度").unwrap();
    for (c, h) in [
        "月",
        "日",
        "凭证号数",
        "摘要",
        "借方",
        "贷方",
        "方向",
        "余额",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    ws.write_string(3, 3, "上年结转").unwrap();
    ws.write_string(3, 6, "借").unwrap();
    ws.write_number(3, 7, 1000.0).unwrap();
    let rows: [(f64, f64, &str, f64, f64, f64); 2] = [
        (1.0, 3.0, "收华瑞货款", 2500.5, 0.0, 3500.5),
        (1.0, 9.0, "付明达材料款", 0.0, 500.25, 3000.25),
    ];
    for (i, (m, dd, memo, dr, cr, bal)) in rows.iter().enumerate() {
        let r = 4 + i as u32;
        ws.write_number(r, 0, *m).unwrap();
        ws.write_number(r, 1, *dd).unwrap();
        ws.write_string(r, 2, format!("记-{i}")).unwrap();
        ws.write_string(r, 3, *memo).unwrap();
        if *dr > 0.0 {
            ws.write_number(r, 4, *dr).unwrap();
        }
        if *cr > 0.0 {
            ws.write_number(r, 5, *cr).unwrap();
        }
        ws.write_string(r, 6, "借").unwrap();
        ws.write_number(r, 7, *bal).unwrap();
    }
    let bytes = wb.save_to_buffer().unwrap();
    let i = import_book("book.xlsx", &bytes, &ImportOptions::default()).unwrap();
    assert_eq!(i.format, "xlsx");
    assert_eq!(i.lines.len(), 2);
    assert_eq!(i.lines[0].date, d(2025, 1, 3));
    assert_eq!(i.lines[0].amount_cents, 250_050);
    assert_eq!(i.lines[0].source.row, 5);
    assert_eq!(i.lines[0].source.sheet.as_deref(), Some("Sheet1"));
    assert_eq!(i.lines[1].amount_cents, -50_025);
    assert_eq!(i.opening_balance_cents, Some(100_000));
}

#[test]
fn a_saved_template_applies_to_a_file_with_another_preamble() {
    let first = bank("cn_boc_debit.csv");
    let mapping = first.mapping.unwrap();
    let json = serde_json::to_string(&mapping).unwrap();
    let saved: ledgerlock_reconciliation::import::detect::ColumnMapping =
        serde_json::from_str(&json).unwrap();
    let text = String::from_utf8(fixture("cn_boc_debit.csv")).unwrap();
    let shifted = format!("导出时间 2025-09-01\n账号 6216****3167\n{text}");
    let opts = ImportOptions {
        mapping: Some(saved),
    };
    let again = import_bank("b.csv", shifted.as_bytes(), &opts).unwrap();
    assert_eq!(again.lines.len(), 17);
    assert_eq!(again.lines[0].source.row, 5);
    let other = import_bank("x.csv", &fixture("cn_cmb_debit.csv"), &opts).unwrap_err();
    assert_eq!(other.code(), "mapping_mismatch");
}

#[test]
fn reimport_and_overlap_add_nothing_twice() {
    let mut a = bank("cn_boc_debit.csv");
    assert_eq!(a.merge(bank("cn_boc_debit.csv")), 0);
    // An overlapping export: the last five lines plus one new line.
    let text = String::from_utf8(fixture("cn_boc_debit.csv")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut overlap = vec![lines[0], lines[1], "2025-08-23,09:00:00,人民币,-1.00,\"3,239.28\",无卡支付,渠道,-,-,张三,6226******5669,-,3167"];
    overlap.extend(&lines[2..7]);
    let b = import_bank(
        "overlap.csv",
        overlap.join("\n").as_bytes(),
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(a.merge(b), 1);
    assert_eq!(a.lines.len(), 18);
    assert!(!a.descending);
    assert_eq!(a.closing_balance_cents, Some(323_928));
    assert!(a.balance_breaks.is_empty(), "{:?}", a.balance_breaks);
}

#[test]
fn unreadable_files_give_a_row_and_a_reason() {
    let bad = "交易日期,交易金额,余额\n2025-01-03,12.00,100.00\n2025-01-04,abc,88.00\n";
    let e = import_bank("bad.csv", bad.as_bytes(), &ImportOptions::default()).unwrap_err();
    assert_eq!(e.code(), "bad_row");
    assert_eq!(e.row(), Some(3));
    assert!(e.to_string().contains("bad.csv row 3"), "{e}");
    let e = import_bank(
        "x.csv",
        "hello,world\n1,2\n".as_bytes(),
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(e, ImportError::NoHeader { .. }));
    let e = import_bank("e.csv", b"", &ImportOptions::default()).unwrap_err();
    assert_eq!(e.code(), "empty");
    let e = import_bank("x.xlsx", b"PK\x03\x04garbage", &ImportOptions::default()).unwrap_err();
    assert_eq!(e.code(), "unreadable");
    let e = import_bank(
        "m.sta",
        b":20:X\n:25:Y\n:60F:C250101EUR1,00\n:61:2501xxD1,00NTRF\n",
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert_eq!(e.row(), Some(4));
}

#[test]
fn bad_date_with_an_amount_is_an_error_not_a_skip() {
    let bad = "交易日期,交易金额,余额\n2025-01-03,12.00,100.00\n2025-13-45,1.00,101.00\n";
    let e = import_bank("bad.csv", bad.as_bytes(), &ImportOptions::default()).unwrap_err();
    assert_eq!(e.row(), Some(3));
}

#[test]
fn direction_is_inferred_from_the_running_balance() {
    // A bank export whose 借方 column actually holds money in (the names say the opposite).
    let csv = "交易日期,借方发生额,贷方发生额,余额\n2025-01-01,100.00,,1100.00\n2025-01-02,,30.00,1070.00\n2025-01-03,5.00,,1075.00\n";
    let i = import_bank("flip.csv", csv.as_bytes(), &ImportOptions::default()).unwrap();
    assert_eq!(i.lines[0].amount_cents, 10_000);
    assert_eq!(i.lines[1].amount_cents, -3_000);
    assert!(i.mapping.unwrap().negate);
}

#[test]
fn gbk_and_bom_and_full_width() {
    let text = "交易日期,摘要,收入金额,支出金额,余额\n2025年1月3日,货款,\"￥１，２３４．５０\",-,\"1,234.50\"\n2025/1/4,费用,-,(10.00),\"1,224.50\"\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    let i = import_bank("gbk.csv", &gbk, &ImportOptions::default()).unwrap();
    assert_eq!(i.lines[0].amount_cents, 123_450);
    assert_eq!(i.lines[1].amount_cents, -1_000);
    assert!(i.balance_breaks.is_empty());
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(text.as_bytes());
    let j = import_bank("bom.csv", &bom, &ImportOptions::default()).unwrap();
    assert_eq!(
        j.lines,
        i.lines
            .iter()
            .cloned()
            .map(|mut l| {
                l.source.file = "bom.csv".into();
                l
            })
            .collect::<Vec<_>>()
    );
}

#[test]
fn negative_numbers_in_a_debit_column_follow_the_balance() {
    // Row 3: a debit written with a minus sign (money out). Row 4: a reversal (冲正) shown
    // as a negative debit (money back in).
    let csv = "交易日期,摘要,借方发生额,贷方发生额,余额\n\
               2025-01-01,收款,,1000.00,1000.00\n\
               2025-01-02,付款,-200.00,,800.00\n\
               2025-01-03,冲正,-50.00,,850.00\n\
               2025-01-04,付款,30.00,,820.00\n";
    let i = import_bank("neg.csv", csv.as_bytes(), &ImportOptions::default()).unwrap();
    let amounts: Vec<i64> = i.lines.iter().map(|l| l.amount_cents).collect();
    assert_eq!(amounts, [100_000, -20_000, 5_000, -3_000]);
    assert!(i.balance_breaks.is_empty(), "{:?}", i.balance_breaks);
}
