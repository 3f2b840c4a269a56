//! Saved reconciliations in the vault: save (new or replacing a draft), list per client,
//! open, delete a draft. Sealed with the client's key in two columns: `meta` (file names and
//! the figures a list shows, small) and `data` (the whole workbench, opened only to reopen).

use chrono::{DateTime, Datelike, Utc};
use ledgerlock_reconciliation::Workbench;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::{
    retain_until, ReconciliationStatus, ReconciliationSummary, SaveReconciliation,
    SavedReconciliation, RECORD_CLASS,
};
use crate::error::{CoreError, CoreResult};
use crate::vault::audit::{self, NewEntry};
use crate::vault::db::sql;
use crate::vault::{Action, Place, Vault};

const TABLE: &str = "reconciliations";

/// The sealed `meta` column.
#[derive(Serialize, Deserialize)]
struct Meta {
    bank_file: String,
    ledger_file: String,
    balanced: bool,
    open_bank: u32,
    open_book: u32,
    matched: u32,
}

/// The sealed `data` column.
#[derive(Serialize, Deserialize)]
struct Data {
    workbench: Workbench,
}

fn at<'a>(column: &'a str, id: &'a str) -> Place<'a> {
    Place {
        table: TABLE,
        column,
        row: id,
        key_version: 1,
    }
}

fn not_found(id: &str) -> CoreError {
    CoreError::NotFound {
        what: format!("reconciliation:{id}"),
    }
}

fn damaged() -> CoreError {
    CoreError::VaultDamaged {
        part: TABLE.to_owned(),
    }
}

fn u32_of(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn meta_of(input: &SaveReconciliation<'_>) -> Meta {
    let wb = input.workbench;
    let totals = wb.totals();
    Meta {
        bank_file: input.bank_file.to_owned(),
        ledger_file: input.ledger_file.to_owned(),
        balanced: wb.statement().balanced,
        open_bank: u32_of(totals.bank.open_count),
        open_book: u32_of(totals.book.open_count),
        matched: u32_of(wb.confirmed().len()),
    }
}

/// The clear columns of a row, as read.
struct Row {
    id: String,
    client_id: String,
    status: String,
    class: String,
    fiscal_year: Option<i32>,
    period_start: Option<String>,
    period_end: Option<String>,
    revision: u32,
    created_at: String,
    updated_at: String,
    updated_by: Option<i64>,
    meta: Vec<u8>,
}

const ROW_COLUMNS: &str = "id, client_id, status, class, fiscal_year, period_start, period_end, \
                           revision, created_at, updated_at, updated_by, meta";

fn read_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok(Row {
        id: r.get(0)?,
        client_id: r.get(1)?,
        status: r.get(2)?,
        class: r.get(3)?,
        fiscal_year: r.get(4)?,
        period_start: r.get(5)?,
        period_end: r.get(6)?,
        revision: r.get(7)?,
        created_at: r.get(8)?,
        updated_at: r.get(9)?,
        updated_by: r.get(10)?,
        meta: r.get(11)?,
    })
}

impl Vault {
    fn summary_of(&mut self, row: Row) -> CoreResult<ReconciliationSummary> {
        let meta: Meta =
            self.open_client_column(&row.client_id, &at("meta", &row.id), &row.meta)?;
        let status = ReconciliationStatus::parse(&row.status).ok_or_else(damaged)?;
        Ok(ReconciliationSummary {
            retain_until: row
                .fiscal_year
                .and_then(retain_until)
                .map(|d| d.to_string()),
            id: row.id,
            client_id: row.client_id,
            status,
            class: row.class,
            fiscal_year: row.fiscal_year,
            period_start: row.period_start,
            period_end: row.period_end,
            bank_file: meta.bank_file,
            ledger_file: meta.ledger_file,
            balanced: meta.balanced,
            open_bank: meta.open_bank,
            open_book: meta.open_book,
            matched: meta.matched,
            revision: row.revision,
            created_at: row.created_at,
            updated_at: row.updated_at,
            updated_by: row.updated_by.map(|u| u32::try_from(u).unwrap_or(u32::MAX)),
        })
    }

