//! A client's life after the daily work: the end of the engagement (hand-over of the originals
//! with a 移交清册, what the firm keeps and until when, what may go now), PIPL Art. 47 deletion
//! requests (storage only while a statutory period runs), the retention certificate, and the
//! status checks every client operation makes.
//!
//! - **Engagement ended**: the client is read-only (edits refused with
//!   `forbidden`/`edit_inactive_client`) and leaves the daily lists; its records are kept for
//!   their periods and it falls due for destruction when the personal-information period after
//!   the engagement has run (see `records/destruction_store.rs`).
//! - **Storage only** (PIPL Art. 47: deletion asked while a statutory retention period runs):
//!   nothing of the client may be viewed, exported or processed (`forbidden`/
//!   `process_storage_only_client`) except by an administrator who states a legal purpose
//!   ([`Vault::open_storage_only_client`], audited with the purpose, valid until the vault is
//!   locked). When the latest statutory period ends the client is due for destruction.
//!
//! Documents the app makes here (the hand-over register, the record of the deletion request,
//! retention certificates) are client documents sealed with the client's key, so shredding the
//! client erases them; their exact bytes are stored, so re-printing gives identical bytes.

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};

use super::documents::{anchor, parse_class, DocumentInput, DocumentKind, DocumentView, Meta};
use super::record::ClientStatus;
use crate::error::{CoreError, CoreResult};
use crate::records::retention::{Expiry, Period, RecordClass, RetentionSchedule};
use crate::vault::audit::{self, NewEntry};
use crate::vault::db::sql;
use crate::vault::{Action, Place, Role, Vault};

/// The legal basis shown for the storage-only state.
pub const STORAGE_ONLY_BASIS: &str = "《中华人民共和国个人信息保护法》第四十七条";

/// The most lines a hand-over register takes.
pub const MAX_HANDOVER_ITEMS: usize = 500;

/// How a hand-over line is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum QuantityUnit {
    /// 册 (bound volumes).
    Volumes,
    /// 份 (sheets, copies, discs).
    Copies,
}

impl QuantityUnit {
    fn zh(self) -> &'static str {
        match self {
            Self::Volumes => "册",
            Self::Copies => "份",
        }
    }
}

/// One line of the hand-over register: something handed back to the client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct HandoverItem {
    /// 名称, e.g. 记账凭证.
    pub name: String,
    /// First fiscal year.
    pub first_year: i32,
    /// Last fiscal year.
    pub last_year: i32,
    /// How many.
    pub quantity: u32,
    /// 册 or 份.
    pub unit: QuantityUnit,
    /// 备注.
    pub note: String,
}

/// What the user enters to end an engagement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct HandoverInput {
    /// The engagement's last day (YYYY-MM-DD).
    pub engagement_end: String,
    /// The day of the hand-over (YYYY-MM-DD).
    pub handed_over_on: String,
    /// 移交人 (the firm's person).
    pub handed_over_by: String,
    /// 接收人 (the client's person).
    pub received_by: String,
    /// 监交人 (may be empty).
    pub supervised_by: String,
    /// What was handed back.
    pub items: Vec<HandoverItem>,
    /// A remark for the whole hand-over.
    pub remark: String,
}

/// Where a record the firm holds comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum HeldSource {
    /// A client document.
    Document(u32),
    /// A final saved reconciliation.
    Reconciliation(String),
    /// The client record itself: the personal information of the client's people.
    ClientRecord,
}

/// A record the firm holds for a client, with its period under the firm's schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct HeldRecord {
    /// Where it is.
    pub source: HeldSource,
    /// A name to show (file name, period of a reconciliation).
    pub name: String,
    /// Its class.
    pub class: RecordClass,
    /// Its fiscal year.
    pub fiscal_year: Option<i32>,
    /// The period in force for the class.
    pub period: Period,
    /// When its period ends.
    pub expiry: Expiry,
}

/// What ending an engagement on a given day means for the records the firm holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct RetentionSummary {
    /// Records whose period still runs on the day: the firm must keep them.
    pub keep: Vec<HeldRecord>,
    /// Records whose period is over (or has no minimum) on the day: they may be destroyed.
    pub destroy_now: Vec<HeldRecord>,
    /// The latest statutory expiry among the accounting archives kept (YYYY-MM-DD); none if
    /// nothing runs or something is kept permanently (see `permanent`).
    pub keep_until: Option<String>,
    /// Something is kept permanently (or its period has not started).
    pub permanent: bool,
}

/// The result of ending an engagement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct EngagementEnded {
    /// The stored hand-over register (a client document; print it with `save_document`).
    pub document: DocumentView,
    /// Its number, e.g. `YJ-2026-0001`.
    pub number: String,
    /// What the firm keeps and what may go.
    pub summary: RetentionSummary,
}

/// What a PIPL Art. 47 deletion request leads to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DeletionOutcome {
    /// A statutory accounting-archive period still runs: the client is stored only, nothing
    /// else is done with it until `until` (YYYY-MM-DD; none: kept permanently or a period has
    /// not started), then it is due for destruction.
    StorageOnly {
        /// The latest statutory expiry.
        until: Option<String>,
    },
    /// No statutory period runs: the client is due for destruction at once.
    ReadyForDestruction,
}

/// The storage-only state of a client, as the client page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct StorageOnlyView {
    /// The deletion request's reference in the requests register.
    pub request_ref: String,
    /// The day it was applied.
    pub requested_on: String,
    /// What it led to.
    pub outcome: DeletionOutcome,
    /// The legal basis.
    pub legal_basis: String,
    /// Whether an administrator opened the client for a legal purpose in this session.
    pub opened_for_legal_purpose: bool,
}

/// A client's lifecycle state: readable even when the client is stored only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ClientLifecycle {
    /// The client.
    pub client_id: String,
    /// Its name.
    pub name: String,
    /// Its status.
    pub status: ClientStatus,
    /// The engagement's last day, if it ended.
    pub engagement_end: String,
    /// The latest hand-over register, if the engagement was ended with one.
    pub handover_document: Option<u32>,
    /// The storage-only state, if the client is stored only.
    pub storage_only: Option<StorageOnlyView>,
}

/// The sealed record of an applied deletion request (content of a `deletion_request` document).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DeletionRecord {
    request_ref: String,
    requested_on: String,
    outcome: DeletionOutcome,
}

