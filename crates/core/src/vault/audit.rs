//! The append-only, hash-chained audit log.
//!
//! Each entry carries an HMAC-SHA256 (keyed from the vault key, so only the vault can extend
//! the chain) over its own fields and the previous entry's MAC. The newest (seq, MAC) is also
//! kept sealed in the vault header (`meta.audit_head`), updated in the same transaction, so
//! cutting entries off the end is detected as well as editing them. Entries record who, when,
//! what (ids and field names); details are sealed; sensitive values are never written.

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use super::db::sql;
use super::key::SecretKey;
use super::seal::{Place, Sealer};
use crate::error::{CoreError, CoreResult};

type HmacSha256 = Hmac<Sha256>;

/// The keys the log needs.
pub struct AuditKeys<'a> {
    /// Seals entry details and the head anchor.
    pub sealer: &'a Sealer,
    /// Keys the chain's MACs.
    pub mac_key: &'a SecretKey,
    /// The vault's id (the chain's genesis and the anchor's place).
    pub vault_id: &'a str,
}

/// An entry to append.
#[derive(Debug, Clone, Default)]
pub struct NewEntry<'a> {
    /// The acting user's id, if any (none for failed logins by unknown names).
    pub actor: Option<i64>,
    /// Stable action code, e.g. `login.succeeded`, `field.revealed`.
    pub action: &'a str,
    /// What it concerns: a kind and id such as `user:3` or `client:…`.
    pub target: Option<String>,
    /// Non-sensitive details (field names, reasons, counts); sealed on disk.
    pub details: Option<serde_json::Value>,
}

/// A stored entry, as the audit screen shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    /// Position in the chain, from 1.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub seq: i64,
    /// When (UTC, RFC 3339).
    pub at: String,
    /// Acting user's id.
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub actor: Option<i64>,
    /// Action code.
    pub action: String,
    /// Target kind and id.
    pub target: Option<String>,
    /// Opened details.
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Unknown>))]
    pub details: Option<serde_json::Value>,
}

/// What verification found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum AuditProblem {
    /// An entry's fields or MAC were changed.
    Edited,
    /// An entry is missing from the middle of the chain.
    Missing,
    /// Entries were cut off the end (the anchor is ahead of the last entry).
    Truncated,
    /// The anchor in the header cannot be read.
    AnchorDamaged,
}

/// The result of verifying the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct AuditReport {
    /// Entries checked.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub entries: i64,
    /// Whether the whole chain and its anchor agree.
    pub intact: bool,
    /// The first entry that failed (or the first missing seq).
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub first_broken: Option<i64>,
    /// What failed.
    pub problem: Option<AuditProblem>,
    /// MAC of the last entry (hex): the checkpoint printed on certificates and reports.
    pub head: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct Anchor {
    seq: i64,
    mac: String,
}

fn anchor_place(vault_id: &str) -> Place<'_> {
    Place {
        table: "meta",
        column: "audit_head",
        row: vault_id,
        key_version: 1,
    }
}

fn genesis(keys: &AuditKeys<'_>) -> CoreResult<Vec<u8>> {
    let mut mac = HmacSha256::new_from_slice(keys.mac_key.expose())
        .map_err(|e| CoreError::Storage(e.to_string()))?;
    mac.update(b"ledgerlock/audit/genesis");
    mac.update(keys.vault_id.as_bytes());
    Ok(mac.finalize().into_bytes().to_vec())
}

