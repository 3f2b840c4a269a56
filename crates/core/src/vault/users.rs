//! Users: creation, login with increasing delays, and administration (disable, reset
//! password, assign clients). Usernames and display names are sealed; a keyed tag of the
//! username allows lookup and uniqueness without storing it in clear.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, ZeroizeOnDrop};

use super::audit::{self, NewEntry};
use super::db::sql;
use super::keys::VaultKeys;
use super::password;
use super::roles::{Action, Role};
use super::seal::Place;
use super::session::Session;
use super::Vault;
use crate::error::{CoreError, CoreResult};

/// A user to create. The password is wiped from memory on drop.
#[derive(Clone, Zeroize, ZeroizeOnDrop, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct NewUser {
    /// Login name (case-insensitive).
    pub username: String,
    /// Name shown in the app and on documents.
    pub display_name: String,
    /// Initial password.
    pub password: String,
}

impl std::fmt::Debug for NewUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewUser").finish_non_exhaustive()
    }
}

/// A user as the administration screen lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct UserSummary {
    /// Id.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    /// Login name.
    pub username: String,
    /// Display name.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// Whether the account is disabled.
    pub disabled: bool,
    /// Last successful login (RFC 3339).
    pub last_login_at: Option<String>,
    /// Assigned clients' ids.
    pub clients: Vec<String>,
}

#[derive(Serialize, Deserialize, Zeroize, ZeroizeOnDrop)]
struct UserData {
    username: String,
    display_name: String,
    password: String,
}

fn place(row: &str) -> Place<'_> {
    Place {
        table: "users",
        column: "data",
        row,
        key_version: 1,
    }
}

fn damaged() -> CoreError {
    CoreError::VaultDamaged {
        part: "users".to_owned(),
    }
}

fn normalise_username(username: &str) -> String {
    username.trim().to_lowercase()
}

fn required(field: &str, value: &str) -> CoreResult<()> {
    if value.trim().is_empty() {
        Err(CoreError::InvalidInput {
            field: field.to_owned(),
            reason: "required".to_owned(),
        })
    } else {
        Ok(())
    }
}

fn seal_data(keys: &VaultKeys, id: i64, data: &UserData) -> CoreResult<Vec<u8>> {
    let plain = zeroize::Zeroizing::new(
        serde_json::to_vec(data).map_err(|e| CoreError::Storage(e.to_string()))?,
    );
    keys.sealer()
        .seal(&place(&id.to_string()), &plain)
        .map_err(|e| CoreError::Storage(e.to_string()))
}

fn open_data(keys: &VaultKeys, id: i64, sealed: &[u8]) -> CoreResult<UserData> {
    let plain = keys
        .sealer()
        .open(&place(&id.to_string()), sealed)
        .map_err(|_| damaged())?;
    serde_json::from_slice(&plain).map_err(|_| damaged())
}

/// Inserts a user (inside the caller's transaction) and returns its id.
pub(super) fn insert_user(
    conn: &Connection,
    keys: &VaultKeys,
    user: &NewUser,
    role: Role,
    now: DateTime<Utc>,
) -> CoreResult<i64> {
    required("username", &user.username)?;
    required("display_name", &user.display_name)?;
    password::check_rules(&user.password, &user.username)?;
    let tag = keys.index_tag("username", &normalise_username(&user.username));
    let taken: bool = conn
        .query_row(
            "SELECT EXISTS(SELECT 1 FROM users WHERE username_tag = ?1)",
            [&tag],
            |r| r.get(0),
        )
        .map_err(sql("users"))?;
    if taken {
        return Err(CoreError::InvalidInput {
            field: "username".to_owned(),
            reason: "taken".to_owned(),
        });
    }
    let id: i64 = conn
        .query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM users", [], |r| {
            r.get(0)
        })
        .map_err(sql("users"))?;
    let data = UserData {
        username: user.username.trim().to_owned(),
        display_name: user.display_name.trim().to_owned(),
        password: password::hash(&user.password)?,
    };
    conn.execute(
        "INSERT INTO users (id, username_tag, role, status, created_at, data)
         VALUES (?1, ?2, ?3, 'active', ?4, ?5)",
        params![
            id,
            tag,
            role.as_str(),
            now.to_rfc3339(),
            seal_data(keys, id, &data)?
        ],
    )
    .map_err(sql("users"))?;
    Ok(id)
}