    fn reconciliation_row(&self, id: &str) -> CoreResult<Row> {
        self.conn
            .query_row(
                &format!("SELECT {ROW_COLUMNS} FROM {TABLE} WHERE id = ?1"),
                [id],
                read_row,
            )
            .optional()
            .map_err(sql(TABLE))?
            .ok_or_else(|| not_found(id))
    }

    /// Saves a reconciliation with its client: a new one, or a new revision of a draft.
    /// Refused: without [`Action::Reconcile`] on the client; for a client that is not active;
    /// over a final reconciliation (`edit_final_reconciliation`); over a newer save than the
    /// one named (`invalid_input` `version`/`stale`).
    pub fn save_reconciliation(
        &mut self,
        input: &SaveReconciliation<'_>,
        now: DateTime<Utc>,
    ) -> CoreResult<ReconciliationSummary> {
        let client_id = input.client_id;
        self.require_client_status(Action::Reconcile, client_id)?;
        let client_status: Option<String> = self
            .conn
            .query_row(
                "SELECT status FROM clients WHERE id = ?1",
                [client_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(sql("clients"))?;
        match client_status.as_deref() {
            None | Some("destroyed") => {
                return Err(CoreError::NotFound {
                    what: format!("client:{client_id}"),
                })
            }
            Some("active") => {}
            Some(_) => {
                return Err(CoreError::Forbidden {
                    action: "edit_inactive_client".to_owned(),
                })
            }
        }
        if !input.workbench.invariant_holds() {
            return Err(CoreError::InvalidInput {
                field: "reconciliation".to_owned(),
                reason: "inconsistent_history".to_owned(),
            });
        }
        let previous = match input.id {
            None => None,
            Some(id) => {
                let row = self.reconciliation_row(id)?;
                if row.client_id != client_id {
                    return Err(not_found(id));
                }
                if row.status != ReconciliationStatus::Draft.as_str() {
                    return Err(CoreError::Forbidden {
                        action: "edit_final_reconciliation".to_owned(),
                    });
                }
                if input.revision != Some(row.revision) {
                    return Err(CoreError::InvalidInput {
                        field: "version".to_owned(),
                        reason: "stale".to_owned(),
                    });
                }
                Some(row.revision)
            }
        };
        let id = input
            .id
            .map_or_else(|| uuid::Uuid::new_v4().to_string(), str::to_owned);
        let period = input.workbench.period();
        let period_start = period.map(|(from, _)| from.to_string());
        let period_end = period.map(|(_, to)| to.to_string());
        let fiscal_year = period.map(|(_, to)| to.year());
        let meta = self.seal_client_column(client_id, &at("meta", &id), &meta_of(input))?;
        let data = self.seal_client_column(
            client_id,
            &at("data", &id),
            &Data {
                workbench: input.workbench.clone(),
            },
        )?;
        let stamp = now.to_rfc3339();
        let user = self.session.user_id;
        let status = input.status.as_str();
        let finalized_at = (input.status == ReconciliationStatus::Final).then(|| stamp.clone());
        let revision = previous.map_or(1, |r| r + 1);
        let tx = self.conn.transaction().map_err(sql("file"))?;
        match previous {
            None => {
                tx.execute(
                    "INSERT INTO reconciliations (id, client_id, status, class, fiscal_year,
                        period_start, period_end, revision, created_at, created_by, updated_at,
                        updated_by, finalized_at, meta, data)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8, ?9, ?8, ?9, ?10, ?11, ?12)",
                    params![
                        id,
                        client_id,
                        status,
                        RECORD_CLASS,
                        fiscal_year,
                        period_start,
                        period_end,
                        stamp,
                        user,
                        finalized_at,
                        meta,
                        data
                    ],
                )
                .map_err(sql(TABLE))?;
            }
            Some(old) => {
                let n = tx
                    .execute(
                        "UPDATE reconciliations SET status = ?2, fiscal_year = ?3,
                            period_start = ?4, period_end = ?5, revision = ?6, updated_at = ?7,
                            updated_by = ?8, finalized_at = ?9, meta = ?10, data = ?11
                         WHERE id = ?1 AND revision = ?12 AND status = 'draft'",
                        params![
                            id,
                            status,
                            fiscal_year,
                            period_start,
                            period_end,
                            revision,
                            stamp,
                            user,
                            finalized_at,
                            meta,
                            data,
                            old
                        ],
                    )
                    .map_err(sql(TABLE))?;
                if n != 1 {
                    return Err(CoreError::InvalidInput {
                        field: "version".to_owned(),
                        reason: "stale".to_owned(),
                    });
                }
            }
        }
        audit::append(
            &tx,
            &self.keys.audit(),
            &NewEntry {
                actor: Some(user),
                action: "reconciliation.saved",
                target: Some(format!("client:{client_id}")),
                details: Some(serde_json::json!({
                    "reconciliation": id, "status": status, "revision": revision,
                })),
            },
            now,
        )?;
        tx.commit().map_err(sql("file"))?;
        let row = self.reconciliation_row(&id)?;
        self.summary_of(row)
    }

