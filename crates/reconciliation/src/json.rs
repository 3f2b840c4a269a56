//! The stable JSON contract (see `docs/reconciliation-json.md`).
//!
//! ```json
//! {"matches":[{"bank_rows":[5,6],"ledger_rows":[12],"status":"auto","score":0.97,
//!              "reason":"...","reason_code":"one_to_one","params":{},"difference":"0.00"}],
//!  "unmatched":{"bank_rows":[],"ledger_rows":[]},
//!  "flags":[{"kind":"possible_duplicate","bank_rows":[],"ledger_rows":[],"note":"..."}],
//!  "statement":{"book_balance":"0.00","bank_balance":"0.00","bank_received_book_not":"0.00",
//!    "bank_paid_book_not":"0.00","book_received_bank_not":"0.00","book_paid_bank_not":"0.00",
//!    "adjusted_book_balance":"0.00","adjusted_bank_balance":"0.00","balanced":true}}
//! ```
//! Rows are 1-based physical rows of the source files; amounts are decimal strings; the
//! score is computed from an integer per-mille value.
//!
//! The document is a set of borrowed views over a [`Reconciliation`] with derived
//! `Serialize`: [`write_json`] streams it to a writer without building a tree in memory (at
//! 50,000 lines a side the `serde_json::Value` tree cost more time and memory than the
//! matching, see `docs/performance.md`); [`to_json`] gives the same document as a `Value`.

use std::io::Write;

use chrono::NaiveDate;
use serde::ser::{Serialize, Serializer};
use serde_json::Value;

use crate::matching::{Flag, FlagKind, Match, MatchStatus, Reason, ReasonCode, ReasonParams};
use crate::model::{Line, Side};
use crate::money::{format_cents, Cents};
use crate::report::Reconciliation;
use crate::statement::{Section, StatementItem};

/// A per-mille score as a JSON number with up to three decimals (no float arithmetic).
#[must_use]
pub fn score_number(permille: u16) -> Value {
    score(permille).map_or(Value::Null, Value::Number)
}

fn score(permille: u16) -> Option<serde_json::Number> {
    let p = permille.min(1000);
    let text = format!("{}.{:03}", p / 1000, p % 1000);
    let trimmed = text.trim_end_matches('0').trim_end_matches('.');
    trimmed.parse::<serde_json::Number>().ok()
}

/// [`score`] of every per-mille value, built once (a reconciliation has tens of thousands of
/// matches).
fn score_of(permille: u16) -> Option<serde_json::Number> {
    static TABLE: std::sync::OnceLock<Vec<Option<serde_json::Number>>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| (0..=1000).map(score).collect());
    table
        .get(usize::from(permille.min(1000)))
        .cloned()
        .flatten()
}

/// The sorted physical rows of some lines, serialised without allocating for one line.
struct RowsOf<'a> {
    lines: &'a [Line],
    idx: &'a [usize],
}

impl Serialize for RowsOf<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.idx {
            [one] => s.collect_seq(self.lines.get(*one).map(|l| l.source.row)),
            many => s.collect_seq(rows(self.lines, many)),
        }
    }
}

/// A value written through its `Display` (no intermediate `String`).
struct Shown<T>(T);

impl<T: std::fmt::Display> Serialize for Shown<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

fn rows(lines: &[Line], idx: &[usize]) -> Vec<u32> {
    let mut r: Vec<u32> = idx
        .iter()
        .filter_map(|i| lines.get(*i))
        .map(|l| l.source.row)
        .collect();
    r.sort_unstable();
    r
}

/// Stable snake_case name of a flag kind.
#[must_use]
pub fn flag_kind_name(k: FlagKind) -> &'static str {
    match k {
        FlagKind::PossibleDuplicate => "possible_duplicate",
        FlagKind::PossibleTransposition => "possible_transposition",
        FlagKind::AmountDifference => "amount_difference",
        FlagKind::BalanceBreak => "balance_break",
        FlagKind::Stale => "stale",
    }
}

fn status_name(s: MatchStatus) -> &'static str {
    match s {
        MatchStatus::Auto => "auto",
        MatchStatus::Suggested => "suggested",
        MatchStatus::Confirmed => "confirmed",
    }
}

