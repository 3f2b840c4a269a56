//! Legal holds, the "due for destruction" list, destruction lists with their approvals, their
//! execution (crypto-shredding through [`Vault::shred_client`]) and the destruction
//! certificate with its verification code.
//!
//! What the firm destroys here is what the vault holds about a client — its working copies and
//! the personal information of the client's people. The accounting archives themselves go back
//! to the client at the end of the engagement (代理记账基础工作规范; see
//! `docs/records.md`), so a client's vault data falls due when the engagement has ended and the
//! firm's personal-information period after it has run, unless a legal hold applies.
//!
//! The destruction register (`destruction_lists`) is kept permanently and has no `client_id`
//! column, so shredding a client never erases the record of its destruction. It is sealed
//! with the vault key and holds only what the certificate prints: the client's name, the
//! eight fields of each item, the signatories and the audit checkpoint.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::destruction_list::{DestructionItem, DestructionList, ListStatus};
use super::hold::{disposition, Disposition, HoldReason, LegalHold};
use super::invalid;
use super::retention::{Anchor, Expiry, RecordClass, RetentionSchedule};
use crate::error::{CoreError, CoreResult};
use crate::vault::audit::{self, NewEntry};
use crate::vault::db::sql;
use crate::vault::{Action, Place, Vault};

/// A hold as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct HoldView {
    /// Id.
    pub id: u32,
    /// The client.
    pub client_id: String,
    /// Why.
    pub reason: HoldReason,
    /// Placed on.
    pub placed_on: String,
    /// Lifted on, if lifted.
    pub lifted_on: Option<String>,
    /// The note written with it.
    pub note: String,
}

/// A client whose engagement has ended, with what may be done with its data today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct DueClient {
    /// The client.
    pub client_id: String,
    /// Its name.
    pub name: String,
    /// When the engagement ended.
    pub engagement_end: String,
    /// Today's disposition (due, held with reasons, or kept until a date).
    pub disposition: Disposition,
}

/// A destruction list as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct DestructionListView {
    /// Id.
    pub id: u32,
    /// Certificate number, e.g. `XH-2026-0001`.
    pub number: String,
    /// The list and its signatures.
    pub list: DestructionList,
    /// Display names of the signatories, by user id.
    pub names: Vec<(u32, String)>,
    /// The audit checkpoint at execution (the certificate's verification code).
    pub checkpoint: Option<String>,
}

/// The result of checking a certificate's verification code against the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct CertificateCheck {
    /// A destruction list with this number exists.
    pub found: bool,
    /// The code matches the checkpoint stored with the list.
    pub code_matches: bool,
    /// The audit log holds the execution entry with exactly this MAC.
    pub in_log: bool,
    /// The audit chain is intact up to and including that entry.
    pub chain_intact: bool,
    /// All of the above.
    pub valid: bool,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    list: DestructionList,
    /// Client id → name, captured when the item was listed (the certificate needs it after
    /// the client is gone).
    clients: Vec<(String, String)>,
    /// Firm name at execution.
    firm: String,
    /// Execution instant (the certificate's generation time, so re-prints are identical).
    executed_at: Option<String>,
}

fn list_place(id: i64) -> (String, &'static str) {
    (format!("destruction_list:{id}"), "data")
}

fn normalize_code(code: &str) -> String {
    code.chars()
        .filter(char::is_ascii_hexdigit)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn hold_reason_str(r: HoldReason) -> &'static str {
    match r {
        HoldReason::UnsettledClaims => "unsettled_claims",
        HoldReason::OpenMatter => "open_matter",
        HoldReason::Dispute => "dispute",
        HoldReason::Incident => "incident",
    }
}

fn parse_hold_reason(s: &str) -> Option<HoldReason> {
    [
        HoldReason::UnsettledClaims,
        HoldReason::OpenMatter,
        HoldReason::Dispute,
        HoldReason::Incident,
    ]
    .into_iter()
    .find(|r| hold_reason_str(*r) == s)
}

fn day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

fn damaged() -> CoreError {
    CoreError::VaultDamaged {
        part: "destruction_lists".to_owned(),
    }
}

