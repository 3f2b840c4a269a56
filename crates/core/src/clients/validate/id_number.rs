//! 居民身份证号 (GB 11643-1999, citizen identity number).
//!
//! Rules, in the order they are checked (the first failure is reported):
//!
//! 1. `required` — empty after normalisation.
//! 2. `characters` — only digits, and `X` as the last (check) character.
//! 3. `length` — exactly 18 characters. The 15-digit first-generation numbers stopped being
//!    valid on 2013-01-01 and are rejected.
//! 4. `region` — the first two digits are a province-level code of GB/T 2260 (11–15, 21–23,
//!    31–37, 41–46, 50–54, 61–65, 71, and 81–83 as used on residence permits for Hong Kong,
//!    Macao and Taiwan residents). This is stricter than "first digit 1–8" and still a
//!    fixed, stable list; county codes are not checked (they change every year).
//! 5. `birth_date` — digits 7–14 are a real date `YYYYMMDD`, not before 1900-01-01 and not
//!    after `today`.
//! 6. `check_digit` — the 18th character is the ISO 7064 MOD 11-2 check character.

use chrono::{Datelike, NaiveDate};

use crate::clients::error::Reason;
use crate::clients::normalize::normalize_id_number;

/// Weights of the first 17 digits (2^(17-i) mod 11).
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// Check character for each value of the weighted sum mod 11.
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
/// Province-level codes (first two digits).
const PROVINCES: [&str; 35] = [
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
    "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71",
    "81", "82", "83",
];

/// The check character of the first 17 digits of an ID number, or `None` when `body` is
/// not exactly 17 ASCII digits.
///
/// ```
/// use ledgerlock_core::clients::validate::id_number::id_number_check_char;
/// assert_eq!(id_number_check_char("11010519491231002"), Some('X'));
/// ```
#[must_use]
pub fn id_number_check_char(body: &str) -> Option<char> {
    if body.len() != 17 || !body.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = body
        .chars()
        .zip(WEIGHTS)
        .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
        .sum();
    CHECK_CHARS.get(usize::try_from(sum % 11).ok()?).copied()
}

/// Checks a 居民身份证号 and returns its canonical form (18 characters, upper-case `X`).
/// `today` bounds the birth date; pass the local date of the user's computer.
///
/// # Errors
/// A [`Reason`] as listed in the module documentation.
pub fn validate_id_number(input: &str, today: NaiveDate) -> Result<String, Reason> {
    let id = normalize_id_number(input);
    if id.is_empty() {
        return Err(Reason::Required);
    }
    if !id.chars().all(|c| c.is_ascii_digit() || c == 'X') {
        return Err(Reason::Characters);
    }
    if id.len() != 18 {
        return Err(Reason::Length);
    }
    // All ASCII from here on, so byte offsets are character offsets.
    let (body, check) = id.split_at(17);
    if !body.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Reason::Characters);
    }
    if !id.get(0..2).is_some_and(|p| PROVINCES.contains(&p)) {
        return Err(Reason::Region);
    }
    let birth = birth_date(&id).ok_or(Reason::BirthDate)?;
    if birth.year() < 1900 || birth > today {
        return Err(Reason::BirthDate);
    }
    let expected = id_number_check_char(body).ok_or(Reason::Characters)?;
    if !check.starts_with(expected) {
        return Err(Reason::CheckDigit);
    }
    Ok(id)
}