/// Serialises an iterator as a JSON array, lazily (no intermediate `Vec`).
struct Seq<F>(F);

impl<F, I> Serialize for Seq<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

#[derive(serde::Serialize)]
struct MatchDoc<'a> {
    bank_rows: RowsOf<'a>,
    ledger_rows: RowsOf<'a>,
    status: &'static str,
    score: Option<serde_json::Number>,
    reason: Shown<Reason<'a>>,
    reason_code: ReasonCode,
    params: &'a ReasonParams,
    difference: Shown<Cents>,
}

impl<'a> MatchDoc<'a> {
    fn new(r: &'a Reconciliation, m: &'a Match) -> Self {
        MatchDoc {
            bank_rows: RowsOf {
                lines: &r.bank,
                idx: &m.bank,
            },
            ledger_rows: RowsOf {
                lines: &r.book,
                idx: &m.book,
            },
            status: status_name(m.status),
            score: score_of(m.score),
            reason: Shown(m.reason()),
            reason_code: m.code,
            params: &m.params,
            difference: Shown(Cents(m.difference_cents)),
        }
    }
}

#[derive(serde::Serialize)]
struct FlagDoc<'a> {
    kind: &'static str,
    bank_rows: Vec<u32>,
    ledger_rows: Vec<u32>,
    note: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    age_days: Option<i64>,
}

impl<'a> FlagDoc<'a> {
    fn new(r: &Reconciliation, f: &'a Flag) -> Self {
        FlagDoc {
            kind: flag_kind_name(f.kind),
            bank_rows: rows(&r.bank, &f.bank),
            ledger_rows: rows(&r.book, &f.book),
            note: &f.note,
            age_days: f.age_days,
        }
    }
}

#[derive(serde::Serialize)]
struct Unmatched {
    bank_rows: Vec<u32>,
    ledger_rows: Vec<u32>,
}

#[derive(serde::Serialize)]
struct ItemDoc<'a> {
    side: &'static str,
    rows: &'a [u32],
    date: NaiveDate,
    amount: String,
    description: &'a str,
    age_days: i64,
}

impl<'a> From<&'a StatementItem> for ItemDoc<'a> {
    fn from(it: &'a StatementItem) -> Self {
        ItemDoc {
            side: match it.side {
                Side::Bank => "bank",
                Side::Book => "ledger",
            },
            rows: &it.rows,
            date: it.date,
            amount: format_cents(it.amount_cents),
            description: &it.description,
            age_days: it.age_days,
        }
    }
}

fn items(s: &Section) -> impl Serialize + '_ {
    Seq(move || s.items.iter().map(ItemDoc::from))
}

/// The statement's items by section; the field types are opaque `Seq` closures.
#[derive(serde::Serialize)]
struct Items<A, B, C, D> {
    bank_received_book_not: A,
    bank_paid_book_not: B,
    book_received_bank_not: C,
    book_paid_bank_not: D,
}

/// The whole document, borrowed from a reconciliation. Its key order is the one
/// [`write_pipelined`] writes by hand: change both together (a test compares them byte for
/// byte).
struct Document<'a>(&'a Reconciliation);

impl Serialize for Document<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let r = self.0;
        let mut map = ser.serialize_map(Some(4))?;
        map.serialize_entry(
            "matches",
            &Seq(|| r.outcome.matches.iter().map(|m| MatchDoc::new(r, m))),
        )?;
        map.serialize_entry("unmatched", &unmatched(r))?;
        map.serialize_entry("flags", &flags(r))?;
        map.serialize_entry("statement", &StatementDoc(r))?;
        map.end()
    }
}

fn unmatched(r: &Reconciliation) -> Unmatched {
    Unmatched {
        bank_rows: rows(&r.bank, &r.outcome.unmatched_bank),
        ledger_rows: rows(&r.book, &r.outcome.unmatched_book),
    }
}

fn flags(r: &Reconciliation) -> impl Serialize + '_ {
    Seq(move || r.outcome.flags.iter().map(move |f| FlagDoc::new(r, f)))
}

struct StatementDoc<'a>(&'a Reconciliation);