#[allow(clippy::too_many_arguments)]
fn entry_mac(
    keys: &AuditKeys<'_>,
    prev: &[u8],
    seq: i64,
    at: &str,
    actor: Option<i64>,
    action: &str,
    target: Option<&str>,
    details: Option<&[u8]>,
) -> CoreResult<Vec<u8>> {
    let mut mac = HmacSha256::new_from_slice(keys.mac_key.expose())
        .map_err(|e| CoreError::Storage(e.to_string()))?;
    mac.update(prev);
    mac.update(&seq.to_be_bytes());
    for part in [
        Some(at.as_bytes()),
        Some(action.as_bytes()),
        target.map(str::as_bytes),
        details,
    ] {
        match part {
            Some(bytes) => {
                mac.update(&[1]);
                mac.update(&(bytes.len() as u64).to_be_bytes());
                mac.update(bytes);
            }
            None => mac.update(&[0]),
        }
    }
    mac.update(&actor.unwrap_or(-1).to_be_bytes());
    Ok(mac.finalize().into_bytes().to_vec())
}

fn read_anchor(conn: &Connection, keys: &AuditKeys<'_>) -> CoreResult<Option<Anchor>> {
    let sealed: Option<Vec<u8>> = conn
        .query_row("SELECT value FROM meta WHERE key = 'audit_head'", [], |r| {
            r.get(0)
        })
        .optional()
        .map_err(sql("meta"))?;
    let Some(sealed) = sealed else {
        return Ok(None);
    };
    let opened = keys
        .sealer
        .open(&anchor_place(keys.vault_id), &sealed)
        .map_err(|_| damaged("audit_head"))?;
    serde_json::from_slice(&opened)
        .map(Some)
        .map_err(|_| damaged("audit_head"))
}

fn damaged(part: &str) -> CoreError {
    CoreError::VaultDamaged {
        part: part.to_owned(),
    }
}

/// Action code of the marker the log writes when it finds its tail cut (the anchor is ahead
/// of, or disagrees with, the last entry). The marker is chained and anchored like any entry,
/// so the evidence cannot be removed without being detected in turn.
pub const CHAIN_CUT: &str = "audit.chain_cut";

/// Appends an entry and moves the anchor. Call inside the transaction that makes the change
/// being recorded, so that both land or neither does. Returns the entry's seq.
///
/// If the tail no longer matches the anchor, a [`CHAIN_CUT`] marker is chained first.
pub fn append(
    conn: &Connection,
    keys: &AuditKeys<'_>,
    entry: &NewEntry<'_>,
    now: DateTime<Utc>,
) -> CoreResult<i64> {
    let last = last_entry(conn)?;
    let anchor = read_anchor(conn, keys).ok().flatten();
    let tail_matches = match (&last, &anchor) {
        (None, None) => true,
        (Some((seq, mac)), Some(a)) => {
            *seq == a.seq && data_encoding::HEXLOWER.encode(mac) == a.mac
        }
        _ => false,
    };
    if !tail_matches {
        let first_missing = last.as_ref().map_or(1, |(seq, _)| seq + 1);
        tracing::warn!(first_missing, "audit log tail does not match its anchor");
        append_one(
            conn,
            keys,
            &NewEntry {
                actor: None,
                action: CHAIN_CUT,
                target: Some(format!("audit:{first_missing}")),
                details: Some(serde_json::json!({
                    "anchor_seq": anchor.as_ref().map(|a| a.seq),
                    "last_seq": last.as_ref().map(|(seq, _)| *seq),
                })),
            },
            now,
        )?;
    }
    append_one(conn, keys, entry, now)
}