fn assigned_clients(conn: &Connection, user_id: i64) -> CoreResult<BTreeSet<String>> {
    let mut stmt = conn
        .prepare("SELECT client_id FROM user_clients WHERE user_id = ?1 ORDER BY client_id")
        .map_err(sql("users"))?;
    let rows = stmt
        .query_map([user_id], |r| r.get::<_, String>(0))
        .map_err(sql("users"))?;
    rows.collect::<Result<_, _>>().map_err(sql("users"))
}

fn audit_now(
    conn: &Connection,
    keys: &VaultKeys,
    entry: &NewEntry<'_>,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    let tx = conn.unchecked_transaction().map_err(sql("file"))?;
    audit::append(&tx, &keys.audit(), entry, now)?;
    tx.commit().map_err(sql("file"))
}

/// Checks a login. Failures are counted and delayed per user and audited; the reason given
/// to the caller never says whether the name or the password was wrong.
pub(super) fn login(
    conn: &Connection,
    keys: &VaultKeys,
    username: &str,
    password_typed: &str,
    now: DateTime<Utc>,
) -> CoreResult<Session> {
    let tag = keys.index_tag("username", &normalise_username(username));
    type Row = (i64, String, String, u32, Option<String>, Vec<u8>);
    let row: Option<Row> = conn
        .query_row(
            "SELECT id, role, status, failed_logins, next_login_after, data
             FROM users WHERE username_tag = ?1",
            [&tag],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            },
        )
        .optional()
        .map_err(sql("users"))?;
    let Some((id, role, status, failures, next_after, sealed)) = row else {
        audit_now(
            conn,
            keys,
            &NewEntry {
                action: "login.failed",
                details: Some(serde_json::json!({ "reason": "unknown_user" })),
                ..NewEntry::default()
            },
            now,
        )?;
        return Err(CoreError::WrongCredentials);
    };
    if let Some(next) = next_after
        .as_deref()
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&Utc))
        .filter(|t| *t > now)
    {
        let seconds = u64::try_from((next - now).num_seconds().max(1)).unwrap_or(1);
        audit_now(
            conn,
            keys,
            &NewEntry {
                actor: Some(id),
                action: "login.throttled",
                target: Some(format!("user:{id}")),
                details: Some(serde_json::json!({ "wait_seconds": seconds })),
            },
            now,
        )?;
        return Err(CoreError::Throttled { seconds });
    }
    let data = open_data(keys, id, &sealed)?;
    let role = Role::parse(&role).ok_or_else(damaged)?;
    if !password::verify(password_typed, &data.password)? {
        let failures = failures.saturating_add(1);
        let next = password::next_attempt_after(failures, now).map(|t| t.to_rfc3339());
        let tx = conn.unchecked_transaction().map_err(sql("file"))?;
        tx.execute(
            "UPDATE users SET failed_logins = ?2, next_login_after = ?3 WHERE id = ?1",
            params![id, failures, next],
        )
        .map_err(sql("users"))?;
        audit::append(
            &tx,
            &keys.audit(),
            &NewEntry {
                actor: Some(id),
                action: "login.failed",
                target: Some(format!("user:{id}")),
                details: Some(serde_json::json!({ "reason": "password", "consecutive": failures })),
            },
            now,
        )?;
        tx.commit().map_err(sql("file"))?;
        return Err(CoreError::WrongCredentials);
    }
    if status != "active" {
        audit_now(
            conn,
            keys,
            &NewEntry {
                actor: Some(id),
                action: "login.refused",
                target: Some(format!("user:{id}")),
                details: Some(serde_json::json!({ "reason": "disabled" })),
            },
            now,
        )?;
        return Err(CoreError::AccountDisabled);
    }
    let tx = conn.unchecked_transaction().map_err(sql("file"))?;
    tx.execute(
        "UPDATE users SET failed_logins = 0, next_login_after = NULL, last_login_at = ?2
         WHERE id = ?1",
        params![id, now.to_rfc3339()],
    )
    .map_err(sql("users"))?;
    audit::append(
        &tx,
        &keys.audit(),
        &NewEntry {
            actor: Some(id),
            action: "login.succeeded",
            target: Some(format!("user:{id}")),
            details: None,
        },
        now,
    )?;
    tx.commit().map_err(sql("file"))?;
    Ok(Session {
        user_id: id,
        role,
        clients: assigned_clients(conn, id)?,
    })
}

