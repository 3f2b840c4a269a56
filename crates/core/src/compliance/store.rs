//! The registers on the vault: create, change and move entries through their workflow, list
//! them with filters. Content is sealed with the vault key (bound to the row); every write is
//! audited in the same transaction, naming the entry and the fields changed, never values.
//! An incident that involves clients places a legal hold on each (reason `incident`) while it
//! is open; closing it lifts those holds, reopening places them again.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::register::{
    is_overdue, may_become, validate, EntryBody, EntryStatus, RegisterKind, RiskLevel,
};
use crate::error::{CoreError, CoreResult};
use crate::vault::audit::{self, NewEntry};
use crate::vault::db::sql;
use crate::vault::Place;
use crate::vault::{Action, Vault};

/// A client named by an entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ClientRef {
    /// Id.
    pub id: String,
    /// Name, or empty when the client is gone or not visible to this user.
    pub name: String,
}

/// One step of an entry's workflow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct StatusChange {
    /// When (RFC 3339).
    pub at: String,
    /// Who (display name).
    pub by: String,
    /// From.
    pub from: EntryStatus,
    /// To.
    pub to: EntryStatus,
    /// The note given.
    pub note: String,
}

/// A register entry as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct RegisterEntryView {
    /// Id.
    pub id: u32,
    /// Register.
    pub kind: RegisterKind,
    /// Number (`INC-2026-0001`).
    pub number: String,
    /// Status.
    pub status: EntryStatus,
    /// Opened (received, discovered, identified, held, assessed).
    pub opened_on: String,
    /// Answer deadline or next review.
    pub due_on: Option<String>,
    /// Closed.
    pub closed_on: Option<String>,
    /// Past its answer deadline and not answered in time (today).
    pub overdue: bool,
    /// Risk level (risks).
    pub level: Option<RiskLevel>,
    /// One line for lists.
    pub title: String,
    /// Clients concerned.
    pub clients: Vec<ClientRef>,
    /// Who recorded it.
    pub created_by: String,
    /// When (RFC 3339).
    pub created_at: String,
    /// Last change (RFC 3339).
    pub updated_at: String,
    /// Revision, for optimistic concurrency.
    pub revision: u32,
    /// Kept at least until (impact assessments).
    pub keep_until: Option<String>,
    /// Legal holds this entry placed that are still in force.
    pub holds: Vec<u32>,
    /// Workflow history.
    pub history: Vec<StatusChange>,
    /// Content.
    pub body: EntryBody,
}

/// Filters of a register list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct RegisterFilter {
    /// Only this register.
    pub kind: Option<RegisterKind>,
    /// Only this status.
    pub status: Option<EntryStatus>,
    /// Only entries past their deadline.
    pub overdue_only: bool,
    /// Only entries not closed.
    pub open_only: bool,
    /// Only entries concerning this client.
    pub client_id: Option<String>,
    /// Text searched in the number and the title.
    pub text: String,
    /// Opened on or after (YYYY-MM-DD).
    pub from: Option<String>,
    /// Opened on or before (YYYY-MM-DD).
    pub to: Option<String>,
}

#[derive(Clone, Serialize, Deserialize)]
struct StoredChange {
    at: String,
    by: i64,
    from: EntryStatus,
    to: EntryStatus,
    note: String,
}

#[derive(Clone, Serialize, Deserialize)]
struct Stored {
    body: EntryBody,
    history: Vec<StoredChange>,
    /// Legal holds placed by this entry (incidents).
    holds: Vec<u32>,
}

/// An entry's row, opened.
pub(crate) struct EntryRow {
    pub id: i64,
    pub kind: RegisterKind,
    pub number: String,
    pub status: EntryStatus,
    pub opened_on: NaiveDate,
    pub due_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub created_at: String,
    pub created_by: i64,
    pub updated_at: String,
    pub revision: u32,
    stored: Stored,
}

impl EntryRow {
    /// Content.
    pub fn body(&self) -> &EntryBody {
        &self.stored.body
    }
}

fn place(row: &str) -> Place<'_> {
    Place {
        table: "register_entries",
        column: "data",
        row,
        key_version: 1,
    }
}

fn damaged() -> CoreError {
    CoreError::VaultDamaged {
        part: "register_entries".to_owned(),
    }
}

