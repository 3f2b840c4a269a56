//! Clients in the vault: create, read (masked), reveal with a reason, change with history and
//! four-eyes review of sensitive fields, verification, and search over the in-memory index.
//!
//! Each client's record is sealed as a whole with the client's own data key (wrapped by the
//! vault key in `client_keys`), so destroying the key destroys every copy of the client's data,
//! its history included. Only ids, status and dates needed for queries are in clear.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::consent::ConsentScope;
use super::index::{IndexEntry, SearchIndex};
use super::mask::mask_field;
use super::record::{
    ClientInput, ClientKind, ClientRecord, ClientStatus, Credit, CreditInput, TaxpayerStatus,
};
use super::{Field, FieldError};
use crate::error::{CoreError, CoreResult};
use crate::vault::audit::{self, NewEntry};
use crate::vault::db::sql;
use crate::vault::{Action, Place, Role, Sealer, SecretKey, Vault};

/// Decrypted client keys, summaries and the search index of an unlocked vault.
#[derive(Default)]
pub struct ClientCache {
    keys: HashMap<String, Sealer>,
    summaries: HashMap<String, ClientSummary>,
    index: SearchIndex,
    /// Storage-only clients an administrator opened for a stated legal purpose in this
    /// session (PIPL Art. 47); dropped at lock.
    pub(crate) legal_purpose: std::collections::BTreeSet<String>,
}

impl ClientCache {
    /// The name of a client loaded at unlock, for lists that show it next to other records.
    pub(crate) fn name(&self, id: &str) -> Option<&str> {
        self.summaries.get(id).map(|s| s.name.as_str())
    }

    /// The list row of a client loaded at unlock.
    pub(crate) fn summary(&self, id: &str) -> Option<&ClientSummary> {
        self.summaries.get(id)
    }

    /// Drops everything held for a client (after it was shredded).
    pub(crate) fn forget(&mut self, id: &str) {
        self.keys.remove(id);
        self.summaries.remove(id);
        self.index.remove(id);
        self.legal_purpose.remove(id);
    }
}

/// A row of the client list (no sensitive value in clear).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ClientSummary {
    /// Id.
    pub id: String,
    /// Company or individual.
    pub kind: ClientKind,
    /// Name.
    pub name: String,
    /// Status.
    pub status: ClientStatus,
    /// Credit code (companies; public registration data) or masked ID number.
    pub identifier: String,
    /// Tags.
    pub tags: Vec<String>,
    /// When last verified.
    pub verified_at: Option<String>,
    /// Engagement end date.
    pub engagement_end: String,
}

/// A contact as shown (sensitive values masked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ContactView {
    /// Name.
    pub name: String,
    /// Role.
    pub role: String,
    /// Masked phone.
    pub phone: String,
    /// Masked email.
    pub email: String,
    /// Masked ID number.
    pub id_number: String,
}

/// A bank account as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct BankAccountView {
    /// Bank.
    pub bank_name: String,
    /// Masked account.
    pub account: String,
    /// Card or corporate account.
    pub kind: super::validate::BankAccountKind,
}

/// A client as the detail page shows it: sensitive values masked. [`Vault::reveal_field`]
/// shows one value, with a reason, audited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ClientDetail {
    /// Id.
    pub id: String,
    /// Record version.
    pub version: u32,
    /// Company or individual.
    pub kind: ClientKind,
    /// Status.
    pub status: ClientStatus,
    /// Name.
    pub name: String,
    /// Credit code.
    pub credit_code: String,
    /// Masked ID number.
    pub id_number: String,
    /// Legal representative.
    pub legal_representative: String,
    /// Masked address.
    pub registered_address: String,
    /// Industry.
    pub industry: String,
    /// Taxpayer status.
    pub taxpayer_status: Option<TaxpayerStatus>,
    /// Engagement start.
    pub engagement_start: String,
    /// Engagement end.
    pub engagement_end: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Contacts.
    pub contacts: Vec<ContactView>,
    /// Bank accounts.
    pub bank_accounts: Vec<BankAccountView>,
    /// Credit rating.
    pub credit_rating: Option<String>,
    /// The credit assessment, notes masked.
    pub credit: Option<CreditView>,
    /// When last verified, and how.
    pub verified_at: Option<String>,
}

/// A credit assessment as shown (notes masked; reveal them as `credit_notes`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct CreditView {
    /// Rating.
    pub rating: String,
    /// What it rests on.
    pub basis: String,
    /// Date (`YYYY-MM-DD` or empty).
    pub assessed_on: String,
    /// Who assessed.
    pub assessor: String,
    /// Masked notes.
    pub notes: String,
}

/// What an update did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct UpdateOutcome {
    /// Fields changed now.
    pub applied: Vec<Field>,
    /// Fields waiting for a second person's review, if any.
    pub pending: Vec<Field>,
    /// The review request, if one was made.
    pub request_id: Option<u32>,
}

/// A change waiting for review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ChangeRequestView {
    /// Request id.
    pub id: u32,
    /// Client id.
    pub client_id: String,
    /// Client name.
    pub client_name: String,
    /// Who asked.
    pub requested_by: u32,
    /// Who asked, by display name.
    pub requested_by_name: String,
    /// When.
    pub requested_at: String,
    /// Fields to change.
    pub fields: Vec<Field>,
    /// Old → new, masked.
    pub changes: Vec<FieldChange>,
}

/// One field's change, masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct FieldChange {
    /// Field.
    pub field: Field,
    /// Old value (masked if sensitive).
    pub old: String,
    /// New value (masked if sensitive).
    pub new: String,
}

/// One version in a client's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct VersionView {
    /// Version number (1 = created).
    pub version: u32,
    /// When.
    pub at: String,
    /// Who.
    pub actor: Option<u32>,
    /// Who, by display name.
    pub actor_name: Option<String>,
    /// Changes, masked.
    pub changes: Vec<FieldChange>,
}

