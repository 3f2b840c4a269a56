//! The client record: what a user types ([`ClientInput`]) and what is stored
//! ([`ClientRecord`], every value validated and in canonical form). Sub-records — contacts,
//! bank accounts, the credit assessment — travel with their client and are sealed with it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::validate::{validate_field, BankAccountKind, ValidationContext};
use super::{Field, FieldError, Reason};

/// Company or individual.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ClientKind {
    /// A company or other organisation (统一社会信用代码).
    Company,
    /// A natural person (居民身份证号).
    Individual,
}

/// Where a client is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ClientStatus {
    /// Engagement running.
    Active,
    /// Engagement ended; records kept for their retention periods.
    EngagementEnded,
    /// A deletion request is waiting for a statutory period: nothing may be processed.
    StorageOnly,
    /// Destroyed; only the destruction register remembers it.
    Destroyed,
}

impl ClientStatus {
    /// The stable name stored in the database.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::EngagementEnded => "engagement_ended",
            Self::StorageOnly => "storage_only",
            Self::Destroyed => "destroyed",
        }
    }

    /// Reads a stored name.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Active,
            Self::EngagementEnded,
            Self::StorageOnly,
            Self::Destroyed,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }
}

/// 一般纳税人 or 小规模纳税人.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum TaxpayerStatus {
    /// 一般纳税人.
    General,
    /// 小规模纳税人.
    Small,
}

/// A contact person as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ContactInput {
    /// Name.
    pub name: String,
    /// Role at the client (e.g. 财务负责人).
    pub role: String,
    /// Mobile or landline.
    pub phone: String,
    /// Email.
    pub email: String,
    /// ID number (sensitive; needs separate consent).
    pub id_number: String,
}

/// A bank account as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct BankAccountInput {
    /// Bank and branch (开户行).
    pub bank_name: String,
    /// Account or card number.
    pub account: String,
    /// Card (Luhn-checked) or corporate account.
    pub kind: BankAccountKind,
}

/// A credit assessment as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct CreditInput {
    /// Rating (e.g. A, B, C).
    pub rating: String,
    /// What the rating rests on.
    pub basis: String,
    /// Date of the assessment (any common format).
    pub assessed_on: String,
    /// Who assessed.
    pub assessor: String,
    /// Notes (sensitive).
    pub notes: String,
}

/// A client as typed in the form or an import row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ClientInput {
    /// Company or individual.
    pub kind: ClientKind,
    /// Name.
    pub name: String,
    /// 统一社会信用代码 (companies).
    pub credit_code: String,
    /// 居民身份证号 (individuals).
    pub id_number: String,
    /// 法定代表人.
    pub legal_representative: String,
    /// Registered address.
    pub registered_address: String,
    /// Industry.
    pub industry: String,
    /// Taxpayer status.
    pub taxpayer_status: Option<TaxpayerStatus>,
    /// Engagement start date.
    pub engagement_start: String,
    /// Engagement end date.
    pub engagement_end: String,
    /// Free tags.
    pub tags: Vec<String>,
    /// Contacts.
    pub contacts: Vec<ContactInput>,
    /// Bank accounts.
    pub bank_accounts: Vec<BankAccountInput>,
    /// Credit assessment.
    pub credit: Option<CreditInput>,
}

/// A stored contact (canonical values).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// Name.
    pub name: String,
    /// Role.
    pub role: String,
    /// Canonical phone.
    pub phone: String,
    /// Canonical email.
    pub email: String,
    /// Canonical ID number.
    pub id_number: String,
}

/// A stored bank account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankAccount {
    /// Bank and branch.
    pub bank_name: String,
    /// Canonical account number.
    pub account: String,
    /// Kind.
    pub kind: BankAccountKind,
}

/// A stored credit assessment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credit {
    /// Rating.
    pub rating: String,
    /// Basis.
    pub basis: String,
    /// Date (canonical `YYYY-MM-DD`, empty if unknown).
    pub assessed_on: String,
    /// Assessor.
    pub assessor: String,
    /// Notes.
    pub notes: String,
}

