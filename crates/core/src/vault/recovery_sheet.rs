//! The recovery sheet (a print-ready PDF) and the rotation of the recovery code.

use chrono::{DateTime, Utc};
use rand_core::{OsRng, RngCore};

use super::audit::{self, NewEntry};
use super::db::sql;
use super::header;
use super::lifecycle::wrap_place;
use super::recovery::{KdfParams, RecoveryCode};
use super::roles::Action;
use super::seal::Sealer;
use super::Vault;
use crate::error::{CoreError, CoreResult};

impl Vault {
    /// Renders the recovery sheet for `code` (administrators) and audits the export. The
    /// code is never stored; the caller holds it only between setup (or rotation) and the
    /// user's confirmation.
    pub fn recovery_sheet_pdf(
        &self,
        code: &RecoveryCode,
        now: DateTime<Utc>,
    ) -> CoreResult<Vec<u8>> {
        self.session.require(Action::ManageUsers)?;
        let settings = self.settings()?;
        let created_on = DateTime::parse_from_rfc3339(&self.created_at)
            .map(|d| d.date_naive())
            .map_err(|_| CoreError::VaultDamaged {
                part: "header".to_owned(),
            })?;
        let shown = code.display();
        let pdf = ledgerlock_documents::render_recovery_sheet(
            &ledgerlock_documents::RecoverySheet {
                firm_name: &settings.firm_name,
                vault_id: self.vault_id(),
                created_on,
                recovery_code: &shown,
                app_version: crate::VERSION,
            },
            now,
        )?;
        self.record(
            &NewEntry {
                actor: Some(self.session.user_id),
                action: "recovery.sheet_exported",
                ..NewEntry::default()
            },
            now,
        )?;
        Ok(pdf)
    }

    /// Replaces the recovery code (administrators): the vault key is wrapped with a new code
    /// and the old code stops working. Returns the new code, to be shown once and printed.
    pub fn rotate_recovery_code(&mut self, now: DateTime<Utc>) -> CoreResult<RecoveryCode> {
        self.session.require(Action::ManageUsers)?;
        let code = RecoveryCode::generate();
        let mut salt = [0u8; 16];
        OsRng.fill_bytes(&mut salt);
        let kdf = KdfParams::DEFAULT;
        let key = code
            .wrapping_key(&salt, kdf)
            .ok_or_else(|| CoreError::Storage("key derivation failed".to_owned()))?;
        let mut new_header = header::read(&self.conn)?;
        let hex = data_encoding::HEXLOWER;
        new_header.recovery_wrap = hex.encode(
            &Sealer::new(&key)
                .seal(
                    &wrap_place(self.keys.vault_id(), "recovery"),
                    self.keys.vault_key().expose(),
                )
                .map_err(|e| CoreError::Storage(e.to_string()))?,
        );
        new_header.recovery_salt = hex.encode(&salt);
        new_header.kdf = kdf;
        let tx = self.conn.transaction().map_err(sql("file"))?;
        header::write(&tx, &new_header)?;
        audit::append(
            &tx,
            &self.keys.audit(),
            &NewEntry {
                actor: Some(self.session.user_id),
                action: "recovery.rotated",
                ..NewEntry::default()
            },
            now,
        )?;
        tx.commit().map_err(sql("file"))?;
        Ok(code)
    }
}