impl Serialize for StatementDoc<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let s = &self.0.statement;
        let money = |c: i64| format_cents(c);
        let mut map = ser.serialize_map(Some(13))?;
        map.serialize_entry("as_of", &s.as_of)?;
        map.serialize_entry("book_balance", &money(s.book_balance_cents))?;
        map.serialize_entry("bank_balance", &money(s.bank_balance_cents))?;
        map.serialize_entry("book_balance_known", &s.book_balance_known)?;
        map.serialize_entry("bank_balance_known", &s.bank_balance_known)?;
        for (key, section) in [
            ("bank_received_book_not", &s.bank_received_book_not),
            ("bank_paid_book_not", &s.bank_paid_book_not),
            ("book_received_bank_not", &s.book_received_bank_not),
            ("book_paid_bank_not", &s.book_paid_bank_not),
        ] {
            map.serialize_entry(key, &money(section.total_cents))?;
        }
        map.serialize_entry(
            "adjusted_book_balance",
            &money(s.adjusted_book_balance_cents),
        )?;
        map.serialize_entry(
            "adjusted_bank_balance",
            &money(s.adjusted_bank_balance_cents),
        )?;
        map.serialize_entry("balanced", &s.balanced)?;
        map.serialize_entry(
            "items",
            &Items {
                bank_received_book_not: items(&s.bank_received_book_not),
                bank_paid_book_not: items(&s.bank_paid_book_not),
                book_received_bank_not: items(&s.book_received_bank_not),
                book_paid_bank_not: items(&s.book_paid_bank_not),
            },
        )?;
        map.end()
    }
}

