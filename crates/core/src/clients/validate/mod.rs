//! Validation of client values: one validator per kind of value, each normalising first
//! and returning the canonical form to store, and [`validate_field`] which picks the right
//! one for a [`Field`].
//!
//! | field | rule |
//! |---|---|
//! | `credit_code` | [`credit_code::validate_credit_code`] |
//! | `id_number`, `contact_id_number` | [`id_number::validate_id_number`] |
//! | `contact_phone` | [`phone::validate_phone`] (mobile or landline) |
//! | `contact_email` | [`email::validate_email`] |
//! | `bank_account` | [`bank_account::validate_bank_account`] with the context's kind |
//! | `engagement_start`, `engagement_end`, `document_expires_on` | [`text::validate_date`] |
//! | `credit_basis`, `credit_notes` | [`text::validate_multiline_text`] |
//! | every other field | [`text::validate_text`] |
//!
//! Only `name` and `client_type` are required by [`validate_field`]; other fields may be
//! empty (stored as an empty string). Which further fields a client of a given type must
//! have (a credit code for a company, an ID number for a person) and cross-field rules
//! (engagement end after start) belong to the client model, not here.

pub mod bank_account;
pub mod credit_code;
pub mod email;
pub mod id_number;
pub mod phone;
pub mod text;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use bank_account::{luhn_valid, validate_bank_account, BankAccountKind};
pub use credit_code::{credit_code_check_char, validate_credit_code};
pub use email::validate_email;
pub use id_number::{id_number_check_char, validate_id_number};
pub use phone::{phone_kind_of, validate_landline, validate_mobile, validate_phone, PhoneKind};
pub use text::{validate_date, validate_multiline_text, validate_text};

use super::classification::Field;
use super::error::{FieldError, Reason};
use super::normalize::normalize_multiline_text;

/// What [`validate_field`] needs beyond the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ValidationContext {
    /// Today's date on the user's computer: ID numbers may not be born after it.
    pub today: NaiveDate,
    /// Which rules `bank_account` is checked against.
    pub bank_account_kind: BankAccountKind,
}

impl Field {
    /// Whether [`validate_field`] rejects an empty value for this field.
    #[must_use]
    pub const fn is_required(self) -> bool {
        matches!(self, Field::Name | Field::ClientType)
    }

    /// The most characters a free-text field may hold (`None` for fields with a format of
    /// their own).
    #[must_use]
    pub const fn max_chars(self) -> Option<usize> {
        match self {
            Field::Name | Field::BankName | Field::Industry => Some(100),
            Field::RegisteredAddress | Field::DocumentTitle | Field::DocumentFile => Some(200),
            Field::LegalRepresentative | Field::ContactName => Some(50),
            Field::ClientType
            | Field::TaxpayerStatus
            | Field::CreditRating
            | Field::DocumentKind => Some(32),
            Field::CreditBasis => Some(1000),
            Field::CreditNotes => Some(4000),
            Field::CreditCode
            | Field::IdNumber
            | Field::ContactIdNumber
            | Field::ContactPhone
            | Field::ContactEmail
            | Field::BankAccount
            | Field::EngagementStart
            | Field::EngagementEnd
            | Field::DocumentExpiresOn => None,
        }
    }
}

