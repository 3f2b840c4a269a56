//! The typed result of a rejected client value: which field, and one of a few stable
//! reason codes. The UI shows one translated message per reason; the value itself is never
//! part of the error (it is personal data).

use serde::{Deserialize, Serialize};

use super::classification::Field;
use crate::error::CoreError;

/// Why a value was rejected. Serialised in snake_case; the set is deliberately small and
/// stable, because the UI keeps one message per code in each language.
///
/// | code | meaning |
/// |---|---|
/// | `required` | empty (after normalisation) where a value is needed |
/// | `length` | wrong number of characters or digits |
/// | `characters` | a character that is not allowed in this kind of value |
/// | `format` | allowed characters in a wrong arrangement (prefix, area code, `@`, date, …) |
/// | `check_digit` | the check character does not match (typing mistake) |
/// | `luhn` | a bank card number fails the Luhn check (typing mistake) |
/// | `birth_date` | an ID number's birth date is not a real date, before 1900 or in the future |
/// | `region` | an ID number's region code is not a province of China |
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Empty where a value is needed.
    Required,
    /// Wrong number of characters or digits.
    Length,
    /// A character that is not allowed.
    Characters,
    /// Allowed characters in a wrong arrangement.
    Format,
    /// The check character does not match.
    CheckDigit,
    /// A bank card number fails the Luhn check.
    Luhn,
    /// The birth date in an ID number is impossible or in the future.
    BirthDate,
    /// The region code of an ID number is not a province of China.
    Region,
}

impl Reason {
    /// Every reason code.
    pub const ALL: [Reason; 8] = [
        Reason::Required,
        Reason::Length,
        Reason::Characters,
        Reason::Format,
        Reason::CheckDigit,
        Reason::Luhn,
        Reason::BirthDate,
        Reason::Region,
    ];

    /// The stable snake_case code (the same as the serialised form).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Reason::Required => "required",
            Reason::Length => "length",
            Reason::Characters => "characters",
            Reason::Format => "format",
            Reason::CheckDigit => "check_digit",
            Reason::Luhn => "luhn",
            Reason::BirthDate => "birth_date",
            Reason::Region => "region",
        }
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A rejected value: the field and the reason, never the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[error("invalid {field}: {reason}")]
pub struct FieldError {
    /// The field that was rejected.
    pub field: Field,
    /// Why.
    pub reason: Reason,
}

impl FieldError {
    /// A rejection of `field` for `reason`.
    #[must_use]
    pub const fn new(field: Field, reason: Reason) -> Self {
        Self { field, reason }
    }
}

impl From<FieldError> for CoreError {
    fn from(err: FieldError) -> Self {
        CoreError::InvalidInput {
            field: err.field.as_str().to_owned(),
            reason: err.reason.as_str().to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reason_codes_are_stable_snake_case() {
        for reason in Reason::ALL {
            let json = serde_json::to_string(&reason).unwrap();
            assert_eq!(json, format!("\"{}\"", reason.as_str()));
        }
        let codes: Vec<&str> = Reason::ALL.iter().map(|r| r.as_str()).collect();
        assert_eq!(
            codes,
            [
                "required",
                "length",
                "characters",
                "format",
                "check_digit",
                "luhn",
                "birth_date",
                "region"
            ]
        );
    }

    #[test]
    fn field_error_serialises_and_converts_without_the_value() {
        let err = FieldError::new(Field::IdNumber, Reason::CheckDigit);
        assert_eq!(
            serde_json::to_string(&err).unwrap(),
            r#"{"field":"id_number","reason":"check_digit"}"#
        );
        assert_eq!(err.to_string(), "invalid id_number: check_digit");
        match CoreError::from(err) {
            CoreError::InvalidInput { field, reason } => {
                assert_eq!(field, "id_number");
                assert_eq!(reason, "check_digit");
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}