/// A client as stored (sealed as a whole with the client's key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientRecord {
    /// Company or individual.
    pub kind: ClientKind,
    /// Name.
    pub name: String,
    /// Canonical credit code.
    pub credit_code: String,
    /// Canonical ID number.
    pub id_number: String,
    /// Legal representative.
    pub legal_representative: String,
    /// Registered address.
    pub registered_address: String,
    /// Industry.
    pub industry: String,
    /// Taxpayer status.
    pub taxpayer_status: Option<TaxpayerStatus>,
    /// Engagement start (`YYYY-MM-DD` or empty).
    pub engagement_start: String,
    /// Engagement end (`YYYY-MM-DD` or empty).
    pub engagement_end: String,
    /// Tags (trimmed, unique, sorted).
    pub tags: Vec<String>,
    /// Contacts.
    pub contacts: Vec<Contact>,
    /// Bank accounts.
    pub bank_accounts: Vec<BankAccount>,
    /// Credit assessment.
    pub credit: Option<Credit>,
}

/// Where a field error is: the client itself, or the n-th contact or account (0-based).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocatedError {
    /// `client`, `contacts.0`, `bank_accounts.1`, `credit`.
    pub at: String,
    /// The field and reason.
    pub error: FieldError,
}

struct Checker<'a> {
    ctx: &'a ValidationContext,
    errors: Vec<LocatedError>,
}

impl Checker<'_> {
    fn check(&mut self, at: &str, field: Field, input: &str, required: bool) -> String {
        if required && input.trim().is_empty() {
            self.errors.push(LocatedError {
                at: at.to_owned(),
                error: FieldError::new(field, Reason::Required),
            });
            return String::new();
        }
        match validate_field(field, input, self.ctx) {
            Ok(v) => v,
            Err(error) => {
                self.errors.push(LocatedError {
                    at: at.to_owned(),
                    error,
                });
                String::new()
            }
        }
    }

    fn date(&mut self, at: &str, field: Field, input: &str) -> String {
        self.check(at, field, input, false)
    }
}

fn credit_of(c: &mut Checker<'_>, k: &CreditInput) -> Credit {
    Credit {
        rating: c.check("credit", Field::CreditRating, &k.rating, true),
        basis: c.check("credit", Field::CreditBasis, &k.basis, false),
        assessed_on: c.date("credit", Field::EngagementStart, &k.assessed_on),
        assessor: super::normalize::normalize_text(&k.assessor)
            .trim()
            .to_owned(),
        notes: c.check("credit", Field::CreditNotes, &k.notes, false),
    }
}

impl Credit {
    /// Validates and normalises a credit assessment on its own (as in a client record).
    pub fn from_input(input: &CreditInput, today: NaiveDate) -> Result<Self, Vec<LocatedError>> {
        let ctx = ValidationContext {
            today,
            bank_account_kind: BankAccountKind::Corporate,
        };
        let mut c = Checker {
            ctx: &ctx,
            errors: Vec::new(),
        };
        let credit = credit_of(&mut c, input);
        if c.errors.is_empty() {
            Ok(credit)
        } else {
            Err(c.errors)
        }
    }
}