fn day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn invalid(field: &str, reason: &str) -> CoreError {
    CoreError::InvalidInput {
        field: format!("register.{field}"),
        reason: reason.to_owned(),
    }
}

fn stale(id: i64) -> CoreError {
    CoreError::InvalidInput {
        field: format!("register:{id}"),
        reason: "stale".to_owned(),
    }
}

type RawRow = (
    i64,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    i64,
    String,
    u32,
    Vec<u8>,
);

fn read_raw(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
        r.get(10)?,
        r.get(11)?,
    ))
}

const SELECT: &str = "SELECT id, kind, number, status, opened_on, due_on, closed_on, created_at,
        created_by, updated_at, revision, data FROM register_entries";

impl Vault {
    fn require_register_kind(&self, kind: RegisterKind) -> CoreResult<()> {
        match kind {
            RegisterKind::Request | RegisterKind::Incident | RegisterKind::Dispute => {
                self.session.require(Action::RecordCompliance)
            }
            RegisterKind::Risk | RegisterKind::Training | RegisterKind::Assessment => {
                self.session.require(Action::ManageCompliance)
            }
        }
    }

    fn seal_entry(&self, id: i64, stored: &Stored) -> CoreResult<Vec<u8>> {
        let plain = zeroize::Zeroizing::new(
            serde_json::to_vec(stored).map_err(|e| CoreError::Storage(e.to_string()))?,
        );
        let row = format!("register:{id}");
        self.keys
            .sealer()
            .seal(&place(&row), &plain)
            .map_err(|e| CoreError::Storage(e.to_string()))
    }

    fn open_row(&self, raw: RawRow) -> CoreResult<EntryRow> {
        let (id, kind, number, status, opened, due, closed, created_at, by, updated_at, rev, data) =
            raw;
        let row = format!("register:{id}");
        let plain = self
            .keys
            .sealer()
            .open(&place(&row), &data)
            .map_err(|_| damaged())?;
        let stored: Stored = serde_json::from_slice(&plain).map_err(|_| damaged())?;
        let kind = RegisterKind::parse(&kind).ok_or_else(damaged)?;
        if stored.body.kind() != kind {
            return Err(damaged());
        }
        Ok(EntryRow {
            id,
            kind,
            number,
            status: EntryStatus::parse(&status).ok_or_else(damaged)?,
            opened_on: day(&opened).ok_or_else(damaged)?,
            due_on: due
                .as_deref()
                .map(|d| day(d).ok_or_else(damaged))
                .transpose()?,
            closed_on: closed
                .as_deref()
                .map(|d| day(d).ok_or_else(damaged))
                .transpose()?,
            created_at,
            created_by: by,
            updated_at,
            revision: rev,
            stored,
        })
    }

    /// Every entry of `kind` (or all), opened, oldest first. No role check: callers check.
    pub(crate) fn register_rows(&self, kind: Option<RegisterKind>) -> CoreResult<Vec<EntryRow>> {
        let raws: Vec<RawRow> = {
            let mut stmt = self
                .conn
                .prepare(&format!(
                    "{SELECT} WHERE ?1 IS NULL OR kind = ?1 ORDER BY opened_on, id"
                ))
                .map_err(sql("register_entries"))?;
            let rows = stmt
                .query_map([kind.map(RegisterKind::as_str)], read_raw)
                .map_err(sql("register_entries"))?;
            rows.collect::<Result<_, _>>()
                .map_err(sql("register_entries"))?
        };
        raws.into_iter().map(|raw| self.open_row(raw)).collect()
    }

    fn register_row(&self, id: u32) -> CoreResult<EntryRow> {
        let raw: Option<RawRow> = self
            .conn
            .query_row(&format!("{SELECT} WHERE id = ?1"), [id], read_raw)
            .optional()
            .map_err(sql("register_entries"))?;
        self.open_row(raw.ok_or_else(|| CoreError::NotFound {
            what: format!("register:{id}"),
        })?)
    }

