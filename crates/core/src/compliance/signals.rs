//! Automatic risk signals computed from the vault (seed aspects 1, 13 and 19): each is a count
//! with a level and the records behind it, so the overview can open them.
//!
//! The facts are gathered from the vault in one place (`Vault::signal_facts`); the rules
//! that turn them into signals are pure ([`evaluate`]) and tested on their own. Thresholds
//! (decisions, `docs/compliance.md`): unverified for 12 months; agreements ending within 30
//! days, or issued and still unsigned after 14 days; change reviews waiting more than 7 days;
//! last good backup older than the set interval; last good restore test older than 90 days;
//! audit chain not verified for 30 days; staff without passed or attended training in 12
//! months; enabled users without a login for 90 days; 3 or more failed logins of one user
//! (or 5 of unknown names) within 7 days.

use chrono::{DateTime, Duration, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::register::{
    is_overdue, EntryBody, EntryStatus, RegisterKind, RiskLevel, TrainingResult,
};
use crate::clients::consent::ConsentScope;
use crate::clients::record::ClientKind;
use crate::clients::record::ClientStatus;
use crate::error::CoreResult;
use crate::vault::backup::{BackupHistory, BackupSettings};
use crate::vault::db::sql;
use crate::vault::{Action, Vault};

/// Days after which a signed agreement's end is announced.
pub const AGREEMENT_WARNING_DAYS: i64 = 30;
/// Days an issued agreement may stay unsigned.
pub const UNSIGNED_AFTER_DAYS: i64 = 14;
/// Days a change may wait for review.
pub const REVIEW_WAIT_DAYS: i64 = 7;
/// Days between restore tests.
pub const RESTORE_TEST_DAYS: i64 = 90;
/// Days between audit-chain verifications.
pub const AUDIT_VERIFY_DAYS: i64 = 30;
/// Days without login after which an enabled account is dormant.
pub const DORMANT_DAYS: i64 = 90;
/// Failed logins of one user within a week that make a signal.
pub const FAILED_LOGINS: u32 = 3;
/// Failed logins with unknown user names within a week that make a signal.
pub const FAILED_UNKNOWN_LOGINS: u32 = 5;

/// Which signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum SignalCode {
    /// Requests or privacy complaints past their deadline.
    OverdueRequests,
    /// Security incidents not closed.
    OpenIncidents,
    /// Open risks of level high or critical.
    HighRisks,
    /// Open risks past their review date.
    RiskReviewsDue,
    /// Active clients without the consent they need.
    MissingConsent,
    /// Clients not verified for 12 months.
    Unverified,
    /// Clients past retention awaiting destruction.
    RetentionDue,
    /// Signed agreements ending within 30 days.
    AgreementsExpiring,
    /// Agreements issued but unsigned for more than 14 days.
    AgreementsUnsigned,
    /// Change reviews waiting more than 7 days.
    StaleReviews,
    /// No good backup within the set interval.
    BackupOverdue,
    /// No good restore test for 90 days.
    RestoreTestOverdue,
    /// Audit chain not verified for 30 days.
    AuditNotVerified,
    /// Staff without training in the last 12 months.
    TrainingOverdue,
    /// Enabled users without a login for 90 days.
    DormantUsers,
    /// Repeated failed logins within 7 days.
    FailedLogins,
}

/// How urgent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum SignalLevel {
    /// Nothing to do.
    Ok,
    /// Worth a look.
    Info,
    /// Needs action soon.
    Warning,
    /// Needs action now.
    Critical,
}

/// One record behind a signal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct SignalItem {
    /// What it points at: `client:ID`, `user:ID`, `agreement:ID`, `change:ID`,
    /// `register:ID`, `backup`, `audit`.
    pub target: String,
    /// A name for it (client or user name, entry number).
    pub label: String,
    /// A date or figure that explains it (YYYY-MM-DD or a count).
    pub detail: String,
}

/// A signal as the overview shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Signal {
    /// Which.
    pub code: SignalCode,
    /// Level (`ok` when the count is 0).
    pub level: SignalLevel,
    /// How many records.
    pub count: u32,
    /// The records.
    pub items: Vec<SignalItem>,
}