impl ClientRecord {
    /// Validates and normalises `input`; every problem is reported, not only the first.
    pub fn from_input(input: &ClientInput, today: NaiveDate) -> Result<Self, Vec<LocatedError>> {
        let ctx = ValidationContext {
            today,
            bank_account_kind: BankAccountKind::Corporate,
        };
        let mut c = Checker {
            ctx: &ctx,
            errors: Vec::new(),
        };
        let company = input.kind == ClientKind::Company;
        let name = c.check("client", Field::Name, &input.name, true);
        let credit_code = c.check("client", Field::CreditCode, &input.credit_code, company);
        let id_number = c.check("client", Field::IdNumber, &input.id_number, !company);
        let legal_representative = c.check(
            "client",
            Field::LegalRepresentative,
            &input.legal_representative,
            false,
        );
        let registered_address = c.check(
            "client",
            Field::RegisteredAddress,
            &input.registered_address,
            false,
        );
        let industry = c.check("client", Field::Industry, &input.industry, false);
        let engagement_start = c.date("client", Field::EngagementStart, &input.engagement_start);
        let engagement_end = c.date("client", Field::EngagementEnd, &input.engagement_end);
        if !engagement_start.is_empty()
            && !engagement_end.is_empty()
            && engagement_end < engagement_start
        {
            c.errors.push(LocatedError {
                at: "client".to_owned(),
                error: FieldError::new(Field::EngagementEnd, Reason::Format),
            });
        }
        let mut tags: Vec<String> = input
            .tags
            .iter()
            .map(|t| super::normalize::normalize_text(t).trim().to_owned())
            .filter(|t| !t.is_empty())
            .collect();
        tags.sort();
        tags.dedup();
        let contacts = input
            .contacts
            .iter()
            .enumerate()
            .map(|(i, k)| {
                let at = format!("contacts.{i}");
                Contact {
                    name: c.check(&at, Field::ContactName, &k.name, true),
                    role: super::normalize::normalize_text(&k.role).trim().to_owned(),
                    phone: c.check(&at, Field::ContactPhone, &k.phone, false),
                    email: c.check(&at, Field::ContactEmail, &k.email, false),
                    id_number: c.check(&at, Field::ContactIdNumber, &k.id_number, false),
                }
            })
            .collect();
        let bank_accounts = input
            .bank_accounts
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let at = format!("bank_accounts.{i}");
                let account_ctx = ValidationContext {
                    today,
                    bank_account_kind: a.kind,
                };
                let account = if a.account.trim().is_empty() {
                    c.errors.push(LocatedError {
                        at: at.clone(),
                        error: FieldError::new(Field::BankAccount, Reason::Required),
                    });
                    String::new()
                } else {
                    match validate_field(Field::BankAccount, &a.account, &account_ctx) {
                        Ok(v) => v,
                        Err(error) => {
                            c.errors.push(LocatedError {
                                at: at.clone(),
                                error,
                            });
                            String::new()
                        }
                    }
                };
                BankAccount {
                    bank_name: c.check(&at, Field::BankName, &a.bank_name, true),
                    account,
                    kind: a.kind,
                }
            })
            .collect();
        let credit = input.credit.as_ref().map(|k| credit_of(&mut c, k));
        if !c.errors.is_empty() {
            return Err(c.errors);
        }
        Ok(Self {
            kind: input.kind,
            name,
            credit_code,
            id_number,
            legal_representative,
            registered_address,
            industry,
            taxpayer_status: input.taxpayer_status,
            engagement_start,
            engagement_end,
            tags,
            contacts,
            bank_accounts,
            credit,
        })
    }

    /// The names of the fields that differ between `self` and `other` (sub-record fields
    /// named by their field, e.g. `bank_account` when any account changed).
    #[must_use]
    pub fn changed_fields(&self, other: &Self) -> Vec<Field> {
        let mut out = Vec::new();
        let mut diff = |changed: bool, field: Field| {
            if changed {
                out.push(field);
            }
        };
        diff(self.kind != other.kind, Field::ClientType);
        diff(self.name != other.name, Field::Name);
        diff(self.credit_code != other.credit_code, Field::CreditCode);
        diff(self.id_number != other.id_number, Field::IdNumber);
        diff(
            self.legal_representative != other.legal_representative,
            Field::LegalRepresentative,
        );
        diff(
            self.registered_address != other.registered_address,
            Field::RegisteredAddress,
        );
        diff(self.industry != other.industry, Field::Industry);
        diff(
            self.taxpayer_status != other.taxpayer_status,
            Field::TaxpayerStatus,
        );
        diff(
            self.engagement_start != other.engagement_start,
            Field::EngagementStart,
        );
        diff(
            self.engagement_end != other.engagement_end,
            Field::EngagementEnd,
        );
        let contacts_changed = self.contacts != other.contacts;
        diff(contacts_changed, Field::ContactName);
        diff(
            self.contacts
                .iter()
                .map(|c| &c.id_number)
                .ne(other.contacts.iter().map(|c| &c.id_number)),
            Field::ContactIdNumber,
        );
        diff(
            self.bank_accounts != other.bank_accounts,
            Field::BankAccount,
        );
        diff(self.credit != other.credit, Field::CreditRating);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    fn company() -> ClientInput {
        ClientInput {
            kind: ClientKind::Company,
            name: "杭州华瑞科技有限公司".to_owned(),
            credit_code: "91350100M000100Y43".to_owned(),
            id_number: String::new(),
            legal_representative: "李华".to_owned(),
            registered_address: "浙江省杭州市西湖区文三路 90 号".to_owned(),
            industry: "软件和信息技术服务业".to_owned(),
            taxpayer_status: Some(TaxpayerStatus::General),
            engagement_start: "2024-01-01".to_owned(),
            engagement_end: String::new(),
            tags: vec!["月度记账".to_owned(), " 月度记账 ".to_owned()],
            contacts: vec![ContactInput {
                name: "张敏".to_owned(),
                role: "财务负责人".to_owned(),
                phone: "138 0013 8000".to_owned(),
                email: "zhangmin@example.com".to_owned(),
                id_number: String::new(),
            }],
            bank_accounts: vec![BankAccountInput {
                bank_name: "中国工商银行杭州文三路支行".to_owned(),
                account: "1202 0212 0900 0123 456".to_owned(),
                kind: BankAccountKind::Corporate,
            }],
            credit: None,
        }
    }

    #[test]
    fn valid_company_is_normalised() {
        let r = ClientRecord::from_input(&company(), today()).unwrap();
        assert_eq!(r.tags, vec!["月度记账".to_owned()]);
        assert_eq!(r.bank_accounts[0].account, "1202021209000123456");
        assert_eq!(r.contacts[0].phone, "13800138000");
    }

    #[test]
    fn every_problem_is_reported_with_its_place() {
        let mut input = company();
        input.credit_code = "91350100M000100Y44".to_owned();
        input.contacts[0].phone = "12345".to_owned();
        input.bank_accounts.push(BankAccountInput {
            bank_name: String::new(),
            account: String::new(),
            kind: BankAccountKind::Card,
        });
        let errors = ClientRecord::from_input(&input, today()).unwrap_err();
        let places: Vec<(String, Field)> = errors
            .iter()
            .map(|e| (e.at.clone(), e.error.field))
            .collect();
        assert!(places.contains(&("client".to_owned(), Field::CreditCode)));
        assert!(places.contains(&("contacts.0".to_owned(), Field::ContactPhone)));
        assert!(places.contains(&("bank_accounts.1".to_owned(), Field::BankAccount)));
        assert!(places.contains(&("bank_accounts.1".to_owned(), Field::BankName)));
    }

    #[test]
    fn company_needs_a_credit_code_individual_an_id_number() {
        let mut input = company();
        input.credit_code.clear();
        assert!(ClientRecord::from_input(&input, today()).is_err());
        input.kind = ClientKind::Individual;
        input.name = "王芳".to_owned();
        input.id_number = "11010519491231002X".to_owned();
        assert!(ClientRecord::from_input(&input, today()).is_ok());
    }

    #[test]
    fn changed_fields_name_what_changed() {
        let a = ClientRecord::from_input(&company(), today()).unwrap();
        let mut input = company();
        input.bank_accounts[0].account = "1202021209000999999".to_owned();
        input.industry = "批发业".to_owned();
        let b = ClientRecord::from_input(&input, today()).unwrap();
        assert_eq!(
            a.changed_fields(&b),
            vec![Field::Industry, Field::BankAccount]
        );
        assert!(a.changed_fields(&a).is_empty());
    }
}