/// A `legal_holds` row: id, reason, placed on, lifted on, sealed note.
type HoldRow = (i64, String, String, Option<String>, Vec<u8>);

#[derive(Serialize, Deserialize)]
struct HoldNote {
    note: String,
}

impl Vault {
    /// Places a legal hold on a client's records (administrators). Nothing of the client can
    /// be destroyed while it is in force.
    ///
    /// # Errors
    /// `forbidden`; `invalid_input` for a bad date; `not_found`.
    pub fn place_hold(
        &mut self,
        client_id: &str,
        reason: HoldReason,
        note: &str,
        on: &str,
        now: DateTime<Utc>,
    ) -> CoreResult<u32> {
        self.session.require(Action::Destroy)?;
        let on = day(on.trim()).ok_or_else(|| invalid("placed_on", "format"))?;
        self.load_record(client_id)?;
        let id: i64 = self
            .conn
            .query_row(
                "SELECT COALESCE(MAX(id), 0) + 1 FROM legal_holds",
                [],
                |r| r.get(0),
            )
            .map_err(sql("legal_holds"))?;
        let sealed = self.seal_client_json(
            client_id,
            "legal_holds",
            &format!("hold:{id}"),
            &HoldNote {
                note: note.trim().to_owned(),
            },
        )?;
        let tx = self.conn.transaction().map_err(sql("file"))?;
        tx.execute(
            "INSERT INTO legal_holds (id, client_id, reason, placed_on, lifted_on, placed_by, data)
             VALUES (?1, ?2, ?3, ?4, NULL, ?5, ?6)",
            params![
                id,
                client_id,
                hold_reason_str(reason),
                on.format("%Y-%m-%d").to_string(),
                self.session.user_id,
                sealed
            ],
        )
        .map_err(sql("legal_holds"))?;
        audit::append(
            &tx,
            &self.keys.audit(),
            &NewEntry {
                actor: Some(self.session.user_id),
                action: "hold.placed",
                target: Some(format!("client:{client_id}")),
                details: Some(serde_json::json!({ "hold": id, "reason": hold_reason_str(reason) })),
            },
            now,
        )?;
        tx.commit().map_err(sql("file"))?;
        Ok(u32::try_from(id).unwrap_or(u32::MAX))
    }

    /// Lifts a hold from `on` (administrators).
    ///
    /// # Errors
    /// `forbidden`; `not_found`; `invalid_input` for a bad date.
    pub fn lift_hold(&mut self, hold_id: u32, on: &str, now: DateTime<Utc>) -> CoreResult<()> {
        self.session.require(Action::Destroy)?;
        let on = day(on.trim()).ok_or_else(|| invalid("lifted_on", "format"))?;
        let client_id: String = self
            .conn
            .query_row(
                "SELECT client_id FROM legal_holds WHERE id = ?1 AND lifted_on IS NULL",
                [hold_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(sql("legal_holds"))?
            .ok_or_else(|| CoreError::NotFound {
                what: format!("hold:{hold_id}"),
            })?;
        let tx = self.conn.transaction().map_err(sql("file"))?;
        tx.execute(
            "UPDATE legal_holds SET lifted_on = ?2 WHERE id = ?1",
            params![hold_id, on.format("%Y-%m-%d").to_string()],
        )
        .map_err(sql("legal_holds"))?;
        audit::append(
            &tx,
            &self.keys.audit(),
            &NewEntry {
                actor: Some(self.session.user_id),
                action: "hold.lifted",
                target: Some(format!("client:{client_id}")),
                details: Some(serde_json::json!({ "hold": hold_id })),
            },
            now,
        )?;
        tx.commit().map_err(sql("file"))
    }

    /// A client's holds, newest first.
    ///
    /// # Errors
    /// `forbidden` without `view_client` on the client.
    pub fn holds(&mut self, client_id: &str) -> CoreResult<Vec<HoldView>> {
        self.session
            .require_for_client(Action::ViewClient, client_id)?;
        let rows: Vec<HoldRow> = {
            let mut stmt = self
                .conn
                .prepare(
                    "SELECT id, reason, placed_on, lifted_on, data FROM legal_holds
                     WHERE client_id = ?1 ORDER BY id DESC",
                )
                .map_err(sql("legal_holds"))?;
            let rows = stmt
                .query_map([client_id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })
                .map_err(sql("legal_holds"))?;
            rows.collect::<Result<_, _>>().map_err(sql("legal_holds"))?
        };
        let mut out = Vec::new();
        for (id, reason, placed_on, lifted_on, sealed) in rows {
            let note: HoldNote =
                self.open_client_json(client_id, "legal_holds", &format!("hold:{id}"), &sealed)?;
            out.push(HoldView {
                id: u32::try_from(id).unwrap_or(u32::MAX),
                client_id: client_id.to_owned(),
                reason: parse_hold_reason(&reason).ok_or_else(damaged)?,
                placed_on,
                lifted_on,
                note: note.note,
            });
        }
        Ok(out)
    }

    fn legal_holds_of(&self, client_id: &str) -> CoreResult<Vec<LegalHold>> {
        let mut stmt = self
            .conn
            .prepare("SELECT reason, placed_on, lifted_on FROM legal_holds WHERE client_id = ?1")
            .map_err(sql("legal_holds"))?;
        let rows = stmt
            .query_map([client_id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                ))
            })
            .map_err(sql("legal_holds"))?;
        let mut holds = Vec::new();
        for row in rows {
            let (reason, placed, lifted) = row.map_err(sql("legal_holds"))?;
            holds.push(LegalHold {
                reason: parse_hold_reason(&reason).ok_or_else(damaged)?,
                placed_on: day(&placed).ok_or_else(damaged)?,
                lifted_on: lifted.as_deref().and_then(day),
            });
        }
        Ok(holds)
    }