    /// Checks the clients an entry names exist and the user may see them; the training's
    /// staff member exists.
    fn check_references(&self, body: &EntryBody, previous: &[String]) -> CoreResult<()> {
        // Clients already named keep their place even if they were destroyed since.
        for id in body
            .client_ids()
            .into_iter()
            .filter(|c| !previous.contains(c))
        {
            let known: bool = self
                .conn
                .query_row(
                    "SELECT EXISTS (SELECT 1 FROM clients WHERE id = ?1 AND status != 'destroyed')",
                    [&id],
                    |r| r.get(0),
                )
                .map_err(sql("clients"))?;
            if !known {
                return Err(invalid("client_id", "unknown"));
            }
            self.session.require_for_client(Action::ViewClient, &id)?;
        }
        if let EntryBody::Training(t) = body {
            if self.user_display_name(i64::from(t.user_id))?.is_none() {
                return Err(invalid("user_id", "unknown"));
            }
        }
        Ok(())
    }

    fn next_id(&self, table: &'static str) -> CoreResult<i64> {
        self.conn
            .query_row(
                &format!("SELECT COALESCE(MAX(id), 0) + 1 FROM {table}"),
                [],
                |r| r.get(0),
            )
            .map_err(sql(table))
    }

    /// Seals legal-hold notes for `clients` (ids from `first`), to be inserted by
    /// [`insert_holds`] inside the caller's transaction.
    fn prepare_holds(
        &mut self,
        clients: &[String],
        first: i64,
        number: &str,
    ) -> CoreResult<Vec<(i64, String, Vec<u8>)>> {
        let mut out = Vec::new();
        let mut next = first;
        for client in clients {
            // A destroyed client has no key and needs no hold any more.
            let exists: bool = self
                .conn
                .query_row(
                    "SELECT EXISTS (SELECT 1 FROM client_keys WHERE client_id = ?1)",
                    [client],
                    |r| r.get(0),
                )
                .map_err(sql("client_keys"))?;
            if !exists {
                continue;
            }
            let id = next;
            next += 1;
            let sealed = self.seal_client_json(
                client,
                "legal_holds",
                &format!("hold:{id}"),
                &serde_json::json!({ "note": format!("安全事件 {number}") }),
            )?;
            out.push((id, client.clone(), sealed));
        }
        Ok(out)
    }

