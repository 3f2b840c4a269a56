//! Amounts as integer cents: parsing of the many ways Chinese bank and ledger exports write
//! them, and formatting as plain decimal strings.

/// Why a text is not an amount.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    /// Characters that do not belong in an amount.
    #[error("not an amount: {0:?}")]
    NotANumber(String),
    /// More than two decimals that are not zeros.
    #[error("more than two decimals: {0:?}")]
    TooPrecise(String),
    /// Too large for the supported range.
    #[error("amount out of range: {0:?}")]
    OutOfRange(String),
}

/// Maps full-width digits and punctuation to ASCII and drops padding (spaces, tabs,
/// ideographic spaces, zero-width and BOM characters).
#[must_use]
pub fn normalise_text(s: &str) -> std::borrow::Cow<'_, str> {
    let special = |c: char| {
        matches!(
            c,
            '\u{FF01}'
                ..='\u{FF5E}'
                    | '\u{3000}'
                    | '\u{3002}'
                    | '\u{00A0}'
                    | '\u{FEFF}'
                    | '\u{200B}'
                    | '\u{2212}'
                    | '\u{2013}'
                    | '\u{2014}'
        )
    };
    let trimmed = s.trim();
    // Every special character is encoded with one of these lead bytes: most cells (ASCII
    // digits, common hanzi) are settled by one byte scan without decoding.
    let may_be_special = trimmed
        .bytes()
        .any(|b| matches!(b, 0xC2 | 0xE2 | 0xE3 | 0xEF));
    if !may_be_special || !trimmed.contains(special) {
        return std::borrow::Cow::Borrowed(trimmed);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let mapped = match c {
            '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
                char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c)
            }
            '\u{FF0E}' | '\u{3002}' => '.',
            '\u{FF0C}' => ',',
            '\u{FF0D}' | '\u{2212}' | '\u{2014}' | '\u{2013}' => '-',
            '\u{FF0B}' => '+',
            '\u{FF08}' => '(',
            '\u{FF09}' => ')',
            '\u{FF1A}' => ':',
            '\u{FF0F}' => '/',
            '\u{3000}' | '\u{00A0}' => ' ',
            '\u{FEFF}' | '\u{200B}' => continue,
            other => other,
        };
        out.push(mapped);
    }
    std::borrow::Cow::Owned(out.trim().to_owned())
}

/// Parses an amount into signed cents.
///
/// Accepts thousands separators, `¥`/`￥`/`RMB`/`CNY`/`元`, full-width digits, a leading
/// `+`/`-`, parentheses or a trailing minus for negatives, padding and tabs. Empty text and
/// placeholder dashes (`-`, `--`, `—`) give `Ok(None)`.
///
/// # Errors
/// [`AmountError`] when the text is not an amount.
pub fn parse_amount(s: &str) -> Result<Option<i64>, AmountError> {
    if let Some(v) = parse_plain(s) {
        return Ok(Some(v));
    }
    let norm = normalise_text(s);
    let skip = |c: char| c.is_whitespace() || matches!(c, ',' | '¥' | '￥' | '元');
    let owned: String;
    let mut t: &str = if norm.contains(skip) {
        owned = norm.chars().filter(|c| !skip(*c)).collect();
        &owned
    } else {
        &norm
    };
    for prefix in ["RMB", "CNY", "rmb", "cny"] {
        if let Some(rest) = t.strip_prefix(prefix) {
            t = rest;
        }
    }
    if t.is_empty() || t.chars().all(|c| c == '-') {
        return Ok(None);
    }
    let mut negative = false;
    if t.starts_with('(') && t.ends_with(')') && t.len() >= 2 {
        negative = true;
        t = t.trim_start_matches('(').trim_end_matches(')');
    }
    if let Some(rest) = t.strip_suffix('-') {
        negative = !negative;
        t = rest;
    }
    if let Some(rest) = t.strip_prefix('-') {
        negative = !negative;
        t = rest;
    } else if let Some(rest) = t.strip_prefix('+') {
        t = rest;
    }
    let cents = parse_unsigned_cents(t, '.').ok_or_else(|| classify(&norm, t))?;
    Ok(Some(if negative { -cents } else { cents }))
}

fn classify(original: &str, t: &str) -> AmountError {
    let digits_and_dot = !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || c == '.');
    if digits_and_dot && t.matches('.').count() == 1 {
        let frac = t.rsplit('.').next().unwrap_or("");
        if frac.len() > 2 {
            return AmountError::TooPrecise(original.to_owned());
        }
        return AmountError::OutOfRange(original.to_owned());
    }
    if digits_and_dot && !t.contains('.') {
        return AmountError::OutOfRange(original.to_owned());
    }
    AmountError::NotANumber(original.to_owned())
}

/// Fast path for the common `-1,234.56` form (ASCII digits, optional sign, thousands
/// commas, up to two decimals, surrounding padding); `None` means "use the full parser".
fn parse_plain(s: &str) -> Option<i64> {
    let t = trim_ascii_bytes(s, |b| b == b' ' || b == b'\t');
    let (negative, body) = match t.as_bytes().first()? {
        b'-' => (true, t.get(1..)?),
        b'+' => (false, t.get(1..)?),
        _ => (false, t),
    };
    let mut cents: i64 = 0;
    let mut decimals: Option<u32> = None;
    let mut digits = 0u32;
    for b in body.bytes() {
        match b {
            b'0'..=b'9' => {
                if let Some(d) = decimals.as_mut() {
                    if *d == 2 {
                        return None;
                    }
                    *d += 1;
                }
                cents = cents.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
                digits += 1;
            }
            b',' if decimals.is_none() && digits > 0 => {}
            b'.' if decimals.is_none() => decimals = Some(0),
            _ => return None,
        }
    }
    if digits == 0 {
        return None;
    }
    for _ in decimals.unwrap_or(0)..2 {
        cents = cents.checked_mul(10)?;
    }
    if cents > MAX_CENTS {
        return None;
    }
    Some(if negative { -cents } else { cents })
}

