//! Dates as written in bank and ledger exports: `20250103`, `2025-01-03`, `2025/1/3`,
//! `2025.1.3`, `2025年1月3日`, each optionally followed by a time.

use chrono::NaiveDate;

use crate::money::normalise_text;

/// Parses a date, ignoring a trailing time (`2025-01-03 10:22:01`, `20250103123456`,
/// `2025-01-03T10:22:01+08:00`). `None` when the text is not a date.
#[must_use]
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    if let Some(d) = iso_like(s.trim().as_bytes()) {
        return Some(d);
    }
    let t = normalise_text(s);
    let t = t.trim();
    if t.is_empty() {
        return None;
    }
    // Compact yyyymmdd, optionally followed by hhmmss or a separator and time.
    let n = t.bytes().take_while(u8::is_ascii_digit).count();
    if n == 8 || n == 12 || n == 14 {
        let rest = t.get(n..).unwrap_or("");
        if rest.is_empty() || rest.starts_with([' ', 'T', '.']) {
            return ymd_from_compact(t.get(..8)?);
        }
    }
    let mut parts: Vec<u32> = Vec::with_capacity(3);
    let mut current = String::new();
    for c in t.chars() {
        if c.is_ascii_digit() {
            current.push(c);
            if current.len() > 4 {
                return None;
            }
        } else if matches!(c, '-' | '/' | '.' | '年' | '月') && parts.len() < 2 {
            parts.push(current.parse().ok()?);
            current.clear();
        } else if matches!(c, '日' | '号' | ' ' | 'T') || parts.len() == 2 {
            break;
        } else {
            return None;
        }
    }
    if !current.is_empty() {
        parts.push(current.parse().ok()?);
    }
    match parts.as_slice() {
        [y, m, d] if *y >= 1900 => NaiveDate::from_ymd_opt(i32::try_from(*y).ok()?, *m, *d),
        _ => None,
    }
}

/// Fast path for the common `yyyy-mm-dd` / `yyyy/mm/dd` / `yyyy.mm.dd` (optionally followed
/// by a space or `T` and a time): no allocation. Anything else goes the general way.
fn iso_like(b: &[u8]) -> Option<NaiveDate> {
    let digit = |i: usize| -> Option<u32> {
        b.get(i)
            .filter(|c| c.is_ascii_digit())
            .map(|c| u32::from(c - b'0'))
    };
    let sep = *b.get(4)?;
    if !matches!(sep, b'-' | b'/' | b'.') || b.get(7) != Some(&sep) {
        return None;
    }
    if !(b.len() == 10 || matches!(b.get(10), Some(b' ' | b'T'))) {
        return None;
    }
    let y = digit(0)? * 1000 + digit(1)? * 100 + digit(2)? * 10 + digit(3)?;
    let m = digit(5)? * 10 + digit(6)?;
    let d = digit(8)? * 10 + digit(9)?;
    if y < 1900 {
        return None;
    }
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

fn ymd_from_compact(d: &str) -> Option<NaiveDate> {
    let y: i32 = d.get(0..4)?.parse().ok()?;
    let m: u32 = d.get(4..6)?.parse().ok()?;
    let day: u32 = d.get(6..8)?.parse().ok()?;
    if y < 1900 {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, day)
}

/// Builds a date from separate year, month and day cells (金蝶/用友 ledgers).
#[must_use]
pub fn date_from_parts(year: &str, month: &str, day: &str) -> Option<NaiveDate> {
    let num = |s: &str| -> Option<u32> {
        let t = normalise_text(s);
        let t = t.trim_end_matches(['年', '月', '日']);
        let t = t.split('.').next().unwrap_or(t);
        t.trim().parse().ok()
    };
    NaiveDate::from_ymd_opt(i32::try_from(num(year)?).ok()?, num(month)?, num(day)?)
}

/// Converts an Excel serial day number (1900 date system) to a date.
#[must_use]
pub fn from_excel_serial(serial: i64) -> Option<NaiveDate> {
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    if !(1..=2_958_465).contains(&serial) {
        return None;
    }
    base.checked_add_signed(chrono::Duration::days(serial))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn parses_the_usual_forms() {
        for s in [
            "20250103",
            "2025-01-03",
            "2025/1/3",
            "2025.01.03",
            "2025年1月3日",
            "2025-01-03 10:22:01",
            "2025-01-03T10:22:01+08:00",
            "20250103 102201",
            "20250103102201",
            "  2025-01-03     \t",
            "２０２５－０１－０３",
            "2025年01月03日 10时",
        ] {
            assert_eq!(parse_date(s), d(2025, 1, 3), "{s:?}");
        }
    }

    #[test]
    fn rejects_non_dates() {
        for s in [
            "",
            "-",
            "人民币合计",
            "2025-13-01",
            "2025-02-30",
            "12/31/2025",
            "99999999",
            "1/2/3",
        ] {
            assert_eq!(parse_date(s), None, "{s:?}");
        }
    }

    #[test]
    fn parts_and_serials() {
        assert_eq!(date_from_parts("2025", "1", "3"), d(2025, 1, 3));
        assert_eq!(date_from_parts("2025", "13", "3"), None);
        assert_eq!(from_excel_serial(45_660), d(2025, 1, 3));
    }
}
