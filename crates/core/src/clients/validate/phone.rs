//! Phone numbers of mainland China: mobile and landline.
//!
//! **Mobile**: 11 digits starting `1[3-9]`, optionally after `+86` / `0086` (also written
//! `(+86)`); spaces and hyphens anywhere are ignored (`138 1234 5678`, `138-1234-5678`).
//! Stored as the 11 digits: `13812345678`.
//!
//! **Landline**: area code + local number + optional extension.
//! * The area code is `0` + 2 digits when its second digit is 1 or 2 (`010`, `020`–`029`),
//!   otherwise `0` + 3 digits (`0571`). This is the national numbering plan's rule, so the
//!   code can be found even when nothing separates it (`057187654321`). With `+86` the
//!   leading `0` is dropped (`+86 571 8765 4321`) and put back.
//! * The local number has 7 or 8 digits and does not start with 0 or 1.
//! * Separators are spaces, hyphens and parentheses: `0571-87654321`, `(0571) 8765 4321`.
//! * An extension of 1–6 digits follows `转`, `分机`, `ext`, `x` or `#`, or is the last
//!   group after a complete number (`0571-87654321-8001`, `0571 87654321 8001`).
//!
//! Stored as `0571-87654321` or `0571-87654321-8001`.
//!
//! Reasons: `required` (empty), `characters` (anything but digits, separators and the
//! markers above), `length` (too few or too many digits in a part), `format` (a mobile
//! number not starting `1[3-9]`, an area code not starting with `0`, a local number starting
//! with 0 or 1, an empty extension).

use serde::{Deserialize, Serialize};

use crate::clients::error::Reason;
use crate::clients::normalize::{collapse_whitespace, fullwidth_to_ascii};

/// Mobile or landline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum PhoneKind {
    /// A mobile number (`13812345678`).
    Mobile,
    /// A landline number (`0571-87654321`).
    Landline,
}

/// Markers that introduce an extension, compared in ASCII lower case.
const EXTENSION_MARKERS: [&str; 6] = ["转", "分机", "ext.", "ext", "x", "#"];

/// Whether `c` separates groups of digits.
fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '-' | '(' | ')')
}

/// The character-level form every phone rule starts from: full-width → ASCII, invisible
/// characters removed, whitespace runs → one space, trimmed (the same as the fallback of
/// `normalize_phone`, so that normalising is idempotent).
fn prepare(input: &str) -> String {
    collapse_whitespace(input.chars().map(fullwidth_to_ascii))
}

/// Removes a `+86` / `0086` / `(+86)` prefix; says whether there was one.
fn strip_country_code(s: &str) -> (&str, bool) {
    for prefix in ["(+86)", "+86", "0086"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            return (rest.trim_start_matches(is_separator), true);
        }
    }
    (s, false)
}

/// Checks a mobile number and returns its canonical form (11 digits).
///
/// # Errors
/// A [`Reason`] as listed in the module documentation.
pub fn validate_mobile(input: &str) -> Result<String, Reason> {
    let prepared = prepare(input);
    if prepared.is_empty() {
        return Err(Reason::Required);
    }
    let (rest, _) = strip_country_code(&prepared);
    let digits: String = rest.chars().filter(|&c| c != ' ' && c != '-').collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Reason::Characters);
    }
    if digits.len() != 11 {
        return Err(Reason::Length);
    }
    let mut bytes = digits.bytes();
    if bytes.next() != Some(b'1') || !bytes.next().is_some_and(|b| (b'3'..=b'9').contains(&b)) {
        return Err(Reason::Format);
    }
    Ok(digits)
}

/// Checks a landline number and returns its canonical form (`0571-87654321[-8001]`).
///
/// # Errors
/// A [`Reason`] as listed in the module documentation.
pub fn validate_landline(input: &str) -> Result<String, Reason> {
    let prepared = prepare(input);
    if prepared.is_empty() {
        return Err(Reason::Required);
    }
    let (rest, international) = strip_country_code(&prepared);
    let (main, extension) = split_extension(rest);
    if !main.chars().all(|c| c.is_ascii_digit() || is_separator(c)) {
        return Err(Reason::Characters);
    }
    let groups: Vec<&str> = main.split(is_separator).filter(|g| !g.is_empty()).collect();
    let whole = || parse_number(&groups.concat(), international);
    // Without a marker, the last group may be an extension (`0571-87654321-8001`).
    let split = || {
        let (last, init) = groups.split_last()?;
        if init.is_empty() {
            return None;
        }
        let (area, local) = parse_number(&init.concat(), international).ok()?;
        let ext = check_extension(last).ok()?;
        Some((area, local, Some(ext)))
    };
    let (area, local, extension) = match extension {
        Some(ext) => {
            let ext = check_extension(ext)?;
            let (area, local) = whole()?;
            (area, local, Some(ext))
        }
        // Three groups or more read as area, local, extension when they can, so that the
        // stored form `0571-8765432-1` reads back the same.
        None => match (groups.len() >= 3).then(split).flatten() {
            Some(parts) => parts,
            None => match whole() {
                Ok((area, local)) => (area, local, None),
                Err(err) => split().ok_or(err)?,
            },
        },
    };
    Ok(match extension {
        Some(ext) => format!("{area}-{local}-{ext}"),
        None => format!("{area}-{local}"),
    })
}

