//! A client's documents: scans, contracts, signed agreements, consent evidence, statements —
//! encrypted attachments with a type, a record class and a fiscal year, so that each one's
//! retention expiry is known.
//!
//! The file's name, media type and note are sealed in `meta`, its bytes in `content`, both
//! with the client's key (so shredding the client destroys them). In clear: the kind, class,
//! fiscal year, size and when and by whom it was added — what the retention lists need.
//! Opening a document shows its content in clear, so it needs the right to reveal sensitive
//! values and is audited; there is no delete: a document leaves only through destruction.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, CoreResult};
use crate::records::retention::{Anchor, Expiry, PeriodStart, RecordClass};
use crate::vault::audit::{self, NewEntry};
use crate::vault::db::sql;
use crate::vault::{Action, Place, Vault};

/// The largest document accepted, in bytes (a multi-page scan fits; a video does not).
pub const MAX_DOCUMENT_BYTES: usize = 25 * 1024 * 1024;

/// What a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// The engagement contract.
    Contract,
    /// A signed confidentiality agreement.
    SignedAgreement,
    /// Evidence of a consent (a signed form, a recording note).
    ConsentEvidence,
    /// A scan of a voucher, invoice or book page.
    Scan,
    /// A bank statement or other statement.
    Statement,
    /// Anything else.
    Other,
    /// The hand-over register (移交清册) printed when the engagement ended (made by the app).
    HandoverList,
    /// The record of a PIPL Art. 47 deletion request applied to the client (made by the app).
    DeletionRequest,
    /// A retention certificate (保管证明) issued for the client (made by the app).
    RetentionCertificate,
}

impl DocumentKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Contract => "contract",
            Self::SignedAgreement => "signed_agreement",
            Self::ConsentEvidence => "consent_evidence",
            Self::Scan => "scan",
            Self::Statement => "statement",
            Self::Other => "other",
            Self::HandoverList => "handover_list",
            Self::DeletionRequest => "deletion_request",
            Self::RetentionCertificate => "retention_certificate",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<Self> {
        [
            Self::Contract,
            Self::SignedAgreement,
            Self::ConsentEvidence,
            Self::Scan,
            Self::Statement,
            Self::Other,
            Self::HandoverList,
            Self::DeletionRequest,
            Self::RetentionCertificate,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }

    /// Whether the app makes documents of this kind itself (they cannot be uploaded, and they
    /// are not records the firm holds for the client's accounts).
    #[must_use]
    pub fn is_generated(self) -> bool {
        matches!(
            self,
            Self::HandoverList | Self::DeletionRequest | Self::RetentionCertificate
        )
    }
}

/// What the user says about a document being added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct DocumentInput {
    /// What it is.
    pub kind: DocumentKind,
    /// Its record class (decides the retention period).
    pub class: RecordClass,
    /// The fiscal year it belongs to (the period counts from the year's end); none for
    /// classes counted from another event.
    pub fiscal_year: Option<i32>,
    /// The file's name as chosen.
    pub file_name: String,
    /// A note.
    pub note: String,
}

/// A document as listed (no content).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct DocumentView {
    /// Id.
    pub id: u32,
    /// What it is.
    pub kind: DocumentKind,
    /// Record class.
    pub class: RecordClass,
    /// Fiscal year.
    pub fiscal_year: Option<i32>,
    /// File name.
    pub file_name: String,
    /// Note.
    pub note: String,
    /// Size in bytes.
    pub size: u32,
    /// When it was added (RFC 3339).
    pub added_at: String,
    /// When its retention period ends under the firm's schedule.
    pub expiry: Expiry,
    /// The confidentiality agreement a signed scan belongs to.
    pub agreement_id: Option<u32>,
}

/// A document's content, opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct DocumentContent {
    /// File name.
    pub file_name: String,
    /// The bytes.
    pub bytes: Vec<u8>,
}

#[derive(Serialize, Deserialize)]
pub(crate) struct Meta {
    pub(crate) file_name: String,
    pub(crate) note: String,
    /// The agreement a signed scan belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) agreement: Option<u32>,
}

/// A document sealed and ready to insert (see [`Vault::seal_document`]).
pub(crate) struct SealedDocument {
    pub(crate) id: i64,
    pub(crate) client_id: String,
    pub(crate) kind: DocumentKind,
    pub(crate) class: RecordClass,
    pub(crate) fiscal_year: Option<i32>,
    pub(crate) size: u32,
    pub(crate) meta: Vec<u8>,
    pub(crate) content: Vec<u8>,
}

