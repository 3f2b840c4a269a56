//! Turns a [`Table`] into an [`Import`]: mapping resolution, row conversion, direction
//! inference from the running balance, balance breaks.

use chrono::NaiveDate;

use super::book::{self, BookRowKind};
use super::detect::{self, AmountColumns, ColumnMapping, HeaderFound, Role};
use super::table::{Cells, Row, Table};
use crate::dates::{date_from_parts, parse_date};
use crate::error::ImportError;
use crate::model::{BalanceBreak, Import, Line, Side, SkippedRow, SourceRef};
use crate::money::{normalise_text, parse_amount, trim_ascii_bytes};

/// Imports a table as `side`, detecting the layout, or applying `mapping` when given (its
/// header row is found again by fingerprint).
///
/// # Errors
/// [`ImportError`] with the row and reason when a row cannot be read, or when no header
/// is found.
pub fn import_table(
    table: &Table,
    side: Side,
    format: &str,
    mapping: Option<&ColumnMapping>,
) -> Result<Import, ImportError> {
    let (mut importer, header_index) = RowImporter::new(table, side, format, mapping)?;
    for (row, cells) in table.rows.get(header_index + 1..).unwrap_or_default() {
        importer.push(*row, cells)?;
    }
    importer.finish()
}

/// Converts data rows one at a time (so that large CSV files are streamed, not held).
#[derive(Debug)]
pub struct RowImporter {
    file: String,
    /// The file name every line refers to (shared).
    source_file: std::sync::Arc<str>,
    sheet: Option<String>,
    side: Side,
    format: String,
    mapping: ColumnMapping,
    year_hint: Option<i32>,
    lines: Vec<Line>,
    skipped: Vec<SkippedRow>,
    opening: Option<i64>,
    /// Lines of a split layout with a negative number in a column, and the amount under
    /// the other reading (a reversal −100 in 借方 = money back in, rather than out).
    alternatives: Vec<(usize, i64)>,
}

impl RowImporter {
    /// Detects the header and columns on `head` (the first rows of the file, at least the
    /// header and a sample of data rows). Returns the importer and the header's index in
    /// `head.rows`; the caller pushes the rows after it.
    ///
    /// # Errors
    /// [`ImportError::NoHeader`] or [`ImportError::MappingMismatch`].
    pub fn new(
        head: &Table,
        side: Side,
        format: &str,
        mapping: Option<&ColumnMapping>,
    ) -> Result<(Self, usize), ImportError> {
        let (header_index, mapping) = match mapping {
            Some(m) => {
                let idx =
                    detect::find_header_by_fingerprint(head, &m.fingerprint).ok_or_else(|| {
                        ImportError::MappingMismatch {
                            file: head.file.clone(),
                            reason: format!("no header row with fingerprint {}", m.fingerprint),
                        }
                    })?;
                (idx, m.clone())
            }
            None => {
                let no_header = || ImportError::NoHeader {
                    file: head.file.clone(),
                };
                let found = detect::find_header(head).ok_or_else(no_header)?;
                let m = resolve_mapping(head, &found, side).ok_or_else(no_header)?;
                (found.index, m)
            }
        };
        let preamble = head.rows.get(..header_index).unwrap_or_default();
        let importer = Self {
            file: head.file.clone(),
            source_file: head.file.as_str().into(),
            sheet: head.sheet.clone(),
            side,
            format: format.to_owned(),
            mapping,
            year_hint: book::year_in_preamble(preamble),
            lines: Vec::new(),
            skipped: Vec::new(),
            opening: None,
            alternatives: Vec::new(),
        };
        Ok((importer, header_index))
    }

    /// Makes room for about `rows` more lines at once. Room never used is never touched,
    /// so a generous estimate costs nothing, while growing by doubling copied every line
    /// several times into fresh memory.
    pub fn reserve(&mut self, rows: usize) {
        self.lines.reserve(rows);
    }

    fn bad(&self, row: u32, reason: String) -> ImportError {
        ImportError::BadRow {
            file: self.file.clone(),
            row,
            reason,
        }
    }

