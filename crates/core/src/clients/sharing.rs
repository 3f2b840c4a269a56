//! Giving a client's data to a third party (PIPL Art. 23): only under a separate third-party
//! consent in force, as a JSON export of the chosen data categories, with a sealed sharing
//! record (recipient, purpose, categories, channel, the consent relied on) that the sharing
//! register lists.
//!
//! Decision on masking: the recipient receives real values only when the person exporting may
//! reveal sensitive values (administrators and accountants); for anyone else the export holds
//! the masked forms. Exporting is itself the reveal: it is audited with the categories, the
//! recipient's sharing record and whether values were in clear — never the values.

use chrono::{DateTime, Utc};
use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::consent::ConsentScope;
use super::mask::mask_field;
use super::normalize::normalize_text;
use super::record::{ClientRecord, ClientStatus};
use super::{Category, Field};
use crate::error::{CoreError, CoreResult};
use crate::vault::audit::{self, NewEntry};
use crate::vault::db::sql;
use crate::vault::{Action, Vault};

/// How the data leaves the firm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum SharingChannel {
    /// Encrypted email.
    Email,
    /// A removable drive handed over.
    RemovableMedia,
    /// Printed and handed over.
    Paper,
    /// A secure transfer platform.
    SecureTransfer,
}

impl SharingChannel {
    /// Stable name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::RemovableMedia => "removable_media",
            Self::Paper => "paper",
            Self::SecureTransfer => "secure_transfer",
        }
    }
}

/// What the user asks to share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct SharingInput {
    /// The recipient (a firm, an authority, a bank).
    pub recipient_name: String,
    /// How to reach the recipient (person, phone or email).
    pub recipient_contact: String,
    /// Why.
    pub purpose: String,
    /// Which parts of the record (`basic`, `contact`, `financial_account`, `credit`).
    pub categories: Vec<Category>,
    /// How it is handed over.
    pub channel: SharingChannel,
}

/// A sharing record, as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct SharingRecordView {
    /// Id.
    pub id: u32,
    /// When (RFC 3339).
    pub shared_at: String,
    /// Who shared (user id).
    pub shared_by: u32,
    /// The third-party consent relied on.
    pub consent_id: u32,
    /// Recipient.
    pub recipient_name: String,
    /// Recipient's contact.
    pub recipient_contact: String,
    /// Purpose.
    pub purpose: String,
    /// Categories given.
    pub categories: Vec<Category>,
    /// Channel.
    pub channel: SharingChannel,
    /// Whether sensitive values were given in clear.
    pub clear_values: bool,
    /// The export's file name.
    pub file_name: String,
}

/// The export produced for the recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharingExport {
    /// The sharing record's id.
    pub record_id: u32,
    /// Suggested file name (no personal data in it).
    pub file_name: String,
    /// The JSON document.
    pub bytes: Vec<u8>,
    /// Whether sensitive values are in clear.
    pub clear_values: bool,
}

#[derive(Serialize, Deserialize)]
struct SharingData {
    recipient_name: String,
    recipient_contact: String,
    purpose: String,
    categories: Vec<Category>,
    channel: SharingChannel,
    clear_values: bool,
    file_name: String,
}

fn invalid(field: &str, reason: &str) -> CoreError {
    CoreError::InvalidInput {
        field: format!("sharing.{field}"),
        reason: reason.to_owned(),
    }
}

/// The chosen categories of `record` as JSON; sensitive values masked unless `clear`.
#[must_use]
pub fn export_json(
    record: &ClientRecord,
    categories: &[Category],
    clear: bool,
) -> serde_json::Value {
    let m = |field: Field, value: &str| {
        if clear {
            value.to_owned()
        } else {
            mask_field(field, value)
        }
    };
    let mut out = serde_json::Map::new();
    out.insert("name".into(), record.name.clone().into());
    if categories.contains(&Category::Basic) {
        out.insert(
            "basic".into(),
            serde_json::json!({
                "kind": record.kind,
                "creditCode": record.credit_code,
                "idNumber": m(Field::IdNumber, &record.id_number),
                "legalRepresentative": record.legal_representative,
                "registeredAddress": m(Field::RegisteredAddress, &record.registered_address),
                "industry": record.industry,
                "taxpayerStatus": record.taxpayer_status,
                "engagementStart": record.engagement_start,
                "engagementEnd": record.engagement_end,
            }),
        );
    }
    if categories.contains(&Category::Contact) {
        let contacts: Vec<_> = record
            .contacts
            .iter()
            .map(|c| {
                serde_json::json!({
                    "name": c.name,
                    "role": c.role,
                    "phone": m(Field::ContactPhone, &c.phone),
                    "email": m(Field::ContactEmail, &c.email),
                    "idNumber": m(Field::ContactIdNumber, &c.id_number),
                })
            })
            .collect();
        out.insert("contacts".into(), contacts.into());
    }
    if categories.contains(&Category::FinancialAccount) {
        let accounts: Vec<_> = record
            .bank_accounts
            .iter()
            .map(|a| {
                serde_json::json!({
                    "bankName": a.bank_name,
                    "account": m(Field::BankAccount, &a.account),
                    "kind": a.kind,
                })
            })
            .collect();
        out.insert("bankAccounts".into(), accounts.into());
    }
    if categories.contains(&Category::Credit) {
        let credit = record.credit.as_ref().map(|c| {
            serde_json::json!({
                "rating": c.rating,
                "basis": c.basis,
                "assessedOn": c.assessed_on,
                "assessor": c.assessor,
                "notes": m(Field::CreditNotes, &c.notes),
            })
        });
        out.insert("credit".into(), credit.into());
    }
    serde_json::Value::Object(out)
}