    /// Records a new entry (requests, incidents and disputes: administrators and accountants;
    /// risks, training and assessments: administrators).
    ///
    /// # Errors
    /// `forbidden`; `invalid_input` on `register.<field>` (see
    /// [`super::register::validate`]) or `register.client_id` / `register.user_id` `unknown`.
    pub fn create_register_entry(
        &mut self,
        mut body: EntryBody,
        now: DateTime<Utc>,
    ) -> CoreResult<RegisterEntryView> {
        let kind = body.kind();
        self.require_register_kind(kind)?;
        let today = now.date_naive();
        let dates = validate(&mut body, today)?;
        self.check_references(&body, &[])?;
        let id = self.next_id("register_entries")?;
        let year = dates.opened_on.format("%Y");
        let seq: i64 = self
            .conn
            .query_row(
                "SELECT COUNT(*) + 1 FROM register_entries WHERE kind = ?1 AND number LIKE ?2",
                params![kind.as_str(), format!("{}-{year}-%", kind.prefix())],
                |r| r.get(0),
            )
            .map_err(sql("register_entries"))?;
        let number = format!("{}-{year}-{seq:04}", kind.prefix());
        let status = body.initial_status();
        let clients = body.client_ids();
        let holds = if kind == RegisterKind::Incident {
            let first = self.next_id("legal_holds")?;
            self.prepare_holds(&clients, first, &number)?
        } else {
            Vec::new()
        };
        let stored = Stored {
            body,
            history: Vec::new(),
            holds: holds
                .iter()
                .map(|h| u32::try_from(h.0).unwrap_or(u32::MAX))
                .collect(),
        };
        let sealed = self.seal_entry(id, &stored)?;
        let at = now.to_rfc3339();
        let user = self.session.user_id;
        // A training record is a closed fact from the day it was held.
        let closed = (status == EntryStatus::Closed).then(|| ymd(dates.opened_on));
        let tx = self.conn.transaction().map_err(sql("file"))?;
        tx.execute(
            "INSERT INTO register_entries (id, kind, number, status, opened_on, due_on, closed_on,
                created_at, created_by, updated_at, updated_by, revision, data)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?8, ?9, 1, ?10)",
            params![
                id,
                kind.as_str(),
                number,
                status.as_str(),
                ymd(dates.opened_on),
                dates.due_on.map(ymd),
                closed,
                at,
                user,
                sealed
            ],
        )
        .map_err(sql("register_entries"))?;
        for client in &clients {
            tx.execute(
                "INSERT INTO register_clients (entry_id, client_id) VALUES (?1, ?2)",
                params![id, client],
            )
            .map_err(sql("register_clients"))?;
        }
        insert_holds(&tx, &holds, today, user)?;
        audit::append(
            &tx,
            &self.keys.audit(),
            &NewEntry {
                actor: Some(user),
                action: "register.created",
                target: Some(format!("register:{id}")),
                details: Some(serde_json::json!({
                    "kind": kind.as_str(), "number": number, "clients": clients.len(),
                    "holds": stored.holds,
                })),
            },
            now,
        )?;
        tx.commit().map_err(sql("file"))?;
        self.register_entry(u32::try_from(id).unwrap_or(u32::MAX), now)
    }

    /// Changes an entry's content (same register; `revision` must be the one read).
    ///
    /// # Errors
    /// `forbidden`; `not_found`; `invalid_input` (`stale` when someone changed it since).
    pub fn update_register_entry(
        &mut self,
        id: u32,
        revision: u32,
        mut body: EntryBody,
        now: DateTime<Utc>,
    ) -> CoreResult<RegisterEntryView> {
        let row = self.register_row(id)?;
        self.require_register_kind(row.kind)?;
        if body.kind() != row.kind {
            return Err(invalid("kind", "changed"));
        }
        if row.kind == RegisterKind::Training {
            return Err(CoreError::Forbidden {
                action: "change_training_record".to_owned(),
            });
        }
        if row.revision != revision {
            return Err(stale(row.id));
        }
        let today = now.date_naive();
        let mut dates = validate(&mut body, today)?;
        if row.kind == RegisterKind::Risk {
            dates.opened_on = row.opened_on;
        }
        let named = row.body().client_ids();
        for client in &named {
            self.session
                .require_for_client(Action::ViewClient, client)?;
        }
        self.check_references(&body, &named)?;
        if row.status == EntryStatus::Closed {
            // A closed entry stays closable: nothing it needs may be removed.
            body.check_closable()?;
        }
        let old_clients = row.body().client_ids();
        let new_clients = body.client_ids();
        let added: Vec<String> = new_clients
            .iter()
            .filter(|c| !old_clients.contains(c))
            .cloned()
            .collect();
        let removed: Vec<String> = old_clients
            .iter()
            .filter(|c| !new_clients.contains(c))
            .cloned()
            .collect();
        let mut stored = row.stored.clone();
        let holds_to_place = if row.kind == RegisterKind::Incident
            && row.status != EntryStatus::Closed
            && !added.is_empty()
        {
            let first = self.next_id("legal_holds")?;
            self.prepare_holds(&added, first, &row.number)?
        } else {
            Vec::new()
        };
        let holds_to_lift = self.holds_of_clients(&stored.holds, &removed)?;
        stored.holds.retain(|h| !holds_to_lift.contains(h));
        stored.holds.extend(
            holds_to_place
                .iter()
                .map(|h| u32::try_from(h.0).unwrap_or(u32::MAX)),
        );
        let fields = changed_fields(&stored.body, &body);
        stored.body = body;
        let sealed = self.seal_entry(row.id, &stored)?;
        let user = self.session.user_id;
        let tx = self.conn.transaction().map_err(sql("file"))?;
        let n = tx
            .execute(
                "UPDATE register_entries SET opened_on = ?2, due_on = ?3, updated_at = ?4,
                    updated_by = ?5, revision = revision + 1, data = ?6
                 WHERE id = ?1 AND revision = ?7",
                params![
                    row.id,
                    ymd(dates.opened_on),
                    dates.due_on.map(ymd),
                    now.to_rfc3339(),
                    user,
                    sealed,
                    revision
                ],
            )
            .map_err(sql("register_entries"))?;
        if n != 1 {
            return Err(stale(row.id));
        }
        tx.execute("DELETE FROM register_clients WHERE entry_id = ?1", [row.id])
            .map_err(sql("register_clients"))?;
        for client in &new_clients {
            tx.execute(
                "INSERT INTO register_clients (entry_id, client_id) VALUES (?1, ?2)",
                params![row.id, client],
            )
            .map_err(sql("register_clients"))?;
        }
        insert_holds(&tx, &holds_to_place, today, user)?;
        lift_holds(&tx, &holds_to_lift, today)?;
        audit::append(
            &tx,
            &self.keys.audit(),
            &NewEntry {
                actor: Some(user),
                action: "register.updated",
                target: Some(format!("register:{}", row.id)),
                details: Some(serde_json::json!({
                    "number": row.number, "fields": fields,
                    "holds_placed": holds_to_place.iter().map(|h| h.0).collect::<Vec<_>>(),
                    "holds_lifted": holds_to_lift,
                })),
            },
            now,
        )?;
        tx.commit().map_err(sql("file"))?;
        self.register_entry(id, now)
    }

    /// Which of `holds` are in force on one of `clients`.
    fn holds_of_clients(&self, holds: &[u32], clients: &[String]) -> CoreResult<Vec<u32>> {
        let mut out = Vec::new();
        for hold in holds {
            let client: Option<String> = self
                .conn
                .query_row(
                    "SELECT client_id FROM legal_holds
                     WHERE id = ?1 AND lifted_on IS NULL AND reason = 'incident'",
                    [hold],
                    |r| r.get(0),
                )
                .optional()
                .map_err(sql("legal_holds"))?;
            if client.is_some_and(|c| clients.contains(&c)) {
                out.push(*hold);
            }
        }
        Ok(out)
    }

    /// Moves an entry through its workflow with a note. Closing checks what the closed
    /// record needs ([`EntryBody::check_closable`]); closing an incident lifts the holds it
    /// placed, reopening places them again.
    ///
    /// # Errors
    /// `forbidden`; `not_found`; `invalid_input` (`register.status` `transition`,
    /// `required_to_close` on the missing field, `stale`).
    pub fn set_register_status(
        &mut self,
        id: u32,
        revision: u32,
        to: EntryStatus,
        note: &str,
        now: DateTime<Utc>,
    ) -> CoreResult<RegisterEntryView> {
        let row = self.register_row(id)?;
        self.require_register_kind(row.kind)?;
        for client in row.body().client_ids() {
            self.session
                .require_for_client(Action::ViewClient, &client)?;
        }
        if row.revision != revision {
            return Err(stale(row.id));
        }
        if !may_become(row.kind, row.status, to) {
            return Err(invalid("status", "transition"));
        }
        if to == EntryStatus::Closed {
            row.body().check_closable()?;
        }
        let today = now.date_naive();
        let user = self.session.user_id;
        let mut stored = row.stored.clone();
        let (to_place, to_lift) = if row.kind == RegisterKind::Incident {
            if to == EntryStatus::Closed {
                let own = self.holds_of_clients(&stored.holds, &row.body().client_ids())?;
                stored.holds.clear();
                (Vec::new(), own)
            } else if row.status == EntryStatus::Closed {
                let clients = row.body().client_ids();
                let first = self.next_id("legal_holds")?;
                let placed = self.prepare_holds(&clients, first, &row.number)?;
                stored.holds = placed
                    .iter()
                    .map(|h| u32::try_from(h.0).unwrap_or(u32::MAX))
                    .collect();
                (placed, Vec::new())
            } else {
                (Vec::new(), Vec::new())
            }
        } else {
            (Vec::new(), Vec::new())
        };
        stored.history.push(StoredChange {
            at: now.to_rfc3339(),
            by: user,
            from: row.status,
            to,
            note: note.trim().to_owned(),
        });
        let sealed = self.seal_entry(row.id, &stored)?;
        let closed = (to == EntryStatus::Closed).then(|| ymd(today));
        let tx = self.conn.transaction().map_err(sql("file"))?;
        let n = tx
            .execute(
                "UPDATE register_entries SET status = ?2, closed_on = ?3, updated_at = ?4,
                    updated_by = ?5, revision = revision + 1, data = ?6
                 WHERE id = ?1 AND revision = ?7",
                params![
                    row.id,
                    to.as_str(),
                    closed,
                    now.to_rfc3339(),
                    user,
                    sealed,
                    revision
                ],
            )
            .map_err(sql("register_entries"))?;
        if n != 1 {
            return Err(stale(row.id));
        }
        insert_holds(&tx, &to_place, today, user)?;
        lift_holds(&tx, &to_lift, today)?;
        audit::append(
            &tx,
            &self.keys.audit(),
            &NewEntry {
                actor: Some(user),
                action: "register.status_changed",
                target: Some(format!("register:{}", row.id)),
                details: Some(serde_json::json!({
                    "number": row.number, "from": row.status.as_str(), "to": to.as_str(),
                    "holds_placed": to_place.iter().map(|h| h.0).collect::<Vec<_>>(),
                    "holds_lifted": to_lift,
                })),
            },
            now,
        )?;
        tx.commit().map_err(sql("file"))?;
        self.register_entry(id, now)
    }

    /// Acts on a deletion request (PIPL Art. 47) of the register: the client it names becomes
    /// stored only while a statutory period runs, or is due for destruction at once
    /// ([`Vault::apply_deletion_request`], administrators). The entry records what answered it
    /// (`answered_by` = `storage_only:<until>` or `destruction`) and, if empty, the outcome.
    ///
    /// # Errors
    /// `forbidden`; `not_found`; `invalid_input` (`register.request_type` `not_deletion`,
    /// `register.client_id` `required`, `register.status` `transition` when closed, `stale`).
    pub fn answer_deletion_request(
        &mut self,
        id: u32,
        revision: u32,
        now: DateTime<Utc>,
    ) -> CoreResult<RegisterEntryView> {
        self.session.require(Action::Destroy)?;
        let row = self.register_row(id)?;
        if row.revision != revision {
            return Err(stale(row.id));
        }
        if row.status == EntryStatus::Closed {
            return Err(invalid("status", "transition"));
        }
        let EntryBody::Request(request) = row.body() else {
            return Err(invalid("request_type", "not_deletion"));
        };
        if request.request_type != super::register::RequestType::Deletion {
            return Err(invalid("request_type", "not_deletion"));
        }
        let client = request
            .client_id
            .clone()
            .ok_or_else(|| invalid("client_id", "required"))?;
        let outcome = self.apply_deletion_request(&client, &row.number, now)?;
        let mut request = request.clone();
        let (answered, text) = match outcome {
            crate::clients::lifecycle::DeletionOutcome::StorageOnly { until } => (
                format!("storage_only:{}", until.clone().unwrap_or_default()),
                match until {
                    Some(until) => format!(
                        "法定保管期限未届满，已停止除存储和必要安全保护措施以外的处理，至 {until} 期满后销毁（《个人信息保护法》第四十七条）。"
                    ),
                    None => "法定保管期限未届满（含永久保管或尚未起算的档案），已停止除存储和必要安全保护措施以外的处理（《个人信息保护法》第四十七条）。".to_owned(),
                },
            ),
            crate::clients::lifecycle::DeletionOutcome::ReadyForDestruction => (
                "destruction".to_owned(),
                "无法定保管期限，已列入待销毁，将按销毁清册程序销毁并出具销毁证明。".to_owned(),
            ),
        };
        request.answered_by = answered;
        if request.outcome.is_empty() {
            request.outcome = text;
        }
        self.update_register_entry(id, revision, EntryBody::Request(request), now)
    }

    /// One entry (administrators, accountants, auditors).
    ///
    /// # Errors
    /// `forbidden`; `not_found`.
    pub fn register_entry(&self, id: u32, now: DateTime<Utc>) -> CoreResult<RegisterEntryView> {
        self.session.require(Action::ViewReports)?;
        let row = self.register_row(id)?;
        self.entry_view(row, now.date_naive())
    }

    /// The entries matching `filter`, newest first.
    ///
    /// # Errors
    /// `forbidden` without `view_reports`.
    pub fn register_entries(
        &self,
        filter: &RegisterFilter,
        now: DateTime<Utc>,
    ) -> CoreResult<Vec<RegisterEntryView>> {
        self.session.require(Action::ViewReports)?;
        let today = now.date_naive();
        let from = filter.from.as_deref().and_then(day);
        let to = filter.to.as_deref().and_then(day);
        let text = filter.text.trim().to_lowercase();
        let mut out = Vec::new();
        for row in self.register_rows(filter.kind)?.into_iter().rev() {
            let overdue =
                is_overdue(row.due_on, row.closed_on, today) && row.body().has_answer_deadline();
            let keep = filter.status.is_none_or(|s| s == row.status)
                && (!filter.overdue_only || overdue)
                && (!filter.open_only || row.status != EntryStatus::Closed)
                && filter
                    .client_id
                    .as_ref()
                    .is_none_or(|c| row.body().client_ids().contains(c))
                && from.is_none_or(|f| row.opened_on >= f)
                && to.is_none_or(|t| row.opened_on <= t)
                && (text.is_empty()
                    || row.number.to_lowercase().contains(&text)
                    || row.body().title().to_lowercase().contains(&text));
            if keep {
                out.push(self.entry_view(row, today)?);
            }
        }
        Ok(out)
    }

    fn entry_view(&self, row: EntryRow, today: NaiveDate) -> CoreResult<RegisterEntryView> {
        let name = |id: i64| -> CoreResult<String> {
            Ok(self
                .user_display_name(id)?
                .unwrap_or_else(|| format!("#{id}")))
        };
        let overdue =
            row.body().has_answer_deadline() && is_overdue(row.due_on, row.closed_on, today);
        let clients = row
            .body()
            .client_ids()
            .into_iter()
            .map(|id| {
                let visible = self
                    .session
                    .require_for_client(Action::ViewClient, &id)
                    .is_ok();
                let name = self
                    .clients
                    .summary(&id)
                    .filter(|_| visible)
                    .map(|s| s.name.clone())
                    .unwrap_or_default();
                ClientRef { id, name }
            })
            .collect();
        let mut holds = Vec::new();
        for h in &row.stored.holds {
            let active: bool = self
                .conn
                .query_row(
                    "SELECT EXISTS (SELECT 1 FROM legal_holds WHERE id = ?1 AND lifted_on IS NULL)",
                    [h],
                    |r| r.get(0),
                )
                .map_err(sql("legal_holds"))?;
            if active {
                holds.push(*h);
            }
        }
        let history = row
            .stored
            .history
            .iter()
            .map(|c| {
                Ok(StatusChange {
                    at: c.at.clone(),
                    by: name(c.by)?,
                    from: c.from,
                    to: c.to,
                    note: c.note.clone(),
                })
            })
            .collect::<CoreResult<_>>()?;
        Ok(RegisterEntryView {
            id: u32::try_from(row.id).unwrap_or(u32::MAX),
            kind: row.kind,
            number: row.number.clone(),
            status: row.status,
            opened_on: ymd(row.opened_on),
            due_on: row.due_on.map(ymd),
            closed_on: row.closed_on.map(ymd),
            overdue,
            level: row.body().risk_level(),
            title: row.body().title(),
            clients,
            created_by: name(row.created_by)?,
            created_at: row.created_at.clone(),
            updated_at: row.updated_at.clone(),
            revision: row.revision,
            keep_until: row.body().keep_until().map(ymd),
            holds,
            history,
            body: row.stored.body,
        })
    }
}