fn invalid(field: &str, reason: &str) -> CoreError {
    CoreError::InvalidInput {
        field: field.to_owned(),
        reason: reason.to_owned(),
    }
}

fn storage_only() -> CoreError {
    CoreError::Forbidden {
        action: "process_storage_only_client".to_owned(),
    }
}

fn day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn zh_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// The checked hand-over: dates parsed, names trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidHandover {
    /// The engagement's last day.
    pub engagement_end: NaiveDate,
    /// The hand-over day.
    pub handed_over_on: NaiveDate,
    /// The input, trimmed.
    pub input: HandoverInput,
}

/// Checks a hand-over register: at least one line, each with a name, a year range inside the
/// engagement's reach and a quantity; the firm's and the client's person named; the end no
/// earlier than the start and neither date in the future.
///
/// # Errors
/// `invalid_input` naming the first problem (`handover.items`/`empty`,
/// `handover.items.2.name`/`required`, `handover.items.0.years`/`order`, …).
pub fn validate_handover(
    input: &HandoverInput,
    engagement_start: Option<NaiveDate>,
    today: NaiveDate,
) -> CoreResult<ValidHandover> {
    let f = |field: &str, reason: &str| invalid(&format!("handover.{field}"), reason);
    let engagement_end = day(&input.engagement_end).ok_or_else(|| f("engagement_end", "format"))?;
    let handed_over_on = day(&input.handed_over_on).ok_or_else(|| f("handed_over_on", "format"))?;
    if engagement_end > today {
        return Err(f("engagement_end", "future"));
    }
    if handed_over_on > today {
        return Err(f("handed_over_on", "future"));
    }
    if engagement_start.is_some_and(|s| engagement_end < s) {
        return Err(f("engagement_end", "before_start"));
    }
    if engagement_start.is_some_and(|s| handed_over_on < s) {
        return Err(f("handed_over_on", "before_start"));
    }
    let mut out = input.clone();
    for (who, field) in [
        (&mut out.handed_over_by, "handed_over_by"),
        (&mut out.received_by, "received_by"),
        (&mut out.supervised_by, "supervised_by"),
    ] {
        *who = who.trim().to_owned();
        if who.chars().count() > 50 {
            return Err(f(field, "too_long"));
        }
        if who.is_empty() && field != "supervised_by" {
            return Err(f(field, "required"));
        }
    }
    out.remark = out.remark.trim().to_owned();
    if out.remark.chars().count() > 1000 {
        return Err(f("remark", "too_long"));
    }
    if out.items.is_empty() {
        return Err(f("items", "empty"));
    }
    if out.items.len() > MAX_HANDOVER_ITEMS {
        return Err(f("items", "too_many"));
    }
    for (i, item) in out.items.iter_mut().enumerate() {
        item.name = item.name.trim().to_owned();
        item.note = item.note.trim().to_owned();
        if item.name.is_empty() {
            return Err(f(&format!("items.{i}.name"), "required"));
        }
        if item.name.chars().count() > 100 || item.note.chars().count() > 200 {
            return Err(f(&format!("items.{i}.name"), "too_long"));
        }
        if !(1990..=today.year()).contains(&item.first_year)
            || !(1990..=today.year()).contains(&item.last_year)
        {
            return Err(f(&format!("items.{i}.years"), "out_of_range"));
        }
        if item.first_year > item.last_year {
            return Err(f(&format!("items.{i}.years"), "order"));
        }
        if item.quantity == 0 || item.quantity > 100_000 {
            return Err(f(&format!("items.{i}.quantity"), "out_of_range"));
        }
    }
    Ok(ValidHandover {
        engagement_end,
        handed_over_on,
        input: out,
    })
}

/// Splits held records into what is kept and what may go on `today`, with the latest
/// statutory expiry among the accounting archives kept.
#[must_use]
pub fn summarize(records: Vec<HeldRecord>, today: NaiveDate) -> RetentionSummary {
    let mut summary = RetentionSummary {
        keep: Vec::new(),
        destroy_now: Vec::new(),
        keep_until: None,
        permanent: false,
    };
    let mut latest: Option<NaiveDate> = None;
    for r in records {
        let over = match r.expiry {
            Expiry::On(last) => today > last,
            // Personal information has no statutory minimum: with the engagement over
            // (or not started) it is kept only as long as the firm chose.
            Expiry::NotStarted => r.class == RecordClass::PersonalInformation,
            Expiry::Never => false,
        };
        if over {
            summary.destroy_now.push(r);
            continue;
        }
        if r.class.is_accounting_archive() {
            match r.expiry {
                Expiry::On(last) => latest = Some(latest.map_or(last, |l| l.max(last))),
                Expiry::Never | Expiry::NotStarted => summary.permanent = true,
            }
        }
        summary.keep.push(r);
    }
    summary.keep_until = latest.map(ymd);
    summary
}

/// The outcome of a deletion request given what runs on the day.
#[must_use]
pub fn deletion_outcome(summary: &RetentionSummary) -> DeletionOutcome {
    if summary.permanent {
        DeletionOutcome::StorageOnly { until: None }
    } else if let Some(until) = &summary.keep_until {
        DeletionOutcome::StorageOnly {
            until: Some(until.clone()),
        }
    } else {
        DeletionOutcome::ReadyForDestruction
    }
}

impl Vault {
    /// The status check every client operation makes after the role check: a stored-only
    /// client may not be processed (unless an administrator opened it for a legal purpose,
    /// and never edited); an ended engagement is read-only. Unknown ids pass (the operation
    /// reports `not_found` itself).
    pub(crate) fn require_client_status(&self, action: Action, client_id: &str) -> CoreResult<()> {
        self.session.require_for_client(action, client_id)?;
        let status = self.client_status(client_id)?;
        let edit = matches!(action, Action::EditClient | Action::Reconcile);
        match status {
            Some(ClientStatus::StorageOnly) => {
                if edit || !self.clients.legal_purpose.contains(client_id) {
                    Err(storage_only())
                } else {
                    Ok(())
                }
            }
            Some(ClientStatus::EngagementEnded) if edit => Err(CoreError::Forbidden {
                action: "edit_inactive_client".to_owned(),
            }),
            _ => Ok(()),
        }
    }

    /// Refuses any processing of a stored-only client, legal purpose or not.
    pub(crate) fn refuse_storage_only(&self, client_id: &str) -> CoreResult<()> {
        if self.client_status(client_id)? == Some(ClientStatus::StorageOnly) {
            Err(storage_only())
        } else {
            Ok(())
        }
    }