    fn skip(&mut self, row: u32, reason: &str) {
        self.skipped.push(SkippedRow {
            row,
            reason: reason.to_owned(),
        });
    }

    /// Converts one data row.
    ///
    /// # Errors
    /// [`ImportError::BadRow`] when the row holds a value that cannot be read.
    pub fn push(&mut self, row: u32, cells: &impl Row) -> Result<(), ImportError> {
        let blank = |c: &str| {
            c.trim()
                .trim_matches(|x: char| x == '-' || x == '—')
                .trim()
                .is_empty()
        };
        if cells.cells().all(blank) {
            return Ok(());
        }
        let kind = match self.side {
            Side::Book => book::classify_row(cells),
            Side::Bank if book::is_bank_total(cells) => BookRowKind::Total,
            Side::Bank => BookRowKind::Entry,
        };
        match kind {
            BookRowKind::Total => {
                self.skip(row, "total");
                return Ok(());
            }
            BookRowKind::Opening => {
                if self.opening.is_none() {
                    self.opening =
                        balance_of(cells, &self.mapping).map_err(|r| self.bad(row, r))?;
                }
                self.skip(row, "opening_balance");
                return Ok(());
            }
            BookRowKind::Entry => {}
        }
        let m = &self.mapping;
        let amount = amount_of(cells, m).map_err(|reason| self.bad(row, reason))?;
        let alternative = signed_split_amount(cells, m).filter(|alt| Some(*alt) != amount);
        let date = date_of(cells, m, self.year_hint);
        let (date, amount) = match (date, amount) {
            (Some(d), Some(a)) => (d, a),
            (None, None) => {
                self.skip(row, "no_date");
                return Ok(());
            }
            (None, Some(_)) => {
                let shown = m.date.map_or("", |c| Table::cell(cells, c));
                return Err(self.bad(row, format!("not a date: {:?}", shown.trim())));
            }
            (Some(_), None) => return Err(self.bad(row, "no amount".to_owned())),
        };
        if amount == 0 {
            self.skip(row, "zero_amount");
            return Ok(());
        }
        let balance = balance_of(cells, m).unwrap_or(None);
        let text = |c: Option<usize>| c.map_or_else(String::new, |c| clean(Table::cell(cells, c)));
        let mut memo = String::new();
        for c in &m.memo {
            let part = clean(Table::cell(cells, *c));
            if !part.is_empty() {
                if !memo.is_empty() {
                    memo.push(' ');
                }
                memo.push_str(&part);
            }
        }
        let line = Line {
            source: SourceRef {
                file: std::sync::Arc::clone(&self.source_file),
                sheet: self.sheet.clone(),
                row,
            },
            date,
            value_date: m.value_date.and_then(|c| parse_date(Table::cell(cells, c))),
            amount_cents: amount,
            balance_cents: balance,
            counterparty_name: text(m.counterparty_name),
            counterparty_account: text(m.counterparty_account),
            memo,
            serial: text(m.serial),
        };
        if let Some(alt) = alternative {
            self.alternatives.push((self.lines.len(), alt));
        }
        self.lines.push(line);
        Ok(())
    }

    /// Finishes: direction from the running balance, balance breaks, opening and closing.
    ///
    /// # Errors
    /// [`ImportError::Empty`] when no row was a transaction.
    pub fn finish(self) -> Result<Import, ImportError> {
        let Self {
            file,
            side,
            format,
            mut mapping,
            mut lines,
            skipped,
            opening,
            alternatives,
            ..
        } = self;
        if lines.is_empty() {
            return Err(ImportError::Empty { file });
        }
        let check = check_balances(&lines);
        if check.negate {
            mapping.negate = !mapping.negate;
            for l in &mut lines {
                l.amount_cents = -l.amount_cents;
            }
        }
        if check.negate {
            resolve_negative_cells(&mut lines, &alternatives, check.descending, -1);
        } else {
            resolve_negative_cells(&mut lines, &alternatives, check.descending, 1);
        }
        mapping.balance_pairs_consistent = check.consistent;
        mapping.balance_pairs_checked = check.checked;
        let mut import = Import {
            side,
            file,
            format,
            lines,
            opening_balance_cents: opening,
            closing_balance_cents: None,
            descending: check.descending,
            balance_breaks: Vec::new(),
            skipped,
            mapping: Some(mapping),
        };
        finish_balances(&mut import);
        Ok(import)
    }
}