fn last_entry(conn: &Connection) -> CoreResult<Option<(i64, Vec<u8>)>> {
    conn.query_row(
        "SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
    .map_err(sql("audit_log"))
}

fn append_one(
    conn: &Connection,
    keys: &AuditKeys<'_>,
    entry: &NewEntry<'_>,
    now: DateTime<Utc>,
) -> CoreResult<i64> {
    let (seq, prev) = match last_entry(conn)? {
        Some((seq, mac)) => (seq + 1, mac),
        None => (1, genesis(keys)?),
    };
    let at = now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let row = seq.to_string();
    let details = match &entry.details {
        Some(value) => {
            let plain = zeroize::Zeroizing::new(
                serde_json::to_vec(value).map_err(|e| CoreError::Storage(e.to_string()))?,
            );
            let place = Place {
                table: "audit_log",
                column: "details",
                row: &row,
                key_version: 1,
            };
            Some(
                keys.sealer
                    .seal(&place, &plain)
                    .map_err(|e| CoreError::Storage(e.to_string()))?,
            )
        }
        None => None,
    };
    let mac = entry_mac(
        keys,
        &prev,
        seq,
        &at,
        entry.actor,
        entry.action,
        entry.target.as_deref(),
        details.as_deref(),
    )?;
    conn.execute(
        "INSERT INTO audit_log (seq, at, actor, action, target, details, mac)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            seq,
            at,
            entry.actor,
            entry.action,
            entry.target,
            details,
            mac
        ],
    )
    .map_err(sql("audit_log"))?;
    let anchor = serde_json::to_vec(&Anchor {
        seq,
        mac: data_encoding::HEXLOWER.encode(&mac),
    })
    .map_err(|e| CoreError::Storage(e.to_string()))?;
    let sealed = keys
        .sealer
        .seal(&anchor_place(keys.vault_id), &anchor)
        .map_err(|e| CoreError::Storage(e.to_string()))?;
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('audit_head', ?1)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![sealed],
    )
    .map_err(sql("meta"))?;
    Ok(seq)
}

/// Walks the whole chain and compares its end with the anchor.
pub fn verify(conn: &Connection, keys: &AuditKeys<'_>) -> CoreResult<AuditReport> {
    let mut stmt = conn
        .prepare("SELECT seq, at, actor, action, target, details, mac FROM audit_log ORDER BY seq")
        .map_err(sql("audit_log"))?;
    let mut rows = stmt.query([]).map_err(sql("audit_log"))?;
    let mut prev = genesis(keys)?;
    let mut expected_seq = 1i64;
    let mut count = 0i64;
    let mut cut_at: Option<i64> = None;
    let broken = |seq: i64, problem: AuditProblem, count: i64, head: &[u8]| AuditReport {
        entries: count,
        intact: false,
        first_broken: Some(seq),
        problem: Some(problem),
        head: data_encoding::HEXLOWER.encode(head),
    };
    while let Some(row) = rows.next().map_err(sql("audit_log"))? {
        let seq: i64 = row.get(0).map_err(sql("audit_log"))?;
        let at: String = row.get(1).map_err(sql("audit_log"))?;
        let actor: Option<i64> = row.get(2).map_err(sql("audit_log"))?;
        let action: String = row.get(3).map_err(sql("audit_log"))?;
        let target: Option<String> = row.get(4).map_err(sql("audit_log"))?;
        let details: Option<Vec<u8>> = row.get(5).map_err(sql("audit_log"))?;
        let mac: Vec<u8> = row.get(6).map_err(sql("audit_log"))?;
        if seq != expected_seq {
            return Ok(broken(expected_seq, AuditProblem::Missing, count, &prev));
        }
        let want = entry_mac(
            keys,
            &prev,
            seq,
            &at,
            actor,
            &action,
            target.as_deref(),
            details.as_deref(),
        )?;
        if want != mac {
            return Ok(broken(seq, AuditProblem::Edited, count, &prev));
        }
        if action == CHAIN_CUT && cut_at.is_none() {
            cut_at = Some(
                target
                    .as_deref()
                    .and_then(|t| t.strip_prefix("audit:"))
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(seq),
            );
        }
        prev = mac;
        expected_seq += 1;
        count += 1;
    }
    let Ok(anchor) = read_anchor(conn, keys) else {
        return Ok(broken(
            expected_seq,
            AuditProblem::AnchorDamaged,
            count,
            &prev,
        ));
    };
    let head = data_encoding::HEXLOWER.encode(&prev);
    match anchor {
        None if count == 0 => {}
        None => return Ok(broken(1, AuditProblem::AnchorDamaged, count, &prev)),
        Some(a) if a.seq > count => {
            return Ok(broken(count + 1, AuditProblem::Truncated, count, &prev))
        }
        Some(a) if a.seq < count || a.mac != head => {
            return Ok(broken(a.seq.max(1), AuditProblem::Edited, count, &prev))
        }
        Some(_) => {}
    }
    if let Some(seq) = cut_at {
        return Ok(broken(seq, AuditProblem::Truncated, count, &prev));
    }
    Ok(AuditReport {
        entries: count,
        intact: true,
        first_broken: None,
        problem: None,
        head,
    })
}