    /// A client's saved reconciliations, newest period first.
    pub fn reconciliations(&mut self, client_id: &str) -> CoreResult<Vec<ReconciliationSummary>> {
        self.require_client_status(Action::ViewClient, client_id)?;
        let rows: Vec<Row> = {
            let mut stmt = self
                .conn
                .prepare(&format!(
                    "SELECT {ROW_COLUMNS} FROM {TABLE} WHERE client_id = ?1
                     ORDER BY period_end DESC, updated_at DESC, id"
                ))
                .map_err(sql(TABLE))?;
            let rows = stmt.query_map([client_id], read_row).map_err(sql(TABLE))?;
            rows.collect::<Result<_, _>>().map_err(sql(TABLE))?
        };
        rows.into_iter().map(|r| self.summary_of(r)).collect()
    }

    /// Opens a saved reconciliation to continue it (or read it, when final). Audited.
    pub fn open_reconciliation(
        &mut self,
        id: &str,
        now: DateTime<Utc>,
    ) -> CoreResult<SavedReconciliation> {
        let row = self.reconciliation_row(id)?;
        self.require_client_status(Action::ViewClient, &row.client_id)?;
        let sealed: Vec<u8> = self
            .conn
            .query_row(
                "SELECT data FROM reconciliations WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .map_err(sql(TABLE))?;
        let client_id = row.client_id.clone();
        let data: Data = self.open_client_column(&client_id, &at("data", id), &sealed)?;
        let summary = self.summary_of(row)?;
        self.record(
            &NewEntry {
                actor: Some(self.session.user_id),
                action: "reconciliation.opened",
                target: Some(format!("client:{client_id}")),
                details: Some(serde_json::json!({ "reconciliation": id })),
            },
            now,
        )?;
        Ok(SavedReconciliation {
            summary,
            workbench: data.workbench,
        })
    }

    /// Deletes a draft. A final reconciliation is a record under retention: refused
    /// (`delete_final_reconciliation`).
    pub fn delete_reconciliation(&mut self, id: &str, now: DateTime<Utc>) -> CoreResult<()> {
        let row = self.reconciliation_row(id)?;
        self.require_client_status(Action::Reconcile, &row.client_id)?;
        if row.status != ReconciliationStatus::Draft.as_str() {
            return Err(CoreError::Forbidden {
                action: "delete_final_reconciliation".to_owned(),
            });
        }
        let tx = self.conn.transaction().map_err(sql("file"))?;
        let n = tx
            .execute(
                "DELETE FROM reconciliations WHERE id = ?1 AND status = 'draft'",
                [id],
            )
            .map_err(sql(TABLE))?;
        if n != 1 {
            return Err(not_found(id));
        }
        audit::append(
            &tx,
            &self.keys.audit(),
            &NewEntry {
                actor: Some(self.session.user_id),
                action: "reconciliation.deleted",
                target: Some(format!("client:{}", row.client_id)),
                details: Some(serde_json::json!({ "reconciliation": id })),
            },
            now,
        )?;
        tx.commit().map_err(sql("file"))
    }
}