/// Checks a mobile or a landline number and returns its canonical form. A number is taken
/// as mobile when it starts with `1` (after `+86`: with `1[3-9]`), as landline otherwise.
///
/// # Errors
/// A [`Reason`] as listed in the module documentation.
pub fn validate_phone(input: &str) -> Result<String, Reason> {
    match phone_kind_of(input) {
        Some(PhoneKind::Mobile) => validate_mobile(input),
        Some(PhoneKind::Landline) => validate_landline(input),
        None => {
            let prepared = prepare(input);
            if prepared.is_empty() {
                Err(Reason::Required)
            } else if prepared
                .chars()
                .all(|c| c.is_ascii_digit() || is_separator(c))
            {
                Err(Reason::Format)
            } else {
                Err(Reason::Characters)
            }
        }
    }
}

/// Which kind of number `input` is meant to be, judged from its first digits; `None` when
/// it starts with neither `0` nor `1` (nor with `+86`).
#[must_use]
pub fn phone_kind_of(input: &str) -> Option<PhoneKind> {
    let prepared = prepare(input);
    let (rest, international) = strip_country_code(&prepared);
    let mut digits = rest.chars().filter(|&c| !is_separator(c));
    let first = digits.next();
    if international {
        let second = digits.next();
        return match (first, second) {
            (Some('1'), Some('3'..='9')) => Some(PhoneKind::Mobile),
            _ => Some(PhoneKind::Landline),
        };
    }
    match first {
        Some('1') => Some(PhoneKind::Mobile),
        Some('0') => Some(PhoneKind::Landline),
        _ => None,
    }
}

/// Splits at the first extension marker, if any.
fn split_extension(s: &str) -> (&str, Option<&str>) {
    // ASCII lower-casing keeps byte offsets, so positions found in `lower` apply to `s`.
    let lower = s.to_ascii_lowercase();
    let mut best: Option<(usize, usize)> = None;
    for marker in EXTENSION_MARKERS {
        if let Some(pos) = lower.find(marker) {
            if best.is_none_or(|(best_pos, _)| pos < best_pos) {
                best = Some((pos, marker.len()));
            }
        }
    }
    match best {
        Some((pos, len)) => (s.get(..pos).unwrap_or(""), s.get(pos + len..)),
        None => (s, None),
    }
}

/// Checks an extension (1–6 digits, surrounding separators ignored).
fn check_extension(ext: &str) -> Result<String, Reason> {
    let ext = ext.trim_matches(|c: char| is_separator(c) || c == ':' || c == '.');
    if ext.is_empty() {
        return Err(Reason::Format);
    }
    if !ext.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Reason::Characters);
    }
    if ext.len() > 6 {
        return Err(Reason::Length);
    }
    Ok(ext.to_owned())
}

