//! Free text fields (names, addresses, titles, notes) and dates.
//!
//! Text: `characters` when it contains a control character (other than line breaks and
//! tabs in multi-line text) or a character of the Unicode private-use areas; `length` when
//! it has more characters than the field allows (counted in Unicode scalar values, after
//! normalisation). Dates: `format` unless `YYYY-MM-DD`, `YYYY/M/D`, `YYYY.M.D`,
//! `YYYY年M月D日` or `YYYYMMDD` naming a real day; stored as `YYYY-MM-DD`.

use chrono::NaiveDate;

use crate::clients::error::Reason;
use crate::clients::normalize::{normalize_multiline_text, normalize_number_chars, normalize_text};

/// Whether `c` is never allowed in text.
fn forbidden(c: char, multiline: bool) -> bool {
    let allowed_control = multiline && (c == '\n' || c == '\t');
    (c.is_control() && !allowed_control)
        || matches!(u32::from(c), 0xE000..=0xF8FF | 0xF0000..=0x10FFFF)
}

/// Checks single-line text of at most `max_chars` characters and returns its canonical
/// form. Empty text is `required`.
///
/// # Errors
/// `required`, `characters` or `length`.
pub fn validate_text(input: &str, max_chars: usize) -> Result<String, Reason> {
    check_text(normalize_text(input), max_chars, false)
}

/// Checks multi-line text of at most `max_chars` characters and returns its canonical
/// form. Empty text is `required`.
///
/// # Errors
/// `required`, `characters` or `length`.
pub fn validate_multiline_text(input: &str, max_chars: usize) -> Result<String, Reason> {
    check_text(normalize_multiline_text(input), max_chars, true)
}

/// The checks shared by both kinds of text.
fn check_text(text: String, max_chars: usize, multiline: bool) -> Result<String, Reason> {
    if text.is_empty() {
        return Err(Reason::Required);
    }
    if text.chars().any(|c| forbidden(c, multiline)) {
        return Err(Reason::Characters);
    }
    if text.chars().count() > max_chars {
        return Err(Reason::Length);
    }
    Ok(text)
}

/// Parses a calendar date in one of the accepted spellings.
///
/// # Errors
/// `required` when empty, `format` otherwise.
pub fn validate_date(input: &str) -> Result<NaiveDate, Reason> {
    let compact = normalize_number_chars(input);
    if compact.is_empty() {
        return Err(Reason::Required);
    }
    let parts: Vec<&str> = if compact.len() == 8 && compact.bytes().all(|b| b.is_ascii_digit()) {
        vec![
            compact.get(0..4).unwrap_or(""),
            compact.get(4..6).unwrap_or(""),
            compact.get(6..8).unwrap_or(""),
        ]
    } else {
        compact
            .trim_end_matches('日')
            .split(['-', '/', '.', '年', '月'])
            .collect()
    };
    let [year, month, day] = parts.as_slice() else {
        return Err(Reason::Format);
    };
    let digits = |s: &str, min: usize, max: usize| {
        (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !(digits(year, 4, 4) && digits(month, 1, 2) && digits(day, 1, 2)) {
        return Err(Reason::Format);
    }
    let (Ok(y), Ok(m), Ok(d)) = (
        year.parse::<i32>(),
        month.parse::<u32>(),
        day.parse::<u32>(),
    ) else {
        return Err(Reason::Format);
    };
    NaiveDate::from_ymd_opt(y, m, d).ok_or(Reason::Format)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn text_rules() {
        assert_eq!(
            validate_text(" 杭州华瑞科技有限公司（滨江分公司） ", 100),
            Ok("杭州华瑞科技有限公司（滨江分公司）".to_owned())
        );
        assert_eq!(validate_text("\u{3000}", 10), Err(Reason::Required));
        assert_eq!(validate_text("a\u{0007}b", 10), Err(Reason::Characters));
        assert_eq!(validate_text("a\u{E000}b", 10), Err(Reason::Characters));
        assert_eq!(validate_text("一二三四五六", 5), Err(Reason::Length));
        assert_eq!(validate_text("一二三四五", 5), Ok("一二三四五".to_owned()));
        assert_eq!(
            validate_multiline_text("第一行\r\n\t第二行", 100),
            Ok("第一行\n\t第二行".to_owned())
        );
        assert_eq!(
            validate_text("第一行\n第二行", 100),
            Ok("第一行 第二行".to_owned())
        );
    }

    #[test]
    fn date_spellings() {
        let expected = NaiveDate::from_ymd_opt(2024, 1, 5);
        for typed in [
            "2024-01-05",
            "2024/1/5",
            "2024.1.5",
            "2024年1月5日",
            "20240105",
            "２０２４－０１－０５",
            " 2024 - 01 - 05 ",
        ] {
            assert_eq!(validate_date(typed).ok(), expected, "{typed}");
        }
        assert_eq!(validate_date(""), Err(Reason::Required));
        for bad in [
            "2024-02-30",
            "2024-13-01",
            "24-1-5",
            "2024-1",
            "2024-001-05",
            "tomorrow",
            "2024-1-5-6",
            "+024-1-5",
            "2024-+1-5",
        ] {
            assert_eq!(validate_date(bad), Err(Reason::Format), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn never_panics(s in any::<String>(), max in 0usize..50) {
            let _ = validate_text(&s, max);
            let _ = validate_multiline_text(&s, max);
            let _ = validate_date(&s);
        }
    }
}
