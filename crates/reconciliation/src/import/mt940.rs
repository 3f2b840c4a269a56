//! SWIFT MT940 customer statements.
//!
//! Hand-written: the MT940 crates on crates.io are either unmaintained or strict about the
//! SWIFT block envelope and bank-specific `:86:` layouts that real exports break; the format
//! itself is a handful of line-oriented tags (`:60F:`, `:61:`, `:86:`, `:62F:`), so a small
//! tolerant reader that reports the line of each error is simpler to keep correct.

use chrono::{Datelike, NaiveDate};

use super::table::decode_text;
use crate::error::ImportError;
use crate::model::{Import, Line, Side, SourceRef};
use crate::money::parse_unsigned_cents;

/// A tag with its value and the line it started on.
struct Field {
    tag: String,
    value: String,
    line: u32,
}

fn fields(text: &str) -> Vec<Field> {
    let mut out: Vec<Field> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let line = raw.trim_end_matches('\r');
        let stripped = line.trim_start_matches(['{', '}']).trim_start_matches("4:");
        if let Some(rest) = stripped.strip_prefix(':') {
            if let Some((tag, value)) = rest.split_once(':') {
                if (2..=3).contains(&tag.len()) && tag.chars().take(2).all(|c| c.is_ascii_digit()) {
                    out.push(Field {
                        tag: tag.to_owned(),
                        value: value.to_owned(),
                        line: line_no,
                    });
                    continue;
                }
            }
        }
        if line.trim() == "-" || line.trim_start().starts_with("-}") || line.trim() == "-XXX" {
            out.push(Field {
                tag: "-".to_owned(),
                value: String::new(),
                line: line_no,
            });
            continue;
        }
        if let Some(last) = out.last_mut() {
            if last.tag != "-" {
                last.value.push('\n');
                last.value.push_str(line);
            }
        }
    }
    out
}

fn yymmdd(s: &str) -> Option<NaiveDate> {
    let yy: i32 = s.get(0..2)?.parse().ok()?;
    let mm: u32 = s.get(2..4)?.parse().ok()?;
    let dd: u32 = s.get(4..6)?.parse().ok()?;
    let year = if yy < 80 { 2000 + yy } else { 1900 + yy };
    NaiveDate::from_ymd_opt(year, mm, dd)
}

/// `C131016DEM84349,74` → signed cents.
fn balance(value: &str) -> Option<i64> {
    let v = value.trim();
    let credit = match v.get(0..1)? {
        "C" => true,
        "D" => false,
        _ => return None,
    };
    let amount = parse_unsigned_cents(v.get(10..)?.trim(), ',')?;
    Some(if credit { amount } else { -amount })
}

struct Statement61 {
    value_date: NaiveDate,
    entry_date: Option<NaiveDate>,
    amount: i64,
    reference: String,
    extra: String,
}

fn parse_61(value: &str) -> Result<Statement61, String> {
    let mut parts = value.splitn(2, '\n');
    let first = parts.next().unwrap_or("").trim();
    let extra = parts
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let value_date = yymmdd(first).ok_or_else(|| format!("bad value date in {first:?}"))?;
    let mut rest = first.get(6..).unwrap_or("");
    let mut entry_date = None;
    if rest.len() >= 4 && rest.chars().take(4).all(|c| c.is_ascii_digit()) {
        let mm: u32 = rest.get(0..2).and_then(|s| s.parse().ok()).unwrap_or(0);
        let dd: u32 = rest.get(2..4).and_then(|s| s.parse().ok()).unwrap_or(0);
        let mut year = value_date.year();
        if mm == 12 && value_date.month() == 1 {
            year -= 1;
        } else if mm == 1 && value_date.month() == 12 {
            year += 1;
        }
        entry_date = NaiveDate::from_ymd_opt(year, mm, dd);
        rest = rest.get(4..).unwrap_or("");
    }
    let (sign, after_mark) = if let Some(r) = rest.strip_prefix("RD") {
        (1, r)
    } else if let Some(r) = rest.strip_prefix("RC") {
        (-1, r)
    } else if let Some(r) = rest.strip_prefix('D') {
        (-1, r)
    } else if let Some(r) = rest.strip_prefix('C') {
        (1, r)
    } else {
        return Err(format!("no debit/credit mark in {first:?}"));
    };
    // Optional funds code: the third letter of the currency code.
    let after_funds = match after_mark.chars().next() {
        Some(c) if c.is_ascii_alphabetic() => after_mark.get(1..).unwrap_or(""),
        _ => after_mark,
    };
    let amount_len = after_funds
        .find(|c: char| !(c.is_ascii_digit() || c == ','))
        .unwrap_or(after_funds.len());
    let amount_text = after_funds.get(..amount_len).unwrap_or("");
    let amount = parse_unsigned_cents(amount_text, ',')
        .ok_or_else(|| format!("bad amount {amount_text:?}"))?;
    let tail = after_funds.get(amount_len..).unwrap_or("");
    // Transaction type (N/F/S + 3 characters), then the customer reference //bank reference.
    let reference = tail.get(4..).unwrap_or("").trim();
    let reference = reference.replace("NONREF", "").trim_matches('/').to_owned();
    Ok(Statement61 {
        value_date,
        entry_date,
        amount: amount * sign,
        reference,
        extra,
    })
}

