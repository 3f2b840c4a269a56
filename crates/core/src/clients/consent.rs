//! Consent records (PIPL Art. 13–15, 23, 29): per client or per contact, what it covers,
//! separate consent for sensitive personal information and for giving data to a third party,
//! when and how it was given, and its withdrawal. Actions that need consent ask
//! [`Vault::require_consent`] and are refused with `consent_missing` when none is in force.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::validate::validate_date;
use crate::error::{CoreError, CoreResult};
use crate::vault::audit::{self, NewEntry};
use crate::vault::db::sql;
use crate::vault::{Action, Vault};

/// What a consent covers, beyond processing for the engagement itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ConsentScope {
    /// Processing for the engagement (bookkeeping, tax filing).
    Processing,
    /// Separate consent for sensitive personal information (ID numbers, bank accounts,
    /// financial details of a natural person) — PIPL Art. 29.
    SensitiveData,
    /// Separate consent to provide data to a third party — PIPL Art. 23.
    ThirdParty,
}

impl ConsentScope {
    /// Stable name stored in the database.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Processing => "processing",
            Self::SensitiveData => "sensitive_data",
            Self::ThirdParty => "third_party",
        }
    }
}

/// Whether an active client lacks the consent it needs: a processing consent in force, and for
/// an individual also a separate sensitive-data consent (PIPL Art. 29). The client list's
/// "missing consent" filter and the compliance signal both ask this.
#[must_use]
pub fn lacks_required_consent(individual: bool, processing: bool, sensitive: bool) -> bool {
    !processing || (individual && !sensitive)
}

/// A consent as recorded by the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ConsentInput {
    /// What it covers.
    pub scope: ConsentScope,
    /// Whose consent: the client itself (`None`) or the contact at this index.
    pub contact_index: Option<u32>,
    /// The purpose, in the words shown to the person.
    pub purpose: String,
    /// Data categories covered (e.g. `basic`, `contact`, `financial_account`).
    pub categories: Vec<String>,
    /// For third-party consent: the recipient.
    pub recipient: String,
    /// Date given (any common format).
    pub given_on: String,
    /// How: `signed_form`, `electronic`, `recorded_call`, …
    pub method: String,
    /// The client document that evidences it (a signed form, a recording), stored sealed.
    #[serde(default)]
    pub evidence_document: Option<u32>,
}

/// A stored consent, as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ConsentView {
    /// Id.
    pub id: u32,
    /// What it covers.
    pub scope: ConsentScope,
    /// Whose consent.
    pub contact_index: Option<u32>,
    /// Purpose.
    pub purpose: String,
    /// Categories.
    pub categories: Vec<String>,
    /// Recipient (third-party consent).
    pub recipient: String,
    /// Date given.
    pub given_on: String,
    /// Method.
    pub method: String,
    /// Date withdrawn, if withdrawn.
    pub withdrawn_on: Option<String>,
    /// The client document that evidences it.
    pub evidence_document: Option<u32>,
}

#[derive(Serialize, Deserialize)]
struct ConsentData {
    purpose: String,
    categories: Vec<String>,
    recipient: String,
    method: String,
    /// Consents recorded before evidence could be linked have none.
    #[serde(default)]
    evidence_document: Option<u32>,
}

fn invalid(field: &str, reason: &str) -> CoreError {
    CoreError::InvalidInput {
        field: format!("consent.{field}"),
        reason: reason.to_owned(),
    }
}