/// A client, as the signals see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientFact {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Status.
    pub status: ClientStatus,
    /// Individual (needs a sensitive-data consent too).
    pub individual: bool,
    /// Verified on.
    pub verified_on: Option<NaiveDate>,
    /// Created on.
    pub created_on: NaiveDate,
    /// A processing consent is in force.
    pub processing_consent: bool,
    /// A sensitive-data consent is in force.
    pub sensitive_consent: bool,
}

/// A user, as the signals see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserFact {
    /// Id.
    pub id: i64,
    /// Display name.
    pub name: String,
    /// Enabled.
    pub enabled: bool,
    /// Created on.
    pub created_on: NaiveDate,
    /// Last login.
    pub last_login_on: Option<NaiveDate>,
    /// Last training passed or attended.
    pub last_training_on: Option<NaiveDate>,
    /// Failed logins in the last 7 days.
    pub recent_failures: u32,
}

/// An agreement, as the signals see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementFact {
    /// Id.
    pub id: i64,
    /// Number.
    pub number: String,
    /// Client name.
    pub client: String,
    /// Stored status (`draft`, `sent`, `signed`, …).
    pub status: String,
    /// Issued on.
    pub issued_on: NaiveDate,
    /// Term end.
    pub end_on: Option<NaiveDate>,
}

/// A register entry, as the signals see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryFact {
    /// Id.
    pub id: i64,
    /// Register.
    pub kind: RegisterKind,
    /// Number.
    pub number: String,
    /// Status.
    pub status: EntryStatus,
    /// Deadline or review date.
    pub due_on: Option<NaiveDate>,
    /// Closed on.
    pub closed_on: Option<NaiveDate>,
    /// Whether `due_on` is an answer deadline.
    pub answer_deadline: bool,
    /// Risk level.
    pub level: Option<RiskLevel>,
}

/// Everything the signals are computed from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignalFacts {
    /// Clients (not destroyed).
    pub clients: Vec<ClientFact>,
    /// Clients due for destruction today (id, name).
    pub retention_due: Vec<(String, String)>,
    /// Agreements.
    pub agreements: Vec<AgreementFact>,
    /// Pending change requests (id, client name, requested on).
    pub pending_changes: Vec<(i64, String, NaiveDate)>,
    /// Users.
    pub users: Vec<UserFact>,
    /// Failed logins with unknown names in the last 7 days.
    pub unknown_failures: u32,
    /// A backup is overdue (no good backup within the interval); and the last good one.
    pub backup_overdue: bool,
    /// Last good backup.
    pub last_backup: Option<NaiveDate>,
    /// Last good restore test.
    pub last_restore_test: Option<NaiveDate>,
    /// Last audit-chain verification.
    pub last_audit_verify: Option<NaiveDate>,
    /// Register entries.
    pub entries: Vec<EntryFact>,
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn older_than(day: Option<NaiveDate>, days: i64, today: NaiveDate) -> bool {
    day.is_none_or(|d| today - d > Duration::days(days))
}

fn signal(code: SignalCode, level: SignalLevel, items: Vec<SignalItem>) -> Signal {
    Signal {
        code,
        level: if items.is_empty() {
            SignalLevel::Ok
        } else {
            level
        },
        count: u32::try_from(items.len()).unwrap_or(u32::MAX),
        items,
    }
}

fn item(target: String, label: &str, detail: String) -> SignalItem {
    SignalItem {
        target,
        label: label.to_owned(),
        detail,
    }
}

