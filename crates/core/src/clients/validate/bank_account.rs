//! Bank account and card numbers.
//!
//! Two kinds, chosen by the user (a corporate account cannot be told from a card by its
//! digits alone: many 对公账户 are also 16–19 digits, and they do not follow Luhn):
//!
//! * [`BankAccountKind::Card`] — a personal bank card (借记卡/信用卡, UnionPay and others):
//!   16–19 digits whose last digit is the Luhn check digit (ISO/IEC 7812).
//! * [`BankAccountKind::Corporate`] — any other account number, typically a company's
//!   对公结算账户 at a Chinese bank: 8–30 digits, no check digit (each bank has its own
//!   scheme, most without a published check).
//!
//! Rules, in order: `required` (empty), `characters` (anything but digits after removing
//! whitespace and hyphens), `length` (outside the kind's range), `luhn` (cards only).
//! Accounts with letters (some foreign banks' formats) are not supported and are rejected
//! with `characters`.

use serde::{Deserialize, Serialize};

use crate::clients::error::Reason;
use crate::clients::normalize::normalize_bank_account;

/// Which rules a bank account number is checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum BankAccountKind {
    /// A bank card: 16–19 digits with a Luhn check digit.
    Card,
    /// A corporate (or other) account: 8–30 digits, no check digit.
    #[default]
    Corporate,
}

impl BankAccountKind {
    /// The allowed number of digits.
    #[must_use]
    pub const fn digits(self) -> std::ops::RangeInclusive<usize> {
        match self {
            BankAccountKind::Card => 16..=19,
            BankAccountKind::Corporate => 8..=30,
        }
    }
}

/// Whether a string of ASCII digits passes the Luhn check. `false` for anything that is not
/// one or more ASCII digits.
///
/// ```
/// use ledgerlock_core::clients::validate::bank_account::luhn_valid;
/// assert!(luhn_valid("4111111111111111"));
/// assert!(!luhn_valid("4111111111111112"));
/// ```
#[must_use]
pub fn luhn_valid(digits: &str) -> bool {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 {
                    doubled - 9
                } else {
                    doubled
                }
            } else {
                d
            }
        })
        .sum();
    sum % 10 == 0
}

/// Checks a bank account or card number of the given kind and returns its canonical form
/// (digits only).
///
/// # Errors
/// A [`Reason`] as listed in the module documentation.
pub fn validate_bank_account(input: &str, kind: BankAccountKind) -> Result<String, Reason> {
    let number = normalize_bank_account(input);
    if number.is_empty() {
        return Err(Reason::Required);
    }
    if !number.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Reason::Characters);
    }
    if !kind.digits().contains(&number.len()) {
        return Err(Reason::Length);
    }
    if kind == BankAccountKind::Card && !luhn_valid(&number) {
        return Err(Reason::Luhn);
    }
    Ok(number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn valid_cards() {
        // 16-digit test card number and 19-digit UnionPay-style numbers (check digits
        // computed independently).
        for card in [
            "4111111111111111",
            "6222021234567890128",
            "6228480402564890018",
        ] {
            assert_eq!(
                validate_bank_account(card, BankAccountKind::Card),
                Ok(card.to_owned())
            );
        }
    }

    #[test]
    fn valid_corporate_accounts_skip_luhn() {
        // A 19-digit corporate account that fails Luhn is still fine as a corporate account.
        assert!(!luhn_valid("1202021209000012345"));
        for account in [
            "1202021209000012345",
            "12345678",
            "123456789012345678901234567890",
        ] {
            assert_eq!(
                validate_bank_account(account, BankAccountKind::Corporate),
                Ok(account.to_owned())
            );
        }
    }

    #[test]
    fn fullwidth_spaced_and_hyphenated_input_is_accepted() {
        assert_eq!(
            validate_bank_account(
                "６２２２ ０２１２\u{3000}3456-7890 128",
                BankAccountKind::Card
            ),
            Ok("6222021234567890128".to_owned())
        );
    }

    #[test]
    fn every_reason_is_reachable() {
        use BankAccountKind::{Card, Corporate};
        assert_eq!(validate_bank_account(" - ", Card), Err(Reason::Required));
        assert_eq!(
            validate_bank_account("6222O21234567890128", Card),
            Err(Reason::Characters)
        );
        assert_eq!(
            validate_bank_account("62220212345678901280", Card),
            Err(Reason::Length)
        );
        assert_eq!(
            validate_bank_account("622202123456789", Card),
            Err(Reason::Length)
        );
        assert_eq!(
            validate_bank_account("1234567", Corporate),
            Err(Reason::Length)
        );
        assert_eq!(
            validate_bank_account("1234567890123456789012345678901", Corporate),
            Err(Reason::Length)
        );
        assert_eq!(
            validate_bank_account("6222021234567890127", Card),
            Err(Reason::Luhn)
        );
        // Two adjacent digits swapped.
        assert_eq!(
            validate_bank_account("6222021234567890218", Card),
            Err(Reason::Luhn)
        );
    }

    #[test]
    fn luhn_edge_cases() {
        assert!(!luhn_valid(""));
        assert!(!luhn_valid("12a4"));
        assert!(luhn_valid("0"));
        assert!(luhn_valid("18"));
        assert!(luhn_valid("79927398713"));
        assert!(!luhn_valid("79927398710"));
    }

    proptest! {
        #[test]
        fn never_panics(s in any::<String>()) {
            let _ = validate_bank_account(&s, BankAccountKind::Card);
            let _ = validate_bank_account(&s, BankAccountKind::Corporate);
            let _ = luhn_valid(&s);
        }

        #[test]
        fn appending_the_right_check_digit_makes_a_valid_card(body in "[1-9][0-9]{14,17}") {
            let check = (0..10u8)
                .map(|d| format!("{body}{d}"))
                .filter(|n| luhn_valid(n))
                .count();
            prop_assert_eq!(check, 1);
        }
    }
}
