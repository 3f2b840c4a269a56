//! ISO 20022 camt.053 (bank-to-customer statement), any version `camt.053.001.xx`.
//!
//! Booking date (`BookgDt`) is the line date, value date (`ValDt`) is kept; the reversal
//! indicator (`RvslInd`) flips the sign; references (`AcctSvcrRef`, `EndToEndId`, creditor
//! reference) become the serial and memo; the related party opposite to the account holder
//! is the counterparty.

use quick_xml::events::Event;
use quick_xml::Reader;

use super::table::{decode_text, LineIndex};
use crate::dates::parse_date;
use crate::error::ImportError;
use crate::model::{Import, Line, Side, SourceRef};
use crate::money::parse_unsigned_cents;

#[derive(Default)]
struct Entry {
    row: u32,
    amount: Option<i64>,
    credit: Option<bool>,
    reversal: bool,
    booking: Option<chrono::NaiveDate>,
    value: Option<chrono::NaiveDate>,
    svcr_ref: String,
    end_to_end: String,
    debtor: String,
    creditor: String,
    debtor_acct: String,
    creditor_acct: String,
    memo: Vec<String>,
}

#[derive(Default)]
struct Balance {
    code: String,
    amount: Option<i64>,
    credit: bool,
}

/// Reads a camt.053 document.
///
/// # Errors
/// [`ImportError`] when the XML is broken or an entry lacks an amount, a sign or a date.
pub fn read_camt053(file: &str, bytes: &[u8]) -> Result<Import, ImportError> {
    let text = decode_text(bytes);
    let index = LineIndex::new(&text);
    let mut reader = Reader::from_str(&text);
    let mut path: Vec<String> = Vec::new();
    let mut entry: Option<Entry> = None;
    let mut bal: Option<Balance> = None;
    let mut lines = Vec::new();
    let (mut opening, mut closing) = (None, None);
    let bad = |row: u32, reason: String| ImportError::BadRow {
        file: file.to_owned(),
        row,
        reason,
    };
    loop {
        let pos = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = reader.read_event().map_err(|e| ImportError::Unreadable {
            file: file.to_owned(),
            reason: format!("line {}: {e}", index.line_of(pos)),
        })?;
        match event {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                if name == "Ntry" && entry.is_none() {
                    entry = Some(Entry {
                        row: index.line_of(pos),
                        ..Entry::default()
                    });
                } else if name == "Bal" && entry.is_none() {
                    bal = Some(Balance::default());
                }
                path.push(name);
            }
            Event::End(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                path.pop();
                if name == "Ntry" {
                    if let Some(en) = entry.take() {
                        lines.push(finish_entry(file, en).map_err(|(row, r)| bad(row, r))?);
                    }
                } else if name == "Bal" {
                    if let Some(b) = bal.take() {
                        let signed = b.amount.map(|a| if b.credit { a } else { -a });
                        match b.code.as_str() {
                            "OPBD" | "PRCD" | "ITBD" if opening.is_none() => opening = signed,
                            "CLBD" => closing = signed,
                            _ => {}
                        }
                    }
                }
            }
            Event::Text(t) => {
                let value = t.decode().map(|c| c.into_owned()).unwrap_or_default();
                let value = unescape_basic(value.trim());
                if value.is_empty() {
                    continue;
                }
                if let Some(en) = entry.as_mut() {
                    on_entry_text(en, &path, &value);
                } else if let Some(b) = bal.as_mut() {
                    let leaf = path.last().map_or("", String::as_str);
                    match leaf {
                        "Cd" if path.iter().any(|p| p == "Tp") => b.code = value,
                        "Amt" => b.amount = parse_unsigned_cents(&value, '.'),
                        "CdtDbtInd" => b.credit = value == "CRDT",
                        _ => {}
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if lines.is_empty() {
        return Err(ImportError::Empty {
            file: file.to_owned(),
        });
    }
    let mut import = Import {
        side: Side::Bank,
        file: file.to_owned(),
        format: "camt053".to_owned(),
        lines,
        opening_balance_cents: opening,
        closing_balance_cents: closing,
        descending: false,
        balance_breaks: Vec::new(),
        skipped: Vec::new(),
        mapping: None,
    };
    super::tabular::finish_balances(&mut import);
    Ok(import)
}

fn unescape_basic(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn on_entry_text(en: &mut Entry, path: &[String], value: &str) {
    let leaf = path.last().map_or("", String::as_str);
    let parent = path
        .len()
        .checked_sub(2)
        .and_then(|i| path.get(i))
        .map_or("", String::as_str);
    let in_tx = path.iter().any(|p| p == "TxDtls");
    let under = |name: &str| path.iter().any(|p| p == name);
    match leaf {
        // The entry's own amount, not the transaction details' one.
        "Amt" if parent == "Ntry" => en.amount = parse_unsigned_cents(value, '.'),
        "CdtDbtInd" if parent == "Ntry" => en.credit = Some(value == "CRDT"),
        "RvslInd" => en.reversal = value == "true" || value == "1",
        "Dt" | "DtTm" if under("BookgDt") => en.booking = parse_date(value),
        "Dt" | "DtTm" if under("ValDt") => en.value = parse_date(value),
        "AcctSvcrRef" if !in_tx => en.svcr_ref = value.to_owned(),
        "EndToEndId" if en.end_to_end.is_empty() && value != "NOTPROVIDED" => {
            en.end_to_end = value.to_owned();
        }
        "Nm" if under("Dbtr") && en.debtor.is_empty() => en.debtor = value.to_owned(),
        "Nm" if under("Cdtr") && en.creditor.is_empty() => en.creditor = value.to_owned(),
        "IBAN" | "Id" if under("DbtrAcct") && en.debtor_acct.is_empty() => {
            en.debtor_acct = value.to_owned();
        }
        "IBAN" | "Id" if under("CdtrAcct") && en.creditor_acct.is_empty() => {
            en.creditor_acct = value.to_owned();
        }
        "Ustrd" | "AddtlNtryInf" | "AddtlTxInf" => en.memo.push(value.to_owned()),
        "Ref" if under("CdtrRefInf") => en.memo.push(value.to_owned()),
        _ => {}
    }
}

fn finish_entry(file: &str, en: Entry) -> Result<Line, (u32, String)> {
    let amount = en
        .amount
        .ok_or((en.row, "entry without an amount".to_owned()))?;
    let credit = en
        .credit
        .ok_or((en.row, "entry without CdtDbtInd".to_owned()))?;
    let date = en
        .booking
        .or(en.value)
        .ok_or((en.row, "entry without a booking or value date".to_owned()))?;
    let incoming = credit != en.reversal;
    let (name, account) = if credit {
        (en.debtor, en.debtor_acct)
    } else {
        (en.creditor, en.creditor_acct)
    };
    let serial = if en.svcr_ref.is_empty() {
        en.end_to_end.clone()
    } else {
        en.svcr_ref
    };
    let mut memo = en.memo;
    if !en.end_to_end.is_empty() && en.end_to_end != serial {
        memo.push(en.end_to_end);
    }
    Ok(Line {
        source: SourceRef {
            file: file.into(),
            sheet: None,
            row: en.row,
        },
        date,
        value_date: en.value,
        amount_cents: if incoming { amount } else { -amount },
        balance_cents: None,
        counterparty_name: name,
        counterparty_account: account,
        memo: memo.join(" "),
        serial,
    })
}