impl Vault {
    /// Every user (administrators).
    pub fn users(&self) -> CoreResult<Vec<UserSummary>> {
        self.session.require(Action::ManageUsers)?;
        let mut stmt = self
            .conn
            .prepare("SELECT id, role, status, last_login_at, data FROM users ORDER BY id")
            .map_err(sql("users"))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Vec<u8>>(4)?,
                ))
            })
            .map_err(sql("users"))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, role, status, last_login_at, sealed) = row.map_err(sql("users"))?;
            let data = open_data(&self.keys, id, &sealed)?;
            out.push(UserSummary {
                id,
                username: data.username.clone(),
                display_name: data.display_name.clone(),
                role: Role::parse(&role).ok_or_else(damaged)?,
                disabled: status != "active",
                last_login_at,
                clients: assigned_clients(&self.conn, id)?.into_iter().collect(),
            });
        }
        Ok(out)
    }

    /// The logged-in user's own sealed data.
    fn own_data(&self) -> CoreResult<UserData> {
        let sealed: Vec<u8> = self
            .conn
            .query_row(
                "SELECT data FROM users WHERE id = ?1",
                [self.session.user_id],
                |r| r.get(0),
            )
            .map_err(sql("users"))?;
        open_data(&self.keys, self.session.user_id, &sealed)
    }

    /// The logged-in user's login name.
    pub fn username(&self) -> CoreResult<String> {
        Ok(self.own_data()?.username.clone())
    }

    /// The logged-in user's display name.
    pub fn display_name(&self) -> CoreResult<String> {
        Ok(self.own_data()?.display_name.clone())
    }

    /// A colleague's display name, for showing who did something (a review request, a
    /// version); `None` if there is no such user. Names of the firm's users are not client
    /// data, so every role may see them next to the records they may see.
    pub(crate) fn user_display_name(&self, id: i64) -> CoreResult<Option<String>> {
        let sealed: Option<Vec<u8>> = self
            .conn
            .query_row("SELECT data FROM users WHERE id = ?1", [id], |r| r.get(0))
            .optional()
            .map_err(sql("users"))?;
        sealed
            .map(|s| open_data(&self.keys, id, &s).map(|d| d.display_name.clone()))
            .transpose()
    }

    /// Creates a user (administrators).
    pub fn create_user(
        &mut self,
        user: &NewUser,
        role: Role,
        now: DateTime<Utc>,
    ) -> CoreResult<i64> {
        self.session.require(Action::ManageUsers)?;
        let tx = self.conn.transaction().map_err(sql("file"))?;
        let id = insert_user(&tx, &self.keys, user, role, now)?;
        audit::append(
            &tx,
            &self.keys.audit(),
            &NewEntry {
                actor: Some(self.session.user_id),
                action: "user.created",
                target: Some(format!("user:{id}")),
                details: Some(serde_json::json!({ "role": role.as_str() })),
            },
            now,
        )?;
        tx.commit().map_err(sql("file"))?;
        Ok(id)
    }

    fn require_user(&self, id: i64) -> CoreResult<()> {
        let exists: bool = self
            .conn
            .query_row(
                "SELECT EXISTS(SELECT 1 FROM users WHERE id = ?1)",
                [id],
                |r| r.get(0),
            )
            .map_err(sql("users"))?;
        if exists {
            Ok(())
        } else {
            Err(CoreError::NotFound {
                what: format!("user:{id}"),
            })
        }
    }

    /// Disables or re-enables a user (administrators; not oneself).
    pub fn set_user_disabled(
        &mut self,
        id: i64,
        disabled: bool,
        now: DateTime<Utc>,
    ) -> CoreResult<()> {
        self.session.require(Action::ManageUsers)?;
        self.require_user(id)?;
        if id == self.session.user_id && disabled {
            return Err(CoreError::InvalidInput {
                field: "user".to_owned(),
                reason: "cannot_disable_self".to_owned(),
            });
        }
        let tx = self.conn.transaction().map_err(sql("file"))?;
        tx.execute(
            "UPDATE users SET status = ?2 WHERE id = ?1",
            params![id, if disabled { "disabled" } else { "active" }],
        )
        .map_err(sql("users"))?;
        audit::append(
            &tx,
            &self.keys.audit(),
            &NewEntry {
                actor: Some(self.session.user_id),
                action: if disabled {
                    "user.disabled"
                } else {
                    "user.enabled"
                },
                target: Some(format!("user:{id}")),
                details: None,
            },
            now,
        )?;
        tx.commit().map_err(sql("file"))
    }

    /// Sets a new password for a user (administrators), clearing its failed-login delay.
    pub fn reset_password(
        &mut self,
        id: i64,
        new_password: &str,
        now: DateTime<Utc>,
    ) -> CoreResult<()> {
        self.session.require(Action::ManageUsers)?;
        self.set_password(id, new_password, "user.password_reset", now)
    }

    /// Changes the logged-in user's own password, after checking the current one.
    pub fn change_own_password(
        &mut self,
        current: &str,
        new_password: &str,
        now: DateTime<Utc>,
    ) -> CoreResult<()> {
        let id = self.session.user_id;
        let sealed: Vec<u8> = self
            .conn
            .query_row("SELECT data FROM users WHERE id = ?1", [id], |r| r.get(0))
            .map_err(sql("users"))?;
        let data = open_data(&self.keys, id, &sealed)?;
        if !password::verify(current, &data.password)? {
            return Err(CoreError::WrongCredentials);
        }
        self.set_password(id, new_password, "user.password_changed", now)
    }

    fn set_password(
        &mut self,
        id: i64,
        new_password: &str,
        action: &str,
        now: DateTime<Utc>,
    ) -> CoreResult<()> {
        self.require_user(id)?;
        let sealed: Vec<u8> = self
            .conn
            .query_row("SELECT data FROM users WHERE id = ?1", [id], |r| r.get(0))
            .map_err(sql("users"))?;
        let old = open_data(&self.keys, id, &sealed)?;
        password::check_rules(new_password, &old.username)?;
        let data = UserData {
            username: old.username.clone(),
            display_name: old.display_name.clone(),
            password: password::hash(new_password)?,
        };
        let tx = self.conn.transaction().map_err(sql("file"))?;
        tx.execute(
            "UPDATE users SET data = ?2, failed_logins = 0, next_login_after = NULL WHERE id = ?1",
            params![id, seal_data(&self.keys, id, &data)?],
        )
        .map_err(sql("users"))?;
        audit::append(
            &tx,
            &self.keys.audit(),
            &NewEntry {
                actor: Some(self.session.user_id),
                action,
                target: Some(format!("user:{id}")),
                details: None,
            },
            now,
        )?;
        tx.commit().map_err(sql("file"))
    }

    /// Replaces the set of clients assigned to a user (administrators).
    pub fn assign_clients(
        &mut self,
        id: i64,
        clients: &[String],
        now: DateTime<Utc>,
    ) -> CoreResult<()> {
        self.session.require(Action::ManageUsers)?;
        self.require_user(id)?;
        let tx = self.conn.transaction().map_err(sql("file"))?;
        tx.execute("DELETE FROM user_clients WHERE user_id = ?1", [id])
            .map_err(sql("users"))?;
        for client in clients {
            tx.execute(
                "INSERT OR IGNORE INTO user_clients (user_id, client_id) VALUES (?1, ?2)",
                params![id, client],
            )
            .map_err(sql("users"))?;
        }
        audit::append(
            &tx,
            &self.keys.audit(),
            &NewEntry {
                actor: Some(self.session.user_id),
                action: "user.clients_assigned",
                target: Some(format!("user:{id}")),
                details: Some(serde_json::json!({ "clients": clients })),
            },
            now,
        )?;
        tx.commit().map_err(sql("file"))?;
        if id == self.session.user_id {
            self.session.clients = clients.iter().cloned().collect();
        }
        Ok(())
    }
}