/// Filters of the client list.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ClientFilter {
    /// Only this status.
    pub status: Option<ClientStatus>,
    /// Only clients with this tag.
    pub tag: Option<String>,
    /// Only clients not verified since this instant (RFC 3339), e.g. 12 months ago.
    pub unverified_since: Option<String>,
    /// Only clients assigned to this user.
    #[serde(default)]
    pub assigned_to: Option<u32>,
    /// Only active clients without the consent they need (a processing consent in force;
    /// individuals also a sensitive-data consent), as the compliance signal counts them.
    #[serde(default)]
    pub missing_consent: bool,
}

#[derive(Serialize, Deserialize)]
struct VersionData {
    old: Option<ClientRecord>,
    new: ClientRecord,
}

#[derive(Serialize, Deserialize)]
struct RequestData {
    proposed: ClientRecord,
    comment: String,
}

fn damaged(part: &str) -> CoreError {
    CoreError::VaultDamaged {
        part: part.to_owned(),
    }
}

fn storage<E: std::fmt::Display>(e: E) -> CoreError {
    CoreError::Storage(e.to_string())
}

fn invalid(errors: &[super::record::LocatedError]) -> CoreError {
    match errors.first() {
        Some(first) => CoreError::InvalidInput {
            field: format!("{}.{}", first.at, first.error.field.as_str()),
            reason: first.error.reason.as_str().to_owned(),
        },
        None => CoreError::InvalidInput {
            field: "client".to_owned(),
            reason: "format".to_owned(),
        },
    }
}

fn place<'a>(table: &'a str, row: &'a str) -> Place<'a> {
    Place {
        table,
        column: "data",
        row,
        key_version: 1,
    }
}

/// The value of `field` in `record`, for history and review (sub-records joined).
fn value_of(record: &ClientRecord, field: Field) -> String {
    match field {
        Field::Name => record.name.clone(),
        Field::ClientType => format!("{:?}", record.kind).to_lowercase(),
        Field::CreditCode => record.credit_code.clone(),
        Field::IdNumber => record.id_number.clone(),
        Field::LegalRepresentative => record.legal_representative.clone(),
        Field::RegisteredAddress => record.registered_address.clone(),
        Field::Industry => record.industry.clone(),
        Field::TaxpayerStatus => record
            .taxpayer_status
            .map(|t| format!("{t:?}").to_lowercase())
            .unwrap_or_default(),
        Field::EngagementStart => record.engagement_start.clone(),
        Field::EngagementEnd => record.engagement_end.clone(),
        Field::ContactName => record
            .contacts
            .iter()
            .map(|c| c.name.clone())
            .collect::<Vec<_>>()
            .join("、"),
        Field::ContactIdNumber => record
            .contacts
            .iter()
            .map(|c| mask_field(Field::ContactIdNumber, &c.id_number))
            .collect::<Vec<_>>()
            .join("、"),
        Field::BankAccount => record
            .bank_accounts
            .iter()
            .map(|a| {
                format!(
                    "{} {}",
                    a.bank_name,
                    mask_field(Field::BankAccount, &a.account)
                )
            })
            .collect::<Vec<_>>()
            .join("；"),
        Field::CreditRating => record
            .credit
            .as_ref()
            .map(|c| c.rating.clone())
            .unwrap_or_default(),
        _ => String::new(),
    }
}

fn masked_changes(
    old: Option<&ClientRecord>,
    new: &ClientRecord,
    fields: &[Field],
) -> Vec<FieldChange> {
    fields
        .iter()
        .map(|&field| FieldChange {
            field,
            old: old
                .map(|o| mask_field(field, &value_of(o, field)))
                .unwrap_or_default(),
            new: mask_field(field, &value_of(new, field)),
        })
        .collect()
}

/// Copies the fields that need review from `from` into `to`.
fn take_fields(to: &mut ClientRecord, from: &ClientRecord, fields: &[Field]) {
    for field in fields {
        match field {
            Field::BankAccount => to.bank_accounts.clone_from(&from.bank_accounts),
            Field::IdNumber => to.id_number.clone_from(&from.id_number),
            Field::LegalRepresentative => {
                to.legal_representative
                    .clone_from(&from.legal_representative);
            }
            Field::ContactIdNumber => {
                for (t, f) in to.contacts.iter_mut().zip(&from.contacts) {
                    t.id_number.clone_from(&f.id_number);
                }
            }
            _ => {}
        }
    }
}

fn summary(
    id: &str,
    record: &ClientRecord,
    status: ClientStatus,
    verified_at: Option<String>,
) -> ClientSummary {
    ClientSummary {
        id: id.to_owned(),
        kind: record.kind,
        name: record.name.clone(),
        status,
        identifier: match record.kind {
            ClientKind::Company => record.credit_code.clone(),
            ClientKind::Individual => mask_field(Field::IdNumber, &record.id_number),
        },
        tags: record.tags.clone(),
        verified_at,
        engagement_end: record.engagement_end.clone(),
    }
}

fn u32_id(id: i64) -> u32 {
    u32::try_from(id).unwrap_or(u32::MAX)
}