fn insert_holds(
    tx: &rusqlite::Connection,
    holds: &[(i64, String, Vec<u8>)],
    today: NaiveDate,
    user: i64,
) -> CoreResult<()> {
    for (id, client, sealed) in holds {
        tx.execute(
            "INSERT INTO legal_holds (id, client_id, reason, placed_on, lifted_on, placed_by, data)
             VALUES (?1, ?2, 'incident', ?3, NULL, ?4, ?5)",
            params![id, client, ymd(today), user, sealed],
        )
        .map_err(sql("legal_holds"))?;
    }
    Ok(())
}

fn lift_holds(tx: &rusqlite::Connection, holds: &[u32], today: NaiveDate) -> CoreResult<()> {
    for id in holds {
        tx.execute(
            "UPDATE legal_holds SET lifted_on = ?2
             WHERE id = ?1 AND lifted_on IS NULL AND reason = 'incident'",
            params![id, ymd(today)],
        )
        .map_err(sql("legal_holds"))?;
    }
    Ok(())
}

/// The names of the body's fields that differ (for the audit log: names, never values).
fn changed_fields(old: &EntryBody, new: &EntryBody) -> Vec<String> {
    let (Ok(serde_json::Value::Object(a)), Ok(serde_json::Value::Object(b))) =
        (serde_json::to_value(old), serde_json::to_value(new))
    else {
        return Vec::new();
    };
    b.iter()
        .filter(|(k, v)| a.get(*k) != Some(*v))
        .map(|(k, _)| k.clone())
        .collect()
}
