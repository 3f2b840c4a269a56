//! Confidentiality agreements in the vault: issue one from the client record and the firm
//! profile, track its status, renew it as a new version, print it, and list those that end
//! soon.
//!
//! What stays in clear (see docs/security.md): the agreement number, version, status and
//! dates (needed to list what expires); the filled text and the values it was filled with are
//! sealed with the client's key, so destroying the client's key destroys them too.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::agreement::{
    expires_within, fill, renewed_term, status_on, term_end, AgreementFields, AgreementStatus,
};
use super::invalid;
use crate::error::{CoreError, CoreResult};
use crate::vault::audit::{self, NewEntry};
use crate::vault::db::sql;
use crate::vault::{Action, Vault};

/// Days before the end of its term an agreement shows on the dashboard.
pub const EXPIRY_WARNING_DAYS: u64 = 30;

/// The court named when the user leaves the field empty (zh-CN).
pub const DEFAULT_COURT_ZH: &str = "乙方所在地有管辖权的人民法院";
/// The court named when the user leaves the field empty (English).
pub const DEFAULT_COURT_EN: &str = "the competent people's court where Party B is located";

/// The language of an agreement's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum AgreementLanguage {
    /// 简体中文.
    #[serde(rename = "zh-CN")]
    ZhCn,
    /// English.
    #[serde(rename = "en")]
    En,
}

impl AgreementLanguage {
    /// Stable name stored in the database.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ZhCn => "zh-CN",
            Self::En => "en",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        [Self::ZhCn, Self::En].into_iter().find(|l| l.as_str() == s)
    }
}

/// What the user chooses when issuing an agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct AgreementRequest {
    /// Language of the text.
    pub language: AgreementLanguage,
    /// First day in force (`YYYY-MM-DD`).
    pub start_on: String,
    /// Term in years (1–30).
    pub term_years: u16,
    /// Years the duty survives the end (0–30).
    pub survival_years: u16,
    /// The court named for disputes.
    pub court: String,
}

/// An agreement as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct AgreementView {
    /// Id.
    pub id: u32,
    /// The client.
    pub client_id: String,
    /// Agreement number, e.g. `BM-2026-0007`.
    pub number: String,
    /// 1 for the first agreement, +1 per renewal.
    pub version: u32,
    /// Language.
    pub language: AgreementLanguage,
    /// Status today (a signed agreement past its term shows as expired).
    pub status: AgreementStatus,
    /// First day in force.
    pub start_on: String,
    /// Last day of the term.
    pub end_on: String,
    /// Day signed, if signed.
    pub signed_on: Option<String>,
    /// Ends within [`EXPIRY_WARNING_DAYS`].
    pub expiring_soon: bool,
    /// The exact text issued.
    pub text: String,
}

/// An agreement ending soon, for the dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ExpiringAgreement {
    /// Agreement id.
    pub id: u32,
    /// The client.
    pub client_id: String,
    /// The client's name.
    pub client_name: String,
    /// Agreement number.
    pub number: String,
    /// Last day of the term.
    pub end_on: String,
}

#[derive(Serialize, Deserialize)]
struct AgreementData {
    text: String,
    fields: AgreementFields,
    request: AgreementRequest,
}

struct Row {
    id: i64,
    client_id: String,
    number: String,
    version: u32,
    language: String,
    status: String,
    start_on: String,
    end_on: String,
    signed_on: Option<String>,
    data: Vec<u8>,
}

const SELECT: &str = "SELECT id, client_id, number, version, language, status, start_on, end_on,
    signed_on, data FROM agreements";

fn read_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok(Row {
        id: r.get(0)?,
        client_id: r.get(1)?,
        number: r.get(2)?,
        version: r.get(3)?,
        language: r.get(4)?,
        status: r.get(5)?,
        start_on: r.get(6)?,
        end_on: r.get(7)?,
        signed_on: r.get(8)?,
        data: r.get(9)?,
    })
}

fn parse_status(s: &str) -> Option<AgreementStatus> {
    use AgreementStatus as S;
    [
        S::Draft,
        S::Sent,
        S::Signed,
        S::Expired,
        S::Renewed,
        S::Terminated,
    ]
    .into_iter()
    .find(|st| status_str(*st) == s)
}