/// Trims padding and turns placeholder dashes into empty text.
#[must_use]
pub fn clean(s: &str) -> String {
    match clean_plain(s) {
        Some(plain) => plain.to_owned(),
        None => clean_full(s),
    }
}

/// [`clean`] of any text: characters mapped, whitespace runs joined.
fn clean_full(s: &str) -> String {
    let t = normalise_text(s);
    let dash = |c: char| c == '-' || c == '—';
    // One byte pass (no char decoding): a tab or line break, or two spaces in a row.
    let mut needs_join = false;
    let mut prev_space = false;
    for b in t.bytes() {
        match b {
            b'\t' | b'\n' | b'\r' => {
                needs_join = true;
                break;
            }
            b' ' if prev_space => {
                needs_join = true;
                break;
            }
            _ => prev_space = b == b' ',
        }
    }
    if !needs_join {
        return t.trim_matches(dash).trim().to_owned();
    }
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    t.trim_matches(dash).trim().to_owned()
}

/// Byte classes for [`clean_plain`]: 0 ordinary, 1 a space, 2 a byte after which [`clean`]
/// needs its full path: ASCII control whitespace, and the lead bytes of every character
/// [`normalise_text`] maps or Unicode counts as whitespace (U+0085, U+00A0 → 0xC2; U+1680 →
/// 0xE1; U+2000–U+205F, including the dashes → 0xE2; U+3000 and 。 → 0xE3; full-width forms,
/// BOM → 0xEF). A table: one load per byte.
// Indexing is by `i < 256` into a 256-entry table, in a const block.
#[allow(clippy::indexing_slicing, clippy::cast_possible_truncation)]
const CLEAN_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = match i as u8 {
            b' ' => 1,
            b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | 0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF => 2,
            _ => 0,
        };
        i += 1;
    }
    t
};

/// [`clean`] of the common cell in one byte pass: nothing to map, no run of spaces, so the
/// only padding is ASCII spaces and dashes at the ends. `None`: take the full path.
fn clean_plain(s: &str) -> Option<&str> {
    let mut prev_space = false;
    for &b in s.as_bytes() {
        match CLEAN_CLASS.get(usize::from(b)).copied().unwrap_or(2) {
            0 => prev_space = false,
            1 if !prev_space => prev_space = true,
            _ => return None,
        }
    }
    let t = trim_ascii_bytes(s, |b| b == b' ');
    let t = trim_ascii_bytes(t, |b| b == b'-');
    Some(trim_ascii_bytes(t, |b| b == b' '))
}