    /// The expiry of a client's vault data: the firm's personal-information period after
    /// the engagement ended (not started while the engagement runs).
    fn client_expiry(
        &mut self,
        client_id: &str,
        schedule: &RetentionSchedule,
    ) -> CoreResult<(String, String, String, Expiry)> {
        let (record, ..) = self.load_record(client_id)?;
        let anchor = match day(&record.engagement_end) {
            Some(end) => Anchor::EngagementEnded(end),
            None => Anchor::Pending,
        };
        // A stored-only client (PIPL Art. 47) falls due when its latest statutory period ends.
        let expiry = match self.storage_only_expiry(client_id)? {
            Some(expiry) => expiry,
            None => schedule.expiry(RecordClass::PersonalInformation, anchor)?,
        };
        Ok((
            record.name,
            record.engagement_start,
            record.engagement_end,
            expiry,
        ))
    }

    /// Clients whose engagement has ended, with today's disposition: due (may be listed for
    /// destruction), held (and why), or kept until a date. Administrators.
    ///
    /// # Errors
    /// `forbidden`.
    pub fn due_for_destruction(&mut self, now: DateTime<Utc>) -> CoreResult<Vec<DueClient>> {
        self.session.require(Action::Destroy)?;
        self.ended_clients(now)
    }

    /// Clients that may be listed for destruction today (id, name), for the compliance
    /// signals (the caller checks the role).
    pub(crate) fn clients_due_today(
        &mut self,
        now: DateTime<Utc>,
    ) -> CoreResult<Vec<(String, String)>> {
        Ok(self
            .ended_clients(now)?
            .into_iter()
            .filter(|c| c.disposition.may_destroy())
            .map(|c| (c.client_id, c.name))
            .collect())
    }

    fn ended_clients(&mut self, now: DateTime<Utc>) -> CoreResult<Vec<DueClient>> {
        let schedule = self.retention_schedule()?;
        let ids: Vec<String> = {
            let mut stmt = self
                .conn
                .prepare("SELECT id FROM clients WHERE status != 'destroyed' ORDER BY id")
                .map_err(sql("clients"))?;
            let rows = stmt.query_map([], |r| r.get(0)).map_err(sql("clients"))?;
            rows.collect::<Result<_, _>>().map_err(sql("clients"))?
        };
        let today = now.date_naive();
        let mut out = Vec::new();
        for id in ids {
            let (name, _, end, expiry) = self.client_expiry(&id, &schedule)?;
            if end.is_empty() {
                continue;
            }
            let holds = self.legal_holds_of(&id)?;
            out.push(DueClient {
                client_id: id,
                name,
                engagement_end: end,
                disposition: disposition(expiry, &holds, today),
            });
        }
        Ok(out)
    }