impl Vault {
    /// Shares a client's data with a third party: refused with `consent_missing` (scope
    /// `third_party`) unless a third-party consent of the client is in force today; otherwise
    /// returns the JSON export and keeps a sealed sharing record, audited.
    pub fn share_client(
        &mut self,
        client_id: &str,
        input: &SharingInput,
        now: DateTime<Utc>,
    ) -> CoreResult<SharingExport> {
        self.require_client_status(Action::ExportClientData, client_id)?;
        let recipient_name = input.recipient_name.trim();
        if recipient_name.is_empty() {
            return Err(invalid("recipient_name", "required"));
        }
        if input.purpose.trim().is_empty() {
            return Err(invalid("purpose", "required"));
        }
        let mut categories: Vec<Category> = input
            .categories
            .iter()
            .copied()
            .filter(|c| *c != Category::Document)
            .collect();
        categories.sort();
        categories.dedup();
        if categories.is_empty() {
            return Err(invalid("categories", "required"));
        }
        let (record, status, ..) = self.load_record(client_id)?;
        if matches!(status, ClientStatus::StorageOnly | ClientStatus::Destroyed) {
            return Err(CoreError::Forbidden {
                action: "process_storage_only_client".to_owned(),
            });
        }
        // A third-party consent must be in force, and name this recipient (PIPL Art. 23: the
        // person is told who receives the data).
        self.require_consent(client_id, ConsentScope::ThirdParty, None, now)?;
        let consent_id = self.consent_for_recipient(client_id, recipient_name, &categories, now)?;
        let clear = !self.session.always_masked();
        let id: i64 = self
            .conn
            .query_row(
                "SELECT COALESCE(MAX(id), 0) + 1 FROM sharing_records",
                [],
                |r| r.get(0),
            )
            .map_err(sql("sharing_records"))?;
        let file_name = format!("sharing-{id:05}-{}.json", now.format("%Y%m%d"));
        let document = serde_json::json!({
            "format": "ledgerlock.sharing/1",
            "sharingRecord": id,
            "exportedAt": now.to_rfc3339(),
            "recipient": { "name": recipient_name, "contact": input.recipient_contact.trim() },
            "purpose": input.purpose.trim(),
            "legalBasis": { "law": "PIPL Art. 23", "consent": consent_id },
            "channel": input.channel,
            "categories": categories,
            "sensitiveValuesInClear": clear,
            "client": export_json(&record, &categories, clear),
        });
        let bytes =
            serde_json::to_vec_pretty(&document).map_err(|e| CoreError::Storage(e.to_string()))?;
        let row = format!("sharing:{id}");
        let data = SharingData {
            recipient_name: recipient_name.to_owned(),
            recipient_contact: input.recipient_contact.trim().to_owned(),
            purpose: input.purpose.trim().to_owned(),
            categories: categories.clone(),
            channel: input.channel,
            clear_values: clear,
            file_name: file_name.clone(),
        };
        let sealed = self.seal_client_json(client_id, "sharing_records", &row, &data)?;
        let tx = self.conn.transaction().map_err(sql("file"))?;
        tx.execute(
            "INSERT INTO sharing_records (id, client_id, shared_at, shared_by, consent_id, data)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                id,
                client_id,
                now.to_rfc3339(),
                self.session.user_id,
                consent_id,
                sealed
            ],
        )
        .map_err(sql("sharing_records"))?;
        let names: Vec<&str> = categories.iter().map(|c| category_name(*c)).collect();
        audit::append(
            &tx,
            &self.keys.audit(),
            &NewEntry {
                actor: Some(self.session.user_id),
                action: "client.shared",
                target: Some(format!("client:{client_id}")),
                details: Some(serde_json::json!({
                    "sharing": id, "consent": consent_id, "categories": names,
                    "channel": input.channel.as_str(), "clear": clear,
                })),
            },
            now,
        )?;
        tx.commit().map_err(sql("file"))?;
        Ok(SharingExport {
            record_id: u32::try_from(id).unwrap_or(u32::MAX),
            file_name,
            bytes,
            clear_values: clear,
        })
    }

    /// The id of the third-party consent in force today that names `recipient` (compared
    /// without spaces, full-width forms or case; a consent naming "杭州某事务所（年报审计）"
    /// covers "杭州某事务所") and covers `categories` (a consent listing no categories covers
    /// all). Refuses with `invalid_input` and `not_consented` on `sharing.recipient_name` when
    /// the consents in force name other recipients, on `sharing.categories` when they do not
    /// cover every category asked for.
    fn consent_for_recipient(
        &mut self,
        client_id: &str,
        recipient: &str,
        categories: &[Category],
        now: DateTime<Utc>,
    ) -> CoreResult<u32> {
        let today = now.date_naive().format("%Y-%m-%d").to_string();
        let wanted = recipient_key(recipient);
        let for_recipient: Vec<_> = self
            .consents(client_id)?
            .into_iter()
            .filter(|c| {
                c.scope == ConsentScope::ThirdParty
                    && c.contact_index.is_none()
                    && c.given_on <= today
                    && c.withdrawn_on.as_ref().is_none_or(|w| *w > today)
            })
            .filter(|c| {
                let named = recipient_key(&c.recipient);
                !named.is_empty() && (named.contains(&wanted) || wanted.contains(&named))
            })
            .collect();
        if for_recipient.is_empty() {
            return Err(invalid("recipient_name", "not_consented"));
        }
        for_recipient
            .iter()
            .find(|c| {
                c.categories.is_empty()
                    || categories
                        .iter()
                        .all(|k| c.categories.iter().any(|n| n == category_name(*k)))
            })
            .map(|c| c.id)
            .ok_or_else(|| invalid("categories", "not_consented"))
    }

    /// A client's sharing records, newest first.
    pub fn sharing_records(&mut self, client_id: &str) -> CoreResult<Vec<SharingRecordView>> {
        self.require_client_status(Action::ViewClient, client_id)?;
        self.read_sharing_records(client_id)
    }

    /// A client's sharing records without the storage-only check: the firm-wide sharing
    /// register (PIPL Art. 23) keeps listing what left the firm, also for a client whose data
    /// is now stored only. The caller checks the role and the client assignment.
    pub(crate) fn read_sharing_records(
        &mut self,
        client_id: &str,
    ) -> CoreResult<Vec<SharingRecordView>> {
        let rows: Vec<(i64, String, i64, i64, Vec<u8>)> = {
            let mut stmt = self
                .conn
                .prepare(
                    "SELECT id, shared_at, shared_by, consent_id, data FROM sharing_records
                     WHERE client_id = ?1 ORDER BY id DESC",
                )
                .map_err(sql("sharing_records"))?;
            let rows = stmt
                .query_map([client_id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })
                .map_err(sql("sharing_records"))?;
            rows.collect::<Result<_, _>>()
                .map_err(sql("sharing_records"))?
        };
        let mut out = Vec::new();
        for (id, shared_at, by, consent, sealed) in rows {
            let row = format!("sharing:{id}");
            let d: SharingData =
                self.open_client_json(client_id, "sharing_records", &row, &sealed)?;
            out.push(SharingRecordView {
                id: u32::try_from(id).unwrap_or(u32::MAX),
                shared_at,
                shared_by: u32::try_from(by).unwrap_or(u32::MAX),
                consent_id: u32::try_from(consent).unwrap_or(u32::MAX),
                recipient_name: d.recipient_name,
                recipient_contact: d.recipient_contact,
                purpose: d.purpose,
                categories: d.categories,
                channel: d.channel,
                clear_values: d.clear_values,
                file_name: d.file_name,
            });
        }
        Ok(out)
    }
}

/// A recipient's name for comparison: normalised, without spaces, lower case.
fn recipient_key(name: &str) -> String {
    normalize_text(name)
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Stable name of a category, for the audit log.
fn category_name(c: Category) -> &'static str {
    match c {
        Category::Basic => "basic",
        Category::Contact => "contact",
        Category::FinancialAccount => "financial_account",
        Category::Credit => "credit",
        Category::Document => "document",
    }
}
