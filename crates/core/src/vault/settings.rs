//! Vault-wide settings: the firm profile and auto-lock. Sealed in `meta.settings`.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::audit::NewEntry;
use super::db::sql;
use super::keys::VaultKeys;
use super::roles::Action;
use super::seal::Place;
use super::Vault;
use crate::error::{CoreError, CoreResult};

/// Shortest and longest auto-lock the app accepts, in minutes.
pub const AUTO_LOCK_RANGE: std::ops::RangeInclusive<u32> = 1..=240;

/// Vault-wide settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct VaultSettings {
    /// The firm's name, as printed on documents.
    pub firm_name: String,
    /// Minutes of inactivity before the vault locks itself (default 10).
    pub auto_lock_minutes: u32,
}

fn place(vault_id: &str) -> Place<'_> {
    Place {
        table: "meta",
        column: "settings",
        row: vault_id,
        key_version: 1,
    }
}

impl VaultSettings {
    /// Defaults for a new vault of `firm_name`.
    #[must_use]
    pub fn new(firm_name: &str) -> Self {
        Self {
            firm_name: firm_name.trim().to_owned(),
            auto_lock_minutes: 10,
        }
    }

    /// Reads the sealed settings.
    pub fn load(conn: &Connection, keys: &VaultKeys) -> CoreResult<Self> {
        let damaged = || CoreError::VaultDamaged {
            part: "settings".to_owned(),
        };
        let sealed: Vec<u8> = conn
            .query_row("SELECT value FROM meta WHERE key = 'settings'", [], |r| {
                r.get(0)
            })
            .optional()
            .map_err(sql("settings"))?
            .ok_or_else(damaged)?;
        let plain = keys
            .sealer()
            .open(&place(keys.vault_id()), &sealed)
            .map_err(|_| damaged())?;
        serde_json::from_slice(&plain).map_err(|_| damaged())
    }

    /// Writes the settings, sealed (inside the caller's transaction).
    pub fn save(&self, conn: &Connection, keys: &VaultKeys) -> CoreResult<()> {
        let plain = zeroize::Zeroizing::new(
            serde_json::to_vec(self).map_err(|e| CoreError::Storage(e.to_string()))?,
        );
        let sealed = keys
            .sealer()
            .seal(&place(keys.vault_id()), &plain)
            .map_err(|e| CoreError::Storage(e.to_string()))?;
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('settings', ?1)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![sealed],
        )
        .map_err(sql("settings"))?;
        Ok(())
    }

    fn validate(&self) -> CoreResult<()> {
        if self.firm_name.trim().is_empty() {
            return Err(CoreError::InvalidInput {
                field: "firm_name".to_owned(),
                reason: "required".to_owned(),
            });
        }
        if !AUTO_LOCK_RANGE.contains(&self.auto_lock_minutes) {
            return Err(CoreError::InvalidInput {
                field: "auto_lock_minutes".to_owned(),
                reason: "out_of_range".to_owned(),
            });
        }
        Ok(())
    }
}

impl Vault {
    /// The vault's settings (any logged-in user may read them).
    pub fn settings(&self) -> CoreResult<VaultSettings> {
        VaultSettings::load(&self.conn, &self.keys)
    }

    /// Changes the settings (administrators), audited with the names of changed fields.
    pub fn update_settings(&mut self, new: &VaultSettings, now: DateTime<Utc>) -> CoreResult<()> {
        self.session.require(Action::ChangeSettings)?;
        new.validate()?;
        let old = self.settings()?;
        let mut changed = Vec::new();
        if old.firm_name != new.firm_name {
            changed.push("firm_name");
        }
        if old.auto_lock_minutes != new.auto_lock_minutes {
            changed.push("auto_lock_minutes");
        }
        let tx = self.conn.transaction().map_err(sql("file"))?;
        new.save(&tx, &self.keys)?;
        super::audit::append(
            &tx,
            &self.keys.audit(),
            &NewEntry {
                actor: Some(self.session.user_id),
                action: "settings.changed",
                details: Some(serde_json::json!({ "fields": changed })),
                ..NewEntry::default()
            },
            now,
        )?;
        tx.commit().map_err(sql("file"))
    }
}
