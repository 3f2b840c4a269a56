//! 统一社会信用代码 (GB 32100-2015, unified social credit code).
//!
//! Rules, in the order they are checked:
//!
//! 1. `required` — empty after normalisation.
//! 2. `characters` — only the 31 characters of the standard: digits and the upper-case
//!    letters without I, O, Z, S, V (lower case is accepted and upper-cased).
//! 3. `length` — exactly 18 characters (the 15-digit 工商注册号 it replaced is rejected).
//! 4. `format` — characters 3–8 (the administrative division code) are digits.
//! 5. `check_digit` — the 18th character is the GB 32100 check character
//!    (weights 3^i mod 31, check = 31 − sum mod 31).
//!
//! The registering authority (character 1), the entity type (character 2) and the embedded
//! organisation code's own GB 11714 check (characters 9–17) are not checked: their code
//! lists have grown since 2015, and rejecting a real code costs more than the rare typo
//! the 18th character does not already catch.

use crate::clients::error::Reason;
use crate::clients::normalize::normalize_credit_code;

/// The code's alphabet; a character's value is its index.
const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
/// Weights of the first 17 characters.
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// The value of one character of the alphabet.
fn value(c: char) -> Option<u32> {
    ALPHABET.find(c).and_then(|i| u32::try_from(i).ok())
}

/// The check character of the first 17 characters of a credit code, or `None` when `body`
/// is not 17 characters of the alphabet.
///
/// ```
/// use ledgerlock_core::clients::validate::credit_code::credit_code_check_char;
/// assert_eq!(credit_code_check_char("91350100M000100Y4"), Some('3'));
/// ```
#[must_use]
pub fn credit_code_check_char(body: &str) -> Option<char> {
    if body.chars().count() != 17 {
        return None;
    }
    let mut sum = 0;
    for (c, w) in body.chars().zip(WEIGHTS) {
        sum += value(c)? * w;
    }
    let check = (31 - sum % 31) % 31;
    ALPHABET.chars().nth(usize::try_from(check).ok()?)
}

/// Checks a 统一社会信用代码 and returns its canonical form (18 upper-case characters).
///
/// # Errors
/// A [`Reason`] as listed in the module documentation.
pub fn validate_credit_code(input: &str) -> Result<String, Reason> {
    let code = normalize_credit_code(input);
    if code.is_empty() {
        return Err(Reason::Required);
    }
    if !code.chars().all(|c| value(c).is_some()) {
        return Err(Reason::Characters);
    }
    if code.len() != 18 {
        return Err(Reason::Length);
    }
    // All ASCII from here on.
    let (body, check) = code.split_at(17);
    if !code
        .get(2..8)
        .is_some_and(|r| r.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(Reason::Format);
    }
    if check.chars().next() != credit_code_check_char(body) {
        return Err(Reason::CheckDigit);
    }
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn with_check(body: &str) -> String {
        format!("{body}{}", credit_code_check_char(body).unwrap())
    }

    #[test]
    fn published_codes_are_valid() {
        // Codes of registered companies as published on their licences (the first is the
        // example most often quoted for GB 32100).
        for code in [
            "91350100M000100Y43",
            "914403001922038216",
            "91330100716105852F",
            "91440300708461136T",
            "91110108551385082Q",
        ] {
            assert_eq!(validate_credit_code(code), Ok(code.to_owned()), "{code}");
        }
    }

    #[test]
    fn constructed_codes_are_valid() {
        // Check characters computed independently of this code; includes a check
        // character that is a letter and one that is 0 (sum ≡ 0 mod 31).
        for code in [
            "91110000600037341L",
            "91330100MA27XL1L8Y",
            "11100000000013127D",
            "91440300MA5ABCDEFW",
        ] {
            assert_eq!(validate_credit_code(code), Ok(code.to_owned()), "{code}");
        }
        let zero = ALPHABET
            .chars()
            .map(|c| format!("9111000060003734{c}"))
            .find(|body| credit_code_check_char(body) == Some('0'))
            .unwrap();
        assert!(validate_credit_code(&format!("{zero}0")).is_ok());
    }

    #[test]
    fn lowercase_fullwidth_and_spaced_input_is_accepted() {
        assert_eq!(
            validate_credit_code(" ９１３５０１００ｍ０００１００ｙ４３ "),
            Ok("91350100M000100Y43".to_owned())
        );
        assert_eq!(
            validate_credit_code("9133 0100 7161 0585 2f"),
            Ok("91330100716105852F".to_owned())
        );
    }

    #[test]
    fn every_reason_is_reachable() {
        assert_eq!(validate_credit_code("\u{3000}"), Err(Reason::Required));
        // I, O, S, V, Z are not in the alphabet; nor is a hyphen.
        assert_eq!(
            validate_credit_code("91350100M000100I43"),
            Err(Reason::Characters)
        );
        assert_eq!(
            validate_credit_code("91350100MO00100Y43"),
            Err(Reason::Characters)
        );
        assert_eq!(
            validate_credit_code("913501-00M000100Y43"),
            Err(Reason::Characters)
        );
        assert_eq!(
            validate_credit_code("91350100M000100Y4"),
            Err(Reason::Length)
        );
        assert_eq!(validate_credit_code("330100400012345"), Err(Reason::Length));
        assert_eq!(
            validate_credit_code(&with_check("9135A100M000100Y4")),
            Err(Reason::Format)
        );
        assert_eq!(
            validate_credit_code("91350100M000100Y44"),
            Err(Reason::CheckDigit)
        );
        assert_eq!(
            validate_credit_code("91350100M000010Y43"),
            Err(Reason::CheckDigit)
        );
    }

    proptest! {
        #[test]
        fn never_panics(s in any::<String>()) {
            let _ = validate_credit_code(&s);
            let _ = credit_code_check_char(&s);
        }

        #[test]
        fn valid_codes_are_canonical(s in "[0-9A-Za-z ]{0,20}") {
            if let Ok(code) = validate_credit_code(&s) {
                prop_assert_eq!(code.len(), 18);
                prop_assert_eq!(validate_credit_code(&code), Ok(code));
            }
        }

        #[test]
        fn any_single_substitution_is_caught(pos in 0usize..18, new in 0usize..31) {
            let code = "91350100M000100Y43";
            let mut chars: Vec<char> = code.chars().collect();
            let replacement = ALPHABET.chars().nth(new).unwrap();
            prop_assume!(chars[pos] != replacement);
            chars[pos] = replacement;
            let changed: String = chars.into_iter().collect();
            prop_assert!(validate_credit_code(&changed).is_err());
        }
    }
}