    /// Drafts a destruction list of clients whose data is due, with the appraisal note it
    /// rests on (administrators). Each item carries the eight fields of Art. 18.
    ///
    /// # Errors
    /// `forbidden`; `invalid_input` (`item`/`not_due`, `item`/`held`, `items`/`empty`).
    pub fn draft_destruction_list(
        &mut self,
        client_ids: &[String],
        appraisal: &str,
        now: DateTime<Utc>,
    ) -> CoreResult<DestructionListView> {
        self.session.require(Action::Destroy)?;
        if client_ids.is_empty() {
            return Err(invalid("items", "empty"));
        }
        let schedule = self.retention_schedule()?;
        let today = now.date_naive();
        let mut list = DestructionList::draft(self.me(), today, appraisal);
        let mut clients = Vec::new();
        for id in client_ids {
            let (name, start, end, expiry) = self.client_expiry(id, &schedule)?;
            let holds = self.legal_holds_of(id)?;
            let first = day(&start).map_or(0, |d| d.format("%Y").to_string().parse().unwrap_or(0));
            let last = day(&end).map_or(first, |d| {
                d.format("%Y").to_string().parse().unwrap_or(first)
            });
            let anchor = day(&end).map_or(Anchor::Pending, Anchor::EngagementEnded);
            let item = DestructionItem {
                target: format!("client:{id}"),
                name: format!("{name} 客户资料（电子）"),
                volume_no: "—".to_owned(),
                copies: 1,
                years: (first, last),
                archive_no: id.chars().take(8).collect(),
                period: schedule.period(RecordClass::PersonalInformation),
                years_kept: RetentionSchedule::years_kept(anchor, today).unwrap_or(0),
                expiry,
                destroyed_on: None,
                withheld: Vec::new(),
            };
            list.add_item(item, &holds, today)?;
            clients.push((id.clone(), name));
        }
        let year = today.format("%Y").to_string();
        let seq: i64 = self
            .conn
            .query_row(
                "SELECT COUNT(*) + 1 FROM destruction_lists WHERE number LIKE ?1",
                [format!("XH-{year}-%")],
                |r| r.get(0),
            )
            .map_err(sql("destruction_lists"))?;
        let number = format!("XH-{year}-{seq:04}");
        let id: i64 = self
            .conn
            .query_row(
                "SELECT COALESCE(MAX(id), 0) + 1 FROM destruction_lists",
                [],
                |r| r.get(0),
            )
            .map_err(sql("destruction_lists"))?;
        let stored = Stored {
            list,
            clients,
            firm: String::new(),
            executed_at: None,
        };
        let sealed = self.seal_list(id, &stored)?;
        let tx = self.conn.transaction().map_err(sql("file"))?;
        tx.execute(
            "INSERT INTO destruction_lists (id, number, status, drafted_at, updated_at, data)
             VALUES (?1, ?2, 'draft', ?3, ?3, ?4)",
            params![id, number, now.to_rfc3339(), sealed],
        )
        .map_err(sql("destruction_lists"))?;
        audit::append(
            &tx,
            &self.keys.audit(),
            &NewEntry {
                actor: Some(self.session.user_id),
                action: "destruction.drafted",
                target: Some(format!("destruction_list:{id}")),
                details: Some(serde_json::json!({ "number": number, "items": client_ids.len() })),
            },
            now,
        )?;
        tx.commit().map_err(sql("file"))?;
        self.destruction_list(u32::try_from(id).unwrap_or(u32::MAX))
    }

    /// Approves a list (administrators other than the drafter; each once).
    ///
    /// # Errors
    /// `forbidden`; `invalid_input` per the approval rules.
    pub fn approve_destruction_list(
        &mut self,
        id: u32,
        opinion: &str,
        now: DateTime<Utc>,
    ) -> CoreResult<DestructionListView> {
        self.session.require(Action::Destroy)?;
        let (row, mut stored) = self.load_list(id)?;
        stored.list.approve(self.me(), now.date_naive(), opinion)?;
        self.save_list(row, &stored, "destruction.approved", now)?;
        self.destruction_list(id)
    }

