//! The classification of client fields that the rest of the product relies on: which
//! category a field belongs to (for permissions and the layout of the record), whether it
//! is sensitive (masked by default, revealed only with a logged reason, sealed at rest) and
//! whether a change to it needs a second person's review (the four-eyes rule).
//!
//! | field | category | sensitivity | needs review |
//! |---|---|---|---|
//! | `name` | basic | normal | no |
//! | `client_type` | basic | normal | no |
//! | `credit_code` | basic | normal | no |
//! | `id_number` | basic | **sensitive** | **yes** |
//! | `legal_representative` | basic | normal | **yes** |
//! | `registered_address` | basic | **sensitive** | no |
//! | `industry` | basic | normal | no |
//! | `taxpayer_status` | basic | normal | no |
//! | `engagement_start`, `engagement_end` | basic | normal | no |
//! | `contact_name` | contact | normal | no |
//! | `contact_phone` | contact | **sensitive** | no |
//! | `contact_email` | contact | normal | no |
//! | `contact_id_number` | contact | **sensitive** | **yes** |
//! | `bank_name` | financial account | normal | no |
//! | `bank_account` | financial account | **sensitive** | **yes** |
//! | `credit_rating`, `credit_basis` | credit | normal | no |
//! | `credit_notes` | credit | **sensitive** | no |
//! | `document_kind`, `document_title`, `document_expires_on` | document | normal | no |
//! | `document_file` | document | **sensitive** | no |
//!
//! Decisions: the unified social credit code and the legal representative's name are public
//! registration data (国家企业信用信息公示系统), so they are not sensitive; a change of legal
//! representative still needs review, because it is how a client's authority is hijacked.
//! `document_file` (the stored scan: ID card copies, licences) is sensitive.

use serde::{Deserialize, Serialize};

/// Which part of a client record a field belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Identity and engagement of the client.
    Basic,
    /// The client's contact person.
    Contact,
    /// Bank and account details.
    FinancialAccount,
    /// The firm's credit assessment of the client.
    Credit,
    /// Documents kept for the client.
    Document,
}

/// Whether a field holds personal or confidential data that is masked by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Sensitivity {
    /// Shown in clear to anyone allowed to see the client.
    Normal,
    /// Masked by default; revealing it is logged with a reason.
    Sensitive,
}

/// A field of a client record. The serialised (snake_case) name is also the `field`
/// parameter of an `invalid_input` error and of audit entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// Client name (company name, or a person's name for individual clients).
    Name,
    /// Kind of client (company, individual business, person, …).
    ClientType,
    /// 统一社会信用代码 (GB 32100-2015).
    CreditCode,
    /// 居民身份证号 of an individual client (GB 11643-1999).
    IdNumber,
    /// 法定代表人.
    LegalRepresentative,
    /// 注册地址.
    RegisteredAddress,
    /// 行业.
    Industry,
    /// 纳税人身份 (general or small-scale taxpayer).
    TaxpayerStatus,
    /// First day of the engagement.
    EngagementStart,
    /// Last day of the engagement.
    EngagementEnd,
    /// Name of the contact person.
    ContactName,
    /// Phone number of the contact person (mobile or landline).
    ContactPhone,
    /// E-mail address of the contact person.
    ContactEmail,
    /// 居民身份证号 of the contact person.
    ContactIdNumber,
    /// 开户银行.
    BankName,
    /// Bank account or card number.
    BankAccount,
    /// The firm's credit rating of the client.
    CreditRating,
    /// What the rating is based on.
    CreditBasis,
    /// Free-text notes on the client's credit.
    CreditNotes,
    /// Kind of a kept document (licence, ID copy, contract, …).
    DocumentKind,
    /// Title of a kept document.
    DocumentTitle,
    /// The stored file of a kept document.
    DocumentFile,
    /// Expiry date of a kept document.
    DocumentExpiresOn,
}

/// How one field is classified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FieldClass {
    /// The part of the record.
    pub category: Category,
    /// Whether it is masked by default.
    pub sensitivity: Sensitivity,
    /// Whether a change needs a second person's review (four-eyes rule).
    pub needs_review: bool,
}

/// One row of the classification table, as sent to the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FieldInfo {
    /// The field.
    pub field: Field,
    /// The part of the record.
    pub category: Category,
    /// Whether it is masked by default.
    pub sensitivity: Sensitivity,
    /// Whether a change needs a second person's review (four-eyes rule).
    pub needs_review: bool,
}

impl Field {
    /// Every field, in the order of the record.
    pub const ALL: [Field; 23] = [
        Field::Name,
        Field::ClientType,
        Field::CreditCode,
        Field::IdNumber,
        Field::LegalRepresentative,
        Field::RegisteredAddress,
        Field::Industry,
        Field::TaxpayerStatus,
        Field::EngagementStart,
        Field::EngagementEnd,
        Field::ContactName,
        Field::ContactPhone,
        Field::ContactEmail,
        Field::ContactIdNumber,
        Field::BankName,
        Field::BankAccount,
        Field::CreditRating,
        Field::CreditBasis,
        Field::CreditNotes,
        Field::DocumentKind,
        Field::DocumentTitle,
        Field::DocumentFile,
        Field::DocumentExpiresOn,
    ];

