//! Creating, unlocking and locking the vault.
//!
//! - [`Vault::create`]: first run. A random vault key, wrapped by a new keychain key and by a
//!   new recovery code (returned once, for the recovery sheet); the firm profile and the first
//!   administrator. Built in a side file and renamed into place, so a crash during setup
//!   never leaves a half-made vault.
//! - [`Vault::unlock`]: keychain key → vault key → password check → session.
//! - [`Vault::unlock_with_recovery`]: recovery code → vault key → password check, then the
//!   vault key is enrolled in this computer's keychain under a new keychain key.
//! - [`Vault::lock`]: records the lock and drops every key and decrypted value.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use rand_core::{OsRng, RngCore};
use rusqlite::{params, Connection, OptionalExtension};
use zeroize::Zeroizing;

use super::audit::{self, NewEntry};
use super::db::{self, sql};
use super::header::{self, Header};
use super::key::SecretKey;
use super::keys::VaultKeys;
use super::keystore::{KeyStore, KeyStoreError};
use super::recovery::{KdfParams, RecoveryCode, RecoveryCodeError};
use super::roles::Role;
use super::schema;
use super::seal::{Place, Sealer};
use super::session::Session;
use super::settings::VaultSettings;
use super::users::NewUser;
use super::VaultFiles;
use crate::error::{CoreError, CoreResult};

/// An unlocked vault with its logged-in session.
pub struct Vault {
    pub(crate) conn: Connection,
    pub(crate) keys: VaultKeys,
    pub(crate) session: Session,
    pub(super) files: VaultFiles,
    pub(super) created_at: String,
    pub(super) last_activity: DateTime<Utc>,
    /// Decrypted client data keys and the in-memory search index; dropped at lock.
    pub(crate) clients: crate::clients::store::ClientCache,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault")
            .field("vault_id", &self.keys.vault_id())
            .field("session", &self.session)
            .finish_non_exhaustive()
    }
}

/// What first-run setup needs.
#[derive(Debug, Clone)]
pub struct Setup {
    /// The firm's name, as printed on documents.
    pub firm_name: String,
    /// The first administrator.
    pub admin: NewUser,
}

/// A new vault and its recovery code, to be shown once and printed.
pub struct Created {
    /// The vault, unlocked, with the administrator logged in.
    pub vault: Vault,
    /// The recovery code. Not stored anywhere in clear.
    pub recovery_code: RecoveryCode,
}