impl Vault {
    /// Records a consent for a client (or one of its contacts).
    pub fn record_consent(
        &mut self,
        client_id: &str,
        input: &ConsentInput,
        now: DateTime<Utc>,
    ) -> CoreResult<u32> {
        self.require_client_status(Action::EditClient, client_id)?;
        if input.purpose.trim().is_empty() {
            return Err(invalid("purpose", "required"));
        }
        if input.scope == ConsentScope::ThirdParty && input.recipient.trim().is_empty() {
            return Err(invalid("recipient", "required"));
        }
        if input.method.trim().is_empty() {
            return Err(invalid("method", "required"));
        }
        let given_on = validate_date(&input.given_on)
            .map_err(|r| invalid("given_on", r.as_str()))?
            .format("%Y-%m-%d")
            .to_string();
        if given_on > now.date_naive().format("%Y-%m-%d").to_string() {
            return Err(invalid("given_on", "format"));
        }
        if let Some(document) = input.evidence_document {
            let own: bool = self
                .conn
                .query_row(
                    "SELECT EXISTS (SELECT 1 FROM documents WHERE id = ?1 AND client_id = ?2)",
                    params![document, client_id],
                    |r| r.get(0),
                )
                .map_err(sql("documents"))?;
            if !own {
                return Err(invalid("evidence_document", "unknown"));
            }
        }
        let id: i64 = self
            .conn
            .query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM consents", [], |r| {
                r.get(0)
            })
            .map_err(sql("consents"))?;
        let row = format!("consent:{id}");
        let data = ConsentData {
            purpose: input.purpose.trim().to_owned(),
            categories: input.categories.clone(),
            recipient: input.recipient.trim().to_owned(),
            method: input.method.trim().to_owned(),
            evidence_document: input.evidence_document,
        };
        let sealed = self.seal_client_json(client_id, "consents", &row, &data)?;
        let tx = self.conn.transaction().map_err(sql("file"))?;
        tx.execute(
            "INSERT INTO consents (id, client_id, contact_index, scope, given_on, withdrawn_on, data)
             VALUES (?1, ?2, ?3, ?4, ?5, NULL, ?6)",
            params![id, client_id, input.contact_index, input.scope.as_str(), given_on, sealed],
        )
        .map_err(sql("consents"))?;
        audit::append(
            &tx,
            &self.keys.audit(),
            &NewEntry {
                actor: Some(self.session.user_id),
                action: "consent.recorded",
                target: Some(format!("client:{client_id}")),
                details: Some(serde_json::json!({
                    "consent": id, "scope": input.scope.as_str(), "contact": input.contact_index,
                    "evidence": input.evidence_document,
                })),
            },
            now,
        )?;
        tx.commit().map_err(sql("file"))?;
        Ok(u32::try_from(id).unwrap_or(u32::MAX))
    }

    /// Records the withdrawal of a consent (PIPL Art. 15); it no longer counts from `on`.
    pub fn withdraw_consent(
        &mut self,
        consent_id: u32,
        on: &str,
        now: DateTime<Utc>,
    ) -> CoreResult<()> {
        let client_id: String = self
            .conn
            .query_row(
                "SELECT client_id FROM consents WHERE id = ?1 AND withdrawn_on IS NULL",
                [consent_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(sql("consents"))?
            .ok_or_else(|| CoreError::NotFound {
                what: format!("consent:{consent_id}"),
            })?;
        self.require_client_status(Action::EditClient, &client_id)?;
        let on = validate_date(on)
            .map_err(|r| invalid("withdrawn_on", r.as_str()))?
            .format("%Y-%m-%d")
            .to_string();
        let tx = self.conn.transaction().map_err(sql("file"))?;
        tx.execute(
            "UPDATE consents SET withdrawn_on = ?2 WHERE id = ?1",
            params![consent_id, on],
        )
        .map_err(sql("consents"))?;
        audit::append(
            &tx,
            &self.keys.audit(),
            &NewEntry {
                actor: Some(self.session.user_id),
                action: "consent.withdrawn",
                target: Some(format!("client:{client_id}")),
                details: Some(serde_json::json!({ "consent": consent_id })),
            },
            now,
        )?;
        tx.commit().map_err(sql("file"))
    }

    /// A client's consents, newest first.
    pub fn consents(&mut self, client_id: &str) -> CoreResult<Vec<ConsentView>> {
        self.require_client_status(Action::ViewClient, client_id)?;
        type Row = (i64, Option<u32>, String, String, Option<String>, Vec<u8>);
        let rows: Vec<Row> = {
            let mut stmt = self
                .conn
                .prepare(
                    "SELECT id, contact_index, scope, given_on, withdrawn_on, data FROM consents
                     WHERE client_id = ?1 ORDER BY id DESC",
                )
                .map_err(sql("consents"))?;
            let rows = stmt
                .query_map([client_id], |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                    ))
                })
                .map_err(sql("consents"))?;
            rows.collect::<Result<_, _>>().map_err(sql("consents"))?
        };
        let mut out = Vec::new();
        for (id, contact_index, scope, given_on, withdrawn_on, sealed) in rows {
            let row = format!("consent:{id}");
            let data: ConsentData = self.open_client_json(client_id, "consents", &row, &sealed)?;
            let scope = [
                ConsentScope::Processing,
                ConsentScope::SensitiveData,
                ConsentScope::ThirdParty,
            ]
            .into_iter()
            .find(|s| s.as_str() == scope)
            .ok_or_else(|| CoreError::VaultDamaged {
                part: "consents".to_owned(),
            })?;
            out.push(ConsentView {
                id: u32::try_from(id).unwrap_or(u32::MAX),
                scope,
                contact_index,
                purpose: data.purpose,
                categories: data.categories,
                recipient: data.recipient,
                given_on,
                method: data.method,
                withdrawn_on,
                evidence_document: data.evidence_document,
            });
        }
        Ok(out)
    }

    /// Refuses with `consent_missing` unless a consent of `scope` (for the contact at
    /// `contact_index`, or the client itself) is in force today.
    pub fn require_consent(
        &self,
        client_id: &str,
        scope: ConsentScope,
        contact_index: Option<u32>,
        now: DateTime<Utc>,
    ) -> CoreResult<()> {
        self.consent_in_force(client_id, scope, contact_index, now)
            .map(|_| ())
    }

    /// Like [`Self::require_consent`], and returns the id of the consent in force (the most
    /// recently given one), for records that name their legal basis.
    pub fn consent_in_force(
        &self,
        client_id: &str,
        scope: ConsentScope,
        contact_index: Option<u32>,
        now: DateTime<Utc>,
    ) -> CoreResult<u32> {
        let today = now.date_naive().format("%Y-%m-%d").to_string();
        let id: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM consents
                  WHERE client_id = ?1 AND scope = ?2 AND contact_index IS ?3
                    AND given_on <= ?4 AND (withdrawn_on IS NULL OR withdrawn_on > ?4)
                  ORDER BY given_on DESC, id DESC LIMIT 1",
                params![client_id, scope.as_str(), contact_index, today],
                |r| r.get(0),
            )
            .optional()
            .map_err(sql("consents"))?;
        id.map(|id| u32::try_from(id).unwrap_or(u32::MAX))
            .ok_or_else(|| CoreError::ConsentMissing {
                scope: scope.as_str().to_owned(),
            })
    }

    /// Checks that a contact's sensitive data (an ID number) may be stored: a separate
    /// sensitive-data consent from that contact must be in force.
    pub(crate) fn check_sensitive_contacts(
        &self,
        client_id: Option<&str>,
        record: &super::record::ClientRecord,
        now: DateTime<Utc>,
    ) -> CoreResult<()> {
        for (i, contact) in record.contacts.iter().enumerate() {
            if contact.id_number.is_empty() {
                continue;
            }
            let index = u32::try_from(i).unwrap_or(u32::MAX);
            let Some(id) = client_id else {
                return Err(CoreError::ConsentMissing {
                    scope: ConsentScope::SensitiveData.as_str().to_owned(),
                });
            };
            self.require_consent(id, ConsentScope::SensitiveData, Some(index), now)?;
        }
        Ok(())
    }
}