fn status_str(s: AgreementStatus) -> &'static str {
    match s {
        AgreementStatus::Draft => "draft",
        AgreementStatus::Sent => "sent",
        AgreementStatus::Signed => "signed",
        AgreementStatus::Expired => "expired",
        AgreementStatus::Renewed => "renewed",
        AgreementStatus::Terminated => "terminated",
    }
}

fn day(s: &str, field: &str) -> CoreResult<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| invalid(field, "format"))
}

fn damaged() -> CoreError {
    CoreError::VaultDamaged {
        part: "agreements".to_owned(),
    }
}

fn row_name(id: i64) -> String {
    format!("agreement:{id}")
}

impl Vault {
    /// Issues a confidentiality agreement for a client: fills the template of the chosen
    /// language with the client record and the firm profile and stores that exact text as a
    /// draft.
    ///
    /// # Errors
    /// `forbidden` without `edit_client` on this client; `invalid_input` for a bad date or
    /// term; `not_found` for an unknown client.
    pub fn issue_agreement(
        &mut self,
        client_id: &str,
        request: &AgreementRequest,
        now: DateTime<Utc>,
    ) -> CoreResult<AgreementView> {
        self.require_client_status(Action::EditClient, client_id)?;
        self.insert_agreement(client_id, request, 1, None, now)
    }