/// The signals of `facts` on `today`, in the order of [`SignalCode`].
#[must_use]
pub fn evaluate(facts: &SignalFacts, today: NaiveDate) -> Vec<Signal> {
    use SignalCode as C;
    use SignalLevel as L;
    let entry_item =
        |e: &EntryFact, detail: String| item(format!("register:{}", e.id), &e.number, detail);
    let open = |e: &&EntryFact| e.status != EntryStatus::Closed;
    let a_year_ago = today.checked_sub_months(Months::new(12)).unwrap_or(today);
    let active_clients = || {
        facts
            .clients
            .iter()
            .filter(|c| c.status == ClientStatus::Active)
    };

    let overdue = facts
        .entries
        .iter()
        .filter(|e| e.answer_deadline && e.closed_on.is_none() && is_overdue(e.due_on, None, today))
        .map(|e| entry_item(e, e.due_on.map(ymd).unwrap_or_default()))
        .collect();
    let incidents = facts
        .entries
        .iter()
        .filter(|e| e.kind == RegisterKind::Incident)
        .filter(open)
        .map(|e| entry_item(e, String::new()))
        .collect();
    let high: Vec<&EntryFact> = facts
        .entries
        .iter()
        .filter(|e| e.kind == RegisterKind::Risk)
        .filter(open)
        .filter(|e| e.level >= Some(RiskLevel::High))
        .collect();
    let high_level = if high.iter().any(|e| e.level == Some(RiskLevel::Critical)) {
        L::Critical
    } else {
        L::Warning
    };
    let high = high
        .into_iter()
        .map(|e| {
            let level = e
                .level
                .map(|l| format!("{l:?}").to_lowercase())
                .unwrap_or_default();
            entry_item(e, level)
        })
        .collect();
    let reviews = facts
        .entries
        .iter()
        .filter(|e| e.kind == RegisterKind::Risk)
        .filter(open)
        .filter(|e| e.due_on.is_some_and(|d| d < today))
        .map(|e| entry_item(e, e.due_on.map(ymd).unwrap_or_default()))
        .collect();
    let consent = active_clients()
        .filter(|c| {
            crate::clients::consent::lacks_required_consent(
                c.individual,
                c.processing_consent,
                c.sensitive_consent,
            )
        })
        .map(|c| {
            let missing = if c.processing_consent {
                "sensitive_data"
            } else {
                "processing"
            };
            item(format!("client:{}", c.id), &c.name, missing.to_owned())
        })
        .collect();
    let unverified = active_clients()
        .filter(|c| c.verified_on.unwrap_or(c.created_on) < a_year_ago)
        .map(|c| {
            item(
                format!("client:{}", c.id),
                &c.name,
                c.verified_on.map(ymd).unwrap_or_default(),
            )
        })
        .collect();
    let retention = facts
        .retention_due
        .iter()
        .map(|(id, name)| item(format!("client:{id}"), name, String::new()))
        .collect();
    let expiring = facts
        .agreements
        .iter()
        .filter(|a| a.status == "signed")
        .filter(|a| {
            a.end_on
                .is_some_and(|e| e >= today && e - today <= Duration::days(AGREEMENT_WARNING_DAYS))
        })
        .map(|a| {
            item(
                format!("agreement:{}", a.id),
                &format!("{} {}", a.number, a.client),
                a.end_on.map(ymd).unwrap_or_default(),
            )
        })
        .collect();
    let unsigned = facts
        .agreements
        .iter()
        .filter(|a| a.status == "draft" || a.status == "sent")
        .filter(|a| today - a.issued_on > Duration::days(UNSIGNED_AFTER_DAYS))
        .map(|a| {
            item(
                format!("agreement:{}", a.id),
                &format!("{} {}", a.number, a.client),
                ymd(a.issued_on),
            )
        })
        .collect();
    let reviews_waiting = facts
        .pending_changes
        .iter()
        .filter(|(_, _, on)| today - *on > Duration::days(REVIEW_WAIT_DAYS))
        .map(|(id, client, on)| item(format!("change:{id}"), client, ymd(*on)))
        .collect();
    let backup = if facts.backup_overdue {
        vec![item(
            "backup".to_owned(),
            "",
            facts.last_backup.map(ymd).unwrap_or_default(),
        )]
    } else {
        Vec::new()
    };
    let restore = if older_than(facts.last_restore_test, RESTORE_TEST_DAYS, today) {
        vec![item(
            "backup".to_owned(),
            "",
            facts.last_restore_test.map(ymd).unwrap_or_default(),
        )]
    } else {
        Vec::new()
    };
    let audit = if older_than(facts.last_audit_verify, AUDIT_VERIFY_DAYS, today) {
        vec![item(
            "audit".to_owned(),
            "",
            facts.last_audit_verify.map(ymd).unwrap_or_default(),
        )]
    } else {
        Vec::new()
    };
    let enabled = || facts.users.iter().filter(|u| u.enabled);
    let training = enabled()
        .filter(|u| u.last_training_on.is_none_or(|d| d < a_year_ago))
        .map(|u| {
            item(
                format!("user:{}", u.id),
                &u.name,
                u.last_training_on.map(ymd).unwrap_or_default(),
            )
        })
        .collect();
    let dormant = enabled()
        .filter(|u| today - u.last_login_on.unwrap_or(u.created_on) > Duration::days(DORMANT_DAYS))
        .map(|u| {
            item(
                format!("user:{}", u.id),
                &u.name,
                u.last_login_on.map(ymd).unwrap_or_default(),
            )
        })
        .collect();
    let mut failures: Vec<SignalItem> = facts
        .users
        .iter()
        .filter(|u| u.recent_failures >= FAILED_LOGINS)
        .map(|u| {
            item(
                format!("user:{}", u.id),
                &u.name,
                u.recent_failures.to_string(),
            )
        })
        .collect();
    if facts.unknown_failures >= FAILED_UNKNOWN_LOGINS {
        failures.push(item(
            "user:unknown".to_owned(),
            "",
            facts.unknown_failures.to_string(),
        ));
    }
    vec![
        signal(C::OverdueRequests, L::Critical, overdue),
        signal(C::OpenIncidents, L::Critical, incidents),
        signal(C::HighRisks, high_level, high),
        signal(C::RiskReviewsDue, L::Info, reviews),
        signal(C::MissingConsent, L::Warning, consent),
        signal(C::Unverified, L::Info, unverified),
        signal(C::RetentionDue, L::Warning, retention),
        signal(C::AgreementsExpiring, L::Warning, expiring),
        signal(C::AgreementsUnsigned, L::Info, unsigned),
        signal(C::StaleReviews, L::Warning, reviews_waiting),
        signal(C::BackupOverdue, L::Critical, backup),
        signal(C::RestoreTestOverdue, L::Warning, restore),
        signal(C::AuditNotVerified, L::Warning, audit),
        signal(C::TrainingOverdue, L::Warning, training),
        signal(C::DormantUsers, L::Warning, dormant),
        signal(C::FailedLogins, L::Critical, failures),
    ]
}