/// Checks the value of `field` and returns the canonical form to store: empty for an empty
/// optional field, `YYYY-MM-DD` for dates, the validator's form otherwise.
///
/// # Errors
/// A [`FieldError`] naming `field` and the [`Reason`]; never the value.
pub fn validate_field(
    field: Field,
    input: &str,
    context: &ValidationContext,
) -> Result<String, FieldError> {
    let rejected = |reason| FieldError::new(field, reason);
    // Emptiness is judged the same way for every field: nothing but whitespace and
    // invisible characters.
    if normalize_multiline_text(input).trim().is_empty() {
        return if field.is_required() {
            Err(rejected(Reason::Required))
        } else {
            Ok(String::new())
        };
    }
    let result = match field {
        Field::CreditCode => validate_credit_code(input),
        Field::IdNumber | Field::ContactIdNumber => validate_id_number(input, context.today),
        Field::ContactPhone => validate_phone(input),
        Field::ContactEmail => validate_email(input),
        Field::BankAccount => validate_bank_account(input, context.bank_account_kind),
        Field::EngagementStart | Field::EngagementEnd | Field::DocumentExpiresOn => {
            validate_date(input).map(|d| d.format("%Y-%m-%d").to_string())
        }
        Field::CreditBasis | Field::CreditNotes => {
            validate_multiline_text(input, field.max_chars().unwrap_or(usize::MAX))
        }
        _ => validate_text(input, field.max_chars().unwrap_or(usize::MAX)),
    };
    result.map_err(rejected)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn context() -> ValidationContext {
        ValidationContext {
            today: NaiveDate::from_ymd_opt(2025, 6, 1).unwrap(),
            bank_account_kind: BankAccountKind::Card,
        }
    }

    #[test]
    fn each_field_uses_its_rule() {
        let ctx = context();
        let ok = |field, input: &str| validate_field(field, input, &ctx);
        assert_eq!(
            ok(Field::CreditCode, "91350100m000100y43").unwrap(),
            "91350100M000100Y43"
        );
        assert_eq!(
            ok(Field::IdNumber, "11010519491231002x").unwrap(),
            "11010519491231002X"
        );
        assert_eq!(
            ok(Field::ContactIdNumber, "11010519491231002x").unwrap(),
            "11010519491231002X"
        );
        assert_eq!(
            ok(Field::ContactPhone, "+86 138 1234 5678").unwrap(),
            "13812345678"
        );
        assert_eq!(ok(Field::ContactEmail, "A@B.CN").unwrap(), "A@b.cn");
        assert_eq!(
            ok(Field::BankAccount, "4111 1111 1111 1111").unwrap(),
            "4111111111111111"
        );
        assert_eq!(
            ok(Field::EngagementStart, "2024年1月5日").unwrap(),
            "2024-01-05"
        );
        assert_eq!(
            ok(Field::CreditNotes, "逾期\r\n两次").unwrap(),
            "逾期\n两次"
        );
        assert_eq!(ok(Field::Name, " 杭州华瑞科技 ").unwrap(), "杭州华瑞科技");
    }

    #[test]
    fn errors_name_the_field_and_never_the_value() {
        let ctx = context();
        let err = validate_field(Field::ContactIdNumber, "110105194912310021", &ctx).unwrap_err();
        assert_eq!(
            err,
            FieldError::new(Field::ContactIdNumber, Reason::CheckDigit)
        );
        let json = serde_json::to_string(&err).unwrap();
        assert!(!json.contains("110105"));
        assert_eq!(
            validate_field(Field::BankAccount, "4111111111111112", &ctx),
            Err(FieldError::new(Field::BankAccount, Reason::Luhn))
        );
        let corporate = ValidationContext {
            bank_account_kind: BankAccountKind::Corporate,
            ..ctx
        };
        assert!(validate_field(Field::BankAccount, "4111111111111112", &corporate).is_ok());
        assert_eq!(
            validate_field(Field::Name, &"名".repeat(101), &ctx),
            Err(FieldError::new(Field::Name, Reason::Length))
        );
    }

    #[test]
    fn empty_values() {
        let ctx = context();
        for field in Field::ALL {
            let result = validate_field(field, " \u{3000}\u{200B}\n", &ctx);
            if field.is_required() {
                assert_eq!(result, Err(FieldError::new(field, Reason::Required)));
            } else {
                assert_eq!(result, Ok(String::new()), "{field}");
            }
        }
    }

    proptest! {
        #[test]
        fn never_panics_and_results_are_fixed_points(s in any::<String>(), i in 0usize..23) {
            let ctx = context();
            let field = Field::ALL[i];
            if let Ok(stored) = validate_field(field, &s, &ctx) {
                prop_assert_eq!(validate_field(field, &stored, &ctx), Ok(stored));
            }
        }
    }
}