fn resolve_mapping(table: &Table, found: &HeaderFound, side: Side) -> Option<ColumnMapping> {
    let header_cells = &table.rows.get(found.index)?.1;
    let data: Vec<&Cells> = table
        .rows
        .iter()
        .skip(found.index + 1)
        .take(200)
        .map(|(_, c)| c)
        .collect();
    let cols = |role: Role| -> Vec<usize> {
        found
            .roles
            .iter()
            .enumerate()
            .filter(|(_, r)| **r == Some(role))
            .map(|(i, _)| i)
            .collect()
    };
    let amount_hits = |c: usize| {
        data.iter()
            .filter(|r| matches!(parse_amount(Table::cell(**r, c)), Ok(Some(v)) if v != 0))
            .count()
    };
    let date_hits = |c: usize| {
        data.iter()
            .filter(|r| parse_date(Table::cell(**r, c)).is_some())
            .count()
    };
    let best_amount = |role: Role| {
        cols(role)
            .into_iter()
            .max_by_key(|c| (amount_hits(*c), usize::MAX - c))
    };
    let best_date = |role: Role| {
        cols(role)
            .into_iter()
            .filter(|c| date_hits(*c) > 0)
            .max_by_key(|c| (date_hits(*c), usize::MAX - c))
    };
    let first = |role: Role| cols(role).into_iter().next();

    let mut date = best_date(Role::Date);
    let time = first(Role::Time);
    if date.is_none() {
        date = best_date(Role::Time);
    }
    let (year, month, day) = (first(Role::Year), first(Role::Month), first(Role::Day));
    if date.is_none() && (month.is_none() || day.is_none()) {
        return None;
    }
    let amount = if let (Some(i), Some(o)) = (best_amount(Role::Income), best_amount(Role::Expense))
    {
        AmountColumns::Split {
            inflow: i,
            outflow: o,
        }
    } else if let (Some(d), Some(c)) = (best_amount(Role::Debit), best_amount(Role::Credit)) {
        // Bank statements: 借方 = money out; ledgers: 借方 = money in. The running balance
        // check below flips this when the file says otherwise.
        match side {
            Side::Bank => AmountColumns::Split {
                inflow: c,
                outflow: d,
            },
            Side::Book => AmountColumns::Split {
                inflow: d,
                outflow: c,
            },
        }
    } else if let Some(a) = best_amount(Role::Amount)
        .or_else(|| best_amount(Role::Income))
        .or_else(|| best_amount(Role::Debit))
        .or_else(|| best_amount(Role::Credit))
        .or_else(|| best_amount(Role::Expense))
    {
        let flag = first(Role::Flag).or_else(|| match side {
            Side::Bank => first(Role::BalanceDirection),
            Side::Book => None,
        });
        match flag {
            Some(f) => AmountColumns::Flag { column: a, flag: f },
            None => AmountColumns::Signed { column: a },
        }
    } else {
        return None;
    };
    let mut memo = cols(Role::Memo);
    let counterparty_name = first(Role::CounterpartyName).or_else(|| first(Role::ContraAccount));
    if let Some(contra) = first(Role::ContraAccount) {
        if Some(contra) != counterparty_name {
            memo.push(contra);
        }
    }
    Some(ColumnMapping {
        fingerprint: detect::fingerprint(header_cells),
        headers: header_cells
            .iter()
            .map(|h| normalise_text(h).into_owned())
            .collect(),
        header_row: table.rows.get(found.index).map_or(0, |(r, _)| *r),
        date,
        time: if time == date { None } else { time },
        value_date: first(Role::ValueDate),
        year,
        month,
        day,
        amount,
        negate: false,
        balance: best_amount(Role::Balance),
        balance_direction: match side {
            Side::Book => first(Role::BalanceDirection),
            Side::Bank => None,
        },
        counterparty_name,
        counterparty_account: first(Role::CounterpartyAccount),
        memo,
        serial: first(Role::Serial).or_else(|| first(Role::Voucher)),
        balance_pairs_consistent: 0,
        balance_pairs_checked: 0,
    })
}

fn date_of(cells: &impl Row, m: &ColumnMapping, year_hint: Option<i32>) -> Option<NaiveDate> {
    if let Some(c) = m.date {
        if let Some(d) = parse_date(Table::cell(cells, c)) {
            return Some(d);
        }
    }
    let (month, day) = (m.month?, m.day?);
    let year_text = match m.year {
        Some(y) => Table::cell(cells, y).to_owned(),
        None => year_hint?.to_string(),
    };
    date_from_parts(
        &year_text,
        Table::cell(cells, month),
        Table::cell(cells, day),
    )
}

/// The amount of a row with the mapping's convention (before the balance check).
fn amount_of(cells: &impl Row, m: &ColumnMapping) -> Result<Option<i64>, String> {
    let read = |c: usize| {
        parse_amount(Table::cell(cells, c)).map_err(|e| format!("column {}: {e}", c + 1))
    };
    let value = match m.amount {
        AmountColumns::Split { inflow, outflow } => match (read(inflow)?, read(outflow)?) {
            (None, None) => None,
            (i, o) => Some(i.unwrap_or(0).abs() - o.unwrap_or(0).abs()),
        },
        AmountColumns::Signed { column } => read(column)?,
        AmountColumns::Flag { column, flag } => match read(column)? {
            None => None,
            Some(a) => {
                let sign = flag_sign(Table::cell(cells, flag)).ok_or_else(|| {
                    format!("unknown 借贷 flag {:?}", Table::cell(cells, flag).trim())
                })?;
                Some(a.abs() * sign)
            }
        },
    };
    Ok(value.map(|v| if m.negate { -v } else { v }))
}