/// Splits the digits of a landline number (without extension) into area code and local
/// number.
fn parse_number(digits: &str, international: bool) -> Result<(String, String), Reason> {
    let full = if international && !digits.starts_with('0') {
        format!("0{digits}")
    } else {
        digits.to_owned()
    };
    let mut bytes = full.bytes();
    if bytes.next() != Some(b'0') {
        return Err(Reason::Format);
    }
    let area_len = match bytes.next() {
        Some(b'1' | b'2') => 3,
        Some(b'3'..=b'9') => 4,
        Some(_) => return Err(Reason::Format),
        None => return Err(Reason::Length),
    };
    let (Some(area), Some(local)) = (full.get(..area_len), full.get(area_len..)) else {
        return Err(Reason::Length);
    };
    if !(7..=8).contains(&local.len()) {
        return Err(Reason::Length);
    }
    if local.starts_with('0') || local.starts_with('1') {
        return Err(Reason::Format);
    }
    Ok((area.to_owned(), local.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn mobiles_in_their_usual_spellings() {
        for typed in [
            "13812345678",
            "138 1234 5678",
            "138-1234-5678",
            "+86 138 1234 5678",
            "+8613812345678",
            "0086 13812345678",
            "(+86) 138-1234-5678",
            "１３８１２３４５６７８",
            "\u{3000}138\u{00A0}1234\t5678 ",
        ] {
            assert_eq!(
                validate_mobile(typed),
                Ok("13812345678".to_owned()),
                "{typed}"
            );
            assert_eq!(
                validate_phone(typed),
                Ok("13812345678".to_owned()),
                "{typed}"
            );
        }
        for mobile in ["19912345678", "16612345678", "14712345678"] {
            assert!(validate_mobile(mobile).is_ok(), "{mobile}");
        }
    }

    #[test]
    fn mobile_reasons() {
        assert_eq!(validate_mobile(""), Err(Reason::Required));
        assert_eq!(validate_mobile("138l2345678"), Err(Reason::Characters));
        assert_eq!(validate_mobile("1381234567"), Err(Reason::Length));
        assert_eq!(validate_mobile("138123456789"), Err(Reason::Length));
        assert_eq!(validate_mobile("+86"), Err(Reason::Length));
        assert_eq!(validate_mobile("12812345678"), Err(Reason::Format));
        assert_eq!(validate_mobile("23812345678"), Err(Reason::Format));
    }

    #[test]
    fn landlines_in_their_usual_spellings() {
        for (typed, stored) in [
            ("0571-87654321", "0571-87654321"),
            ("0571 87654321", "0571-87654321"),
            ("057187654321", "0571-87654321"),
            ("(0571) 8765 4321", "0571-87654321"),
            ("（０５７１）８７６５４３２１", "0571-87654321"),
            ("+86 571 8765 4321", "0571-87654321"),
            ("+86-571-87654321", "0571-87654321"),
            ("0086 0571 87654321", "0571-87654321"),
            ("010-65123456", "010-65123456"),
            ("+86 10 6512 3456", "010-65123456"),
            ("021 6234567", "021-6234567"),
            ("0571-87654321-8001", "0571-87654321-8001"),
            ("0571 87654321 8001", "0571-87654321-8001"),
            ("0571 8765 4321 8001", "0571-87654321-8001"),
            ("0571-8765432-1", "0571-8765432-1"),
            ("0571-87654321转8001", "0571-87654321-8001"),
            ("0571-87654321 分机 8001", "0571-87654321-8001"),
            ("0571-87654321 ext. 8001", "0571-87654321-8001"),
            ("0571-87654321 EXT 8001", "0571-87654321-8001"),
            ("0571-87654321x8001", "0571-87654321-8001"),
            ("0571-87654321#8001", "0571-87654321-8001"),
        ] {
            assert_eq!(validate_landline(typed), Ok(stored.to_owned()), "{typed}");
            assert_eq!(validate_phone(typed), Ok(stored.to_owned()), "{typed}");
        }
    }

    #[test]
    fn landline_reasons() {
        assert_eq!(validate_landline(" "), Err(Reason::Required));
        assert_eq!(validate_landline("0571-8765432l"), Err(Reason::Characters));
        assert_eq!(
            validate_landline("0571-87654321转80a1"),
            Err(Reason::Characters)
        );
        assert_eq!(validate_landline("0571-876543"), Err(Reason::Length));
        assert_eq!(validate_landline("0571-876543210"), Err(Reason::Length));
        assert_eq!(
            validate_landline("0571-87654321转1234567"),
            Err(Reason::Length)
        );
        assert_eq!(validate_landline("0"), Err(Reason::Length));
        assert_eq!(validate_landline("571-87654321"), Err(Reason::Format));
        assert_eq!(validate_landline("0071-87654321"), Err(Reason::Format));
        assert_eq!(validate_landline("0571-07654321"), Err(Reason::Format));
        assert_eq!(validate_landline("0571-87654321转"), Err(Reason::Format));
    }

    #[test]
    fn phone_dispatch_and_reasons() {
        assert_eq!(phone_kind_of("138"), Some(PhoneKind::Mobile));
        assert_eq!(phone_kind_of("(0571)"), Some(PhoneKind::Landline));
        assert_eq!(phone_kind_of("+86 571"), Some(PhoneKind::Landline));
        assert_eq!(phone_kind_of("87654321"), None);
        assert_eq!(validate_phone(""), Err(Reason::Required));
        assert_eq!(validate_phone("87654321"), Err(Reason::Format));
        assert_eq!(validate_phone("call me"), Err(Reason::Characters));
        assert_eq!(validate_phone("1381234567"), Err(Reason::Length));
    }

    proptest! {
        #[test]
        fn never_panics(s in any::<String>()) {
            let _ = validate_mobile(&s);
            let _ = validate_landline(&s);
            let _ = validate_phone(&s);
            let _ = phone_kind_of(&s);
        }

        #[test]
        fn canonical_forms_are_fixed_points(s in "[+0-9 ()#x转-]{0,24}") {
            if let Ok(stored) = validate_phone(&s) {
                prop_assert_eq!(validate_phone(&stored), Ok(stored));
            }
        }
    }
}