/// `s` without the ASCII bytes `pad` accepts at either end. A byte loop: the standard
/// `trim_matches` with a character predicate decodes characters from both ends, which cost
/// more than the rest of a cell's handling. Only ASCII bytes can match, so both cuts are on
/// character boundaries.
#[must_use]
pub fn trim_ascii_bytes(s: &str, pad: impl Fn(u8) -> bool) -> &str {
    let bytes = s.as_bytes();
    let start = bytes.iter().position(|b| !pad(*b)).unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !pad(*b))
        .map_or(start, |i| i + 1);
    s.get(start..end.max(start)).unwrap_or("")
}

/// Parses `123`, `123.4`, `123.45` (or with `sep` as decimal separator) into cents.
/// Extra decimals are accepted only when they are zeros. `None` if not of that form or
/// out of range.
#[must_use]
pub fn parse_unsigned_cents(t: &str, sep: char) -> Option<i64> {
    let (int_part, frac_part) = match t.split_once(sep) {
        Some((i, f)) => (i, f),
        None => (t, ""),
    };
    if int_part.is_empty() && frac_part.is_empty() {
        return None;
    }
    if !int_part.chars().all(|c| c.is_ascii_digit())
        || !frac_part.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    if frac_part.len() > 2 && frac_part.chars().skip(2).any(|c| c != '0') {
        return None;
    }
    let mut cents: i64 = 0;
    for c in int_part.chars() {
        let d = i64::from(c.to_digit(10)?);
        cents = cents.checked_mul(10)?.checked_add(d)?;
    }
    let mut frac_digits = frac_part.chars();
    for _ in 0..2 {
        let d = match frac_digits.next() {
            Some(c) => i64::from(c.to_digit(10)?),
            None => 0,
        };
        cents = cents.checked_mul(10)?.checked_add(d)?;
    }
    // Keep a margin so sums of many lines cannot overflow.
    if cents > MAX_CENTS {
        return None;
    }
    Some(cents)
}

/// The largest absolute amount accepted, in cents (10^15 yuan): sums of millions of such
/// lines still fit in an `i64`.
pub const MAX_CENTS: i64 = 100_000_000_000_000_000;

/// Formats cents as a plain decimal string: `-1234.50`.
#[must_use]
pub fn format_cents(cents: i64) -> String {
    Cents(cents).to_string()
}

/// Cents displayed as a plain decimal (`-1234.50`), without allocating: for writers that
/// format many amounts (the JSON of a reconciliation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cents(pub i64);

impl std::fmt::Display for Cents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

/// Formats cents with thousands separators for print: `-1,234,567.50`.
#[must_use]
pub fn format_cents_grouped(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let digits = (abs / 100).to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped}.{:02}", abs % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_ascii_padding() {
        let pad = |b: u8| b == b' ' || b == b'\t';
        assert_eq!(trim_ascii_bytes("  \t1,234.50 \t", pad), "1,234.50");
        assert_eq!(trim_ascii_bytes(" \t ", pad), "");
        assert_eq!(trim_ascii_bytes("", pad), "");
        assert_eq!(trim_ascii_bytes(" 收款 ", pad), "收款");
        assert_eq!(
            trim_ascii_bytes("\u{3000}x\u{3000}", pad),
            "\u{3000}x\u{3000}"
        );
    }

    #[test]
    fn parses_the_usual_forms() {
        let cases = [
            ("1,234.56", Some(123_456)),
            ("  -71.89\t", Some(-7_189)),
            ("+10000.00", Some(1_000_000)),
            ("¥1,000", Some(100_000)),
            ("￥ 12.5元", Some(1_250)),
            ("（1,234.00）", Some(-123_400)),
            ("(5.00)", Some(-500)),
            ("5.00-", Some(-500)),
            ("１２３．４５", Some(12_345)),
            ("-", None),
            ("--", None),
            ("", None),
            ("   \t", None),
            ("RMB 3.10", Some(310)),
            ("1.230", Some(123)),
            (".5", Some(50)),
        ];
        for (text, want) in cases {
            assert_eq!(parse_amount(text).unwrap(), want, "{text:?}");
        }
    }

    #[test]
    fn rejects_garbage() {
        assert!(matches!(
            parse_amount("xx,yyyy.zz"),
            Err(AmountError::NotANumber(_))
        ));
        assert!(matches!(
            parse_amount("1.234"),
            Err(AmountError::TooPrecise(_))
        ));
        assert!(matches!(
            parse_amount("99999999999999999999999"),
            Err(AmountError::OutOfRange(_))
        ));
        assert!(parse_amount("1.2.3").is_err());
    }

    #[test]
    fn formats() {
        assert_eq!(format_cents(0), "0.00");
        assert_eq!(format_cents(-5), "-0.05");
        assert_eq!(format_cents(123_456), "1234.56");
        assert_eq!(format_cents(i64::MIN), "-92233720368547758.08");
    }

    #[test]
    fn formats_grouped() {
        assert_eq!(format_cents_grouped(0), "0.00");
        assert_eq!(format_cents_grouped(-5), "-0.05");
        assert_eq!(format_cents_grouped(99_999), "999.99");
        assert_eq!(format_cents_grouped(100_000), "1,000.00");
        assert_eq!(format_cents_grouped(-123_456_789), "-1,234,567.89");
        assert_eq!(format_cents_grouped(i64::MIN), "-92,233,720,368,547,758.08");
    }
}