    /// The stable snake_case name (the same as the serialised form).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::ClientType => "client_type",
            Field::CreditCode => "credit_code",
            Field::IdNumber => "id_number",
            Field::LegalRepresentative => "legal_representative",
            Field::RegisteredAddress => "registered_address",
            Field::Industry => "industry",
            Field::TaxpayerStatus => "taxpayer_status",
            Field::EngagementStart => "engagement_start",
            Field::EngagementEnd => "engagement_end",
            Field::ContactName => "contact_name",
            Field::ContactPhone => "contact_phone",
            Field::ContactEmail => "contact_email",
            Field::ContactIdNumber => "contact_id_number",
            Field::BankName => "bank_name",
            Field::BankAccount => "bank_account",
            Field::CreditRating => "credit_rating",
            Field::CreditBasis => "credit_basis",
            Field::CreditNotes => "credit_notes",
            Field::DocumentKind => "document_kind",
            Field::DocumentTitle => "document_title",
            Field::DocumentFile => "document_file",
            Field::DocumentExpiresOn => "document_expires_on",
        }
    }

    /// The part of the record this field belongs to.
    #[must_use]
    pub const fn category(self) -> Category {
        match self {
            Field::Name
            | Field::ClientType
            | Field::CreditCode
            | Field::IdNumber
            | Field::LegalRepresentative
            | Field::RegisteredAddress
            | Field::Industry
            | Field::TaxpayerStatus
            | Field::EngagementStart
            | Field::EngagementEnd => Category::Basic,
            Field::ContactName
            | Field::ContactPhone
            | Field::ContactEmail
            | Field::ContactIdNumber => Category::Contact,
            Field::BankName | Field::BankAccount => Category::FinancialAccount,
            Field::CreditRating | Field::CreditBasis | Field::CreditNotes => Category::Credit,
            Field::DocumentKind
            | Field::DocumentTitle
            | Field::DocumentFile
            | Field::DocumentExpiresOn => Category::Document,
        }
    }

    /// Whether the field is masked by default.
    #[must_use]
    pub const fn sensitivity(self) -> Sensitivity {
        match self {
            Field::IdNumber
            | Field::ContactIdNumber
            | Field::BankAccount
            | Field::ContactPhone
            | Field::RegisteredAddress
            | Field::CreditNotes
            | Field::DocumentFile => Sensitivity::Sensitive,
            _ => Sensitivity::Normal,
        }
    }

    /// Whether a change to the field needs a second person's review (four-eyes rule):
    /// bank accounts, ID numbers and the legal representative.
    #[must_use]
    pub const fn needs_review(self) -> bool {
        matches!(
            self,
            Field::BankAccount
                | Field::IdNumber
                | Field::ContactIdNumber
                | Field::LegalRepresentative
        )
    }

    /// Whether [`Sensitivity::Sensitive`].
    #[must_use]
    pub const fn is_sensitive(self) -> bool {
        matches!(self.sensitivity(), Sensitivity::Sensitive)
    }

    /// The full classification of the field.
    #[must_use]
    pub const fn class(self) -> FieldClass {
        FieldClass {
            category: self.category(),
            sensitivity: self.sensitivity(),
            needs_review: self.needs_review(),
        }
    }
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The whole classification table, one row per field in [`Field::ALL`] order.
#[must_use]
pub fn field_table() -> Vec<FieldInfo> {
    Field::ALL
        .iter()
        .map(|&field| {
            let class = field.class();
            FieldInfo {
                field,
                category: class.category,
                sensitivity: class.sensitivity,
                needs_review: class.needs_review,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_str_matches_serde_and_round_trips() {
        for field in Field::ALL {
            let json = serde_json::to_string(&field).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", field.as_str()));
            let back: Option<Field> = serde_json::from_str(&json).ok();
            assert_eq!(back, Some(field));
        }
    }

    #[test]
    fn all_is_complete_and_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for field in Field::ALL {
            assert!(seen.insert(field), "duplicate {field}");
        }
        assert_eq!(field_table().len(), Field::ALL.len());
    }

    #[test]
    fn sensitive_fields_are_exactly_the_specified_ones() {
        let sensitive: Vec<&str> = Field::ALL
            .iter()
            .filter(|f| f.is_sensitive())
            .map(|f| f.as_str())
            .collect();
        assert_eq!(
            sensitive,
            [
                "id_number",
                "registered_address",
                "contact_phone",
                "contact_id_number",
                "bank_account",
                "credit_notes",
                "document_file"
            ]
        );
    }

    #[test]
    fn review_fields_are_bank_accounts_id_numbers_and_legal_representative() {
        let review: Vec<Field> = Field::ALL
            .iter()
            .copied()
            .filter(|f| f.needs_review())
            .collect();
        assert_eq!(
            review,
            [
                Field::IdNumber,
                Field::LegalRepresentative,
                Field::ContactIdNumber,
                Field::BankAccount
            ]
        );
    }

    #[test]
    fn categories() {
        assert_eq!(Field::BankAccount.category(), Category::FinancialAccount);
        assert_eq!(Field::ContactEmail.category(), Category::Contact);
        assert_eq!(Field::CreditNotes.category(), Category::Credit);
        assert_eq!(Field::DocumentFile.category(), Category::Document);
        assert_eq!(Field::CreditCode.category(), Category::Basic);
        let json = serde_json::to_string(&Category::FinancialAccount).unwrap_or_default();
        assert_eq!(json, "\"financial_account\"");
    }

    #[test]
    fn table_rows_serialise_in_snake_case() {
        let rows = field_table();
        let json = serde_json::to_string(&rows.get(15)).unwrap_or_default();
        assert_eq!(
            json,
            r#"{"field":"bank_account","category":"financial_account","sensitivity":"sensitive","needs_review":true}"#
        );
    }
}