/// The birth date encoded in digits 7–14 of a canonical 18-character ID number, if it is a
/// real date.
#[must_use]
pub fn birth_date(id: &str) -> Option<NaiveDate> {
    let year: i32 = id.get(6..10)?.parse().ok()?;
    let month: u32 = id.get(10..12)?.parse().ok()?;
    let day: u32 = id.get(12..14)?.parse().ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 6, 1).unwrap()
    }

    fn with_check(body: &str) -> String {
        format!("{body}{}", id_number_check_char(body).unwrap())
    }

    #[test]
    fn the_standards_example_is_valid() {
        // GB 11643-1999's own example.
        assert_eq!(
            validate_id_number("11010519491231002X", today()),
            Ok("11010519491231002X".to_owned())
        );
        assert_eq!(
            birth_date("11010519491231002X"),
            NaiveDate::from_ymd_opt(1949, 12, 31)
        );
    }

    #[test]
    fn constructed_examples_are_valid() {
        // Check characters computed independently of this code.
        for id in [
            "440304199001010011",
            "330106198506151233",
            "11010120000229123X", // 29 February of a leap year
            "510107199912310046",
        ] {
            assert_eq!(validate_id_number(id, today()), Ok(id.to_owned()), "{id}");
        }
    }

    #[test]
    fn fullwidth_spaced_and_lowercase_x_are_accepted() {
        let typed = "１１０１０５ １９４９\u{3000}１２３１ ００２ｘ";
        assert_eq!(
            validate_id_number(typed, today()),
            Ok("11010519491231002X".to_owned())
        );
        assert_eq!(
            validate_id_number("\t110105 19491231 002x\u{00A0}", today()),
            Ok("11010519491231002X".to_owned())
        );
    }

    #[test]
    fn every_reason_is_reachable() {
        let t = today();
        assert_eq!(validate_id_number("", t), Err(Reason::Required));
        assert_eq!(validate_id_number(" \u{3000} ", t), Err(Reason::Required));
        assert_eq!(
            validate_id_number("11010519491231002A", t),
            Err(Reason::Characters)
        );
        assert_eq!(
            validate_id_number("1101051949123100X2", t),
            Err(Reason::Characters)
        );
        assert_eq!(
            validate_id_number("110105-19491231002X", t),
            Err(Reason::Characters)
        );
        assert_eq!(
            validate_id_number("110105194912310", t),
            Err(Reason::Length)
        );
        assert_eq!(
            validate_id_number("11010519491231002X1", t),
            Err(Reason::Length)
        );
        // Province 99 does not exist; 0 and 9 are not region digits.
        assert_eq!(
            validate_id_number(&with_check("99010519491231002"), t),
            Err(Reason::Region)
        );
        assert_eq!(
            validate_id_number(&with_check("01010519491231002"), t),
            Err(Reason::Region)
        );
        // 30 February, 29 February of a non-leap year, month 13, before 1900, after today.
        for body in [
            "11010519490230002",
            "11010519010229002",
            "11010519491331002",
            "11010518991231002",
            "11010520250602002",
        ] {
            assert_eq!(
                validate_id_number(&with_check(body), t),
                Err(Reason::BirthDate),
                "{body}"
            );
        }
        // Born today is fine.
        assert!(validate_id_number(&with_check("11010520250601002"), t).is_ok());
        // One digit changed, two digits swapped.
        assert_eq!(
            validate_id_number("110105194912310021", t),
            Err(Reason::CheckDigit)
        );
        assert_eq!(
            validate_id_number("11010519491213002X", t),
            Err(Reason::CheckDigit)
        );
    }

    proptest! {
        #[test]
        fn never_panics(s in any::<String>()) {
            let _ = validate_id_number(&s, today());
            let _ = birth_date(&s);
            let _ = id_number_check_char(&s);
        }

        #[test]
        fn never_panics_on_id_like_input(s in "[0-9xX ]{0,20}") {
            if let Ok(id) = validate_id_number(&s, today()) {
                prop_assert_eq!(id.len(), 18);
            }
        }

        #[test]
        fn any_single_digit_error_is_caught(pos in 0usize..17, delta in 1u32..10) {
            let id = "11010519491231002X";
            let mut chars: Vec<char> = id.chars().collect();
            let d = chars[pos].to_digit(10).unwrap();
            chars[pos] = char::from_digit((d + delta) % 10, 10).unwrap();
            let changed: String = chars.into_iter().collect();
            prop_assert!(validate_id_number(&changed, today()).is_err());
        }
    }
}