/// How the vault key is reached.
enum KeySource<'a> {
    Keychain(&'a dyn KeyStore),
    Recovery(&'a RecoveryCode),
}

pub(super) fn wrap_place<'a>(vault_id: &'a str, via: &'static str) -> Place<'a> {
    Place {
        table: "header",
        column: via,
        row: vault_id,
        key_version: 1,
    }
}

#[allow(clippy::needless_pass_by_value)] // used as `map_err(keystore_err)`
pub(super) fn keystore_err(e: KeyStoreError) -> CoreError {
    CoreError::KeychainUnavailable {
        reason: e.to_string(),
    }
}

pub(super) fn seal_err(e: super::seal::SealError) -> CoreError {
    CoreError::Storage(e.to_string())
}

pub(super) fn timestamp(now: DateTime<Utc>) -> String {
    now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

impl Vault {
    /// Creates a new vault in `files`, with its key in `keystore`.
    pub fn create(
        files: &VaultFiles,
        keystore: &dyn KeyStore,
        setup: &Setup,
        now: DateTime<Utc>,
    ) -> CoreResult<Created> {
        if files.exists() {
            return Err(CoreError::VaultExists);
        }
        super::password::check_rules(&setup.admin.password, &setup.admin.username)?;
        if setup.firm_name.trim().is_empty() {
            return Err(CoreError::InvalidInput {
                field: "firm_name".to_owned(),
                reason: "required".to_owned(),
            });
        }
        crate::paths::ensure_data_dir(files.dir())?;
        keystore.check_persists().map_err(keystore_err)?;

        let vault_id = uuid::Uuid::new_v4().to_string();
        let vault_key = SecretKey::generate();
        let keychain_key = SecretKey::generate();
        let recovery_code = RecoveryCode::generate();
        let mut salt = [0u8; 16];
        OsRng.fill_bytes(&mut salt);
        let kdf = KdfParams::DEFAULT;
        let recovery_key = recovery_code
            .wrapping_key(&salt, kdf)
            .ok_or_else(|| CoreError::Storage("key derivation failed".to_owned()))?;
        let hex = data_encoding::HEXLOWER;
        let header = Header {
            format: header::FORMAT,
            vault_id: vault_id.clone(),
            created_at: timestamp(now),
            keychain_wrap: hex.encode(
                &Sealer::new(&keychain_key)
                    .seal(&wrap_place(&vault_id, "keychain"), vault_key.expose())
                    .map_err(seal_err)?,
            ),
            recovery_wrap: hex.encode(
                &Sealer::new(&recovery_key)
                    .seal(&wrap_place(&vault_id, "recovery"), vault_key.expose())
                    .map_err(seal_err)?,
            ),
            recovery_salt: hex.encode(&salt),
            kdf,
        };

        // Build the vault beside its final name, then rename it into place.
        let building = files
            .dir()
            .join(format!("{}.creating", VaultFiles::DATABASE));
        remove_sqlite_files(&building);
        let keys = VaultKeys::new(&vault_id, &vault_key);
        let result = (|| -> CoreResult<i64> {
            let mut conn = db::open(&building, true)?;
            schema::migrate(&mut conn)?;
            let tx = conn.transaction().map_err(sql("file"))?;
            header::write(&tx, &header)?;
            VaultSettings::new(&setup.firm_name).save(&tx, &keys)?;
            audit::append(
                &tx,
                &keys.audit(),
                &NewEntry {
                    action: "vault.created",
                    details: Some(serde_json::json!({ "vault_id": vault_id })),
                    ..NewEntry::default()
                },
                now,
            )?;
            let admin_id =
                super::users::insert_user(&tx, &keys, &setup.admin, Role::Administrator, now)?;
            audit::append(
                &tx,
                &keys.audit(),
                &NewEntry {
                    actor: Some(admin_id),
                    action: "user.created",
                    target: Some(format!("user:{admin_id}")),
                    details: Some(serde_json::json!({ "role": "administrator" })),
                },
                now,
            )?;
            tx.commit().map_err(sql("file"))?;
            conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
                .map_err(sql("file"))?;
            drop(conn);
            Ok(admin_id)
        })();
        let admin_id = match result {
            Ok(id) => id,
            Err(e) => {
                remove_sqlite_files(&building);
                return Err(e);
            }
        };
        keystore
            .set(&header::keychain_account(&vault_id), keychain_key.expose())
            .map_err(keystore_err)?;
        std::fs::rename(&building, files.database())
            .map_err(|e| CoreError::io(files.database(), e))?;
        remove_sqlite_files(&building);

        let mut conn = db::open(&files.database(), false)?;
        schema::migrate(&mut conn)?;
        let session = Session {
            user_id: admin_id,
            role: Role::Administrator,
            clients: std::collections::BTreeSet::new(),
        };
        Ok(Created {
            vault: Vault {
                conn,
                keys,
                session,
                files: files.clone(),
                created_at: header.created_at,
                last_activity: now,
                clients: crate::clients::store::ClientCache::default(),
            },
            recovery_code,
        })
    }

    /// Unlocks with the key in this computer's keychain and logs `username` in.
    pub fn unlock(
        files: &VaultFiles,
        keystore: &dyn KeyStore,
        username: &str,
        password: &str,
        now: DateTime<Utc>,
    ) -> CoreResult<Vault> {
        let (conn, header, keys) = open_keyed(files, &KeySource::Keychain(keystore), now)?;
        let session = super::users::login(&conn, &keys, username, password, now)?;
        Vault::opened(conn, keys, session, files, header.created_at, now)
    }

    /// Unlocks with the recovery code, logs `username` in, and enrols the vault key in this
    /// computer's keychain (new computer, reinstall, lost keychain entry).
    pub fn unlock_with_recovery(
        files: &VaultFiles,
        keystore: &dyn KeyStore,
        typed_code: &str,
        username: &str,
        password: &str,
        now: DateTime<Utc>,
    ) -> CoreResult<Vault> {
        let code = RecoveryCode::parse(typed_code).map_err(|e| match e {
            RecoveryCodeError::Checksum
            | RecoveryCodeError::Length
            | RecoveryCodeError::Character => CoreError::RecoveryCodeMistyped,
        })?;
        keystore.check_persists().map_err(keystore_err)?;
        let (mut conn, header, keys) = open_keyed(files, &KeySource::Recovery(&code), now)?;
        let session = super::users::login(&conn, &keys, username, password, now)?;
        // Re-derive the vault key to wrap it for this keychain.
        let vault_key = recover_vault_key(&header, &code)?;
        let keychain_key = SecretKey::generate();
        let mut new_header = header.clone();
        new_header.keychain_wrap = data_encoding::HEXLOWER.encode(
            &Sealer::new(&keychain_key)
                .seal(
                    &wrap_place(&header.vault_id, "keychain"),
                    vault_key.expose(),
                )
                .map_err(seal_err)?,
        );
        keystore
            .set(
                &header::keychain_account(&header.vault_id),
                keychain_key.expose(),
            )
            .map_err(keystore_err)?;
        let tx = conn.transaction().map_err(sql("file"))?;
        header::write(&tx, &new_header)?;
        audit::append(
            &tx,
            &keys.audit(),
            &NewEntry {
                actor: Some(session.user_id),
                action: "keychain.enrolled",
                details: Some(serde_json::json!({ "via": "recovery_code" })),
                ..NewEntry::default()
            },
            now,
        )?;
        tx.commit().map_err(sql("file"))?;
        Vault::opened(conn, keys, session, files, header.created_at, now)
    }

    /// Records the lock in the audit log and drops every key and decrypted value.
    pub fn lock(self, reason: &str, now: DateTime<Utc>) -> CoreResult<()> {
        self.record(
            &NewEntry {
                actor: Some(self.session.user_id),
                action: "vault.locked",
                details: Some(serde_json::json!({ "reason": reason })),
                ..NewEntry::default()
            },
            now,
        )
    }

    /// An unlocked vault with its session, its clients loaded into the search index.
    fn opened(
        conn: Connection,
        keys: VaultKeys,
        session: Session,
        files: &VaultFiles,
        created_at: String,
        now: DateTime<Utc>,
    ) -> CoreResult<Vault> {
        let mut vault = Vault {
            conn,
            keys,
            session,
            files: files.clone(),
            created_at,
            last_activity: now,
            clients: crate::clients::store::ClientCache::default(),
        };
        vault.load_clients()?;
        Ok(vault)
    }

    /// Records that the administrator confirmed the recovery code was written down.
    pub fn record_recovery_confirmed(&self, now: DateTime<Utc>) -> CoreResult<()> {
        self.record(
            &NewEntry {
                actor: Some(self.session.user_id),
                action: "recovery.confirmed",
                ..NewEntry::default()
            },
            now,
        )
    }

    /// The logged-in session.
    #[must_use]
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The vault's id.
    #[must_use]
    pub fn vault_id(&self) -> &str {
        self.keys.vault_id()
    }

    /// When the vault was created (RFC 3339).
    #[must_use]
    pub fn created_at(&self) -> &str {
        &self.created_at
    }

    /// The vault's files.
    #[must_use]
    pub fn files(&self) -> &VaultFiles {
        &self.files
    }

    /// Notes user activity (for auto-lock).
    pub fn touch(&mut self, now: DateTime<Utc>) {
        self.last_activity = now;
    }

    /// Whether the vault has been idle longer than its auto-lock setting.
    pub fn idle_expired(&self, now: DateTime<Utc>) -> CoreResult<bool> {
        let minutes = VaultSettings::load(&self.conn, &self.keys)?.auto_lock_minutes;
        Ok(now - self.last_activity >= chrono::Duration::minutes(i64::from(minutes)))
    }

    /// Appends one audit entry in its own transaction.
    pub(crate) fn record(&self, entry: &NewEntry<'_>, now: DateTime<Utc>) -> CoreResult<()> {
        let tx = self.conn.unchecked_transaction().map_err(sql("file"))?;
        audit::append(&tx, &self.keys.audit(), entry, now)?;
        tx.commit().map_err(sql("file"))
    }
}

pub(super) fn recover_vault_key(header: &Header, code: &RecoveryCode) -> CoreResult<SecretKey> {
    let hex = data_encoding::HEXLOWER;
    let damaged = || CoreError::VaultDamaged {
        part: "header".to_owned(),
    };
    let salt = hex
        .decode(header.recovery_salt.as_bytes())
        .map_err(|_| damaged())?;
    let wrapped = hex
        .decode(header.recovery_wrap.as_bytes())
        .map_err(|_| damaged())?;
    let key = code.wrapping_key(&salt, header.kdf).ok_or_else(damaged)?;
    let plain = Sealer::new(&key)
        .open(&wrap_place(&header.vault_id, "recovery"), &wrapped)
        .map_err(|_| CoreError::RecoveryCodeWrong)?;
    SecretKey::from_slice(&plain).ok_or_else(damaged)
}

pub(super) fn keychain_vault_key(
    header: &Header,
    keystore: &dyn KeyStore,
) -> CoreResult<SecretKey> {
    let stored = keystore
        .get(&header::keychain_account(&header.vault_id))
        .map_err(keystore_err)?
        .ok_or(CoreError::KeychainMissing)?;
    let keychain_key = SecretKey::from_slice(&stored).ok_or(CoreError::KeychainMismatch)?;
    let wrapped = data_encoding::HEXLOWER
        .decode(header.keychain_wrap.as_bytes())
        .map_err(|_| CoreError::VaultDamaged {
            part: "header".to_owned(),
        })?;
    let plain = Zeroizing::new(
        Sealer::new(&keychain_key)
            .open(&wrap_place(&header.vault_id, "keychain"), &wrapped)
            .map_err(|_| CoreError::KeychainMismatch)?
            .to_vec(),
    );
    SecretKey::from_slice(&plain).ok_or(CoreError::KeychainMismatch)
}

/// Recovery-code attempts are rate-limited across restarts: failures are counted in clear
/// in `meta` (the vault key is not known yet, so they cannot be sealed) and written into the
/// audit log at the next successful unlock.
fn recovery_throttle(conn: &Connection, now: DateTime<Utc>) -> CoreResult<(u32, Option<u64>)> {
    let get = |key: &str| -> CoreResult<Option<String>> {
        conn.query_row(
            "SELECT CAST(value AS TEXT) FROM meta WHERE key = ?1",
            [key],
            |r| r.get(0),
        )
        .optional()
        .map_err(sql("meta"))
    };
    let failures = get("recovery_failures")?
        .and_then(|v| v.parse::<u32>().ok())
        .unwrap_or(0);
    let wait = get("recovery_next_after")?
        .and_then(|v| DateTime::parse_from_rfc3339(&v).ok())
        .map(|t| t.with_timezone(&Utc))
        .filter(|t| *t > now)
        .map(|t| u64::try_from((t - now).num_seconds().max(1)).unwrap_or(1));
    Ok((failures, wait))
}

fn set_meta_text(conn: &Connection, key: &str, value: Option<String>) -> CoreResult<()> {
    match value {
        Some(v) => conn
            .execute(
                "INSERT INTO meta (key, value) VALUES (?1, CAST(?2 AS BLOB))
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![key, v],
            )
            .map(|_| ())
            .map_err(sql("meta")),
        None => conn
            .execute("DELETE FROM meta WHERE key = ?1", [key])
            .map(|_| ())
            .map_err(sql("meta")),
    }
}

/// Opens the database, checks it, and reaches the vault key. Nothing is changed unless the
/// key is right (apart from counting failed recovery attempts).
fn open_keyed(
    files: &VaultFiles,
    source: &KeySource<'_>,
    now: DateTime<Utc>,
) -> CoreResult<(Connection, Header, VaultKeys)> {
    if !files.exists() {
        return Err(CoreError::VaultAbsent);
    }
    let mut conn = db::open(&files.database(), false)?;
    let found = schema::version(&conn)?;
    if found > schema::latest() {
        return Err(CoreError::VaultTooNew {
            found,
            supported: schema::latest(),
        });
    }
    db::quick_check(&conn)?;
    let header = header::read(&conn)?;
    let vault_key = match source {
        KeySource::Keychain(store) => keychain_vault_key(&header, *store)?,
        KeySource::Recovery(code) => {
            let (failures, wait) = recovery_throttle(&conn, now)?;
            if let Some(seconds) = wait {
                return Err(CoreError::Throttled { seconds });
            }
            match recover_vault_key(&header, code) {
                Ok(key) => key,
                Err(CoreError::RecoveryCodeWrong) => {
                    let failures = failures + 1;
                    let next =
                        super::password::next_attempt_after(failures, now).map(|t| t.to_rfc3339());
                    set_meta_text(&conn, "recovery_failures", Some(failures.to_string()))?;
                    set_meta_text(&conn, "recovery_next_after", next)?;
                    return Err(CoreError::RecoveryCodeWrong);
                }
                Err(e) => return Err(e),
            }
        }
    };
    let keys = VaultKeys::new(&header.vault_id, &vault_key);
    drop(vault_key);
    schema::migrate(&mut conn)?;
    // Report recovery failures since the last unlock, then clear the counter.
    let (failures, _) = recovery_throttle(&conn, now)?;
    if failures > 0 {
        let tx = conn.transaction().map_err(sql("file"))?;
        audit::append(
            &tx,
            &keys.audit(),
            &NewEntry {
                action: "recovery.failed_attempts",
                details: Some(serde_json::json!({ "count": failures })),
                ..NewEntry::default()
            },
            now,
        )?;
        set_meta_text(&tx, "recovery_failures", None)?;
        set_meta_text(&tx, "recovery_next_after", None)?;
        tx.commit().map_err(sql("file"))?;
    }
    Ok((conn, header, keys))
}

/// Removes a SQLite database and its side files, ignoring absent ones.
pub(super) fn remove_sqlite_files(path: &std::path::Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p: PathBuf = path.to_path_buf();
        if !suffix.is_empty() {
            p = PathBuf::from(format!("{}{suffix}", path.display()));
        }
        let _ = std::fs::remove_file(p);
    }
}

/// Verifies the audit chain of a locked vault with the keychain key, without logging in and
/// without writing anything (`ledgerlock-cli audit verify`). It reveals only the chain's
/// state, never an entry's details.
pub fn verify_offline(
    files: &VaultFiles,
    keystore: &dyn KeyStore,
) -> CoreResult<super::audit::AuditReport> {
    if !files.exists() {
        return Err(CoreError::VaultAbsent);
    }
    let conn = db::open(&files.database(), false)?;
    let found = schema::version(&conn)?;
    if found > schema::latest() {
        return Err(CoreError::VaultTooNew {
            found,
            supported: schema::latest(),
        });
    }
    db::quick_check(&conn)?;
    let header = header::read(&conn)?;
    let vault_key = keychain_vault_key(&header, keystore)?;
    let keys = VaultKeys::new(&header.vault_id, &vault_key);
    audit::verify(&conn, &keys.audit())
}
