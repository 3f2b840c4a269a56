//! Column templates: the confirmed column layout of a bank or ledger export, saved under a
//! name in the vault (sealed with the vault key, firm-wide) and found again by the header
//! fingerprint of the next file with the same layout, so the import uses it without asking.
//! Saving needs [`Action::Reconcile`]; saving is audited (the name is not: it may name a
//! client's bank).

use chrono::{DateTime, Utc};
use ledgerlock_reconciliation::import::detect::ColumnMapping;
use ledgerlock_reconciliation::{
    import_bank, import_book, Import, ImportError, ImportOptions, Side,
};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, CoreResult};
use crate::vault::audit::{self, NewEntry};
use crate::vault::db::sql;
use crate::vault::{Action, Place, Vault};

const TABLE: &str = "column_templates";

/// A saved template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnTemplate {
    /// The name the user gave it (e.g. `工行网银`).
    pub name: String,
    /// The layout.
    pub mapping: ColumnMapping,
}

/// A file imported with the layout to use for it.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The import.
    pub import: Import,
    /// The name of the saved template that was applied, if one was.
    pub template: Option<String>,
}

/// Imports one file as `side`: with `given` when the user confirmed a layout; otherwise
/// detected, and then, when `lookup` finds a saved template for the detected header
/// fingerprint that differs from the detection, again with that template.
///
/// # Errors
/// The outer error is `lookup`'s; the inner one the file's [`ImportError`].
pub fn import_with_template(
    side: Side,
    file: &str,
    bytes: &[u8],
    given: Option<ColumnMapping>,
    lookup: impl FnOnce(&str) -> CoreResult<Option<ColumnTemplate>>,
) -> CoreResult<Result<Imported, ImportError>> {
    let import = |mapping: Option<ColumnMapping>| {
        let options = ImportOptions { mapping };
        match side {
            Side::Bank => import_bank(file, bytes, &options),
            Side::Book => import_book(file, bytes, &options),
        }
    };
    if given.is_some() {
        return Ok(import(given).map(|import| Imported {
            import,
            template: None,
        }));
    }
    let detected = match import(None) {
        Ok(i) => i,
        Err(e) => return Ok(Err(e)),
    };
    let Some(fingerprint) = detected.mapping.as_ref().map(|m| m.fingerprint.clone()) else {
        return Ok(Ok(Imported {
            import: detected,
            template: None,
        }));
    };
    let Some(template) = lookup(&fingerprint)? else {
        return Ok(Ok(Imported {
            import: detected,
            template: None,
        }));
    };
    if detected.mapping.as_ref() == Some(&template.mapping) {
        return Ok(Ok(Imported {
            import: detected,
            template: Some(template.name),
        }));
    }
    Ok(import(Some(template.mapping)).map(|import| Imported {
        import,
        template: Some(template.name),
    }))
}

fn side_name(side: Side) -> &'static str {
    match side {
        Side::Bank => "bank",
        Side::Book => "book",
    }
}

fn place<'a>(row: &'a str) -> Place<'a> {
    Place {
        table: TABLE,
        column: "data",
        row,
        key_version: 1,
    }
}

fn storage<E: std::fmt::Display>(e: E) -> CoreError {
    CoreError::Storage(e.to_string())
}

impl Vault {
    /// Saves (or replaces) the template for `mapping`'s layout on `side` under `name`.
    pub fn save_column_template(
        &mut self,
        side: Side,
        name: &str,
        mapping: &ColumnMapping,
        now: DateTime<Utc>,
    ) -> CoreResult<()> {
        self.session.require(Action::Reconcile)?;
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 60 {
            return Err(CoreError::InvalidInput {
                field: "template".to_owned(),
                reason: if name.is_empty() {
                    "required"
                } else {
                    "out_of_range"
                }
                .to_owned(),
            });
        }
        let row = format!("{}:{}", side_name(side), mapping.fingerprint);
        let template = ColumnTemplate {
            name: name.to_owned(),
            mapping: mapping.clone(),
        };
        let plain = zeroize::Zeroizing::new(serde_json::to_vec(&template).map_err(storage)?);
        let sealed = self
            .keys
            .sealer()
            .seal(&place(&row), &plain)
            .map_err(storage)?;
        let at = now.to_rfc3339();
        let tx = self.conn.transaction().map_err(sql("file"))?;
        tx.execute(
            "INSERT INTO column_templates (fingerprint, side, created_at, updated_at, updated_by, data)
             VALUES (?1, ?2, ?3, ?3, ?4, ?5)
             ON CONFLICT (fingerprint, side) DO UPDATE
             SET updated_at = ?3, updated_by = ?4, data = ?5",
            params![
                mapping.fingerprint,
                side_name(side),
                at,
                self.session.user_id,
                sealed
            ],
        )
        .map_err(sql(TABLE))?;
        audit::append(
            &tx,
            &self.keys.audit(),
            &NewEntry {
                actor: Some(self.session.user_id),
                action: "reconciliation.template_saved",
                target: None,
                details: Some(serde_json::json!({
                    "side": side_name(side), "fingerprint": mapping.fingerprint,
                })),
            },
            now,
        )?;
        tx.commit().map_err(sql("file"))
    }

    /// The template saved for the layout with header `fingerprint` on `side`, if any.
    pub fn column_template(
        &self,
        side: Side,
        fingerprint: &str,
    ) -> CoreResult<Option<ColumnTemplate>> {
        self.session.require(Action::Reconcile)?;
        let sealed: Option<Vec<u8>> = self
            .conn
            .query_row(
                "SELECT data FROM column_templates WHERE fingerprint = ?1 AND side = ?2",
                params![fingerprint, side_name(side)],
                |r| r.get(0),
            )
            .optional()
            .map_err(sql(TABLE))?;
        let Some(sealed) = sealed else {
            return Ok(None);
        };
        let row = format!("{}:{fingerprint}", side_name(side));
        let damaged = || CoreError::VaultDamaged {
            part: TABLE.to_owned(),
        };
        let plain = zeroize::Zeroizing::new(
            self.keys
                .sealer()
                .open(&place(&row), &sealed)
                .map_err(|_| damaged())?,
        );
        serde_json::from_slice(&plain)
            .map(Some)
            .map_err(|_| damaged())
    }
}