/// For split layouts: the amount reading negative cells as signed (`in − out` without
/// taking magnitudes), when that differs from the default reading.
fn signed_split_amount(cells: &impl Row, m: &ColumnMapping) -> Option<i64> {
    let AmountColumns::Split { inflow, outflow } = m.amount else {
        return None;
    };
    let i = parse_amount(Table::cell(cells, inflow)).ok().flatten();
    let o = parse_amount(Table::cell(cells, outflow)).ok().flatten();
    if i.unwrap_or(0) >= 0 && o.unwrap_or(0) >= 0 {
        return None;
    }
    let v = i.unwrap_or(0) - o.unwrap_or(0);
    Some(if m.negate { -v } else { v })
}

/// A negative number in a 借方/贷方 (收入/支出) column means either "a debit written with a
/// sign" or "a reversal". The running balance decides, line by line: the reading under which
/// the balance follows from the neighbouring line wins (default: magnitude).
fn resolve_negative_cells(
    lines: &mut [Line],
    alternatives: &[(usize, i64)],
    descending: bool,
    sign: i64,
) {
    for &(i, alt) in alternatives {
        let alt = alt * sign;
        let neighbour = if descending {
            i.checked_add(1)
        } else {
            i.checked_sub(1)
        };
        let prev_balance = neighbour
            .and_then(|n| lines.get(n))
            .and_then(|l| l.balance_cents);
        let Some(line) = lines.get_mut(i) else {
            continue;
        };
        let (Some(prev), Some(bal)) = (prev_balance, line.balance_cents) else {
            continue;
        };
        let fits = |amount: i64| prev.checked_add(amount) == Some(bal);
        if !fits(line.amount_cents) && fits(alt) {
            line.amount_cents = alt;
        }
    }
}

/// Bank convention: 贷/Cr/收/入 = money in (+1), 借/Dr/支/出 = money out (−1).
fn flag_sign(s: &str) -> Option<i64> {
    let t = normalise_text(s).to_lowercase();
    let t = t.trim();
    if t.starts_with('贷')
        || t.starts_with("cr")
        || t.starts_with('c')
        || t.starts_with('收')
        || t.starts_with('入')
        || t == "+"
    {
        Some(1)
    } else if t.starts_with('借')
        || t.starts_with("dr")
        || t.starts_with('d')
        || t.starts_with('支')
        || t.starts_with('出')
        || t == "-"
    {
        Some(-1)
    } else {
        None
    }
}

fn balance_of(cells: &impl Row, m: &ColumnMapping) -> Result<Option<i64>, String> {
    let Some(c) = m.balance else { return Ok(None) };
    let Some(v) = parse_amount(Table::cell(cells, c)).ok().flatten() else {
        return Ok(None);
    };
    let sign = match m.balance_direction {
        Some(d) => match book::balance_direction(Table::cell(cells, d)) {
            Some(s) => s,
            None if Table::cell(cells, d).trim().is_empty() => 1,
            None => {
                return Err(format!(
                    "unknown balance direction {:?}",
                    Table::cell(cells, d).trim()
                ))
            }
        },
        None => 1,
    };
    Ok(Some(v * sign))
}

/// What the running balance says about a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BalanceCheck {
    /// Amounts should be negated.
    pub negate: bool,
    /// Lines are newest first.
    pub descending: bool,
    /// Pairs that hold under the chosen hypothesis.
    pub consistent: u32,
    /// Pairs with both balances.
    pub checked: u32,
}