/// Writes one match exactly as the derived [`MatchDoc`] serialises it (compact), without
/// going through serde for the parts that are the same in every match: the keys, the
/// status and code names, the score (from a table) and the rows. The reason is written into
/// `text` first and escaped once (through `collect_str` each of its pieces was escaped on
/// its own); the parameters still go through serde. A test compares the bytes with the
/// derived serialiser's.
fn write_match(
    buf: &mut Vec<u8>,
    text: &mut String,
    rows_of: &RowNumbers,
    m: &Match,
) -> serde_json::Result<()> {
    use std::fmt::Write as _;
    let rows = |buf: &mut Vec<u8>, lines: &[u32], idx: &[usize]| {
        let mut ints = itoa::Buffer::new();
        buf.push(b'[');
        let mut write_row = |buf: &mut Vec<u8>, i: usize, row: u32| {
            if i > 0 {
                buf.push(b',');
            }
            buf.extend_from_slice(ints.format(row).as_bytes());
        };
        match idx {
            [one] => {
                if let Some(row) = lines.get(*one) {
                    write_row(buf, 0, *row);
                }
            }
            many => {
                let mut sorted: Vec<u32> =
                    many.iter().filter_map(|i| lines.get(*i)).copied().collect();
                sorted.sort_unstable();
                for (i, row) in sorted.into_iter().enumerate() {
                    write_row(buf, i, row);
                }
            }
        }
        buf.push(b']');
    };
    buf.extend_from_slice(br#"{"bank_rows":"#);
    rows(buf, &rows_of.bank, &m.bank);
    buf.extend_from_slice(br#","ledger_rows":"#);
    rows(buf, &rows_of.book, &m.book);
    buf.extend_from_slice(br#","status":""#);
    buf.extend_from_slice(status_name(m.status).as_bytes());
    buf.extend_from_slice(br#"","score":"#);
    buf.extend_from_slice(score_json(m.score));
    buf.extend_from_slice(br#","reason":"#);
    text.clear();
    // Writing to a String cannot fail.
    let _ = write!(text, "{}", m.reason());
    write_str(buf, text)?;
    buf.extend_from_slice(br#","reason_code":""#);
    buf.extend_from_slice(reason_code_name(m.code).as_bytes());
    buf.extend_from_slice(br#"","params":"#);
    write_params(buf, &m.params)?;
    buf.extend_from_slice(br#","difference":""#);
    text.clear();
    let _ = write!(text, "{}", Cents(m.difference_cents));
    buf.extend_from_slice(text.as_bytes());
    buf.extend_from_slice(b"\"}");
    Ok(())
}

/// A JSON string: copied as it is when nothing in it needs escaping (the usual reason),
/// else escaped by `serde_json`.
fn write_str(buf: &mut Vec<u8>, s: &str) -> serde_json::Result<()> {
    if s.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
        return serde_json::to_writer(&mut *buf, s);
    }
    buf.push(b'"');
    buf.extend_from_slice(s.as_bytes());
    buf.push(b'"');
    Ok(())
}

/// The snake_case name `serde` gives a reason code.
fn reason_code_name(code: ReasonCode) -> &'static str {
    match code {
        ReasonCode::OneToOne => "one_to_one",
        ReasonCode::ManyBankToOneBook => "many_bank_to_one_book",
        ReasonCode::OneBankToManyBook => "one_bank_to_many_book",
        ReasonCode::WithinTolerance => "within_tolerance",
        ReasonCode::ManyToMany => "many_to_many",
        ReasonCode::Manual => "manual",
    }
}

/// [`ReasonParams`] as its derived `Serialize` writes it: the fields in declaration order,
/// absent ones (and a false `search_capped`) left out.
fn write_params(buf: &mut Vec<u8>, p: &ReasonParams) -> serde_json::Result<()> {
    let mut ints = itoa::Buffer::new();
    let mut first = true;
    let mut key = |buf: &mut Vec<u8>, name: &str| {
        buf.extend_from_slice(if first { b"{\"" } else { b",\"" });
        first = false;
        buf.extend_from_slice(name.as_bytes());
        buf.extend_from_slice(b"\":");
    };
    if let Some(v) = p.days_apart {
        key(buf, "days_apart");
        buf.extend_from_slice(ints.format(v).as_bytes());
    }
    if let Some(v) = p.similarity {
        key(buf, "similarity");
        buf.extend_from_slice(ints.format(v).as_bytes());
    }
    if let Some(v) = &p.reference {
        key(buf, "reference");
        write_str(buf, v)?;
    }
    if let Some(v) = p.parts {
        key(buf, "parts");
        buf.extend_from_slice(ints.format(v).as_bytes());
    }
    if let Some(v) = p.combinations {
        key(buf, "combinations");
        buf.extend_from_slice(ints.format(v).as_bytes());
    }
    if p.search_capped {
        key(buf, "search_capped");
        buf.extend_from_slice(b"true");
    }
    if let Some(v) = p.competitor {
        key(buf, "competitor");
        buf.extend_from_slice(ints.format(v).as_bytes());
    }
    if first {
        buf.push(b'{');
    }
    buf.push(b'}');
    Ok(())
}

/// Each line's physical row, by line index: read once in order, so that writing the
/// matches (whose lines are all over both sides) looks rows up in a small array instead of
/// in the lines themselves.
struct RowNumbers {
    bank: Vec<u32>,
    book: Vec<u32>,
}

impl RowNumbers {
    fn new(r: &Reconciliation) -> Self {
        let rows = |lines: &[Line]| lines.iter().map(|l| l.source.row).collect();
        Self {
            bank: rows(&r.bank),
            book: rows(&r.book),
        }
    }
}

/// The JSON text of [`score_of`] for every per-mille value, built once.
fn score_json(permille: u16) -> &'static [u8] {
    static TABLE: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        (0..=1000)
            .map(|p| serde_json::to_vec(&score(p)).unwrap_or_else(|_| b"null".to_vec()))
            .collect()
    });
    table
        .get(usize::from(permille.min(1000)))
        .map_or(b"null", Vec::as_slice)
}

/// From this many matches on, the compact document is written on two threads.
const PARALLEL_FROM: usize = 4096;

/// Matches serialised per piece by [`write_pipelined`] (about 1 MB of text).
const PIECE: usize = 4096;

/// Writes the JSON document of a reconciliation to `w`, streamed (compact, or indented when
/// `pretty`). Give it a buffered writer. A large compact document is serialised on a second
/// thread while this one writes (the same bytes as on one thread).
///
/// # Errors
/// When writing fails.
pub fn write_json(r: &Reconciliation, w: impl Write, pretty: bool) -> serde_json::Result<()> {
    if pretty {
        serde_json::to_writer_pretty(w, &Document(r))
    } else if r.outcome.matches.len() >= PARALLEL_FROM {
        write_pipelined(r, w, PIECE)
    } else {
        serde_json::to_writer(w, &Document(r))
    }
}

/// The compact document, serialised piece by piece (`piece` matches at a time, then
/// everything after the matches) on a second thread, while this thread writes each finished
/// piece to `w`. Serialising and writing overlap: at 50,000 lines a side the document is
/// 12 MB and writing it into a new file costs more than serialising it.
fn write_pipelined(r: &Reconciliation, mut w: impl Write, piece: usize) -> serde_json::Result<()> {
    // Written pieces come back to be filled again: fresh memory is what costs most here.
    let (give_back, take_back) = std::sync::mpsc::channel::<Vec<u8>>();
    let serialise = |send: std::sync::mpsc::SyncSender<Vec<u8>>,
                     take_back: std::sync::mpsc::Receiver<Vec<u8>>|
     -> serde_json::Result<()> {
        let mut first = true;
        let mut buf = br#"{"matches":["#.to_vec();
        let mut text = String::new();
        let rows_of = RowNumbers::new(r);
        for chunk in r.outcome.matches.chunks(piece.max(1)) {
            for m in chunk {
                if !first {
                    buf.push(b',');
                }
                first = false;
                write_match(&mut buf, &mut text, &rows_of, m)?;
            }
            let empty = take_back.try_recv().map_or_else(
                |_| Vec::with_capacity(piece * 256),
                |mut used| {
                    used.clear();
                    used
                },
            );
            let full = std::mem::replace(&mut buf, empty);
            if send.send(full).is_err() {
                return Ok(()); // the writer stopped on an error: it reports it
            }
        }
        buf.extend_from_slice(br#"],"unmatched":"#);
        serde_json::to_writer(&mut buf, &unmatched(r))?;
        buf.extend_from_slice(br#","flags":"#);
        serde_json::to_writer(&mut buf, &flags(r))?;
        buf.extend_from_slice(br#","statement":"#);
        serde_json::to_writer(&mut buf, &StatementDoc(r))?;
        buf.push(b'}');
        let _ = send.send(buf);
        Ok(())
    };
    std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel::<Vec<u8>>(4);
        let producer = scope.spawn(move || serialise(send, take_back));
        for piece in receive {
            w.write_all(&piece).map_err(serde_json::Error::io)?;
            // The serialiser may have finished already: then the piece is simply freed.
            let _ = give_back.send(piece);
        }
        // A panic on the other thread is a bug; report it as an I/O error, not a panic.
        producer.join().unwrap_or_else(|_| {
            Err(serde_json::Error::io(std::io::Error::other(
                "the JSON writer thread failed",
            )))
        })
    })
}

/// The JSON document of a reconciliation as a [`Value`] (keys sorted). Prefer
/// [`write_json`] for large reconciliations.
#[must_use]
pub fn to_json(r: &Reconciliation) -> Value {
    // Cannot fail: every map key is a string and every value serialisable.
    serde_json::to_value(Document(r)).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_render_from_integers() {
        assert_eq!(score_number(970).to_string(), "0.97");
        assert_eq!(score_number(1000).to_string(), "1");
        assert_eq!(score_number(5).to_string(), "0.005");
        assert_eq!(score_number(0).to_string(), "0");
        for p in [0, 5, 970, 999, 1000, 1200] {
            assert_eq!(score_of(p), score(p));
        }
    }

    fn generated(lines: usize) -> Reconciliation {
        let start = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        let s = crate::synth::generate(7, lines, start);
        let no = crate::ImportOptions::default();
        crate::reconcile_files(
            ("bank.csv", &s.bank_csv()),
            ("book.csv", &s.book_csv()),
            &no,
            &no,
            (None, None),
            &crate::MatchConfig::default(),
        )
        .unwrap()
    }

    #[test]
    fn hand_written_match_is_the_derived_one() {
        let r = generated(200);
        let base = r.outcome.matches[0].clone();
        let mut variants = vec![base.clone()];
        for (i, status) in [MatchStatus::Suggested, MatchStatus::Confirmed]
            .into_iter()
            .enumerate()
        {
            let mut m = base.clone();
            m.status = status;
            m.score = [0, 5, 999, 1000, 1200][i];
            m.difference_cents = -123_456;
            m.code = ReasonCode::WithinTolerance;
            m.params = ReasonParams {
                days_apart: Some(-3),
                similarity: Some(0),
                reference: Some("A\"B\\C\u{1}\n发票".to_owned()),
                parts: Some(4),
                combinations: Some(2),
                search_capped: true,
                competitor: Some(640),
            };
            variants.push(m);
        }
        for code in [
            ReasonCode::OneToOne,
            ReasonCode::ManyBankToOneBook,
            ReasonCode::OneBankToManyBook,
            ReasonCode::WithinTolerance,
            ReasonCode::ManyToMany,
            ReasonCode::Manual,
        ] {
            let mut m = base.clone();
            m.code = code;
            m.params = ReasonParams::default();
            variants.push(m.clone());
            m.params.search_capped = true;
            m.params.reference = Some("INV-2025001".to_owned());
            variants.push(m);
        }
        let mut many = base;
        many.bank = r
            .outcome
            .matches
            .iter()
            .take(5)
            .flat_map(|m| m.bank.clone())
            .collect();
        many.bank.reverse();
        many.book = Vec::new();
        many.code = ReasonCode::ManyToMany;
        variants.push(many);
        let mut text = String::new();
        let rows_of = RowNumbers::new(&r);
        for m in &variants {
            let mut fast = Vec::new();
            write_match(&mut fast, &mut text, &rows_of, m).unwrap();
            let derived = serde_json::to_vec(&MatchDoc::new(&r, m)).unwrap();
            assert_eq!(
                String::from_utf8(fast).unwrap(),
                String::from_utf8(derived).unwrap()
            );
        }
    }

    #[test]
    fn pipelined_writer_writes_the_serial_bytes() {
        let r = generated(600);
        assert!(r.outcome.matches.len() > 100, "a real mix of matches");
        assert!(!r.outcome.flags.is_empty());
        assert!(r.outcome.matches.iter().any(|m| m.bank.len() > 1));
        let mut serial = Vec::new();
        serde_json::to_writer(&mut serial, &Document(&r)).unwrap();
        for piece in [1, 7, 100_000] {
            let mut pipelined = Vec::new();
            write_pipelined(&r, &mut pipelined, piece).unwrap();
            assert_eq!(
                String::from_utf8(pipelined).unwrap(),
                String::from_utf8(serial.clone()).unwrap(),
                "{piece} matches a piece"
            );
        }
        // And the streamed document is the tree's.
        let tree: Value = serde_json::from_slice(&serial).unwrap();
        assert_eq!(tree, to_json(&r));
        assert_eq!(
            tree["matches"][0]["reason"],
            r.outcome.matches[0].reason_text()
        );
    }

    #[test]
    fn pipelined_writer_handles_no_matches_and_write_errors() {
        let mut r = generated(40);
        r.outcome.matches.clear();
        let (mut serial, mut pipelined) = (Vec::new(), Vec::new());
        serde_json::to_writer(&mut serial, &Document(&r)).unwrap();
        write_pipelined(&r, &mut pipelined, 3).unwrap();
        assert_eq!(serial, pipelined);
        let r = generated(120);
        struct Full;
        impl Write for Full {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::Error::other("disk full"))
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let err = write_pipelined(&r, Full, 2).unwrap_err();
        assert!(err.is_io(), "{err}");
    }

    #[test]
    fn pretty_output_has_the_same_content() {
        let r = generated(120);
        let (mut compact, mut pretty) = (Vec::new(), Vec::new());
        write_json(&r, &mut compact, false).unwrap();
        write_json(&r, &mut pretty, true).unwrap();
        assert!(pretty.len() > compact.len());
        let a: Value = serde_json::from_slice(&compact).unwrap();
        let b: Value = serde_json::from_slice(&pretty).unwrap();
        assert_eq!(a, b);
    }
}
