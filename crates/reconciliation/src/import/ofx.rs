//! OFX bank statements, version 1 (SGML) and 2 (XML).
//!
//! One tolerant tag scanner serves both versions: OFX 1.x is SGML whose leaf elements are
//! never closed (`<TRNAMT>-34.51` then a newline), which XML parsers (quick-xml included)
//! reject, and the few OFX crates on crates.io are unmaintained. Reading "a tag, then the
//! text up to the next `<`" gives the same values for both versions. `FITID` identifies a
//! transaction and becomes the serial.

use super::table::{decode_text, LineIndex};
use crate::dates::parse_date;
use crate::error::ImportError;
use crate::model::{Import, Line, Side, SourceRef};
use crate::money::parse_amount;

#[derive(Default)]
struct Txn {
    row: u32,
    date: String,
    user_date: String,
    amount: String,
    fitid: String,
    checknum: String,
    name: String,
    memo: String,
    account: String,
}

fn decode(bytes: &[u8]) -> String {
    let head =
        String::from_utf8_lossy(bytes.get(..bytes.len().min(400)).unwrap_or_default()).into_owned();
    if std::str::from_utf8(bytes).is_err() && head.contains("CHARSET:1252") {
        let (t, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
        return t.into_owned();
    }
    decode_text(bytes).into_owned()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// `-34.51`, `1,234.56` or a decimal comma `34,51`.
fn ofx_amount(s: &str) -> Result<Option<i64>, String> {
    let t = s.trim();
    let t = if t.contains(',')
        && !t.contains('.')
        && t.rsplit(',').next().is_some_and(|f| f.len() <= 2)
    {
        t.replace(',', ".")
    } else {
        t.to_owned()
    };
    parse_amount(&t).map_err(|e| e.to_string())
}

/// Reads an OFX file.
///
/// # Errors
/// [`ImportError::BadRow`] when a transaction lacks a readable date or amount.
pub fn read_ofx(file: &str, bytes: &[u8]) -> Result<Import, ImportError> {
    let text = decode(bytes);
    let index = LineIndex::new(&text);
    let mut lines = Vec::new();
    let mut current: Option<Txn> = None;
    let mut in_ledger_bal = false;
    let mut closing = None;
    let mut rest = text.as_str();
    let mut offset = 0usize;
    while let Some(open) = rest.find('<') {
        let after = rest.get(open + 1..).unwrap_or("");
        let Some(close) = after.find('>') else { break };
        let tag = after.get(..close).unwrap_or("").trim().to_ascii_uppercase();
        let body_start = open + 1 + close + 1;
        let body = rest.get(body_start..).unwrap_or("");
        let value_len = body.find('<').unwrap_or(body.len());
        let value = unescape(body.get(..value_len).unwrap_or("").trim());
        let tag_offset = offset + open;
        match tag.as_str() {
            "STMTTRN" => {
                current = Some(Txn {
                    row: index.line_of(tag_offset),
                    ..Txn::default()
                });
            }
            "/STMTTRN" => {
                if let Some(t) = current.take() {
                    lines.push(finish(file, t)?);
                }
            }
            "LEDGERBAL" => in_ledger_bal = true,
            "/LEDGERBAL" => in_ledger_bal = false,
            "BALAMT" if in_ledger_bal => closing = ofx_amount(&value).ok().flatten(),
            _ => {
                if let Some(t) = current.as_mut() {
                    match tag.as_str() {
                        "DTPOSTED" => t.date = value,
                        "DTUSER" => t.user_date = value,
                        "TRNAMT" => t.amount = value,
                        "FITID" => t.fitid = value,
                        "CHECKNUM" | "REFNUM" if t.checknum.is_empty() => t.checknum = value,
                        "NAME" if t.name.is_empty() => t.name = value,
                        "MEMO" => t.memo = value,
                        "ACCTID" => t.account = value,
                        _ => {}
                    }
                }
            }
        }
        offset += body_start;
        rest = body;
    }
    if lines.is_empty() {
        return Err(ImportError::Empty {
            file: file.to_owned(),
        });
    }
    let mut import = Import {
        side: Side::Bank,
        file: file.to_owned(),
        format: "ofx".to_owned(),
        lines,
        opening_balance_cents: None,
        closing_balance_cents: closing,
        descending: false,
        balance_breaks: Vec::new(),
        skipped: Vec::new(),
        mapping: None,
    };
    if let Some(c) = closing {
        let sum = import
            .lines
            .iter()
            .fold(0i64, |a, l| a.saturating_add(l.amount_cents));
        import.opening_balance_cents = Some(c.saturating_sub(sum));
    }
    Ok(import)
}

fn finish(file: &str, t: Txn) -> Result<Line, ImportError> {
    let bad = |reason: String| ImportError::BadRow {
        file: file.to_owned(),
        row: t.row,
        reason,
    };
    // OFX dates: YYYYMMDD[HHMMSS[.XXX]][[TZ]]
    let date_text = if t.date.is_empty() {
        &t.user_date
    } else {
        &t.date
    };
    let date = parse_date(date_text.get(..8).unwrap_or(date_text))
        .ok_or_else(|| bad(format!("not a date: {date_text:?}")))?;
    let amount = ofx_amount(&t.amount)
        .map_err(&bad)?
        .ok_or_else(|| bad("transaction without TRNAMT".to_owned()))?;
    let serial = if t.checknum.is_empty() {
        t.fitid.clone()
    } else {
        format!("{} {}", t.fitid, t.checknum)
    };
    let memo = if t.memo.is_empty() || t.memo == t.name {
        String::new()
    } else {
        t.memo.clone()
    };
    Ok(Line {
        source: SourceRef {
            file: file.into(),
            sheet: None,
            row: t.row,
        },
        date,
        value_date: parse_date(t.user_date.get(..8).unwrap_or("")),
        amount_cents: amount,
        balance_cents: None,
        counterparty_name: t.name,
        counterparty_account: t.account,
        memo,
        serial,
    })
}