/// Which entries to list.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct AuditFilter {
    /// Only actions starting with this code (e.g. `login`).
    pub action_prefix: Option<String>,
    /// Only this user's entries.
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub actor: Option<i64>,
    /// Only entries at or after this instant (RFC 3339).
    pub from: Option<String>,
    /// Only entries before this instant (RFC 3339).
    pub to: Option<String>,
    /// At most this many, newest first (default 200).
    pub limit: Option<u32>,
}

/// Lists entries, newest first, with details opened.
pub fn list(
    conn: &Connection,
    keys: &AuditKeys<'_>,
    filter: &AuditFilter,
) -> CoreResult<Vec<AuditEntry>> {
    let prefix = filter
        .action_prefix
        .as_deref()
        .map(|p| format!("{}%", p.replace(['%', '_'], "")));
    let mut stmt = conn
        .prepare(
            "SELECT seq, at, actor, action, target, details FROM audit_log
             WHERE (?1 IS NULL OR action LIKE ?1)
               AND (?2 IS NULL OR actor = ?2)
               AND (?3 IS NULL OR at >= ?3)
               AND (?4 IS NULL OR at < ?4)
             ORDER BY seq DESC LIMIT ?5",
        )
        .map_err(sql("audit_log"))?;
    let rows = stmt
        .query_map(
            params![
                prefix,
                filter.actor,
                filter.from,
                filter.to,
                filter.limit.unwrap_or(200)
            ],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<i64>>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<Vec<u8>>>(5)?,
                ))
            },
        )
        .map_err(sql("audit_log"))?;
    let mut out = Vec::new();
    for row in rows {
        let (seq, at, actor, action, target, details) = row.map_err(sql("audit_log"))?;
        let details = match details {
            Some(sealed) => {
                let row_id = seq.to_string();
                let place = Place {
                    table: "audit_log",
                    column: "details",
                    row: &row_id,
                    key_version: 1,
                };
                let plain = keys
                    .sealer
                    .open(&place, &sealed)
                    .map_err(|_| damaged("audit_log"))?;
                Some(serde_json::from_slice(&plain).map_err(|_| damaged("audit_log"))?)
            }
            None => None,
        };
        out.push(AuditEntry {
            seq,
            at,
            actor,
            action,
            target,
            details,
        });
    }
    Ok(out)
}

impl super::Vault {
    /// Lists audit entries (auditors and administrators).
    pub fn audit_entries(&self, filter: &AuditFilter) -> CoreResult<Vec<AuditEntry>> {
        self.session.require(super::roles::Action::ViewAudit)?;
        list(&self.conn, &self.keys.audit(), filter)
    }

    /// Verifies the chain (auditors and administrators); the check itself is audited.
    pub fn verify_audit(&mut self, now: DateTime<Utc>) -> CoreResult<AuditReport> {
        self.session.require(super::roles::Action::VerifyAudit)?;
        let report = verify(&self.conn, &self.keys.audit())?;
        self.record(
            &NewEntry {
                actor: Some(self.session.user_id),
                action: "audit.verified",
                target: None,
                details: Some(serde_json::json!({
                    "intact": report.intact,
                    "entries": report.entries,
                    "first_broken": report.first_broken,
                })),
            },
            now,
        )?;
        Ok(report)
    }
}