    /// The supervisor's (监销人) check before execution (`after == false`) or confirmation
    /// after it (`after == true`).
    ///
    /// # Errors
    /// `forbidden`; `invalid_input` per the supervision rules.
    pub fn supervise_destruction_list(
        &mut self,
        id: u32,
        after: bool,
        note: &str,
        now: DateTime<Utc>,
    ) -> CoreResult<DestructionListView> {
        self.session.require(Action::Destroy)?;
        let (row, mut stored) = self.load_list(id)?;
        let user = self.me();
        if after {
            stored.list.supervise_after(user, now.date_naive(), note)?;
        } else {
            stored.list.supervise_before(user, now.date_naive(), note)?;
        }
        let action = if after {
            "destruction.confirmed"
        } else {
            "destruction.supervised"
        };
        self.save_list(row, &stored, action, now)?;
        self.destruction_list(id)
    }

    /// Executes a supervised list: re-checks the holds, crypto-shreds each due client
    /// ([`Vault::shred_client`]: key, rows, destruction ledger, overwritten pages), then writes
    /// the execution to the audit log; that entry's MAC is the certificate's verification code.
    /// Running it again after a crash finishes the job (clients already gone are skipped).
    ///
    /// # Errors
    /// `forbidden`; `invalid_input` (`status`/`not_supervised`).
    pub fn execute_destruction_list(
        &mut self,
        id: u32,
        now: DateTime<Utc>,
    ) -> CoreResult<DestructionListView> {
        self.session.require(Action::Destroy)?;
        let (row, mut stored) = self.load_list(id)?;
        let mut holds = Vec::new();
        for item in &stored.list.items {
            let client = item.target.trim_start_matches("client:");
            holds.push((item.target.clone(), self.legal_holds_of(client)?));
        }
        let targets = stored.list.execute(self.me(), now.date_naive(), |item| {
            holds
                .iter()
                .find(|(t, _)| *t == item.target)
                .map_or(&[][..], |(_, h)| h.as_slice())
        })?;
        let number: String = self
            .conn
            .query_row(
                "SELECT number FROM destruction_lists WHERE id = ?1",
                [row],
                |r| r.get(0),
            )
            .map_err(sql("destruction_lists"))?;
        for target in &targets {
            let client = target.trim_start_matches("client:");
            match self.shred_client(client, &format!("destruction list {number}"), now) {
                Ok(_) | Err(CoreError::NotFound { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        stored.firm = self.settings()?.firm_name;
        stored.executed_at = Some(now.to_rfc3339());
        let sealed = self.seal_list(row, &stored)?;
        let tx = self.conn.transaction().map_err(sql("file"))?;
        write_list(&tx, row, &sealed, stored.list.status, now)?;
        let seq = audit::append(
            &tx,
            &self.keys.audit(),
            &NewEntry {
                actor: Some(self.session.user_id),
                action: "destruction.executed",
                target: Some(format!("destruction_list:{row}")),
                details: Some(serde_json::json!({
                    "number": number, "destroyed": targets.len(),
                    "withheld": stored.list.items.len() - targets.len(),
                })),
            },
            now,
        )?;
        let mac: Vec<u8> = tx
            .query_row("SELECT mac FROM audit_log WHERE seq = ?1", [seq], |r| {
                r.get(0)
            })
            .map_err(sql("audit_log"))?;
        tx.execute(
            "UPDATE destruction_lists SET checkpoint = ?2, checkpoint_seq = ?3 WHERE id = ?1",
            params![row, data_encoding::HEXLOWER.encode(&mac), seq],
        )
        .map_err(sql("destruction_lists"))?;
        tx.commit().map_err(sql("file"))?;
        self.destruction_list(id)
    }

    /// Every destruction list, newest first (administrators and auditors).
    ///
    /// # Errors
    /// `forbidden`.
    pub fn destruction_lists(&mut self) -> CoreResult<Vec<DestructionListView>> {
        self.require_register()?;
        let ids: Vec<i64> = {
            let mut stmt = self
                .conn
                .prepare("SELECT id FROM destruction_lists ORDER BY id DESC")
                .map_err(sql("destruction_lists"))?;
            let rows = stmt
                .query_map([], |r| r.get(0))
                .map_err(sql("destruction_lists"))?;
            rows.collect::<Result<_, _>>()
                .map_err(sql("destruction_lists"))?
        };
        ids.into_iter()
            .map(|id| self.destruction_list(u32::try_from(id).unwrap_or(u32::MAX)))
            .collect()
    }

    /// One destruction list (administrators and auditors).
    ///
    /// # Errors
    /// `forbidden`; `not_found`.
    pub fn destruction_list(&mut self, id: u32) -> CoreResult<DestructionListView> {
        self.require_register()?;
        let (row, stored) = self.load_list(id)?;
        let (number, checkpoint): (String, Option<String>) = self
            .conn
            .query_row(
                "SELECT number, checkpoint FROM destruction_lists WHERE id = ?1",
                [row],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(sql("destruction_lists"))?;
        let mut users: Vec<u32> = stored.list.approvals.iter().map(|s| s.user).collect();
        users.push(stored.list.drafted_by);
        users.extend(stored.list.supervised_before.iter().map(|s| s.user));
        users.extend(stored.list.executed.iter().map(|s| s.user));
        users.sort_unstable();
        users.dedup();
        let mut names = Vec::new();
        for user in users {
            names.push((
                user,
                self.user_display_name(i64::from(user))?.unwrap_or_default(),
            ));
        }
        Ok(DestructionListView {
            id,
            number,
            list: stored.list,
            names,
            checkpoint,
        })
    }

    /// The destruction certificate of an executed list as PDF. Rendered from the stored
    /// register with the execution time, so every re-print is byte-identical. Audited.
    ///
    /// # Errors
    /// `forbidden`; `invalid_input` (`status`/`not_executed`); `document`.
    pub fn destruction_certificate_pdf(
        &mut self,
        id: u32,
        now: DateTime<Utc>,
    ) -> CoreResult<Vec<u8>> {
        let view = self.destruction_list(id)?;
        let (_, stored) = self.load_list(id)?;
        let (Some(checkpoint), Some(executed_at)) =
            (view.checkpoint.clone(), stored.executed_at.clone())
        else {
            return Err(invalid("status", "not_executed"));
        };
        let at = DateTime::parse_from_rfc3339(&executed_at)
            .map_err(|_| damaged())?
            .with_timezone(&Utc);
        let cert = super::certificate_data::destruction_certificate(
            &view,
            &stored.clients,
            &stored.firm,
            &checkpoint,
        );
        let pdf = ledgerlock_documents::render_destruction_certificate(&cert, at)?;
        audit::append(
            &self.conn,
            &self.keys.audit(),
            &NewEntry {
                actor: Some(self.session.user_id),
                action: "destruction.certificate_printed",
                target: Some(format!("destruction_list:{id}")),
                details: Some(serde_json::json!({ "number": view.number })),
            },
            now,
        )?;
        Ok(pdf)
    }

    /// Checks a destruction certificate's verification code against the audit log
    /// (administrators and auditors). The check itself is audited.
    ///
    /// # Errors
    /// `forbidden`; storage errors.
    pub fn verify_certificate(
        &mut self,
        number: &str,
        code: &str,
        now: DateTime<Utc>,
    ) -> CoreResult<CertificateCheck> {
        self.session.require(Action::VerifyAudit)?;
        let row: Option<(Option<String>, Option<i64>)> = self
            .conn
            .query_row(
                "SELECT checkpoint, checkpoint_seq FROM destruction_lists WHERE number = ?1",
                [number.trim()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(sql("destruction_lists"))?;
        let code = normalize_code(code);
        let mut check = CertificateCheck {
            found: row.is_some(),
            code_matches: false,
            in_log: false,
            chain_intact: false,
            valid: false,
        };
        if let Some((Some(stored), Some(seq))) = row {
            check.code_matches = stored == code;
            let entry: Option<(String, Vec<u8>)> = self
                .conn
                .query_row(
                    "SELECT action, mac FROM audit_log WHERE seq = ?1",
                    [seq],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()
                .map_err(sql("audit_log"))?;
            check.in_log = entry.is_some_and(|(action, mac)| {
                action == "destruction.executed" && data_encoding::HEXLOWER.encode(&mac) == code
            });
            let report = audit::verify(&self.conn, &self.keys.audit())?;
            check.chain_intact = report.intact || report.first_broken.is_some_and(|b| b > seq);
        }
        check.valid = check.found && check.code_matches && check.in_log && check.chain_intact;
        audit::append(
            &self.conn,
            &self.keys.audit(),
            &NewEntry {
                actor: Some(self.session.user_id),
                action: "destruction.certificate_verified",
                target: None,
                details: Some(serde_json::json!({ "number": number.trim(), "valid": check.valid })),
            },
            now,
        )?;
        Ok(check)
    }

    /// The session's user id as the destruction list numbers users.
    fn me(&self) -> u32 {
        u32::try_from(self.session.user_id).unwrap_or(u32::MAX)
    }

    fn require_register(&self) -> CoreResult<()> {
        self.session
            .require(Action::Destroy)
            .or_else(|_| self.session.require(Action::ViewAudit))
    }

    fn load_list(&self, id: u32) -> CoreResult<(i64, Stored)> {
        let sealed: Vec<u8> = self
            .conn
            .query_row(
                "SELECT data FROM destruction_lists WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()
            .map_err(sql("destruction_lists"))?
            .ok_or_else(|| CoreError::NotFound {
                what: format!("destruction_list:{id}"),
            })?;
        let row = i64::from(id);
        let (row_name, column) = list_place(row);
        let place = Place {
            table: "destruction_lists",
            column,
            row: &row_name,
            key_version: 1,
        };
        let plain = self
            .keys
            .sealer()
            .open(&place, &sealed)
            .map_err(|_| damaged())?;
        let stored = serde_json::from_slice(&plain).map_err(|_| damaged())?;
        Ok((row, stored))
    }

    fn seal_list(&self, row: i64, stored: &Stored) -> CoreResult<Vec<u8>> {
        let plain = zeroize::Zeroizing::new(
            serde_json::to_vec(stored).map_err(|e| CoreError::Storage(e.to_string()))?,
        );
        let (row_name, column) = list_place(row);
        let place = Place {
            table: "destruction_lists",
            column,
            row: &row_name,
            key_version: 1,
        };
        self.keys
            .sealer()
            .seal(&place, &plain)
            .map_err(|e| CoreError::Storage(e.to_string()))
    }

    /// Stores the list and audits `action`, in one transaction.
    fn save_list(
        &mut self,
        row: i64,
        stored: &Stored,
        action: &str,
        now: DateTime<Utc>,
    ) -> CoreResult<()> {
        let sealed = self.seal_list(row, stored)?;
        let tx = self.conn.transaction().map_err(sql("file"))?;
        write_list(&tx, row, &sealed, stored.list.status, now)?;
        audit::append(
            &tx,
            &self.keys.audit(),
            &NewEntry {
                actor: Some(self.session.user_id),
                action,
                target: Some(format!("destruction_list:{row}")),
                details: None,
            },
            now,
        )?;
        tx.commit().map_err(sql("file"))
    }
}

fn write_list(
    conn: &rusqlite::Connection,
    row: i64,
    sealed: &[u8],
    status: ListStatus,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    let status = match status {
        ListStatus::Draft => "draft",
        ListStatus::Approved => "approved",
        ListStatus::Supervised => "supervised",
        ListStatus::Executed => "executed",
        ListStatus::Closed => "closed",
        ListStatus::Cancelled => "cancelled",
    };
    conn.execute(
        "UPDATE destruction_lists SET data = ?2, status = ?3, updated_at = ?4 WHERE id = ?1",
        params![row, sealed, status, now.to_rfc3339()],
    )
    .map_err(sql("destruction_lists"))?;
    Ok(())
}
