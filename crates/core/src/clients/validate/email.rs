//! E-mail addresses, checked pragmatically (no regular expression, no DNS):
//! `local@domain` where
//!
//! * the local part is 1–64 ASCII characters among letters, digits and
//!   ``!#$%&'*+/=?^_`{|}~.-``, not starting or ending with `.` and without `..`
//!   (quoted local parts and comments are not accepted);
//! * the domain has at least two labels separated by `.`, each 1–63 ASCII letters, digits
//!   or `-` not at either end, and a top-level label of at least two letters (or an
//!   IDNA `xn--` label: internationalised domains must be typed in their ASCII form);
//! * the whole address has at most 254 characters.
//!
//! Reasons, in order: `required` (empty), `length` (over 254, local part over 64, a label
//! over 63), `format` (not exactly one `@`, an empty part, misplaced `.` or `-`, a single
//! label, a top-level label that is not letters), `characters` (anything else).
//! Stored as normalised: domain lower-cased, local part as typed.

use crate::clients::error::Reason;
use crate::clients::normalize::normalize_email;

/// Characters allowed in the local part besides ASCII letters and digits.
const LOCAL_SPECIALS: &str = "!#$%&'*+/=?^_`{|}~.-";

/// Checks an e-mail address and returns its canonical form.
///
/// # Errors
/// A [`Reason`] as listed in the module documentation.
pub fn validate_email(input: &str) -> Result<String, Reason> {
    let email = normalize_email(input);
    if email.is_empty() {
        return Err(Reason::Required);
    }
    if email.chars().count() > 254 {
        return Err(Reason::Length);
    }
    let Some((local, domain)) = email.split_once('@') else {
        return Err(Reason::Format);
    };
    if domain.contains('@') || local.is_empty() || domain.is_empty() {
        return Err(Reason::Format);
    }
    if !local
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || LOCAL_SPECIALS.contains(c))
    {
        return Err(Reason::Characters);
    }
    if !domain
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
    {
        return Err(Reason::Characters);
    }
    if local.len() > 64 {
        return Err(Reason::Length);
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Err(Reason::Format);
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.iter().any(|l| l.len() > 63) {
        return Err(Reason::Length);
    }
    if labels.len() < 2
        || labels
            .iter()
            .any(|l| l.is_empty() || l.starts_with('-') || l.ends_with('-'))
    {
        return Err(Reason::Format);
    }
    let top = labels.last().copied().unwrap_or_default();
    let top_ok = (top.len() >= 2 && top.bytes().all(|b| b.is_ascii_alphabetic()))
        || (top.starts_with("xn--") && top.len() > 4);
    if !top_ok {
        return Err(Reason::Format);
    }
    Ok(email)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn valid_addresses() {
        for email in [
            "zhangsan@example.com",
            "zhang.san+invoices@mail.example.com.cn",
            "12345678@qq.com",
            "a_b-c@sub-domain.example.org",
            "o'brien@example.ie",
            "finance@xn--fiqs8s.xn--fiqs8s",
        ] {
            assert_eq!(validate_email(email), Ok(email.to_owned()), "{email}");
        }
    }

    #[test]
    fn fullwidth_and_spaced_input_is_normalised() {
        assert_eq!(
            validate_email(" ＺhangSan＠Example。COM\u{3000}"),
            Ok("ZhangSan@example.com".to_owned())
        );
    }

    #[test]
    fn every_reason_is_reachable() {
        assert_eq!(validate_email("  "), Err(Reason::Required));
        let long_local = format!("{}@example.com", "a".repeat(65));
        assert_eq!(validate_email(&long_local), Err(Reason::Length));
        let long_label = format!("a@{}.com", "b".repeat(64));
        assert_eq!(validate_email(&long_label), Err(Reason::Length));
        let long_total = format!("a@{}.com", vec!["b".repeat(60); 5].join("."));
        assert_eq!(validate_email(&long_total), Err(Reason::Length));
        for bad in [
            "zhangsan",
            "zhang@san@example.com",
            "@example.com",
            "zhangsan@",
            ".zhang@example.com",
            "zhang.@example.com",
            "zhang..san@example.com",
            "zhangsan@localhost",
            "zhangsan@example..com",
            "zhangsan@-example.com",
            "zhangsan@example.c",
            "zhangsan@example.123",
        ] {
            assert_eq!(validate_email(bad), Err(Reason::Format), "{bad}");
        }
        for bad in [
            "张三@example.com",
            "zhang(san)@example.com",
            "zhangsan@例子.中国",
            "a@b_c.com",
        ] {
            assert_eq!(validate_email(bad), Err(Reason::Characters), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn never_panics(s in any::<String>()) {
            let _ = validate_email(&s);
        }

        #[test]
        fn valid_addresses_are_fixed_points(s in "[a-zA-Z0-9.@_-]{0,30}") {
            if let Ok(email) = validate_email(&s) {
                prop_assert_eq!(validate_email(&email), Ok(email));
            }
        }
    }
}