    pub(crate) fn client_status(&self, client_id: &str) -> CoreResult<Option<ClientStatus>> {
        let status: Option<String> = self
            .conn
            .query_row(
                "SELECT status FROM clients WHERE id = ?1",
                [client_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(sql("clients"))?;
        Ok(status.as_deref().and_then(ClientStatus::parse))
    }

    /// The records the firm holds for a client (its documents except those the app made,
    /// final reconciliations, and the client record's personal information), with their
    /// expiry when the engagement ends (or ended) on `engagement_end`.
    pub(crate) fn held_records(
        &mut self,
        client_id: &str,
        engagement_end: Option<NaiveDate>,
    ) -> CoreResult<Vec<HeldRecord>> {
        let schedule = self.retention_schedule()?;
        let mut out = Vec::new();
        type DocRow = (i64, String, String, Option<i32>, Vec<u8>);
        let docs: Vec<DocRow> = {
            let mut stmt = self
                .conn
                .prepare(
                    "SELECT id, kind, class, fiscal_year, meta FROM documents
                     WHERE client_id = ?1 ORDER BY id",
                )
                .map_err(sql("documents"))?;
            let rows = stmt
                .query_map([client_id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })
                .map_err(sql("documents"))?;
            rows.collect::<Result<_, _>>().map_err(sql("documents"))?
        };
        for (id, kind, class, fiscal_year, sealed) in docs {
            let kind = DocumentKind::parse(&kind).ok_or_else(damaged)?;
            if kind.is_generated() {
                continue;
            }
            let class = parse_class(&class).ok_or_else(damaged)?;
            let name = super::documents::row(id);
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
            out.push(held(
                &schedule,
                HeldSource::Document(u32::try_from(id).unwrap_or(u32::MAX)),
                meta.file_name,
                class,
                fiscal_year,
                engagement_end,
            ));
        }
        type RecRow = (String, String, Option<i32>, Option<String>, Option<String>);
        let recs: Vec<RecRow> = {
            let mut stmt = self
                .conn
                .prepare(
                    "SELECT id, class, fiscal_year, period_start, period_end FROM reconciliations
                     WHERE client_id = ?1 AND status = 'final' ORDER BY period_end, id",
                )
                .map_err(sql("reconciliations"))?;
            let rows = stmt
                .query_map([client_id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })
                .map_err(sql("reconciliations"))?;
            rows.collect::<Result<_, _>>()
                .map_err(sql("reconciliations"))?
        };
        for (id, class, fiscal_year, start, end) in recs {
            let class = parse_class(&class).unwrap_or(RecordClass::BankReconciliations);
            let name = format!(
                "{} {}–{}",
                class.name_zh(),
                start.unwrap_or_default(),
                end.unwrap_or_default()
            );
            out.push(held(
                &schedule,
                HeldSource::Reconciliation(id),
                name,
                class,
                fiscal_year,
                engagement_end,
            ));
        }
        out.push(held(
            &schedule,
            HeldSource::ClientRecord,
            "客户资料及联系人个人信息".to_owned(),
            RecordClass::PersonalInformation,
            None,
            engagement_end,
        ));
        Ok(out)
    }

    /// What ending the engagement on `engagement_end` (YYYY-MM-DD) would mean: what the firm
    /// must keep and until when, and what may be destroyed now.
    ///
    /// # Errors
    /// `forbidden` without `view_client` (or for a stored-only client); `invalid_input` for
    /// a bad date; `not_found`.
    pub fn engagement_end_summary(
        &mut self,
        client_id: &str,
        engagement_end: &str,
        now: DateTime<Utc>,
    ) -> CoreResult<RetentionSummary> {
        self.require_client_status(Action::ViewClient, client_id)?;
        let end = day(engagement_end).ok_or_else(|| invalid("engagement_end", "format"))?;
        self.load_record(client_id)?;
        let records = self.held_records(client_id, Some(end))?;
        Ok(summarize(records, now.date_naive().max(end)))
    }

    /// Ends a client's engagement: checks the hand-over register, renders it as a PDF and
    /// stores it sealed as a client document (`handover_list`), sets the engagement's end and
    /// the status `engagement_ended` — one transaction, audited (`client.engagement_ended`).
    /// From then on the client is read-only.
    ///
    /// # Errors
    /// `forbidden` without `edit_client` on the client, or for a stored-only client;
    /// `invalid_input` (`status`/`not_active`, or from [`validate_handover`]); `not_found`;
    /// `document`.
    pub fn end_engagement(
        &mut self,
        client_id: &str,
        input: &HandoverInput,
        now: DateTime<Utc>,
    ) -> CoreResult<EngagementEnded> {
        self.session
            .require_for_client(Action::EditClient, client_id)?;
        let (old, status, version, verified_at) = self.load_record(client_id)?;
        match status {
            ClientStatus::Active => {}
            ClientStatus::StorageOnly => return Err(storage_only()),
            _ => return Err(invalid("status", "not_active")),
        }
        let today = now.date_naive();
        let valid = validate_handover(input, day(&old.engagement_start), today)?;
        let number = self.next_number("YJ", "client.engagement_ended", now)?;
        let firm = self.settings()?.firm_name;
        let doc = ledgerlock_documents::HandoverList {
            number: number.clone(),
            firm_name: firm,
            client_name: old.name.clone(),
            handed_over_on: zh_date(valid.handed_over_on),
            engagement: format!(
                "{} 至 {}",
                if old.engagement_start.is_empty() {
                    "—"
                } else {
                    &old.engagement_start
                },
                ymd(valid.engagement_end)
            ),
            handed_over_by: valid.input.handed_over_by.clone(),
            received_by: valid.input.received_by.clone(),
            supervised_by: valid.input.supervised_by.clone(),
            rows: valid
                .input
                .items
                .iter()
                .map(|i| ledgerlock_documents::HandoverRow {
                    name: i.name.clone(),
                    years: if i.first_year == i.last_year {
                        i.first_year.to_string()
                    } else {
                        format!("{}–{}", i.first_year, i.last_year)
                    },
                    quantity: format!("{}{}", i.quantity, i.unit.zh()),
                    note: i.note.clone(),
                })
                .collect(),
            remark: valid.input.remark.clone(),
        };
        let pdf = ledgerlock_documents::render_handover_list(&doc, now)?;
        let sealed = self.seal_document(
            client_id,
            &DocumentInput {
                kind: DocumentKind::HandoverList,
                class: RecordClass::PersonalInformation,
                fiscal_year: None,
                file_name: format!("会计档案移交清册-{number}.pdf"),
                note: number.clone(),
            },
            &Meta {
                file_name: format!("会计档案移交清册-{number}.pdf"),
                note: number.clone(),
                agreement: None,
            },
            &pdf,
        )?;
        let doc_id = sealed.id;
        let mut new = old.clone();
        new.engagement_end = ymd(valid.engagement_end);
        let fields = old.changed_fields(&new);
        let user = self.session.user_id;
        let items = valid.input.items.len();
        self.save_version_with(
            client_id,
            &old,
            &new,
            &fields,
            version,
            Some(ClientStatus::EngagementEnded),
            "client.engagement_ended",
            Some(serde_json::json!({
                "number": number, "document": doc_id, "items": items,
            })),
            now,
            |tx| sealed.insert(tx, user, now),
        )?;
        self.index_client(client_id, &new, ClientStatus::EngagementEnded, verified_at);
        let document = self
            .documents(client_id)?
            .into_iter()
            .find(|d| i64::from(d.id) == doc_id)
            .ok_or_else(damaged)?;
        let records = self.held_records(client_id, Some(valid.engagement_end))?;
        Ok(EngagementEnded {
            document,
            number,
            summary: summarize(records, today),
        })
    }

    /// Applies a PIPL Art. 47 deletion request to a client (administrators; called by the
    /// requests register). If a statutory accounting-archive period still runs for a record
    /// the firm holds, the client becomes stored only until the latest one ends; otherwise it
    /// is due for destruction at once. Either way its status becomes `storage_only` (nothing is
    /// processed any more), the engagement ends today if it was running, and the request is
    /// recorded as a sealed client document. Audited (`client.deletion_applied`). Applying a
    /// request to a client already stored only returns the earlier outcome unchanged.
    ///
    /// # Errors
    /// `forbidden`; `invalid_input` (`request_ref`/`required`); `not_found`.
    pub fn apply_deletion_request(
        &mut self,
        client_id: &str,
        request_ref: &str,
        now: DateTime<Utc>,
    ) -> CoreResult<DeletionOutcome> {
        self.session.require(Action::Destroy)?;
        let request_ref = request_ref.trim();
        if request_ref.is_empty() || request_ref.chars().count() > 100 {
            return Err(invalid("request_ref", "required"));
        }
        let (old, status, version, verified_at) = self.load_record(client_id)?;
        if status == ClientStatus::StorageOnly {
            if let Some((_, record)) = self.deletion_record(client_id)? {
                return Ok(record.outcome);
            }
        }
        let today = now.date_naive();
        let mut new = old.clone();
        if day(&old.engagement_end).is_none() {
            new.engagement_end = ymd(today);
        }
        let end = day(&new.engagement_end);
        let records = self.held_records(client_id, end)?;
        let outcome = deletion_outcome(&summarize(records, today));
        let record = DeletionRecord {
            request_ref: request_ref.to_owned(),
            requested_on: ymd(today),
            outcome: outcome.clone(),
        };
        let bytes = serde_json::to_vec(&record).map_err(|e| CoreError::Storage(e.to_string()))?;
        let file_name = format!("删除请求-{request_ref}.json");
        let sealed = self.seal_document(
            client_id,
            &DocumentInput {
                kind: DocumentKind::DeletionRequest,
                class: RecordClass::PersonalInformation,
                fiscal_year: None,
                file_name: file_name.clone(),
                note: String::new(),
            },
            &Meta {
                file_name,
                note: STORAGE_ONLY_BASIS.to_owned(),
                agreement: None,
            },
            &bytes,
        )?;
        let fields = old.changed_fields(&new);
        let user = self.session.user_id;
        let (kind, until) = match &outcome {
            DeletionOutcome::StorageOnly { until } => ("storage_only", until.clone()),
            DeletionOutcome::ReadyForDestruction => ("ready_for_destruction", None),
        };
        self.save_version_with(
            client_id,
            &old,
            &new,
            &fields,
            version,
            Some(ClientStatus::StorageOnly),
            "client.deletion_applied",
            Some(serde_json::json!({
                "request": request_ref, "outcome": kind, "until": until,
            })),
            now,
            |tx| sealed.insert(tx, user, now),
        )?;
        self.clients.legal_purpose.remove(client_id);
        self.index_client(client_id, &new, ClientStatus::StorageOnly, verified_at);
        Ok(outcome)
    }

    /// The latest deletion record of a client (id of its document and content).
    fn deletion_record(&mut self, client_id: &str) -> CoreResult<Option<(i64, DeletionRecord)>> {
        let found: Option<(i64, Vec<u8>)> = self
            .conn
            .query_row(
                "SELECT id, content FROM documents WHERE client_id = ?1 AND kind = ?2
                 ORDER BY id DESC LIMIT 1",
                rusqlite::params![client_id, DocumentKind::DeletionRequest.as_str()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(sql("documents"))?;
        let Some((id, content)) = found else {
            return Ok(None);
        };
        let name = super::documents::row(id);
        let bytes = self.open_client_bytes(
            client_id,
            &Place {
                table: "documents",
                column: "content",
                row: &name,
                key_version: 1,
            },
            &content,
        )?;
        let record = serde_json::from_slice(&bytes).map_err(|_| damaged())?;
        Ok(Some((id, record)))
    }

    /// When a stored-only client's data falls due: the day after its latest statutory expiry
    /// (at once when none ran when the request was applied). `None` for other clients.
    pub(crate) fn storage_only_expiry(&mut self, client_id: &str) -> CoreResult<Option<Expiry>> {
        if self.client_status(client_id)? != Some(ClientStatus::StorageOnly) {
            return Ok(None);
        }
        let Some((_, record)) = self.deletion_record(client_id)? else {
            return Ok(Some(Expiry::Never));
        };
        Ok(Some(match record.outcome {
            DeletionOutcome::StorageOnly { until: Some(until) } => {
                day(&until).map_or(Expiry::Never, Expiry::On)
            }
            DeletionOutcome::StorageOnly { until: None } => Expiry::Never,
            DeletionOutcome::ReadyForDestruction => day(&record.requested_on)
                .and_then(|d| d.checked_sub_days(Days::new(1)))
                .map_or(Expiry::Never, Expiry::On),
        }))
    }

    /// Opens a stored-only client for a stated legal purpose (administrators only): returns
    /// its detail and lets this session view it (not edit it) until the vault is locked.
    /// Audited with the purpose (`client.storage_only_opened`).
    ///
    /// # Errors
    /// `forbidden` for other roles; `invalid_input` (`purpose`/`required`, `status`/
    /// `not_storage_only`); `not_found`.
    pub fn open_storage_only_client(
        &mut self,
        client_id: &str,
        purpose: &str,
        now: DateTime<Utc>,
    ) -> CoreResult<super::store::ClientDetail> {
        if self.session.role != Role::Administrator {
            return Err(storage_only());
        }
        let purpose = purpose.trim();
        if purpose.chars().count() < 4 || purpose.chars().count() > 500 {
            return Err(invalid("purpose", "required"));
        }
        self.load_record(client_id)?;
        if self.client_status(client_id)? != Some(ClientStatus::StorageOnly) {
            return Err(invalid("status", "not_storage_only"));
        }
        audit::append(
            &self.conn,
            &self.keys.audit(),
            &NewEntry {
                actor: Some(self.session.user_id),
                action: "client.storage_only_opened",
                target: Some(format!("client:{client_id}")),
                details: Some(serde_json::json!({ "purpose": purpose })),
            },
            now,
        )?;
        self.clients.legal_purpose.insert(client_id.to_owned());
        self.client_detail(client_id)
    }

    /// A client's lifecycle state (status, end, hand-over register, storage-only state);
    /// readable by anyone who may see the client, even when it is stored only.
    ///
    /// # Errors
    /// `forbidden` without `view_client`; `not_found`.
    pub fn client_lifecycle(&mut self, client_id: &str) -> CoreResult<ClientLifecycle> {
        self.session
            .require_for_client(Action::ViewClient, client_id)?;
        let (record, status, ..) = self.load_record(client_id)?;
        let handover_document: Option<i64> = self
            .conn
            .query_row(
                "SELECT MAX(id) FROM documents WHERE client_id = ?1 AND kind = ?2",
                rusqlite::params![client_id, DocumentKind::HandoverList.as_str()],
                |r| r.get(0),
            )
            .map_err(sql("documents"))?;
        let storage_only = if status == ClientStatus::StorageOnly {
            self.deletion_record(client_id)?
                .map(|(_, r)| StorageOnlyView {
                    request_ref: r.request_ref,
                    requested_on: r.requested_on,
                    outcome: r.outcome,
                    legal_basis: STORAGE_ONLY_BASIS.to_owned(),
                    opened_for_legal_purpose: self.clients.legal_purpose.contains(client_id),
                })
        } else {
            None
        };
        Ok(ClientLifecycle {
            client_id: client_id.to_owned(),
            name: record.name,
            status,
            engagement_end: record.engagement_end,
            handover_document: handover_document.and_then(|id| u32::try_from(id).ok()),
            storage_only,
        })
    }

    /// Issues a retention certificate (会计档案保管证明) for a client from the accounting
    /// archives the firm holds (class, fiscal years, period, expiry), numbered `BG-YYYY-NNNN`;
    /// the exact PDF is stored sealed as a client document (`retention_certificate`), so
    /// re-printing it (`open_document`) gives identical bytes. Audited
    /// (`retention_certificate.issued`).
    ///
    /// # Errors
    /// `forbidden` without `export_client_data` on the client, or for a stored-only client;
    /// `invalid_input` (`records`/`none` when no accounting archive is held); `not_found`.
    pub fn issue_retention_certificate(
        &mut self,
        client_id: &str,
        now: DateTime<Utc>,
    ) -> CoreResult<DocumentView> {
        self.require_client_status(Action::ExportClientData, client_id)?;
        let (record, ..) = self.load_record(client_id)?;
        let end = day(&record.engagement_end);
        let held = self.held_records(client_id, end)?;
        let rows = certificate_rows(&held);
        if rows.is_empty() {
            return Err(invalid("records", "none"));
        }
        let number = self.next_number("BG", "retention_certificate.issued", now)?;
        let custodian = self
            .user_display_name(self.session.user_id)?
            .unwrap_or_default();
        let cert = ledgerlock_documents::RetentionCertificate {
            number: number.clone(),
            firm_name: self.settings()?.firm_name,
            client_name: record.name,
            issued_on: zh_date(now.date_naive()),
            custodian,
            vault_id: self.vault_id().to_owned(),
            rows,
        };
        let pdf = ledgerlock_documents::render_retention_certificate(&cert, now)?;
        let file_name = format!("会计档案保管证明-{number}.pdf");
        let sealed = self.seal_document(
            client_id,
            &DocumentInput {
                kind: DocumentKind::RetentionCertificate,
                class: RecordClass::PersonalInformation,
                fiscal_year: None,
                file_name: file_name.clone(),
                note: number.clone(),
            },
            &Meta {
                file_name,
                note: number.clone(),
                agreement: None,
            },
            &pdf,
        )?;
        let id = sealed.id;
        let tx = self.conn.transaction().map_err(sql("file"))?;
        sealed.insert(&tx, self.session.user_id, now)?;
        audit::append(
            &tx,
            &self.keys.audit(),
            &NewEntry {
                actor: Some(self.session.user_id),
                action: "retention_certificate.issued",
                target: Some(format!("client:{client_id}")),
                details: Some(serde_json::json!({ "number": number, "document": id })),
            },
            now,
        )?;
        tx.commit().map_err(sql("file"))?;
        self.documents(client_id)?
            .into_iter()
            .find(|d| i64::from(d.id) == id)
            .ok_or_else(damaged)
    }

    /// The next number `PREFIX-YYYY-NNNN`, counted from the audit log (kept for good, so a
    /// number is never given twice even after the client it went to was destroyed).
    fn next_number(&self, prefix: &str, action: &str, now: DateTime<Utc>) -> CoreResult<String> {
        let year = now.format("%Y").to_string();
        let seq: i64 = self
            .conn
            .query_row(
                "SELECT COUNT(*) + 1 FROM audit_log WHERE action = ?1 AND at LIKE ?2",
                rusqlite::params![action, format!("{year}%")],
                |r| r.get(0),
            )
            .map_err(sql("audit_log"))?;
        Ok(format!("{prefix}-{year}-{seq:04}"))
    }
}

fn damaged() -> CoreError {
    CoreError::VaultDamaged {
        part: "documents".to_owned(),
    }
}

fn held(
    schedule: &RetentionSchedule,
    source: HeldSource,
    name: String,
    class: RecordClass,
    fiscal_year: Option<i32>,
    engagement_end: Option<NaiveDate>,
) -> HeldRecord {
    let expiry = schedule
        .expiry(class, anchor(class, fiscal_year, engagement_end))
        .unwrap_or(Expiry::NotStarted);
    HeldRecord {
        source,
        name,
        class,
        fiscal_year,
        period: schedule.period(class),
        expiry,
    }
}

fn period_zh(p: Period) -> String {
    match p {
        Period::Years(y) => format!("{y}年"),
        Period::Permanent => "永久".to_owned(),
    }
}

/// One certificate row per accounting-archive class held: the years, the period and the
/// expiry of the latest year.
fn certificate_rows(held: &[HeldRecord]) -> Vec<ledgerlock_documents::RetentionRow> {
    let mut classes: Vec<RecordClass> = held
        .iter()
        .filter(|h| h.class.is_accounting_archive())
        .map(|h| h.class)
        .collect();
    classes.sort();
    classes.dedup();
    classes
        .into_iter()
        .map(|class| {
            let of: Vec<&HeldRecord> = held.iter().filter(|h| h.class == class).collect();
            let years: Vec<i32> = of.iter().filter_map(|h| h.fiscal_year).collect();
            let years = match (years.iter().min(), years.iter().max()) {
                (Some(a), Some(b)) if a == b => a.to_string(),
                (Some(a), Some(b)) => format!("{a}–{b}"),
                _ => "—".to_owned(),
            };
            let expiry = of.iter().map(|h| h.expiry).fold(None, |acc, e| {
                Some(match (acc, e) {
                    (Some(Expiry::Never), _) | (_, Expiry::Never) => Expiry::Never,
                    (Some(Expiry::On(a)), Expiry::On(b)) => Expiry::On(a.max(b)),
                    (Some(Expiry::NotStarted), _) | (_, Expiry::NotStarted) => Expiry::NotStarted,
                    (None, e) => e,
                })
            });
            ledgerlock_documents::RetentionRow {
                class: class.name_zh().to_owned(),
                years,
                period: of.first().map(|h| period_zh(h.period)).unwrap_or_default(),
                expiry: match expiry {
                    Some(Expiry::On(d)) => ymd(d),
                    Some(Expiry::Never) => "永久保存".to_owned(),
                    _ => "未起算".to_owned(),
                },
                storage: "加密保险库".to_owned(),
            }
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::clients::access::AccessFormat;
    use crate::clients::record::{ClientInput, ClientKind};
    use crate::clients::sharing::{SharingChannel, SharingInput};
    use crate::clients::{Category, Field};
    use crate::vault::{MemoryKeyStore, NewUser, Setup, VaultFiles};

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 9, 0, 0).single().unwrap()
    }

    fn item(name: &str, first: i32, last: i32) -> HandoverItem {
        HandoverItem {
            name: name.to_owned(),
            first_year: first,
            last_year: last,
            quantity: 12,
            unit: QuantityUnit::Volumes,
            note: String::new(),
        }
    }

    fn handover(end: &str) -> HandoverInput {
        HandoverInput {
            engagement_end: end.to_owned(),
            handed_over_on: end.to_owned(),
            handed_over_by: " 李青 ".to_owned(),
            received_by: "陈晓".to_owned(),
            supervised_by: String::new(),
            items: vec![item("记账凭证", 2019, 2025), item("总账", 2019, 2025)],
            remark: String::new(),
        }
    }

    fn reason(r: CoreResult<impl std::fmt::Debug>) -> (String, String) {
        match r {
            Err(CoreError::InvalidInput { field, reason }) => (field, reason),
            other => panic!("expected invalid_input, got {other:?}"),
        }
    }

    #[test]
    fn a_handover_list_is_checked_line_by_line() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let start = NaiveDate::from_ymd_opt(2019, 1, 1);
        let ok = validate_handover(&handover("2026-06-30"), start, today).unwrap();
        assert_eq!(ok.input.handed_over_by, "李青");
        assert_eq!(ok.engagement_end.to_string(), "2026-06-30");

        let mut h = handover("2026-06-30");
        h.items.clear();
        assert_eq!(
            reason(validate_handover(&h, start, today)).1,
            "empty".to_owned()
        );
        let mut h = handover("2026-06-30");
        h.items[1].name = "  ".to_owned();
        assert_eq!(
            reason(validate_handover(&h, start, today)).0,
            "handover.items.1.name"
        );
        let mut h = handover("2026-06-30");
        h.items[0] = item("凭证", 2025, 2019);
        assert_eq!(
            reason(validate_handover(&h, start, today)),
            ("handover.items.0.years".to_owned(), "order".to_owned())
        );
        let mut h = handover("2026-06-30");
        h.items[0].quantity = 0;
        assert_eq!(
            reason(validate_handover(&h, start, today)).0,
            "handover.items.0.quantity"
        );
        let mut h = handover("2026-06-30");
        h.received_by = " ".to_owned();
        assert_eq!(
            reason(validate_handover(&h, start, today)),
            ("handover.received_by".to_owned(), "required".to_owned())
        );
        assert_eq!(
            reason(validate_handover(&handover("2027-01-01"), start, today)).1,
            "future"
        );
        assert_eq!(
            reason(validate_handover(&handover("2018-12-31"), start, today)).1,
            "before_start"
        );
        assert_eq!(
            reason(validate_handover(&handover("30.06.2026"), start, today)).1,
            "format"
        );
        let mut h = handover("2026-06-30");
        h.items = (0..=MAX_HANDOVER_ITEMS)
            .map(|_| item("凭证", 2020, 2020))
            .collect();
        assert_eq!(reason(validate_handover(&h, start, today)).1, "too_many");
    }

    fn record(class: RecordClass, expiry: Expiry) -> HeldRecord {
        HeldRecord {
            source: HeldSource::ClientRecord,
            name: String::new(),
            class,
            fiscal_year: None,
            period: class.statutory_minimum(),
            expiry,
        }
    }

    #[test]
    fn the_outcome_follows_the_latest_running_archive_period() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        let pi = record(RecordClass::PersonalInformation, Expiry::On(d(2026, 6, 30)));
        let s = summarize(vec![pi.clone()], today);
        assert_eq!(s.destroy_now.len(), 1);
        assert_eq!(deletion_outcome(&s), DeletionOutcome::ReadyForDestruction);

        let s = summarize(
            vec![
                pi.clone(),
                record(RecordClass::Vouchers, Expiry::On(d(2054, 12, 31))),
                record(RecordClass::BankStatements, Expiry::On(d(2035, 12, 31))),
                record(RecordClass::TaxReturns, Expiry::On(d(2015, 12, 31))),
            ],
            today,
        );
        assert_eq!(s.keep.len(), 2);
        assert_eq!(s.destroy_now.len(), 2);
        assert_eq!(
            deletion_outcome(&s),
            DeletionOutcome::StorageOnly {
                until: Some("2054-12-31".to_owned())
            }
        );

        let s = summarize(
            vec![pi, record(RecordClass::AnnualReports, Expiry::Never)],
            today,
        );
        assert!(s.permanent);
        assert_eq!(
            deletion_outcome(&s),
            DeletionOutcome::StorageOnly { until: None }
        );
    }

    struct Fixture {
        _dir: tempfile::TempDir,
        files: VaultFiles,
        keys: MemoryKeyStore,
    }

    fn fixture() -> (Fixture, Vault) {
        let dir = tempfile::tempdir().unwrap();
        let files = VaultFiles::in_dir(dir.path());
        let keys = MemoryKeyStore::new();
        let created = Vault::create(
            &files,
            &keys,
            &Setup {
                firm_name: "杭州明账财务咨询有限公司".to_owned(),
                admin: NewUser {
                    username: "admin".to_owned(),
                    display_name: "王会计".to_owned(),
                    password: "correct horse 9".to_owned(),
                },
            },
            Utc::now(),
        )
        .unwrap();
        (
            Fixture {
                _dir: dir,
                files,
                keys,
            },
            created.vault,
        )
    }

    fn client(v: &mut Vault, end: &str) -> String {
        v.create_client(
            &ClientInput {
                kind: ClientKind::Company,
                name: "杭州华瑞科技有限公司".to_owned(),
                credit_code: "91350100M000100Y43".to_owned(),
                id_number: String::new(),
                legal_representative: "李华".to_owned(),
                registered_address: "浙江省杭州市西湖区文三路 90 号".to_owned(),
                industry: String::new(),
                taxpayer_status: None,
                engagement_start: "2019-01-01".to_owned(),
                engagement_end: end.to_owned(),
                tags: vec![],
                contacts: vec![],
                bank_accounts: vec![],
                credit: None,
            },
            at(2026, 1, 5),
        )
        .unwrap()
    }

    fn voucher(v: &mut Vault, id: &str, year: i32) -> u32 {
        v.add_document(
            id,
            &DocumentInput {
                kind: DocumentKind::Scan,
                class: RecordClass::Vouchers,
                fiscal_year: Some(year),
                file_name: "凭证.pdf".to_owned(),
                note: String::new(),
            },
            b"%PDF-1.7 scan",
            at(2026, 1, 6),
        )
        .unwrap()
        .id
    }

    #[allow(clippy::needless_pass_by_value)]
    fn is_storage_only<T: std::fmt::Debug>(r: CoreResult<T>) -> bool {
        matches!(r, Err(CoreError::Forbidden { ref action }) if action == "process_storage_only_client")
    }

    #[test]
    fn a_stored_only_client_is_refused_everywhere_but_for_a_legal_purpose() {
        let (fx, mut v) = fixture();
        let id = client(&mut v, "");
        let doc = voucher(&mut v, &id, 2024);
        let now = at(2026, 11, 27);
        let outcome = v.apply_deletion_request(&id, "DR-2026-0001", now).unwrap();
        assert_eq!(
            outcome,
            DeletionOutcome::StorageOnly {
                until: Some("2054-12-31".to_owned())
            }
        );
        // Applying it again changes nothing.
        assert_eq!(
            v.apply_deletion_request(&id, "DR-2026-0001", now).unwrap(),
            outcome
        );

        assert!(is_storage_only(v.client_detail(&id)));
        assert!(is_storage_only(v.reveal_field(
            &id,
            Field::RegisteredAddress,
            0,
            "核对",
            now
        )));
        assert!(is_storage_only(v.documents(&id)));
        assert!(is_storage_only(v.open_document(doc, now)));
        assert!(is_storage_only(v.share_client(
            &id,
            &SharingInput {
                recipient_name: "某银行".to_owned(),
                recipient_contact: String::new(),
                purpose: "贷款".to_owned(),
                categories: vec![Category::Basic],
                channel: SharingChannel::Email,
            },
            now
        )));
        assert!(is_storage_only(v.subject_access_export(
            &id,
            AccessFormat::Json,
            now
        )));
        assert!(is_storage_only(v.reconciliations(&id)));
        assert!(is_storage_only(v.consents(&id)));
        assert!(is_storage_only(v.agreements(&id, now)));
        assert!(is_storage_only(v.client_history(&id)));
        assert!(is_storage_only(v.set_credit_assessment(&id, None, now)));
        assert!(is_storage_only(v.issue_retention_certificate(&id, now)));
        assert!(is_storage_only(v.engagement_end_summary(
            &id,
            "2026-11-27",
            now
        )));
        assert!(is_storage_only(v.end_engagement(
            &id,
            &handover("2026-11-27"),
            now
        )));
        // The lifecycle view and the holds stay readable: they show why.
        let life = v.client_lifecycle(&id).unwrap();
        assert_eq!(life.status, ClientStatus::StorageOnly);
        let so = life.storage_only.unwrap();
        assert_eq!(so.request_ref, "DR-2026-0001");
        assert!(!so.opened_for_legal_purpose);
        assert!(v.holds(&id).is_ok());

        // A purpose is required; then an administrator may view (not edit) it.
        assert!(matches!(
            v.open_storage_only_client(&id, " ", now),
            Err(CoreError::InvalidInput { .. })
        ));
        let detail = v
            .open_storage_only_client(&id, "税务机关协查（税务稽查通知书）", now)
            .unwrap();
        assert_eq!(detail.status, ClientStatus::StorageOnly);
        assert!(v.client_detail(&id).is_ok());
        assert!(v.documents(&id).is_ok());
        assert!(v.open_document(doc, now).is_ok());
        assert!(is_storage_only(v.set_credit_assessment(&id, None, now)));
        assert!(
            v.client_lifecycle(&id)
                .unwrap()
                .storage_only
                .unwrap()
                .opened_for_legal_purpose
        );
        let opened = v
            .audit_entries(&crate::vault::AuditFilter {
                action_prefix: Some("client.storage".to_owned()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(opened.len(), 1);

        // Not due before the period ends; due after it.
        let due = v.due_for_destruction(now).unwrap();
        assert!(!due
            .iter()
            .any(|d| d.client_id == id && d.disposition.may_destroy()));
        let later = v.due_for_destruction(at(2055, 1, 2)).unwrap();
        assert!(later
            .iter()
            .any(|d| d.client_id == id && d.disposition.may_destroy()));

        // The grant ends with the session; other roles never get one.
        v.lock("test", now).unwrap();
        let mut v = Vault::unlock(&fx.files, &fx.keys, "admin", "correct horse 9", now).unwrap();
        assert!(is_storage_only(v.client_detail(&id)));
        v.create_user(
            &NewUser {
                username: "kuaiji".to_owned(),
                display_name: "会计".to_owned(),
                password: "another pass 42".to_owned(),
            },
            Role::Accountant,
            now,
        )
        .unwrap();
        v.lock("test", now).unwrap();
        let mut acc = Vault::unlock(&fx.files, &fx.keys, "kuaiji", "another pass 42", now).unwrap();
        assert!(is_storage_only(acc.open_storage_only_client(
            &id,
            "税务机关协查",
            now
        )));
        assert!(matches!(
            acc.apply_deletion_request(&id, "DR-2", now),
            Err(CoreError::Forbidden { .. })
        ));
    }

    #[test]
    fn without_a_running_period_the_client_is_due_at_once() {
        let (_fx, mut v) = fixture();
        let id = client(&mut v, "");
        let now = at(2026, 11, 27);
        assert_eq!(
            v.apply_deletion_request(&id, "DR-2026-0002", now).unwrap(),
            DeletionOutcome::ReadyForDestruction
        );
        let due = v.due_for_destruction(now).unwrap();
        let entry = due.iter().find(|d| d.client_id == id).unwrap();
        assert!(entry.disposition.may_destroy(), "{entry:?}");
        assert_eq!(entry.engagement_end, "2026-11-27");
        let list = v
            .draft_destruction_list(std::slice::from_ref(&id), "依申请删除", now)
            .unwrap();
        assert_eq!(list.list.items.len(), 1);
        // An expired period counts as not running.
        let (_fx2, mut w) = fixture();
        let old = client(&mut w, "");
        voucher(&mut w, &old, 1990);
        assert_eq!(
            w.apply_deletion_request(&old, "DR-3", now).unwrap(),
            DeletionOutcome::ReadyForDestruction
        );
    }

    #[test]
    fn an_ended_engagement_is_read_only_and_keeps_its_handover_list() {
        let (_fx, mut v) = fixture();
        let id = client(&mut v, "");
        voucher(&mut v, &id, 2024);
        let now = at(2026, 11, 27);
        let summary = v.engagement_end_summary(&id, "2026-06-30", now).unwrap();
        assert_eq!(summary.keep_until.as_deref(), Some("2054-12-31"));
        assert_eq!(
            summary.destroy_now.len(),
            1,
            "personal information: no minimum"
        );

        let ended = v.end_engagement(&id, &handover("2026-06-30"), now).unwrap();
        assert_eq!(ended.number, "YJ-2026-0001");
        assert_eq!(ended.document.kind, DocumentKind::HandoverList);
        assert_eq!(ended.summary.keep.len(), 1);
        let pdf = v.open_document(ended.document.id, now).unwrap();
        assert!(pdf.bytes.starts_with(b"%PDF"));
        let life = v.client_lifecycle(&id).unwrap();
        assert_eq!(life.status, ClientStatus::EngagementEnded);
        assert_eq!(life.engagement_end, "2026-06-30");
        assert_eq!(life.handover_document, Some(ended.document.id));

        // Read-only: edits refused, reading allowed.
        let detail = v.client_detail(&id).unwrap();
        assert_eq!(detail.status, ClientStatus::EngagementEnded);
        let refused = |r: CoreResult<()>| matches!(r, Err(CoreError::Forbidden { ref action }) if action == "edit_inactive_client");
        assert!(refused(v.set_credit_assessment(&id, None, now)));
        assert!(refused(
            v.add_document(
                &id,
                &DocumentInput {
                    kind: DocumentKind::Scan,
                    class: RecordClass::Vouchers,
                    fiscal_year: Some(2025),
                    file_name: "x.pdf".to_owned(),
                    note: String::new(),
                },
                b"%PDF",
                now,
            )
            .map(|_| ())
        ));
        assert!(refused(v.verify_client(&id, "phone", now)));
        assert!(matches!(
            v.end_engagement(&id, &handover("2026-06-30"), now),
            Err(CoreError::InvalidInput { ref reason, .. }) if reason == "not_active"
        ));
        // It has left the daily list (status filter) and is due after the PI period.
        let active = v
            .search_clients(
                "",
                &crate::clients::store::ClientFilter {
                    status: Some(ClientStatus::Active),
                    ..Default::default()
                },
                100,
            )
            .unwrap();
        assert!(active.iter().all(|c| c.id != id));
        let due = v.due_for_destruction(now).unwrap();
        assert!(due
            .iter()
            .any(|d| d.client_id == id && d.disposition.may_destroy()));

        // The retention certificate: numbered, stored, identical on re-print.
        let cert = v.issue_retention_certificate(&id, now).unwrap();
        assert_eq!(cert.kind, DocumentKind::RetentionCertificate);
        assert_eq!(cert.note, "BG-2026-0001");
        let a = v.open_document(cert.id, now).unwrap().bytes;
        let b = v.open_document(cert.id, at(2027, 1, 1)).unwrap().bytes;
        assert_eq!(a, b);
        assert!(a.starts_with(b"%PDF"));
        let second = v.issue_retention_certificate(&id, now).unwrap();
        assert_eq!(second.note, "BG-2026-0002");
    }

    #[test]
    fn a_certificate_needs_an_archive_to_certify() {
        let (_fx, mut v) = fixture();
        let id = client(&mut v, "");
        assert_eq!(
            reason(v.issue_retention_certificate(&id, at(2026, 11, 27))),
            ("records".to_owned(), "none".to_owned())
        );
    }
}