fn date_of(rfc3339: &str) -> Option<NaiveDate> {
    DateTime::parse_from_rfc3339(rfc3339)
        .ok()
        .map(|t| t.with_timezone(&Utc).date_naive())
        .or_else(|| NaiveDate::parse_from_str(rfc3339.get(..10)?, "%Y-%m-%d").ok())
}

impl Vault {
    /// The signals today (administrators, accountants, auditors).
    ///
    /// # Errors
    /// `forbidden` without `view_reports`; storage errors.
    pub fn compliance_signals(&mut self, now: DateTime<Utc>) -> CoreResult<Vec<Signal>> {
        self.session.require(Action::ViewReports)?;
        let facts = self.signal_facts(now)?;
        Ok(evaluate(&facts, now.date_naive()))
    }

    /// Gathers the facts the signals need, over the whole vault (the caller checks the role).
    pub(crate) fn signal_facts(&mut self, now: DateTime<Utc>) -> CoreResult<SignalFacts> {
        let today = now.date_naive();
        let week_ago = (now - Duration::days(7)).to_rfc3339();

        let mut clients = Vec::new();
        let rows: Vec<(String, String, Option<String>, String)> = {
            let mut stmt = self
                .conn
                .prepare(
                    "SELECT id, status, verified_at, created_at FROM clients
                     WHERE status != 'destroyed' ORDER BY created_at, id",
                )
                .map_err(sql("clients"))?;
            let rows = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .map_err(sql("clients"))?;
            rows.collect::<Result<_, _>>().map_err(sql("clients"))?
        };
        let processing = self.consents_in_force(ConsentScope::Processing, today)?;
        let sensitive = self.consents_in_force(ConsentScope::SensitiveData, today)?;
        // Each user sees the signals of the clients they may see (as their client list does).
        let visible = |vault: &Vault, client: &str| {
            vault
                .session
                .require_for_client(Action::ViewClient, client)
                .is_ok()
        };
        for (id, status, verified_at, created_at) in rows {
            if !visible(self, &id) {
                continue;
            }
            let processing_consent = processing.contains(&id);
            let sensitive_consent = sensitive.contains(&id);
            let summary = self.clients.summary(&id);
            clients.push(ClientFact {
                name: summary.map(|s| s.name.clone()).unwrap_or_default(),
                individual: summary.is_some_and(|s| s.kind == ClientKind::Individual),
                status: ClientStatus::parse(&status).unwrap_or(ClientStatus::Active),
                verified_on: verified_at.as_deref().and_then(date_of),
                created_on: date_of(&created_at).unwrap_or(today),
                processing_consent,
                sensitive_consent,
                id,
            });
        }

        let mut retention_due = self.clients_due_today(now)?;
        retention_due.retain(|(id, _)| visible(self, id));

        let agreements = {
            let mut stmt = self
                .conn
                .prepare(
                    "SELECT a.id, a.client_id, a.number, a.status, a.created_at, a.end_on
                     FROM agreements a JOIN clients c ON c.id = a.client_id
                     WHERE a.status IN ('draft','sent','signed') AND c.status = 'active'
                     ORDER BY a.id",
                )
                .map_err(sql("agreements"))?;
            let rows = stmt
                .query_map([], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, Option<String>>(5)?,
                    ))
                })
                .map_err(sql("agreements"))?;
            let rows: Vec<_> = rows.collect::<Result<_, _>>().map_err(sql("agreements"))?;
            rows.into_iter()
                .filter(|(_, client, ..)| visible(self, client))
                .map(|(id, client, number, status, issued, end)| AgreementFact {
                    id,
                    number,
                    client: self.clients.name(&client).unwrap_or_default().to_owned(),
                    status,
                    issued_on: date_of(&issued).unwrap_or(today),
                    end_on: end.as_deref().and_then(date_of),
                })
                .collect()
        };

        let pending_changes = {
            let mut stmt = self
                .conn
                .prepare(
                    "SELECT r.id, r.client_id, r.requested_at
                     FROM change_requests r JOIN clients c ON c.id = r.client_id
                     WHERE r.status = 'pending' AND c.status = 'active'
                     ORDER BY r.requested_at, r.id",
                )
                .map_err(sql("change_requests"))?;
            let rows = stmt
                .query_map([], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                    ))
                })
                .map_err(sql("change_requests"))?;
            let rows: Vec<_> = rows
                .collect::<Result<_, _>>()
                .map_err(sql("change_requests"))?;
            rows.into_iter()
                .filter(|(_, client, _)| visible(self, client))
                .map(|(id, client, at)| {
                    (
                        id,
                        self.clients.name(&client).unwrap_or_default().to_owned(),
                        date_of(&at).unwrap_or(today),
                    )
                })
                .collect()
        };

        let trainings = self.last_training_per_user()?;
        let failures = self.failed_logins_since(&week_ago)?;
        let mut users = Vec::new();
        let rows: Vec<(i64, String, String, Option<String>)> = {
            let mut stmt = self
                .conn
                .prepare("SELECT id, status, created_at, last_login_at FROM users ORDER BY id")
                .map_err(sql("users"))?;
            let rows = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .map_err(sql("users"))?;
            rows.collect::<Result<_, _>>().map_err(sql("users"))?
        };
        for (id, status, created_at, last_login) in rows {
            users.push(UserFact {
                id,
                name: self
                    .user_display_name(id)?
                    .unwrap_or_else(|| format!("#{id}")),
                enabled: status == "active",
                created_on: date_of(&created_at).unwrap_or(today),
                last_login_on: last_login.as_deref().and_then(date_of),
                last_training_on: trainings.get(&id).copied(),
                recent_failures: failures.get(&format!("user:{id}")).copied().unwrap_or(0),
            });
        }
        let unknown_failures = failures.get("").copied().unwrap_or(0);

        let settings = BackupSettings::load(&self.conn, &self.keys)?;
        let history = BackupHistory::load(&self.conn, &self.keys)?;
        let status = crate::vault::backup::BackupStatus::at(settings, history, now);
        let last_backup = status
            .history
            .last_good
            .as_ref()
            .and_then(|b| date_of(&b.at));
        let last_restore_test = status
            .history
            .last_good_restore_test
            .as_ref()
            .and_then(|a| date_of(&a.at));
        let last_audit_verify: Option<String> = self
            .conn
            .query_row(
                "SELECT MAX(at) FROM audit_log WHERE action = 'audit.verified'",
                [],
                |r| r.get(0),
            )
            .map_err(sql("audit_log"))?;

        let entries = self
            .register_rows(None)?
            .into_iter()
            .map(|row| EntryFact {
                id: row.id,
                kind: row.kind,
                number: row.number.clone(),
                status: row.status,
                due_on: row.due_on,
                closed_on: row.closed_on,
                answer_deadline: row.body().has_answer_deadline(),
                level: row.body().risk_level(),
            })
            .collect();

        Ok(SignalFacts {
            clients,
            retention_due,
            agreements,
            pending_changes,
            users,
            unknown_failures,
            backup_overdue: status.overdue,
            last_backup,
            last_restore_test,
            last_audit_verify: last_audit_verify.as_deref().and_then(date_of),
            entries,
        })
    }

    /// The latest passed or attended training per user.
    fn last_training_per_user(&self) -> CoreResult<std::collections::HashMap<i64, NaiveDate>> {
        let mut out = std::collections::HashMap::new();
        for row in self.register_rows(Some(RegisterKind::Training))? {
            if let EntryBody::Training(t) = row.body() {
                if t.result == TrainingResult::Failed {
                    continue;
                }
                let e = out.entry(i64::from(t.user_id)).or_insert(row.opened_on);
                if row.opened_on > *e {
                    *e = row.opened_on;
                }
            }
        }
        Ok(out)
    }

    /// Failed logins since `since`, per target (`user:ID`, or `` for unknown names).
    fn failed_logins_since(
        &self,
        since: &str,
    ) -> CoreResult<std::collections::HashMap<String, u32>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT COALESCE(target, ''), COUNT(*) FROM audit_log
                 WHERE action = 'login.failed' AND at >= ?1 GROUP BY 1",
            )
            .map_err(sql("audit_log"))?;
        let rows = stmt
            .query_map([since], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?))
            })
            .map_err(sql("audit_log"))?;
        rows.collect::<Result<_, _>>().map_err(sql("audit_log"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn quiet(today: NaiveDate) -> SignalFacts {
        SignalFacts {
            clients: vec![ClientFact {
                id: "c1".into(),
                name: "杭州华瑞科技有限公司".into(),
                status: ClientStatus::Active,
                individual: false,
                verified_on: Some(today),
                created_on: today,
                processing_consent: true,
                sensitive_consent: false,
            }],
            users: vec![UserFact {
                id: 1,
                name: "王管理".into(),
                enabled: true,
                created_on: today,
                last_login_on: Some(today),
                last_training_on: Some(today),
                recent_failures: 0,
            }],
            last_backup: Some(today),
            last_restore_test: Some(today),
            last_audit_verify: Some(today),
            ..SignalFacts::default()
        }
    }

    fn by_code(signals: &[Signal], code: SignalCode) -> &Signal {
        signals.iter().find(|s| s.code == code).unwrap()
    }

    #[test]
    fn a_quiet_vault_raises_nothing() {
        let today = d(2026, 11, 27);
        let signals = evaluate(&quiet(today), today);
        assert_eq!(signals.len(), 16);
        for s in &signals {
            assert_eq!((s.code, s.level, s.count), (s.code, SignalLevel::Ok, 0));
        }
    }

    #[test]
    fn each_rule_fires_on_its_fact() {
        use SignalCode as C;
        let today = d(2026, 11, 27);
        let mut f = quiet(today);
        f.clients[0].verified_on = Some(d(2025, 11, 26));
        f.clients.push(ClientFact {
            id: "c2".into(),
            name: "张三".into(),
            status: ClientStatus::Active,
            individual: true,
            verified_on: Some(today),
            created_on: today,
            processing_consent: true,
            sensitive_consent: false,
        });
        f.retention_due = vec![("c3".into(), "旧客户".into())];
        f.agreements = vec![
            AgreementFact {
                id: 1,
                number: "BM-2026-0001".into(),
                client: "甲".into(),
                status: "signed".into(),
                issued_on: d(2025, 12, 1),
                end_on: Some(d(2026, 12, 27)),
            },
            AgreementFact {
                id: 2,
                number: "BM-2026-0002".into(),
                client: "乙".into(),
                status: "sent".into(),
                issued_on: d(2026, 11, 12),
                end_on: None,
            },
        ];
        f.pending_changes = vec![(7, "甲".into(), d(2026, 11, 19))];
        f.users[0].last_training_on = Some(d(2025, 11, 26));
        f.users[0].recent_failures = 3;
        f.users.push(UserFact {
            id: 2,
            name: "李会计".into(),
            enabled: true,
            created_on: d(2026, 1, 1),
            last_login_on: Some(d(2026, 8, 28)),
            last_training_on: Some(today),
            recent_failures: 0,
        });
        f.backup_overdue = true;
        f.last_restore_test = Some(d(2026, 8, 28));
        f.last_audit_verify = None;
        let entry = |id, kind, status, due, deadline, level| EntryFact {
            id,
            kind,
            number: format!("X-{id}"),
            status,
            due_on: due,
            closed_on: None,
            answer_deadline: deadline,
            level,
        };
        f.entries = vec![
            entry(
                1,
                RegisterKind::Request,
                EntryStatus::Open,
                Some(d(2026, 11, 26)),
                true,
                None,
            ),
            entry(
                2,
                RegisterKind::Incident,
                EntryStatus::InProgress,
                None,
                false,
                None,
            ),
            entry(
                3,
                RegisterKind::Risk,
                EntryStatus::Open,
                Some(d(2026, 11, 1)),
                false,
                Some(RiskLevel::Critical),
            ),
            entry(
                4,
                RegisterKind::Risk,
                EntryStatus::Closed,
                None,
                false,
                Some(RiskLevel::High),
            ),
        ];
        let s = evaluate(&f, today);
        let expect = [
            (C::OverdueRequests, SignalLevel::Critical, 1),
            (C::OpenIncidents, SignalLevel::Critical, 1),
            (C::HighRisks, SignalLevel::Critical, 1),
            (C::RiskReviewsDue, SignalLevel::Info, 1),
            (C::MissingConsent, SignalLevel::Warning, 1),
            (C::Unverified, SignalLevel::Info, 1),
            (C::RetentionDue, SignalLevel::Warning, 1),
            (C::AgreementsExpiring, SignalLevel::Warning, 1),
            (C::AgreementsUnsigned, SignalLevel::Info, 1),
            (C::StaleReviews, SignalLevel::Warning, 1),
            (C::BackupOverdue, SignalLevel::Critical, 1),
            (C::RestoreTestOverdue, SignalLevel::Warning, 1),
            (C::AuditNotVerified, SignalLevel::Warning, 1),
            (C::TrainingOverdue, SignalLevel::Warning, 1),
            (C::DormantUsers, SignalLevel::Warning, 1),
            (C::FailedLogins, SignalLevel::Critical, 1),
        ];
        for (code, level, count) in expect {
            let got = by_code(&s, code);
            assert_eq!((got.level, got.count), (level, count), "{code:?}");
        }
        assert_eq!(by_code(&s, C::MissingConsent).items[0].target, "client:c2");
        assert_eq!(
            by_code(&s, C::MissingConsent).items[0].detail,
            "sensitive_data"
        );
        assert_eq!(by_code(&s, C::DormantUsers).items[0].target, "user:2");
    }

    #[test]
    fn thresholds_are_exclusive_at_their_edges() {
        use SignalCode as C;
        let today = d(2026, 11, 27);
        let mut f = quiet(today);
        // Exactly 12 months, 7, 30, 90 days: not yet.
        f.clients[0].verified_on = Some(d(2025, 11, 27));
        f.pending_changes = vec![(7, "甲".into(), d(2026, 11, 20))];
        f.last_audit_verify = Some(d(2026, 10, 28));
        f.last_restore_test = Some(d(2026, 8, 29));
        f.users[0].last_login_on = Some(d(2026, 8, 29));
        f.users[0].recent_failures = 2;
        let s = evaluate(&f, today);
        for code in [
            C::Unverified,
            C::StaleReviews,
            C::AuditNotVerified,
            C::RestoreTestOverdue,
            C::DormantUsers,
            C::FailedLogins,
        ] {
            assert_eq!(by_code(&s, code).count, 0, "{code:?}");
        }
        // A withdrawn or absent processing consent is missing; ended engagements are not asked.
        f.clients[0].processing_consent = false;
        assert_eq!(by_code(&evaluate(&f, today), C::MissingConsent).count, 1);
        f.clients[0].status = ClientStatus::EngagementEnded;
        assert_eq!(by_code(&evaluate(&f, today), C::MissingConsent).count, 0);
    }
}
