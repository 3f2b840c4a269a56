//! The firm's own details printed on agreements and certificates (name from the vault
//! settings; registration code, address and representative here), and the administrators'
//! edited agreement templates. Both are sealed with the vault key in the `meta` table.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};
use serde::{de::DeserializeOwned, Deserialize, Serialize};

use super::agreement::{check_template, TEMPLATE_EN, TEMPLATE_ZH_CN};
use super::agreements::AgreementLanguage;
use crate::error::{CoreError, CoreResult};
use crate::vault::audit::{self, NewEntry};
use crate::vault::db::sql;
use crate::vault::{Action, Place, Vault};

/// The firm as printed on documents.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct FirmProfile {
    /// Name (from the vault settings; changed there).
    pub name: String,
    /// 统一社会信用代码.
    pub credit_code: String,
    /// Registered address.
    pub address: String,
    /// Legal representative.
    pub representative: String,
}

#[derive(Serialize, Deserialize, Default)]
struct StoredProfile {
    credit_code: String,
    address: String,
    representative: String,
}

fn damaged(part: &str) -> CoreError {
    CoreError::VaultDamaged {
        part: part.to_owned(),
    }
}

impl Vault {
    pub(crate) fn load_meta<T: DeserializeOwned>(&self, key: &str) -> CoreResult<Option<T>> {
        let sealed: Option<Vec<u8>> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()
            .map_err(sql("meta"))?;
        let Some(sealed) = sealed else {
            return Ok(None);
        };
        let place = Place {
            table: "meta",
            column: key,
            row: self.keys.vault_id(),
            key_version: 1,
        };
        let plain = self
            .keys
            .sealer()
            .open(&place, &sealed)
            .map_err(|_| damaged(key))?;
        serde_json::from_slice(&plain)
            .map(Some)
            .map_err(|_| damaged(key))
    }

    pub(crate) fn save_meta<T: Serialize>(
        &mut self,
        key: &str,
        value: &T,
        action: &str,
        now: DateTime<Utc>,
    ) -> CoreResult<()> {
        let plain = zeroize::Zeroizing::new(
            serde_json::to_vec(value).map_err(|e| CoreError::Storage(e.to_string()))?,
        );
        let place = Place {
            table: "meta",
            column: key,
            row: self.keys.vault_id(),
            key_version: 1,
        };
        let sealed = self
            .keys
            .sealer()
            .seal(&place, &plain)
            .map_err(|e| CoreError::Storage(e.to_string()))?;
        let tx = self.conn.transaction().map_err(sql("file"))?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![key, sealed],
        )
        .map_err(sql("meta"))?;
        audit::append(
            &tx,
            &self.keys.audit(),
            &NewEntry {
                actor: Some(self.session.user_id),
                action,
                details: Some(serde_json::json!({ "key": key })),
                ..NewEntry::default()
            },
            now,
        )?;
        tx.commit().map_err(sql("file"))
    }

    /// The firm profile (any logged-in user may read it).
    ///
    /// # Errors
    /// Storage errors; `vault_damaged` if the sealed profile does not open.
    pub fn firm_profile(&self) -> CoreResult<FirmProfile> {
        let stored: StoredProfile = self.load_meta("firm_profile")?.unwrap_or_default();
        Ok(FirmProfile {
            name: self.settings()?.firm_name,
            credit_code: stored.credit_code,
            address: stored.address,
            representative: stored.representative,
        })
    }

    /// Changes the firm's registration code, address and representative (administrators;
    /// the name is changed in the settings). A non-empty code must pass the GB 32100 check.
    ///
    /// # Errors
    /// `forbidden`; `invalid_input` for a bad credit code.
    pub fn set_firm_profile(
        &mut self,
        profile: &FirmProfile,
        now: DateTime<Utc>,
    ) -> CoreResult<()> {
        self.session.require(Action::ChangeSettings)?;
        let code = if profile.credit_code.trim().is_empty() {
            String::new()
        } else {
            crate::clients::validate::validate_credit_code(&profile.credit_code).map_err(|r| {
                CoreError::InvalidInput {
                    field: "credit_code".to_owned(),
                    reason: r.as_str().to_owned(),
                }
            })?
        };
        let stored = StoredProfile {
            credit_code: code,
            address: profile.address.trim().to_owned(),
            representative: profile.representative.trim().to_owned(),
        };
        self.save_meta(
            "firm_profile",
            &stored,
            "settings.firm_profile_changed",
            now,
        )
    }

    /// The agreement template in force for `language` (the built-in one unless an
    /// administrator edited it).
    ///
    /// # Errors
    /// Storage errors.
    pub fn agreement_template(&self, language: AgreementLanguage) -> CoreResult<String> {
        let key = format!("agreement_template.{}", language.as_str());
        Ok(self.load_meta(&key)?.unwrap_or_else(|| {
            match language {
                AgreementLanguage::ZhCn => TEMPLATE_ZH_CN,
                AgreementLanguage::En => TEMPLATE_EN,
            }
            .to_owned()
        }))
    }

    /// Replaces the template for `language` (administrators). Agreements already issued keep
    /// the text they were issued with. An empty text restores the built-in template.
    ///
    /// # Errors
    /// `forbidden`; `invalid_input` for a malformed template.
    pub fn set_agreement_template(
        &mut self,
        language: AgreementLanguage,
        text: &str,
        now: DateTime<Utc>,
    ) -> CoreResult<()> {
        self.session.require(Action::ChangeSettings)?;
        let text = if text.trim().is_empty() {
            match language {
                AgreementLanguage::ZhCn => TEMPLATE_ZH_CN,
                AgreementLanguage::En => TEMPLATE_EN,
            }
        } else {
            text
        };
        check_template(text)?;
        let key = format!("agreement_template.{}", language.as_str());
        self.save_meta(
            &key,
            &text.to_owned(),
            "settings.agreement_template_changed",
            now,
        )
    }
}