impl Vault {
    fn client_sealer(&mut self, id: &str) -> CoreResult<&Sealer> {
        if !self.clients.keys.contains_key(id) {
            let (version, wrapped): (u32, Vec<u8>) = self
                .conn
                .query_row(
                    "SELECT key_version, wrapped FROM client_keys WHERE client_id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()
                .map_err(sql("client_keys"))?
                .ok_or_else(|| CoreError::NotFound {
                    what: format!("client:{id}"),
                })?;
            let key = self
                .keys
                .unwrap_client_key(id, version, &wrapped)
                .map_err(|_| damaged("client_keys"))?;
            self.clients.keys.insert(id.to_owned(), Sealer::new(&key));
        }
        self.clients
            .keys
            .get(id)
            .ok_or_else(|| damaged("client_keys"))
    }

    pub(crate) fn load_record(
        &mut self,
        id: &str,
    ) -> CoreResult<(ClientRecord, ClientStatus, u32, Option<String>)> {
        let row: Option<(String, u32, Option<String>, Vec<u8>)> = self
            .conn
            .query_row(
                "SELECT status, version, verified_at, data FROM clients WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()
            .map_err(sql("clients"))?;
        let (status, version, verified_at, sealed) = row.ok_or_else(|| CoreError::NotFound {
            what: format!("client:{id}"),
        })?;
        let status = ClientStatus::parse(&status).ok_or_else(|| damaged("clients"))?;
        let record = self.open_client_json(id, "clients", id, &sealed)?;
        Ok((record, status, version, verified_at))
    }

    /// Seals `value` as JSON with the client's key, for `table`/`row` (column `data`).
    pub(crate) fn seal_client_json<T: Serialize>(
        &mut self,
        id: &str,
        table: &str,
        row: &str,
        value: &T,
    ) -> CoreResult<Vec<u8>> {
        self.seal_client_column(id, &place(table, row), value)
    }

    /// Seals `value` as JSON with the client's key, bound to `at` (any column).
    pub(crate) fn seal_client_column<T: Serialize>(
        &mut self,
        id: &str,
        at: &Place<'_>,
        value: &T,
    ) -> CoreResult<Vec<u8>> {
        let plain = zeroize::Zeroizing::new(serde_json::to_vec(value).map_err(storage)?);
        self.client_sealer(id)?.seal(at, &plain).map_err(storage)
    }

    /// Seals raw bytes (a document's content) with the client's key, bound to `at`.
    pub(crate) fn seal_client_bytes(
        &mut self,
        id: &str,
        at: &Place<'_>,
        bytes: &[u8],
    ) -> CoreResult<Vec<u8>> {
        self.client_sealer(id)?.seal(at, bytes).map_err(storage)
    }

    /// Opens bytes sealed with [`Self::seal_client_bytes`].
    pub(crate) fn open_client_bytes(
        &mut self,
        id: &str,
        at: &Place<'_>,
        sealed: &[u8],
    ) -> CoreResult<Vec<u8>> {
        self.client_sealer(id)?
            .open(at, sealed)
            .map(|plain| plain.to_vec())
            .map_err(|_| damaged(at.table))
    }

    /// Opens a value sealed with [`Self::seal_client_json`].
    pub(crate) fn open_client_json<T: serde::de::DeserializeOwned>(
        &mut self,
        id: &str,
        table: &str,
        row: &str,
        sealed: &[u8],
    ) -> CoreResult<T> {
        self.open_client_column(id, &place(table, row), sealed)
    }

    /// Opens a value sealed with [`Self::seal_client_column`].
    pub(crate) fn open_client_column<T: serde::de::DeserializeOwned>(
        &mut self,
        id: &str,
        at: &Place<'_>,
        sealed: &[u8],
    ) -> CoreResult<T> {
        let plain = zeroize::Zeroizing::new(
            self.client_sealer(id)?
                .open(at, sealed)
                .map_err(|_| damaged(at.table))?,
        );
        serde_json::from_slice(&plain).map_err(|_| damaged(at.table))
    }

    /// Decrypts every client once, at unlock, into the summaries and the search index (one
    /// query; client keys are unwrapped here but only cached when a client is opened).
    pub(crate) fn load_clients(&mut self) -> CoreResult<()> {
        type Row = (String, String, Option<String>, Vec<u8>, u32, Vec<u8>);
        let rows: Vec<Row> = {
            let mut stmt = self
                .conn
                .prepare(
                    "SELECT c.id, c.status, c.verified_at, c.data, k.key_version, k.wrapped
                     FROM clients c JOIN client_keys k ON k.client_id = c.id
                     WHERE c.status != 'destroyed' ORDER BY c.created_at, c.id",
                )
                .map_err(sql("clients"))?;
            let rows = stmt
                .query_map([], |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                    ))
                })
                .map_err(sql("clients"))?;
            rows.collect::<Result<_, _>>().map_err(sql("clients"))?
        };
        // Decrypting and parsing dominate unlock time: split the work over the machine's cores.
        let keys = &self.keys;
        let open_row = |(id, status, verified_at, sealed, version, wrapped): Row| {
            let status = ClientStatus::parse(&status).ok_or_else(|| damaged("clients"))?;
            let key = keys
                .unwrap_client_key(&id, version, &wrapped)
                .map_err(|_| damaged("client_keys"))?;
            let plain = Sealer::new(&key)
                .open(&place("clients", &id), &sealed)
                .map_err(|_| damaged("clients"))?;
            let record: ClientRecord =
                serde_json::from_slice(&plain).map_err(|_| damaged("clients"))?;
            let entry = IndexEntry::new(&id, &record, status, verified_at.clone());
            let summary = summary(&id, &record, status, verified_at);
            Ok::<_, CoreError>((entry, summary))
        };
        let workers = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        let chunk = rows.len().div_ceil(workers).max(1);
        let mut chunks: Vec<Vec<Row>> = Vec::new();
        let mut rows = rows.into_iter().peekable();
        while rows.peek().is_some() {
            chunks.push(rows.by_ref().take(chunk).collect());
        }
        let opened: Vec<CoreResult<Vec<(IndexEntry, ClientSummary)>>> =
            std::thread::scope(|scope| {
                let handles: Vec<_> = chunks
                    .into_iter()
                    .map(|part| scope.spawn(move || part.into_iter().map(open_row).collect()))
                    .collect();
                handles
                    .into_iter()
                    .map(|h| {
                        h.join()
                            .unwrap_or_else(|_| Err(CoreError::Storage("worker".to_owned())))
                    })
                    .collect()
            });
        for part in opened {
            for (entry, summary) in part? {
                self.clients.summaries.insert(entry.id.clone(), summary);
                self.clients.index.upsert(entry);
            }
        }
        Ok(())
    }

    pub(crate) fn index_client(
        &mut self,
        id: &str,
        record: &ClientRecord,
        status: ClientStatus,
        verified_at: Option<String>,
    ) {
        self.clients
            .index
            .upsert(IndexEntry::new(id, record, status, verified_at.clone()));
        self.clients
            .summaries
            .insert(id.to_owned(), summary(id, record, status, verified_at));
    }

    /// A user's display name, or `#id` for a user that no longer exists.
    fn name_of(&self, user: i64) -> CoreResult<String> {
        Ok(self
            .user_display_name(user)?
            .unwrap_or_else(|| format!("#{user}")))
    }

    fn require_client(&self, action: Action, id: &str) -> CoreResult<()> {
        self.require_client_status(action, id)
    }

    /// Creates a client. Every field problem is reported as `invalid_input` naming the first
    /// (`client.credit_code`, `contacts.0.contact_phone`, …); use [`ClientRecord::from_input`]
    /// to get them all. An accountant or assistant who creates a client is assigned to it.
    pub fn create_client(&mut self, input: &ClientInput, now: DateTime<Utc>) -> CoreResult<String> {
        self.session.require(Action::EditClient)?;
        let record = ClientRecord::from_input(input, now.date_naive()).map_err(|e| invalid(&e))?;
        // A contact's ID number is sensitive personal information: it needs that contact's
        // separate consent, which can only be recorded once the client exists.
        self.check_sensitive_contacts(None, &record, now)?;
        let mut ids = self.insert_clients(vec![record], None, now)?;
        ids.pop().ok_or_else(|| damaged("clients"))
    }

    /// Stores validated records as new clients in ONE transaction (all or nothing), each with
    /// its own key, first version and `client.created` audit entry (with `source`, e.g. the
    /// import, when given). Returns the new ids in order.
    pub(crate) fn insert_clients(
        &mut self,
        records: Vec<ClientRecord>,
        source: Option<&str>,
        now: DateTime<Utc>,
    ) -> CoreResult<Vec<String>> {
        self.session.require(Action::EditClient)?;
        struct Prepared {
            id: String,
            wrapped: Vec<u8>,
            data: Vec<u8>,
            version: Vec<u8>,
            record: ClientRecord,
        }
        let mut prepared = Vec::with_capacity(records.len());
        for record in records {
            let id = uuid::Uuid::new_v4().to_string();
            let key = SecretKey::generate();
            let wrapped = self.keys.wrap_client_key(&id, 1, &key).map_err(storage)?;
            self.clients.keys.insert(id.clone(), Sealer::new(&key));
            drop(key);
            let data = self.seal_client_json(&id, "clients", &id, &record)?;
            let version_row = format!("{id}:1");
            let version = self.seal_client_json(
                &id,
                "client_versions",
                &version_row,
                &VersionData {
                    old: None,
                    new: record.clone(),
                },
            )?;
            prepared.push(Prepared {
                id,
                wrapped,
                data,
                version,
                record,
            });
        }
        let at = now.to_rfc3339();
        let user = self.session.user_id;
        let assign = !matches!(self.session.role, Role::Administrator | Role::Auditor);
        let tx = self.conn.transaction().map_err(sql("file"))?;
        for p in &prepared {
            let id = &p.id;
            tx.execute(
                "INSERT INTO client_keys (client_id, key_version, wrapped) VALUES (?1, 1, ?2)",
                params![id, p.wrapped],
            )
            .map_err(sql("client_keys"))?;
            tx.execute(
                "INSERT INTO clients (id, status, created_at, updated_at, version, data)
                 VALUES (?1, 'active', ?2, ?2, 1, ?3)",
                params![id, at, p.data],
            )
            .map_err(sql("clients"))?;
            tx.execute(
                "INSERT INTO client_versions (client_id, version, at, actor, fields, data)
                 VALUES (?1, 1, ?2, ?3, 'created', ?4)",
                params![id, at, user, p.version],
            )
            .map_err(sql("clients"))?;
            if assign {
                tx.execute(
                    "INSERT OR IGNORE INTO user_clients (user_id, client_id) VALUES (?1, ?2)",
                    params![user, id],
                )
                .map_err(sql("users"))?;
            }
            audit::append(
                &tx,
                &self.keys.audit(),
                &NewEntry {
                    actor: Some(user),
                    action: "client.created",
                    target: Some(format!("client:{id}")),
                    details: source.map(|s| serde_json::json!({ "source": s })),
                },
                now,
            )?;
        }
        tx.commit().map_err(sql("file"))?;
        let mut ids = Vec::with_capacity(prepared.len());
        for p in prepared {
            if assign {
                self.session.clients.insert(p.id.clone());
            }
            self.index_client(&p.id, &p.record, ClientStatus::Active, None);
            ids.push(p.id);
        }
        Ok(ids)
    }

    /// The client's record with sensitive values masked.
    pub fn client_detail(&mut self, id: &str) -> CoreResult<ClientDetail> {
        self.require_client(Action::ViewClient, id)?;
        let (r, status, version, verified_at) = self.load_record(id)?;
        let m = mask_field;
        Ok(ClientDetail {
            id: id.to_owned(),
            version,
            kind: r.kind,
            status,
            name: r.name.clone(),
            credit_code: r.credit_code.clone(),
            id_number: m(Field::IdNumber, &r.id_number),
            legal_representative: r.legal_representative.clone(),
            registered_address: m(Field::RegisteredAddress, &r.registered_address),
            industry: r.industry.clone(),
            taxpayer_status: r.taxpayer_status,
            engagement_start: r.engagement_start.clone(),
            engagement_end: r.engagement_end.clone(),
            tags: r.tags.clone(),
            contacts: r
                .contacts
                .iter()
                .map(|c| ContactView {
                    name: c.name.clone(),
                    role: c.role.clone(),
                    phone: m(Field::ContactPhone, &c.phone),
                    email: m(Field::ContactEmail, &c.email),
                    id_number: m(Field::ContactIdNumber, &c.id_number),
                })
                .collect(),
            bank_accounts: r
                .bank_accounts
                .iter()
                .map(|a| BankAccountView {
                    bank_name: a.bank_name.clone(),
                    account: m(Field::BankAccount, &a.account),
                    kind: a.kind,
                })
                .collect(),
            credit_rating: r.credit.as_ref().map(|c| c.rating.clone()),
            credit: r.credit.as_ref().map(|c| CreditView {
                rating: c.rating.clone(),
                basis: c.basis.clone(),
                assessed_on: c.assessed_on.clone(),
                assessor: c.assessor.clone(),
                notes: m(Field::CreditNotes, &c.notes),
            }),
            verified_at,
        })
    }

    /// Shows one sensitive value (the `index`-th contact or account for sub-record fields).
    /// Needs a reason; the reveal is audited with the field name and the reason, never the
    /// value. Assistants and auditors are refused whatever they ask.
    pub fn reveal_field(
        &mut self,
        id: &str,
        field: Field,
        index: usize,
        reason: &str,
        now: DateTime<Utc>,
    ) -> CoreResult<String> {
        self.require_client(Action::RevealSensitive, id)?;
        if reason.trim().chars().count() < 2 {
            return Err(CoreError::InvalidInput {
                field: "reason".to_owned(),
                reason: "required".to_owned(),
            });
        }
        let (r, ..) = self.load_record(id)?;
        let value = match field {
            Field::IdNumber => Some(r.id_number),
            Field::RegisteredAddress => Some(r.registered_address),
            Field::ContactPhone => r.contacts.get(index).map(|c| c.phone.clone()),
            Field::ContactEmail => r.contacts.get(index).map(|c| c.email.clone()),
            Field::ContactIdNumber => r.contacts.get(index).map(|c| c.id_number.clone()),
            Field::BankAccount => r.bank_accounts.get(index).map(|a| a.account.clone()),
            Field::CreditNotes => r.credit.as_ref().map(|c| c.notes.clone()),
            _ => None,
        }
        .ok_or_else(|| CoreError::NotFound {
            what: format!("{}[{index}]", field.as_str()),
        })?;
        self.record(
            &NewEntry {
                actor: Some(self.session.user_id),
                action: "field.revealed",
                target: Some(format!("client:{id}")),
                details: Some(serde_json::json!({
                    "field": field.as_str(), "index": index, "reason": reason.trim(),
                })),
            },
            now,
        )?;
        Ok(value)
    }

    #[allow(clippy::too_many_arguments)] // one version row needs all of these
    pub(crate) fn save_version(
        &mut self,
        id: &str,
        old: &ClientRecord,
        new: &ClientRecord,
        fields: &[Field],
        version: u32,
        action: &str,
        now: DateTime<Utc>,
    ) -> CoreResult<()> {
        self.save_version_with(
            id,
            old,
            new,
            fields,
            version,
            None,
            action,
            None,
            now,
            |_| Ok(()),
        )
    }

    /// [`Self::save_version`] that may also change the status, add audit details, and run
    /// `extra` inside the same transaction (e.g. storing a document with the change).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn save_version_with(
        &mut self,
        id: &str,
        old: &ClientRecord,
        new: &ClientRecord,
        fields: &[Field],
        version: u32,
        status: Option<ClientStatus>,
        action: &str,
        details: Option<serde_json::Value>,
        now: DateTime<Utc>,
        extra: impl FnOnce(&rusqlite::Transaction<'_>) -> CoreResult<()>,
    ) -> CoreResult<()> {
        let next = version + 1;
        let data = self.seal_client_json(id, "clients", id, new)?;
        let version_row = format!("{id}:{next}");
        let vdata = self.seal_client_json(
            id,
            "client_versions",
            &version_row,
            &VersionData {
                old: Some(old.clone()),
                new: new.clone(),
            },
        )?;
        let names: Vec<&str> = fields.iter().map(|f| f.as_str()).collect();
        let at = now.to_rfc3339();
        let tx = self.conn.transaction().map_err(sql("file"))?;
        let updated = tx
            .execute(
                "UPDATE clients SET data = ?2, version = ?3, updated_at = ?4 WHERE id = ?1 AND version = ?5",
                params![id, data, next, at, version],
            )
            .map_err(sql("clients"))?;
        if updated != 1 {
            return Err(CoreError::InvalidInput {
                field: "version".to_owned(),
                reason: "stale".to_owned(),
            });
        }
        if let Some(status) = status {
            tx.execute(
                "UPDATE clients SET status = ?2 WHERE id = ?1",
                params![id, status.as_str()],
            )
            .map_err(sql("clients"))?;
        }
        extra(&tx)?;
        tx.execute(
            "INSERT INTO client_versions (client_id, version, at, actor, fields, data)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, next, at, self.session.user_id, names.join(","), vdata],
        )
        .map_err(sql("clients"))?;
        audit::append(
            &tx,
            &self.keys.audit(),
            &NewEntry {
                actor: Some(self.session.user_id),
                action,
                target: Some(format!("client:{id}")),
                details: Some({
                    let mut d = serde_json::json!({ "fields": names, "version": next });
                    if let (Some(map), Some(serde_json::Value::Object(more))) =
                        (d.as_object_mut(), details)
                    {
                        map.extend(more);
                    }
                    d
                }),
            },
            now,
        )?;
        tx.commit().map_err(sql("file"))
    }

    /// Changes a client. Changes to bank accounts, ID numbers and the legal representative by
    /// anyone but an administrator wait for a second person's approval; the rest apply now.
    pub fn update_client(
        &mut self,
        id: &str,
        input: &ClientInput,
        now: DateTime<Utc>,
    ) -> CoreResult<UpdateOutcome> {
        self.require_client(Action::EditClient, id)?;
        let (old, status, version, verified_at) = self.load_record(id)?;
        // The edit form is filled from the masked detail: a sensitive value sent back exactly
        // as its mask means "unchanged", so editing never needs the clear values.
        let mut input = input.clone();
        restore_masked(&mut input, &old);
        let proposed =
            ClientRecord::from_input(&input, now.date_naive()).map_err(|e| invalid(&e))?;
        self.check_sensitive_contacts(Some(id), &proposed, now)?;
        if status != ClientStatus::Active {
            return Err(CoreError::Forbidden {
                action: "edit_inactive_client".to_owned(),
            });
        }
        let changed = old.changed_fields(&proposed);
        let (pending, applied): (Vec<Field>, Vec<Field>) = changed
            .into_iter()
            .partition(|f| f.needs_review() && self.session.role != Role::Administrator);
        let mut merged = proposed.clone();
        // Keep the current values of the fields that wait for review.
        take_fields(&mut merged, &old, &pending);
        if !applied.is_empty() {
            self.save_version(id, &old, &merged, &applied, version, "client.updated", now)?;
            self.index_client(id, &merged, status, verified_at);
        }
        let request_id = if pending.is_empty() {
            None
        } else {
            let names: Vec<&str> = pending.iter().map(|f| f.as_str()).collect();
            let next_id: i64 = self
                .conn
                .query_row(
                    "SELECT COALESCE(MAX(id), 0) + 1 FROM change_requests",
                    [],
                    |r| r.get(0),
                )
                .map_err(sql("change_requests"))?;
            let row = format!("request:{next_id}");
            let data = self.seal_client_json(
                id,
                "change_requests",
                &row,
                &RequestData {
                    proposed,
                    comment: String::new(),
                },
            )?;
            let tx = self.conn.transaction().map_err(sql("file"))?;
            tx.execute(
                "INSERT INTO change_requests (id, client_id, requested_by, requested_at, status, fields, data)
                 VALUES (?1, ?2, ?3, ?4, 'pending', ?5, ?6)",
                params![next_id, id, self.session.user_id, now.to_rfc3339(), names.join(","), data],
            )
            .map_err(sql("change_requests"))?;
            audit::append(
                &tx,
                &self.keys.audit(),
                &NewEntry {
                    actor: Some(self.session.user_id),
                    action: "client.change_requested",
                    target: Some(format!("client:{id}")),
                    details: Some(serde_json::json!({ "fields": names, "request": next_id })),
                },
                now,
            )?;
            tx.commit().map_err(sql("file"))?;
            Some(u32_id(next_id))
        };
        Ok(UpdateOutcome {
            applied,
            pending,
            request_id,
        })
    }

    /// Sets (or with `None` removes) a client's credit assessment. Applies at once (no field of
    /// it needs review), as a new version. Notes sent back exactly as their mask are kept.
    pub fn set_credit_assessment(
        &mut self,
        id: &str,
        input: Option<&CreditInput>,
        now: DateTime<Utc>,
    ) -> CoreResult<()> {
        self.require_client(Action::EditClient, id)?;
        let (old, status, version, verified_at) = self.load_record(id)?;
        if status != ClientStatus::Active {
            return Err(CoreError::Forbidden {
                action: "edit_inactive_client".to_owned(),
            });
        }
        let credit = match input {
            None => None,
            Some(k) => {
                let mut k = k.clone();
                if let Some(stored) = old.credit.as_ref() {
                    if !stored.notes.is_empty()
                        && k.notes == mask_field(Field::CreditNotes, &stored.notes)
                    {
                        stored.notes.clone_into(&mut k.notes);
                    }
                }
                Some(Credit::from_input(&k, now.date_naive()).map_err(|e| invalid(&e))?)
            }
        };
        let mut new = old.clone();
        new.credit = credit;
        let changed = old.changed_fields(&new);
        if changed.is_empty() {
            return Ok(());
        }
        self.save_version(id, &old, &new, &changed, version, "client.updated", now)?;
        self.index_client(id, &new, status, verified_at);
        Ok(())
    }

    /// Changes waiting for review that this session may review (not its own).
    pub fn pending_changes(&mut self) -> CoreResult<Vec<ChangeRequestView>> {
        self.session.require(Action::ReviewChange)?;
        let rows: Vec<(i64, String, i64, String, String, Vec<u8>)> = {
            let mut stmt = self
                .conn
                .prepare(
                    "SELECT id, client_id, requested_by, requested_at, fields, data FROM change_requests
                     WHERE status = 'pending' ORDER BY requested_at, id",
                )
                .map_err(sql("change_requests"))?;
            let rows = stmt
                .query_map([], |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                    ))
                })
                .map_err(sql("change_requests"))?;
            rows.collect::<Result<_, _>>()
                .map_err(sql("change_requests"))?
        };
        let mut out = Vec::new();
        for (rid, client_id, by, at, fields, sealed) in rows {
            if self.require_client(Action::ViewClient, &client_id).is_err() {
                continue;
            }
            let fields: Vec<Field> = fields.split(',').filter_map(parse_field).collect();
            let row = format!("request:{rid}");
            let data: RequestData =
                self.open_client_json(&client_id, "change_requests", &row, &sealed)?;
            let (current, ..) = self.load_record(&client_id)?;
            out.push(ChangeRequestView {
                id: u32_id(rid),
                client_name: current.name.clone(),
                client_id,
                requested_by: u32_id(by),
                requested_by_name: self.name_of(by)?,
                requested_at: at,
                changes: masked_changes(Some(&current), &data.proposed, &fields),
                fields,
            });
        }
        Ok(out)
    }

    /// Approves or rejects a change; nobody reviews their own change.
    pub fn review_change(
        &mut self,
        request_id: u32,
        approve: bool,
        comment: &str,
        now: DateTime<Utc>,
    ) -> CoreResult<()> {
        self.session.require(Action::ReviewChange)?;
        let row: Option<(String, i64, String, String, Vec<u8>)> = self
            .conn
            .query_row(
                "SELECT client_id, requested_by, status, fields, data FROM change_requests WHERE id = ?1",
                [request_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()
            .map_err(sql("change_requests"))?;
        let (client_id, by, status, fields, sealed) = row.ok_or_else(|| CoreError::NotFound {
            what: format!("change_request:{request_id}"),
        })?;
        self.require_client(Action::ViewClient, &client_id)?;
        if by == self.session.user_id {
            return Err(CoreError::Forbidden {
                action: "review_own_change".to_owned(),
            });
        }
        if status != "pending" {
            return Err(CoreError::InvalidInput {
                field: "request".to_owned(),
                reason: "already_reviewed".to_owned(),
            });
        }
        let fields: Vec<Field> = fields.split(',').filter_map(parse_field).collect();
        if approve {
            let row = format!("request:{request_id}");
            let data: RequestData =
                self.open_client_json(&client_id, "change_requests", &row, &sealed)?;
            let (old, status, version, verified_at) = self.load_record(&client_id)?;
            if status != ClientStatus::Active {
                // An ended engagement is read-only: a change waiting for review can be
                // rejected, not applied.
                return Err(CoreError::Forbidden {
                    action: "edit_inactive_client".to_owned(),
                });
            }
            let mut new = old.clone();
            take_fields(&mut new, &data.proposed, &fields);
            self.save_version(
                &client_id,
                &old,
                &new,
                &fields,
                version,
                "client.change_approved",
                now,
            )?;
            self.index_client(&client_id, &new, status, verified_at);
        }
        let tx = self.conn.transaction().map_err(sql("file"))?;
        tx.execute(
            "UPDATE change_requests SET status = ?2, reviewed_by = ?3, reviewed_at = ?4 WHERE id = ?1",
            params![request_id, if approve { "approved" } else { "rejected" }, self.session.user_id, now.to_rfc3339()],
        )
        .map_err(sql("change_requests"))?;
        if !approve {
            audit::append(
                &tx,
                &self.keys.audit(),
                &NewEntry {
                    actor: Some(self.session.user_id),
                    action: "client.change_rejected",
                    target: Some(format!("client:{client_id}")),
                    details: Some(
                        serde_json::json!({ "request": request_id, "comment": comment.trim() }),
                    ),
                },
                now,
            )?;
        }
        tx.commit().map_err(sql("file"))
    }

    /// The client's versions, newest first, masked.
    pub fn client_history(&mut self, id: &str) -> CoreResult<Vec<VersionView>> {
        self.require_client(Action::ViewClient, id)?;
        type VersionRow = (u32, String, Option<i64>, String, Vec<u8>);
        let rows: Vec<VersionRow> = {
            let mut stmt = self
                .conn
                .prepare("SELECT version, at, actor, fields, data FROM client_versions WHERE client_id = ?1 ORDER BY version DESC")
                .map_err(sql("client_versions"))?;
            let rows = stmt
                .query_map([id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })
                .map_err(sql("client_versions"))?;
            rows.collect::<Result<_, _>>()
                .map_err(sql("client_versions"))?
        };
        let mut out = Vec::new();
        for (version, at, actor, fields, sealed) in rows {
            let row = format!("{id}:{version}");
            let data: VersionData = self.open_client_json(id, "client_versions", &row, &sealed)?;
            let fields: Vec<Field> = if fields == "created" {
                vec![Field::Name]
            } else {
                fields.split(',').filter_map(parse_field).collect()
            };
            out.push(VersionView {
                version,
                at,
                actor: actor.map(u32_id),
                actor_name: actor.map(|a| self.name_of(a)).transpose()?,
                changes: masked_changes(data.old.as_ref(), &data.new, &fields),
            });
        }
        Ok(out)
    }

    /// The client's versions in clear, oldest first: `(version, at, changed fields, record)`,
    /// for the data subject's access report. The caller checks the role and audits.
    pub(crate) fn versions_in_clear(
        &mut self,
        id: &str,
    ) -> CoreResult<Vec<(u32, String, String, ClientRecord)>> {
        let rows: Vec<(u32, String, String, Vec<u8>)> = {
            let mut stmt = self
                .conn
                .prepare("SELECT version, at, fields, data FROM client_versions WHERE client_id = ?1 ORDER BY version")
                .map_err(sql("client_versions"))?;
            let rows = stmt
                .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .map_err(sql("client_versions"))?;
            rows.collect::<Result<_, _>>()
                .map_err(sql("client_versions"))?
        };
        let mut out = Vec::with_capacity(rows.len());
        for (version, at, fields, sealed) in rows {
            let row = format!("{id}:{version}");
            let data: VersionData = self.open_client_json(id, "client_versions", &row, &sealed)?;
            out.push((version, at, fields, data.new));
        }
        Ok(out)
    }

    /// Marks a client's information verified (信息核实) and how (`phone`, `documents`,
    /// `in_person`).
    pub fn verify_client(&mut self, id: &str, method: &str, now: DateTime<Utc>) -> CoreResult<()> {
        self.require_client(Action::EditClient, id)?;
        if !matches!(method, "phone" | "documents" | "in_person") {
            return Err(CoreError::InvalidInput {
                field: "method".to_owned(),
                reason: "format".to_owned(),
            });
        }
        let at = now.to_rfc3339();
        let tx = self.conn.transaction().map_err(sql("file"))?;
        let n = tx
            .execute(
                "UPDATE clients SET verified_at = ?2 WHERE id = ?1",
                params![id, at],
            )
            .map_err(sql("clients"))?;
        if n != 1 {
            return Err(CoreError::NotFound {
                what: format!("client:{id}"),
            });
        }
        audit::append(
            &tx,
            &self.keys.audit(),
            &NewEntry {
                actor: Some(self.session.user_id),
                action: "client.verified",
                target: Some(format!("client:{id}")),
                details: Some(serde_json::json!({ "method": method })),
            },
            now,
        )?;
        tx.commit().map_err(sql("file"))?;
        if let Some(s) = self.clients.summaries.get_mut(id) {
            s.verified_at = Some(at.clone());
        }
        let (record, status, _, _) = self.load_record(id)?;
        self.index_client(id, &record, status, Some(at));
        Ok(())
    }

    /// Searches the clients this session may see: name, pinyin initials, credit code, ID and
    /// phone tails, tags; with filters. At most `limit` rows.
    pub fn search_clients(
        &self,
        query: &str,
        filter: &ClientFilter,
        limit: usize,
    ) -> CoreResult<Vec<ClientSummary>> {
        self.session.require(Action::ViewClient)?;
        // The two filters that need the database are read once per search, only when set.
        let assigned: Option<std::collections::HashSet<String>> = match filter.assigned_to {
            Some(user) => Some(self.clients_assigned_to(user)?),
            None => None,
        };
        let lacking: Option<std::collections::HashSet<String>> = if filter.missing_consent {
            Some(self.clients_missing_consent(chrono::Utc::now().date_naive())?)
        } else {
            None
        };
        let session = &self.session;
        let keep = |e: &IndexEntry| {
            assigned.as_ref().is_none_or(|a| a.contains(&e.id))
                && lacking.as_ref().is_none_or(|l| l.contains(&e.id))
                && session
                    .require_for_client(Action::ViewClient, &e.id)
                    .is_ok()
                && filter.status.is_none_or(|s| s == e.status)
                && filter.tag.as_ref().is_none_or(|t| e.tags.contains(t))
                && filter
                    .unverified_since
                    .as_ref()
                    .is_none_or(|since| e.verified_at.as_ref().is_none_or(|v| v < since))
        };
        Ok(self
            .clients
            .index
            .search(query, keep)
            .take(limit)
            .filter_map(|e| self.clients.summaries.get(&e.id).cloned())
            .collect())
    }

    /// The credit codes of the companies already in the vault (public registration data,
    /// kept in clear in the list), for finding duplicates before an import.
    pub(crate) fn known_credit_codes(&self) -> std::collections::HashSet<String> {
        self.clients
            .summaries
            .values()
            .filter(|s| s.kind == ClientKind::Company && !s.identifier.is_empty())
            .map(|s| s.identifier.clone())
            .collect()
    }

    /// Which of the ID numbers in `wanted` individual clients in the vault already have (the
    /// list holds them masked: only clients whose mask matches are opened and compared).
    pub(crate) fn existing_id_numbers(
        &mut self,
        wanted: &std::collections::HashSet<String>,
    ) -> CoreResult<std::collections::HashSet<String>> {
        let masks: std::collections::HashSet<String> = wanted
            .iter()
            .map(|id| mask_field(Field::IdNumber, id))
            .collect();
        let candidates: Vec<String> = self
            .clients
            .summaries
            .values()
            .filter(|s| s.kind == ClientKind::Individual && masks.contains(&s.identifier))
            .map(|s| s.id.clone())
            .collect();
        let mut found = std::collections::HashSet::new();
        for id in candidates {
            let (record, ..) = self.load_record(&id)?;
            if wanted.contains(&record.id_number) {
                found.insert(record.id_number);
            }
        }
        Ok(found)
    }

    /// The ids of the clients assigned to `user`.
    fn clients_assigned_to(&self, user: u32) -> CoreResult<std::collections::HashSet<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT client_id FROM user_clients WHERE user_id = ?1")
            .map_err(sql("user_clients"))?;
        let rows = stmt
            .query_map([user], |r| r.get::<_, String>(0))
            .map_err(sql("user_clients"))?;
        rows.collect::<Result<_, _>>().map_err(sql("user_clients"))
    }

    /// The clients with a client-level consent of `scope` in force on `today`.
    pub(crate) fn consents_in_force(
        &self,
        scope: ConsentScope,
        today: chrono::NaiveDate,
    ) -> CoreResult<std::collections::HashSet<String>> {
        let today = today.format("%Y-%m-%d").to_string();
        let mut stmt = self
            .conn
            .prepare(
                "SELECT DISTINCT client_id FROM consents WHERE scope = ?1
                   AND contact_index IS NULL AND given_on <= ?2
                   AND (withdrawn_on IS NULL OR withdrawn_on > ?2)",
            )
            .map_err(sql("consents"))?;
        let rows = stmt
            .query_map(rusqlite::params![scope.as_str(), today], |r| {
                r.get::<_, String>(0)
            })
            .map_err(sql("consents"))?;
        rows.collect::<Result<_, _>>().map_err(sql("consents"))
    }

    /// Active clients without the consent they need on `today`: no client-level processing
    /// consent in force, or (individuals) no sensitive-data consent in force.
    pub(crate) fn clients_missing_consent(
        &self,
        today: chrono::NaiveDate,
    ) -> CoreResult<std::collections::HashSet<String>> {
        let processing = self.consents_in_force(ConsentScope::Processing, today)?;
        let sensitive = self.consents_in_force(ConsentScope::SensitiveData, today)?;
        Ok(self
            .clients
            .summaries
            .values()
            .filter(|s| s.status == ClientStatus::Active)
            .filter(|s| {
                super::consent::lacks_required_consent(
                    s.kind == ClientKind::Individual,
                    processing.contains(&s.id),
                    sensitive.contains(&s.id),
                )
            })
            .map(|s| s.id.clone())
            .collect())
    }

    /// Number of clients in the in-memory index.
    #[must_use]
    pub fn indexed_clients(&self) -> usize {
        self.clients.index.len()
    }
}