impl SealedDocument {
    /// Inserts the row (inside the caller's transaction).
    pub(crate) fn insert(
        &self,
        conn: &rusqlite::Connection,
        added_by: i64,
        now: DateTime<Utc>,
    ) -> CoreResult<()> {
        conn.execute(
            "INSERT INTO documents (id, client_id, kind, class, fiscal_year, size, added_at,
                 added_by, meta, content)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                self.id,
                self.client_id,
                self.kind.as_str(),
                class_str(self.class),
                self.fiscal_year,
                self.size,
                now.to_rfc3339(),
                added_by,
                self.meta,
                self.content
            ],
        )
        .map_err(sql("documents"))?;
        Ok(())
    }
}

fn invalid(field: &str, reason: &str) -> CoreError {
    CoreError::InvalidInput {
        field: format!("document.{field}"),
        reason: reason.to_owned(),
    }
}

fn damaged() -> CoreError {
    CoreError::VaultDamaged {
        part: "documents".to_owned(),
    }
}

pub(crate) fn class_str(class: RecordClass) -> String {
    serde_json::to_value(class)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

pub(crate) fn parse_class(s: &str) -> Option<RecordClass> {
    serde_json::from_value(serde_json::Value::String(s.to_owned())).ok()
}

pub(crate) fn row(id: i64) -> String {
    format!("document:{id}")
}

impl Vault {
    /// Adds a document to a client, sealed with the client's key; audited.
    ///
    /// # Errors
    /// `forbidden` without `edit_client`; `invalid_input` for an empty or too large file, a
    /// missing name, or a fiscal year that does not fit the class.
    pub fn add_document(
        &mut self,
        client_id: &str,
        input: &DocumentInput,
        bytes: &[u8],
        now: DateTime<Utc>,
    ) -> CoreResult<DocumentView> {
        self.require_client_status(Action::EditClient, client_id)?;
        if input.kind.is_generated() {
            return Err(invalid("kind", "generated"));
        }
        let file_name = input.file_name.trim();
        if file_name.is_empty() {
            return Err(invalid("file_name", "required"));
        }
        if bytes.is_empty() {
            return Err(invalid("file", "empty"));
        }
        if bytes.len() > MAX_DOCUMENT_BYTES {
            return Err(invalid("file", "too_large"));
        }
        match input.fiscal_year {
            Some(year) if !(1990..=now.year() + 1).contains(&year) => {
                return Err(invalid("fiscal_year", "out_of_range"));
            }
            None if input.class.period_start() == PeriodStart::AfterFiscalYear => {
                return Err(invalid("fiscal_year", "required"));
            }
            _ => {}
        }
        let schedule = self.retention_schedule()?;
        schedule
            .expiry(input.class, anchor(input.class, input.fiscal_year, None))
            .map_err(|_| invalid("fiscal_year", "does_not_fit_class"))?;
        self.load_record(client_id)?;
        let doc = self.seal_document(
            client_id,
            input,
            &Meta {
                file_name: file_name.to_owned(),
                note: input.note.trim().to_owned(),
                agreement: None,
            },
            bytes,
        )?;
        let id = doc.id;
        let tx = self.conn.transaction().map_err(sql("file"))?;
        doc.insert(&tx, self.session.user_id, now)?;
        audit::append(
            &tx,
            &self.keys.audit(),
            &NewEntry {
                actor: Some(self.session.user_id),
                action: "document.added",
                target: Some(format!("client:{client_id}")),
                details: Some(serde_json::json!({
                    "document": id, "kind": input.kind.as_str(), "size": doc.size,
                })),
            },
            now,
        )?;
        tx.commit().map_err(sql("file"))?;
        let view = self
            .documents(client_id)?
            .into_iter()
            .find(|d| i64::from(d.id) == id)
            .ok_or_else(damaged)?;
        Ok(view)
    }

    /// Seals a document's name, note and bytes with the client's key under the next id
    /// (no check, no write: the caller inserts it in its own transaction).
    pub(crate) fn seal_document(
        &mut self,
        client_id: &str,
        input: &DocumentInput,
        meta: &Meta,
        bytes: &[u8],
    ) -> CoreResult<SealedDocument> {
        let id: i64 = self
            .conn
            .query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM documents", [], |r| {
                r.get(0)
            })
            .map_err(sql("documents"))?;
        let name = row(id);
        let meta = self.seal_client_column(
            client_id,
            &Place {
                table: "documents",
                column: "meta",
                row: &name,
                key_version: 1,
            },
            meta,
        )?;
        let content = self.seal_client_bytes(
            client_id,
            &Place {
                table: "documents",
                column: "content",
                row: &name,
                key_version: 1,
            },
            bytes,
        )?;
        Ok(SealedDocument {
            id,
            client_id: client_id.to_owned(),
            kind: input.kind,
            class: input.class,
            fiscal_year: input.fiscal_year,
            size: u32::try_from(bytes.len()).unwrap_or(u32::MAX),
            meta,
            content,
        })
    }

    /// A client's documents, newest first, with each one's retention expiry.
    ///
    /// # Errors
    /// `forbidden` without `view_client`.
    pub fn documents(&mut self, client_id: &str) -> CoreResult<Vec<DocumentView>> {
        self.require_client_status(Action::ViewClient, client_id)?;
        let engagement_end = self.load_record(client_id)?.0.engagement_end;
        let ended = NaiveDate::parse_from_str(&engagement_end, "%Y-%m-%d").ok();
        type Row = (i64, String, String, Option<i32>, u32, String, Vec<u8>);
        let rows: Vec<Row> = {
            let mut stmt = self
                .conn
                .prepare(
                    "SELECT id, kind, class, fiscal_year, size, added_at, meta FROM documents
                     WHERE client_id = ?1 ORDER BY id DESC",
                )
                .map_err(sql("documents"))?;
            let rows = stmt
                .query_map([client_id], |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                    ))
                })
                .map_err(sql("documents"))?;
            rows.collect::<Result<_, _>>().map_err(sql("documents"))?
        };
        let schedule = self.retention_schedule()?;
        let mut out = Vec::new();
        for (id, kind, class, fiscal_year, size, added_at, sealed) in rows {
            let name = row(id);
            let meta: Meta = self.open_client_column(
                client_id,
                &Place {
                    table: "documents",
                    column: "meta",
                    row: &name,
                    key_version: 1,
                },
                &sealed,
            )?;
            let class = parse_class(&class).ok_or_else(damaged)?;
            let expiry = schedule
                .expiry(class, anchor(class, fiscal_year, ended))
                .unwrap_or(Expiry::NotStarted);
            out.push(DocumentView {
                id: u32::try_from(id).unwrap_or(u32::MAX),
                kind: DocumentKind::parse(&kind).ok_or_else(damaged)?,
                class,
                fiscal_year,
                file_name: meta.file_name,
                note: meta.note,
                size,
                added_at,
                expiry,
                agreement_id: meta.agreement,
            });
        }
        Ok(out)
    }

    /// Opens a document's content (needs the right to reveal sensitive values; audited).
    ///
    /// # Errors
    /// `not_found`; `forbidden` for assistants and auditors.
    pub fn open_document(&mut self, id: u32, now: DateTime<Utc>) -> CoreResult<DocumentContent> {
        let found: Option<(String, Vec<u8>, Vec<u8>)> = self
            .conn
            .query_row(
                "SELECT client_id, meta, content FROM documents WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .map_err(sql("documents"))?;
        let (client_id, meta, content) = found.ok_or_else(|| CoreError::NotFound {
            what: format!("document:{id}"),
        })?;
        self.require_client_status(Action::RevealSensitive, &client_id)?;
        let name = row(i64::from(id));
        let meta: Meta = self.open_client_column(
            &client_id,
            &Place {
                table: "documents",
                column: "meta",
                row: &name,
                key_version: 1,
            },
            &meta,
        )?;
        let bytes = self.open_client_bytes(
            &client_id,
            &Place {
                table: "documents",
                column: "content",
                row: &name,
                key_version: 1,
            },
            &content,
        )?;
        audit::append(
            &self.conn,
            &self.keys.audit(),
            &NewEntry {
                actor: Some(self.session.user_id),
                action: "document.opened",
                target: Some(format!("client:{client_id}")),
                details: Some(serde_json::json!({ "document": id })),
            },
            now,
        )?;
        Ok(DocumentContent {
            file_name: meta.file_name,
            bytes,
        })
    }
}

/// The anchor of a document's period: its fiscal year's end, the engagement's end for
/// classes counted from it, or not started (scrapping, a running engagement, no year).
pub(crate) fn anchor(
    class: RecordClass,
    fiscal_year: Option<i32>,
    engagement_end: Option<NaiveDate>,
) -> Anchor {
    match (class.period_start(), fiscal_year, engagement_end) {
        (PeriodStart::AfterFiscalYear, Some(year), _) => {
            NaiveDate::from_ymd_opt(year, 12, 31).map_or(Anchor::Pending, Anchor::FiscalYearEnd)
        }
        (PeriodStart::AfterEngagement, _, Some(end)) => Anchor::EngagementEnded(end),
        _ => Anchor::Pending,
    }
}