/// `:86:` text: structured `?20`..`?29` purpose, `?31` account, `?32`/`?33` name when the
/// bank uses the German structured layout, else the text as is.
fn parse_86(value: &str) -> (String, String, String) {
    let flat: String = value
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("");
    if !flat.contains('?') {
        let memo = value.split_whitespace().collect::<Vec<_>>().join(" ");
        return (memo, String::new(), String::new());
    }
    let (mut memo, mut account, mut name) = (Vec::new(), String::new(), String::new());
    for part in flat.split('?').skip(1) {
        let (code, text) = (
            part.get(0..2).unwrap_or(""),
            part.get(2..).unwrap_or("").trim(),
        );
        match code {
            "20" | "21" | "22" | "23" | "24" | "25" | "26" | "27" | "28" | "29" | "00"
                if !text.is_empty() =>
            {
                memo.push(text.to_owned());
            }
            "31" => account = text.to_owned(),
            "32" | "33" => name.push_str(text),
            _ => {}
        }
    }
    (memo.join(" "), account, name)
}

/// Reads an MT940 file (one or more statements).
///
/// # Errors
/// [`ImportError::BadRow`] with the line of a `:61:` field that cannot be read.
pub fn read_mt940(file: &str, bytes: &[u8]) -> Result<Import, ImportError> {
    let text = decode_text(bytes);
    let mut lines: Vec<Line> = Vec::new();
    let (mut opening, mut closing) = (None, None);
    let fields = fields(&text);
    let mut iter = fields.iter().peekable();
    while let Some(f) = iter.next() {
        match f.tag.as_str() {
            "60F" | "60M" if opening.is_none() => opening = balance(&f.value),
            "62F" | "62M" => closing = balance(&f.value),
            "61" => {
                let s = parse_61(&f.value).map_err(|reason| ImportError::BadRow {
                    file: file.to_owned(),
                    row: f.line,
                    reason,
                })?;
                let (mut memo, account, name) = match iter.peek() {
                    Some(next) if next.tag == "86" => {
                        let parsed = parse_86(&next.value);
                        iter.next();
                        parsed
                    }
                    _ => (String::new(), String::new(), String::new()),
                };
                if !s.extra.is_empty() {
                    memo = format!("{} {memo}", s.extra).trim().to_owned();
                }
                lines.push(Line {
                    source: SourceRef {
                        file: file.into(),
                        sheet: None,
                        row: f.line,
                    },
                    date: s.entry_date.unwrap_or(s.value_date),
                    value_date: Some(s.value_date),
                    amount_cents: s.amount,
                    balance_cents: None,
                    counterparty_name: name,
                    counterparty_account: account,
                    memo,
                    serial: s.reference,
                });
            }
            _ => {}
        }
    }
    if lines.is_empty() {
        return Err(ImportError::Empty {
            file: file.to_owned(),
        });
    }
    Ok(Import {
        side: Side::Bank,
        file: file.to_owned(),
        format: "mt940".to_owned(),
        lines,
        opening_balance_cents: opening,
        closing_balance_cents: closing,
        descending: false,
        balance_breaks: Vec::new(),
        skipped: Vec::new(),
        mapping: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_61_variants() {
        let s = parse_61("0211011102DR800,NSTONONREF//55555").unwrap();
        assert_eq!(s.amount, -80_000);
        assert_eq!(s.entry_date, NaiveDate::from_ymd_opt(2002, 11, 2));
        assert_eq!(s.value_date, NaiveDate::from_ymd_opt(2002, 11, 1).unwrap());
        let s = parse_61("131017D620,3NSTON").unwrap();
        assert_eq!(s.amount, -62_030);
        let s = parse_61("100722RC3,68NTRFNONREF").unwrap();
        assert_eq!(s.amount, -368);
        assert!(parse_61("xx").is_err());
    }
}