impl FieldError {
    /// `field:reason`, for logs and errors (never the value).
    #[must_use]
    pub fn code(&self) -> String {
        format!("{}:{}", self.field.as_str(), self.reason.as_str())
    }
}

/// Replaces sensitive values that come back exactly as their masks with the stored values.
fn restore_masked(input: &mut ClientInput, old: &ClientRecord) {
    fn keep(typed: &mut String, field: Field, stored: &str) {
        if !stored.is_empty() && *typed == mask_field(field, stored) {
            stored.clone_into(typed);
        }
    }
    keep(&mut input.id_number, Field::IdNumber, &old.id_number);
    keep(
        &mut input.registered_address,
        Field::RegisteredAddress,
        &old.registered_address,
    );
    for (typed, stored) in input.contacts.iter_mut().zip(&old.contacts) {
        keep(&mut typed.phone, Field::ContactPhone, &stored.phone);
        keep(&mut typed.email, Field::ContactEmail, &stored.email);
        keep(
            &mut typed.id_number,
            Field::ContactIdNumber,
            &stored.id_number,
        );
    }
    for (typed, stored) in input.bank_accounts.iter_mut().zip(&old.bank_accounts) {
        keep(&mut typed.account, Field::BankAccount, &stored.account);
    }
    if let (Some(typed), Some(stored)) = (input.credit.as_mut(), old.credit.as_ref()) {
        keep(&mut typed.notes, Field::CreditNotes, &stored.notes);
    }
}

fn parse_field(s: &str) -> Option<Field> {
    Field::ALL.into_iter().find(|f| f.as_str() == s)
}
