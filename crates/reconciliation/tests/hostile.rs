//! Hostile input: no parser and no normaliser panics, whatever the bytes.

// Helpers of integration tests may unwrap and index like the tests themselves.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation
)]

use ledgerlock_reconciliation::dates::{date_from_parts, parse_date};
use ledgerlock_reconciliation::money::parse_amount;
use ledgerlock_reconciliation::{import_bank, import_book, ImportOptions};
use proptest::prelude::*;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn all_parsers(bytes: &[u8]) {
    let o = ImportOptions::default();
    let _ = import_bank("x", bytes, &o);
    let _ = import_book("x", bytes, &o);
    let _ = ledgerlock_reconciliation::import::mt940::read_mt940("x", bytes);
    let _ = ledgerlock_reconciliation::import::ofx::read_ofx("x", bytes);
    let _ = ledgerlock_reconciliation::import::camt053::read_camt053("x", bytes);
    if let Ok(t) = ledgerlock_reconciliation::import::csv_file::read_csv("x", bytes) {
        let _ = ledgerlock_reconciliation::import::tabular::import_table(
            &t,
            ledgerlock_reconciliation::Side::Bank,
            "csv",
            None,
        );
    }
    let _ = ledgerlock_reconciliation::import::xlsx::read_workbook("x", bytes);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        all_parsers(&bytes);
    }

    #[test]
    fn mutated_samples(which in 0usize..10, pos in any::<prop::sample::Index>(), len in 0usize..64, byte in any::<u8>()) {
        let names = ["cn_icbc_debit_v2.csv", "cn_boc_debit.csv", "cn_bocom_debit.csv", "cn_cmb_debit.csv", "cn_abc_debit.csv",
                     "camt053_v08_genkgo.xml", "mt940_cmxl.sta", "mt940_ing_jejik.sta", "ofx_checking_ofxparse.ofx", "ledger_boc_gbk.csv"];
        let mut bytes = fixture(names[which]);
        let at = pos.index(bytes.len().max(1));
        let end = (at + len).min(bytes.len());
        for b in &mut bytes[at..end] { *b = byte; }
        all_parsers(&bytes);
        // Truncation too.
        bytes.truncate(at);
        all_parsers(&bytes);
    }

    #[test]
    fn text_in_table_shapes(cells in proptest::collection::vec("[0-9０-９,.\\-()（）¥￥ \t年月日/借贷收支:余额a-z]{0,12}", 0..40)) {
        let mut csv = String::from("交易日期,摘要,借方发生额,贷方发生额,余额,对方户名\n");
        for chunk in cells.chunks(6) {
            csv.push_str(&chunk.join(","));
            csv.push('\n');
        }
        all_parsers(csv.as_bytes());
    }

    #[test]
    fn normalisers_on_any_string(s in any::<String>()) {
        let _ = parse_amount(&s);
        let _ = parse_date(&s);
        let _ = date_from_parts(&s, &s, &s);
        let _ = ledgerlock_reconciliation::import::detect::classify(&s);
    }

    #[test]
    fn amount_round_trip(cents in -1_000_000_000_000i64..1_000_000_000_000) {
        let text = ledgerlock_reconciliation::money::format_cents(cents);
        prop_assert_eq!(parse_amount(&text).unwrap(), Some(cents));
    }
}

#[test]
fn corrupt_xls_does_not_panic() {
    let mut bytes = fixture("cn_spdb_debit.xls");
    for i in (600..bytes.len()).step_by(97) {
        bytes[i] ^= 0x5A;
    }
    all_parsers(&bytes);
}