/// Tries the four hypotheses (sign × order) and keeps the one under which most consecutive
/// balances hold; ties keep the column names' direction and the order of the dates.
#[must_use]
pub fn check_balances(lines: &[Line]) -> BalanceCheck {
    let (mut asc_pos, mut asc_neg, mut desc_pos, mut desc_neg, mut checked) =
        (0u32, 0u32, 0u32, 0u32, 0u32);
    for w in lines.windows(2) {
        let [a, b] = w else { continue };
        let (Some(ba), Some(bb)) = (a.balance_cents, b.balance_cents) else {
            continue;
        };
        checked += 1;
        asc_pos += u32::from(ba.checked_add(b.amount_cents) == Some(bb));
        asc_neg += u32::from(ba.checked_sub(b.amount_cents) == Some(bb));
        desc_pos += u32::from(bb.checked_add(a.amount_cents) == Some(ba));
        desc_neg += u32::from(bb.checked_sub(a.amount_cents) == Some(ba));
    }
    let dates_desc = match (lines.first(), lines.last()) {
        (Some(f), Some(l)) => f.date > l.date,
        _ => false,
    };
    let best_pos = asc_pos.max(desc_pos);
    let best_neg = asc_neg.max(desc_neg);
    let negate = best_neg > best_pos;
    let (asc, desc) = if negate {
        (asc_neg, desc_neg)
    } else {
        (asc_pos, desc_pos)
    };
    let descending = if asc == desc { dates_desc } else { desc > asc };
    BalanceCheck {
        negate,
        descending,
        consistent: asc.max(desc),
        checked,
    }
}

/// Fills the breaks, opening and closing balances from the (final) lines.
pub fn finish_balances(import: &mut Import) {
    let chrono: Vec<&Line> = if import.descending {
        import.lines.iter().rev().collect()
    } else {
        import.lines.iter().collect()
    };
    let mut breaks = Vec::new();
    for w in chrono.windows(2) {
        let [a, b] = w else { continue };
        if let (Some(ba), Some(bb)) = (a.balance_cents, b.balance_cents) {
            let expected = ba.saturating_add(b.amount_cents);
            if expected != bb {
                breaks.push(BalanceBreak {
                    previous_row: a.source.row,
                    row: b.source.row,
                    expected_cents: expected,
                    found_cents: bb,
                });
            }
        }
    }
    import.balance_breaks = breaks;
    if import.opening_balance_cents.is_none() {
        if let Some(first) = chrono.first() {
            import.opening_balance_cents = first
                .balance_cents
                .map(|b| b.saturating_sub(first.amount_cents));
        }
    }
    if import.closing_balance_cents.is_none() {
        import.closing_balance_cents = chrono.last().and_then(|l| l.balance_cents);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags() {
        assert_eq!(flag_sign("贷 Cr"), Some(1));
        assert_eq!(flag_sign("借 Dr"), Some(-1));
        assert_eq!(flag_sign("x"), None);
    }

    #[test]
    fn cleans_cells() {
        assert_eq!(clean("  义乌百川五金  "), "义乌百川五金");
        assert_eq!(clean(" - "), "");
        assert_eq!(clean("--"), "");
        assert_eq!(clean("- a -"), "a");
        assert_eq!(clean("a  b\tc"), "a b c");
        assert_eq!(clean("\u{3000}ＡＢＣ１２３\u{3000}"), "ABC123");
        assert_eq!(clean("—"), "");
        assert_eq!(clean("\u{feff}x"), "x");
    }

    proptest::proptest! {
        /// The one-pass path gives what the full path gives, on any mix of the characters
        /// the full path treats specially.
        #[test]
        fn plain_clean_agrees_with_full_clean(
            s in "[ a-z0-9\\-—\t\n\r\u{3000}\u{00a0}\u{2003}\u{feff}\u{200b}Ａ１，。收款公司]{0,12}"
        ) {
            let full = clean_full(&s);
            if let Some(plain) = clean_plain(&s) {
                proptest::prop_assert_eq!(plain, full.as_str());
            }
            proptest::prop_assert_eq!(clean(&s), full);
        }
    }
}