    fn insert_agreement(
        &mut self,
        client_id: &str,
        request: &AgreementRequest,
        version: u32,
        renews: Option<i64>,
        now: DateTime<Utc>,
    ) -> CoreResult<AgreementView> {
        if !(1..=30).contains(&request.term_years) {
            return Err(invalid("term_years", "out_of_range"));
        }
        if request.survival_years > 30 {
            return Err(invalid("survival_years", "out_of_range"));
        }
        let start = day(&request.start_on, "start_on")?;
        let end = term_end(start, request.term_years)
            .ok_or_else(|| invalid("start_on", "out_of_range"))?;
        let (record, ..) = self.load_record(client_id)?;
        let firm = self.firm_profile()?;
        let year = now.date_naive().format("%Y").to_string();
        let seq: i64 = self
            .conn
            .query_row(
                "SELECT COUNT(*) + 1 FROM agreements WHERE number LIKE ?1",
                [format!("BM-{year}-%")],
                |r| r.get(0),
            )
            .map_err(sql("agreements"))?;
        let number = format!("BM-{year}-{seq:04}");
        let fields = AgreementFields {
            number: number.clone(),
            start: Some(start),
            term_years: request.term_years,
            survival_years: request.survival_years,
            court: if request.court.trim().is_empty() {
                match request.language {
                    AgreementLanguage::ZhCn => DEFAULT_COURT_ZH,
                    AgreementLanguage::En => DEFAULT_COURT_EN,
                }
                .to_owned()
            } else {
                request.court.trim().to_owned()
            },
            client_name: record.name.clone(),
            client_credit_code: record.credit_code.clone(),
            client_address: record.registered_address.clone(),
            client_representative: record.legal_representative,
            firm_name: firm.name.clone(),
            firm_credit_code: firm.credit_code.clone(),
            firm_address: firm.address.clone(),
            firm_representative: firm.representative,
        };
        let template = self.agreement_template(request.language)?;
        let text = fill(&template, &fields)?;
        let id: i64 = self
            .conn
            .query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM agreements", [], |r| {
                r.get(0)
            })
            .map_err(sql("agreements"))?;
        let data = AgreementData {
            text,
            fields,
            request: request.clone(),
        };
        let sealed = self.seal_client_json(client_id, "agreements", &row_name(id), &data)?;
        let stamp = now.to_rfc3339();
        let tx = self.conn.transaction().map_err(sql("file"))?;
        tx.execute(
            "INSERT INTO agreements (id, client_id, number, version, renews, language, status,
                start_on, end_on, signed_on, created_at, updated_at, data)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'draft', ?7, ?8, NULL, ?9, ?9, ?10)",
            params![
                id,
                client_id,
                number,
                version,
                renews,
                request.language.as_str(),
                start.format("%Y-%m-%d").to_string(),
                end.format("%Y-%m-%d").to_string(),
                stamp,
                sealed
            ],
        )
        .map_err(sql("agreements"))?;
        if let Some(previous) = renews {
            tx.execute(
                "UPDATE agreements SET status = 'renewed', updated_at = ?2 WHERE id = ?1",
                params![previous, stamp],
            )
            .map_err(sql("agreements"))?;
        }
        audit::append(
            &tx,
            &self.keys.audit(),
            &NewEntry {
                actor: Some(self.session.user_id),
                action: if renews.is_some() {
                    "agreement.renewed"
                } else {
                    "agreement.issued"
                },
                target: Some(format!("client:{client_id}")),
                details: Some(serde_json::json!({
                    "agreement": id, "number": number, "version": version, "renews": renews,
                })),
            },
            now,
        )?;
        tx.commit().map_err(sql("file"))?;
        self.agreement(u32::try_from(id).unwrap_or(u32::MAX), now)
    }

    /// One agreement.
    ///
    /// # Errors
    /// `not_found`; `forbidden` without `view_client` on its client.
    pub fn agreement(&mut self, id: u32, now: DateTime<Utc>) -> CoreResult<AgreementView> {
        let row = self.agreement_row(id)?;
        self.require_client_status(Action::ViewClient, &row.client_id)?;
        self.agreement_view(row, now.date_naive())
    }

    /// A client's agreements, newest first.
    ///
    /// # Errors
    /// `forbidden` without `view_client` on this client.
    pub fn agreements(
        &mut self,
        client_id: &str,
        now: DateTime<Utc>,
    ) -> CoreResult<Vec<AgreementView>> {
        self.require_client_status(Action::ViewClient, client_id)?;
        let rows: Vec<Row> = {
            let mut stmt = self
                .conn
                .prepare(&format!("{SELECT} WHERE client_id = ?1 ORDER BY id DESC"))
                .map_err(sql("agreements"))?;
            let rows = stmt
                .query_map([client_id], read_row)
                .map_err(sql("agreements"))?;
            rows.collect::<Result<_, _>>().map_err(sql("agreements"))?
        };
        let today = now.date_naive();
        rows.into_iter()
            .map(|row| self.agreement_view(row, today))
            .collect()
    }

    /// Moves an agreement to `status` (sent, signed with the day it was signed, terminated).
    ///
    /// # Errors
    /// `invalid_input` (`status`/`not_allowed`, `signed_on`/`required`); `forbidden`.
    pub fn set_agreement_status(
        &mut self,
        id: u32,
        status: AgreementStatus,
        signed_on: Option<&str>,
        now: DateTime<Utc>,
    ) -> CoreResult<AgreementView> {
        let row = self.agreement_row(id)?;
        self.session
            .require_for_client(Action::EditClient, &row.client_id)?;
        // An ended engagement is read-only, but its agreements may still be terminated.
        let check = if status == AgreementStatus::Terminated {
            Action::ViewClient
        } else {
            Action::EditClient
        };
        self.require_client_status(check, &row.client_id)?;
        self.refuse_storage_only(&row.client_id)?;
        let current = parse_status(&row.status).ok_or_else(damaged)?;
        if !current.may_become(status) {
            return Err(invalid("status", "not_allowed"));
        }
        let signed = if status == AgreementStatus::Signed {
            let on = signed_on.ok_or_else(|| invalid("signed_on", "required"))?;
            let on = day(on, "signed_on")?;
            if on > now.date_naive() {
                return Err(invalid("signed_on", "in_future"));
            }
            Some(on.format("%Y-%m-%d").to_string())
        } else {
            row.signed_on.clone()
        };
        let tx = self.conn.transaction().map_err(sql("file"))?;
        tx.execute(
            "UPDATE agreements SET status = ?2, signed_on = ?3, updated_at = ?4 WHERE id = ?1",
            params![row.id, status_str(status), signed, now.to_rfc3339()],
        )
        .map_err(sql("agreements"))?;
        audit::append(
            &tx,
            &self.keys.audit(),
            &NewEntry {
                actor: Some(self.session.user_id),
                action: "agreement.status_changed",
                target: Some(format!("client:{}", row.client_id)),
                details: Some(serde_json::json!({
                    "agreement": row.id, "from": row.status, "to": status_str(status),
                })),
            },
            now,
        )?;
        tx.commit().map_err(sql("file"))?;
        self.agreement(id, now)
    }

    /// Renews a signed (or expired) agreement: a new version with the same terms, starting the
    /// day after the current term ends (or today if it already ended), as a draft; the old one
    /// is marked renewed.
    ///
    /// # Errors
    /// `invalid_input` (`status`/`not_allowed`) unless signed or expired; `forbidden`.
    pub fn renew_agreement(&mut self, id: u32, now: DateTime<Utc>) -> CoreResult<AgreementView> {
        let row = self.agreement_row(id)?;
        self.require_client_status(Action::EditClient, &row.client_id)?;
        let end = day(&row.end_on, "end_on")?;
        let today = now.date_naive();
        let current = parse_status(&row.status).ok_or_else(damaged)?;
        if status_on(current, Some(end), today) != AgreementStatus::Signed
            && status_on(current, Some(end), today) != AgreementStatus::Expired
        {
            return Err(invalid("status", "not_allowed"));
        }
        let data: AgreementData =
            self.open_client_json(&row.client_id, "agreements", &row_name(row.id), &row.data)?;
        let mut request = data.request;
        request.start_on = renewed_term(Some(end), today)
            .format("%Y-%m-%d")
            .to_string();
        self.insert_agreement(&row.client_id, &request, row.version + 1, Some(row.id), now)
    }

    /// The agreement as a print-ready PDF; the print is audited.
    ///
    /// # Errors
    /// `forbidden` without `export_client_data`; `document` if it cannot be rendered.
    pub fn agreement_pdf(&mut self, id: u32, now: DateTime<Utc>) -> CoreResult<Vec<u8>> {
        let row = self.agreement_row(id)?;
        self.require_client_status(Action::ExportClientData, &row.client_id)?;
        let data: AgreementData =
            self.open_client_json(&row.client_id, "agreements", &row_name(row.id), &row.data)?;
        let language = AgreementLanguage::parse(&row.language).ok_or_else(damaged)?;
        let pdf = ledgerlock_documents::render_agreement(
            &ledgerlock_documents::AgreementDoc {
                text: &data.text,
                number: &row.number,
                firm_name: &data.fields.firm_name,
                client_name: &data.fields.client_name,
                english: language == AgreementLanguage::En,
            },
            now,
        )?;
        audit::append(
            &self.conn,
            &self.keys.audit(),
            &NewEntry {
                actor: Some(self.session.user_id),
                action: "agreement.printed",
                target: Some(format!("client:{}", row.client_id)),
                details: Some(serde_json::json!({ "agreement": row.id, "number": row.number })),
            },
            now,
        )?;
        Ok(pdf)
    }

    /// Signed agreements ending within [`EXPIRY_WARNING_DAYS`], over the clients this session
    /// may see, soonest first.
    ///
    /// # Errors
    /// Storage errors only.
    pub fn expiring_agreements(
        &mut self,
        now: DateTime<Utc>,
    ) -> CoreResult<Vec<ExpiringAgreement>> {
        let today = now.date_naive();
        let rows: Vec<(i64, String, String, String, String)> = {
            let mut stmt = self
                .conn
                .prepare(
                    "SELECT id, client_id, number, status, end_on FROM agreements
                     WHERE status = 'signed' ORDER BY end_on, id",
                )
                .map_err(sql("agreements"))?;
            let rows = stmt
                .query_map([], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })
                .map_err(sql("agreements"))?;
            rows.collect::<Result<_, _>>().map_err(sql("agreements"))?
        };
        let mut out = Vec::new();
        for (id, client_id, number, status, end_on) in rows {
            let status = parse_status(&status).ok_or_else(damaged)?;
            let end = day(&end_on, "end_on")?;
            if !expires_within(status, Some(end), today, EXPIRY_WARNING_DAYS) {
                continue;
            }
            // Only clients being served: an ended engagement has left the daily lists.
            if self
                .require_client_status(Action::ViewClient, &client_id)
                .is_err()
                || self.client_status(&client_id)?
                    != Some(crate::clients::record::ClientStatus::Active)
            {
                continue;
            }
            let client_name = self.clients.name(&client_id).unwrap_or_default().to_owned();
            out.push(ExpiringAgreement {
                id: u32::try_from(id).unwrap_or(u32::MAX),
                client_id,
                client_name,
                number,
                end_on,
            });
        }
        Ok(out)
    }

    /// Attaches the signed scan (PDF, JPEG or PNG) of a signed agreement: stored sealed with
    /// the client's key as a client document of kind `signed_agreement` linked to the
    /// agreement (opened like other documents, audited). Audited (`agreement.scan_attached`).
    ///
    /// # Errors
    /// `forbidden` without `edit_client` on the client, or when it is read-only or stored
    /// only; `invalid_input` (`status`/`not_signed`, `document.file`/`type`, `empty`,
    /// `too_large`, `document.file_name`/`required`); `not_found`.
    pub fn attach_signed_agreement(
        &mut self,
        id: u32,
        file_name: &str,
        bytes: &[u8],
        now: DateTime<Utc>,
    ) -> CoreResult<crate::clients::documents::DocumentView> {
        use crate::clients::documents::{DocumentInput, DocumentKind, Meta, MAX_DOCUMENT_BYTES};
        let row = self.agreement_row(id)?;
        self.require_client_status(Action::EditClient, &row.client_id)?;
        if !matches!(row.status.as_str(), "signed" | "renewed") || row.signed_on.is_none() {
            return Err(invalid("status", "not_signed"));
        }
        let file_name = file_name.trim();
        if file_name.is_empty() {
            return Err(invalid("document.file_name", "required"));
        }
        if bytes.is_empty() {
            return Err(invalid("document.file", "empty"));
        }
        if bytes.len() > MAX_DOCUMENT_BYTES {
            return Err(invalid("document.file", "too_large"));
        }
        let is_pdf = bytes.starts_with(b"%PDF");
        let is_jpeg = bytes.starts_with(&[0xFF, 0xD8, 0xFF]);
        let is_png = bytes.starts_with(b"\x89PNG\r\n\x1a\n");
        if !(is_pdf || is_jpeg || is_png) {
            return Err(invalid("document.file", "type"));
        }
        let client_id = row.client_id.clone();
        let doc = self.seal_document(
            &client_id,
            &DocumentInput {
                kind: DocumentKind::SignedAgreement,
                class: super::retention::RecordClass::PersonalInformation,
                fiscal_year: None,
                file_name: file_name.to_owned(),
                note: row.number.clone(),
            },
            &Meta {
                file_name: file_name.to_owned(),
                note: row.number,
                agreement: Some(id),
            },
            bytes,
        )?;
        let doc_id = doc.id;
        let tx = self.conn.transaction().map_err(sql("file"))?;
        doc.insert(&tx, self.session.user_id, now)?;
        audit::append(
            &tx,
            &self.keys.audit(),
            &NewEntry {
                actor: Some(self.session.user_id),
                action: "agreement.scan_attached",
                target: Some(format!("client:{client_id}")),
                details: Some(serde_json::json!({
                    "agreement": id, "document": doc_id, "size": doc.size,
                })),
            },
            now,
        )?;
        tx.commit().map_err(sql("file"))?;
        self.documents(&client_id)?
            .into_iter()
            .find(|d| i64::from(d.id) == doc_id)
            .ok_or_else(damaged)
    }

    fn agreement_row(&self, id: u32) -> CoreResult<Row> {
        self.conn
            .query_row(&format!("{SELECT} WHERE id = ?1"), [id], read_row)
            .optional()
            .map_err(sql("agreements"))?
            .ok_or_else(|| CoreError::NotFound {
                what: format!("agreement:{id}"),
            })
    }

    fn agreement_view(&mut self, row: Row, today: NaiveDate) -> CoreResult<AgreementView> {
        let data: AgreementData =
            self.open_client_json(&row.client_id, "agreements", &row_name(row.id), &row.data)?;
        let stored = parse_status(&row.status).ok_or_else(damaged)?;
        let end = day(&row.end_on, "end_on")?;
        Ok(AgreementView {
            id: u32::try_from(row.id).unwrap_or(u32::MAX),
            client_id: row.client_id,
            number: row.number,
            version: row.version,
            language: AgreementLanguage::parse(&row.language).ok_or_else(damaged)?,
            status: status_on(stored, Some(end), today),
            start_on: row.start_on,
            end_on: row.end_on,
            signed_on: row.signed_on,
            expiring_soon: expires_within(stored, Some(end), today, EXPIRY_WARNING_DAYS),
            text: data.text,
        })
    }
}
