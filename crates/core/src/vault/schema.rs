//! The vault's schema, changed only through versioned migrations that run in one transaction.
//! `PRAGMA user_version` holds the version; a vault written by a newer build is refused
//! before anything is touched.

use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};

use super::db::sql;
use crate::error::{CoreError, CoreResult};

/// The migrations, oldest first. Never edit a released one: add a new one.
const MIGRATIONS: &[&str] = &[
    // 1: header and settings, users, client assignment, per-client keys, audit log.
    "CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value BLOB NOT NULL
     ) STRICT;
     CREATE TABLE users (
        id               INTEGER PRIMARY KEY,
        username_tag     BLOB NOT NULL UNIQUE,
        role             TEXT NOT NULL
                         CHECK (role IN ('administrator','accountant','assistant','auditor')),
        status           TEXT NOT NULL CHECK (status IN ('active','disabled')),
        created_at       TEXT NOT NULL,
        last_login_at    TEXT,
        failed_logins    INTEGER NOT NULL DEFAULT 0,
        next_login_after TEXT,
        data             BLOB NOT NULL
     ) STRICT;
     CREATE TABLE client_keys (
        client_id   TEXT PRIMARY KEY,
        key_version INTEGER NOT NULL,
        wrapped     BLOB NOT NULL
     ) STRICT;
     CREATE TABLE user_clients (
        user_id   INTEGER NOT NULL REFERENCES users(id),
        client_id TEXT NOT NULL,
        PRIMARY KEY (user_id, client_id)
     ) STRICT;
     CREATE TABLE audit_log (
        seq     INTEGER PRIMARY KEY,
        at      TEXT NOT NULL,
        actor   INTEGER,
        action  TEXT NOT NULL,
        target  TEXT,
        details BLOB,
        mac     BLOB NOT NULL
     ) STRICT;
     CREATE INDEX audit_log_at ON audit_log(at);
     CREATE INDEX audit_log_action ON audit_log(action);",
    // 2: clients (sealed whole with the client's own key), their versions, and changes
    // waiting for a second person's review.
    "CREATE TABLE clients (
        id          TEXT PRIMARY KEY,
        status      TEXT NOT NULL
                    CHECK (status IN ('active','engagement_ended','storage_only','destroyed')),
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        verified_at TEXT,
        version     INTEGER NOT NULL,
        data        BLOB NOT NULL
     ) STRICT;
     CREATE TABLE client_versions (
        client_id TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        version   INTEGER NOT NULL,
        at        TEXT NOT NULL,
        actor     INTEGER,
        fields    TEXT NOT NULL,
        data      BLOB NOT NULL,
        PRIMARY KEY (client_id, version)
     ) STRICT;
     CREATE TABLE change_requests (
        id           INTEGER PRIMARY KEY,
        client_id    TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        requested_by INTEGER NOT NULL,
        requested_at TEXT NOT NULL,
        status       TEXT NOT NULL CHECK (status IN ('pending','approved','rejected')),
        reviewed_by  INTEGER,
        reviewed_at  TEXT,
        fields       TEXT NOT NULL,
        data         BLOB NOT NULL
     ) STRICT;
     CREATE INDEX change_requests_pending ON change_requests(status, requested_at);",
    // 3: consent records (purpose, categories, recipient and method sealed with the client's key).
    "CREATE TABLE consents (
        id            INTEGER PRIMARY KEY,
        client_id     TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        contact_index INTEGER,
        scope         TEXT NOT NULL CHECK (scope IN ('processing','sensitive_data','third_party')),
        given_on      TEXT NOT NULL,
        withdrawn_on  TEXT,
        data          BLOB NOT NULL
     ) STRICT;
     CREATE INDEX consents_client ON consents(client_id, scope);",
    // 4: confidentiality agreements (number, version, status and dates in clear for the
    // expiry list; the issued text and the values it was filled with sealed with the client's
    // key). `renews` links a renewal to the version it replaces.
    "CREATE TABLE agreements (
        id         INTEGER PRIMARY KEY,
        client_id  TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        number     TEXT NOT NULL UNIQUE,
        version    INTEGER NOT NULL,
        renews     INTEGER REFERENCES agreements(id) ON DELETE SET NULL,
        language   TEXT NOT NULL CHECK (language IN ('zh-CN','en')),
        status     TEXT NOT NULL
                   CHECK (status IN ('draft','sent','signed','renewed','terminated')),
        start_on   TEXT NOT NULL,
        end_on     TEXT NOT NULL,
        signed_on  TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        data       BLOB NOT NULL
     ) STRICT;
     CREATE INDEX agreements_client ON agreements(client_id);
     CREATE INDEX agreements_expiry ON agreements(status, end_on);",
    // 5: records of data given to a third party (PIPL Art. 23): who shared, when and under
    // which consent in clear; recipient, purpose, categories and channel sealed with the
    // client's key.
    "CREATE TABLE sharing_records (
        id         INTEGER PRIMARY KEY,
        client_id  TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        shared_at  TEXT NOT NULL,
        shared_by  INTEGER NOT NULL,
        consent_id INTEGER NOT NULL REFERENCES consents(id),
        data       BLOB NOT NULL
     ) STRICT;
     CREATE INDEX sharing_records_client ON sharing_records(client_id, shared_at);",
    // 6: legal holds (reason and dates in clear: they decide what may be destroyed; the note
    // sealed with the client's key) and the destruction register. The register has no
    // client_id column on purpose: shredding a client erases every row keyed by it, and the
    // record of its destruction must stay (kept permanently, sealed with the vault key).
    "CREATE TABLE legal_holds (
        id        INTEGER PRIMARY KEY,
        client_id TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        reason    TEXT NOT NULL
                  CHECK (reason IN ('unsettled_claims','open_matter','dispute','incident')),
        placed_on TEXT NOT NULL,
        lifted_on TEXT,
        placed_by INTEGER NOT NULL,
        data      BLOB NOT NULL
     ) STRICT;
     CREATE INDEX legal_holds_client ON legal_holds(client_id);
     CREATE TABLE destruction_lists (
        id             INTEGER PRIMARY KEY,
        number         TEXT NOT NULL UNIQUE,
        status         TEXT NOT NULL CHECK (status IN
                       ('draft','approved','supervised','executed','closed','cancelled')),
        drafted_at     TEXT NOT NULL,
        updated_at     TEXT NOT NULL,
        checkpoint     TEXT,
        checkpoint_seq INTEGER,
        data           BLOB NOT NULL
     ) STRICT;",
    // 7: saved reconciliations (银行存款余额调节表
    // workbenches). The workbench, the file names and the summary figures are sealed with
    // the client's key; status, period, record class and fiscal year stay in clear for
    // lists and retention (class `bank_reconciliation`: 10 years). Column templates of
    // imported files (name and mapping sealed with the vault key), found by the layout's
    // header fingerprint.
    "CREATE TABLE reconciliations (
        id           TEXT PRIMARY KEY,
        client_id    TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        status       TEXT NOT NULL CHECK (status IN ('draft','final')),
        class        TEXT NOT NULL,
        fiscal_year  INTEGER,
        period_start TEXT,
        period_end   TEXT,
        revision     INTEGER NOT NULL,
        created_at   TEXT NOT NULL,
        created_by   INTEGER,
        updated_at   TEXT NOT NULL,
        updated_by   INTEGER,
        finalized_at TEXT,
        meta         BLOB NOT NULL,
        data         BLOB NOT NULL
     ) STRICT;
     CREATE INDEX reconciliations_client ON reconciliations(client_id, period_end);
     CREATE TABLE column_templates (
        fingerprint TEXT NOT NULL,
        side        TEXT NOT NULL CHECK (side IN ('bank','book')),
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        updated_by  INTEGER,
        data        BLOB NOT NULL,
        PRIMARY KEY (fingerprint, side)
     ) STRICT;",
    // 8: a client's documents (scans, contracts, signed agreements, consent evidence). Kind,
    // record class, fiscal year, size and who added it when stay in clear for retention
    // lists; the file name and note (`meta`) and the bytes (`content`) are sealed with the
    // client's key.
    "CREATE TABLE documents (
        id          INTEGER PRIMARY KEY,
        client_id   TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        kind        TEXT NOT NULL,
        class       TEXT NOT NULL,
        fiscal_year INTEGER,
        size        INTEGER NOT NULL,
        added_at    TEXT NOT NULL,
        added_by    INTEGER NOT NULL,
        meta        BLOB NOT NULL,
        content     BLOB NOT NULL
     ) STRICT;
     CREATE INDEX documents_client ON documents(client_id);",
    // 9: the compliance registers (requests, incidents, disputes, risks, training, impact
    // assessments). Kind, number, status and the dates that lists, deadlines and trends
    // need stay in clear; the content is sealed with the vault key. Which clients an entry
    // concerns is a separate table with a `client_id` column, so that shredding a client
    // erases the link while the firm's register entry stays.
    "CREATE TABLE register_entries (
        id         INTEGER PRIMARY KEY,
        kind       TEXT NOT NULL CHECK (kind IN
                   ('request','incident','dispute','risk','training','assessment')),
        number     TEXT NOT NULL UNIQUE,
        status     TEXT NOT NULL CHECK (status IN ('open','in_progress','closed')),
        opened_on  TEXT NOT NULL,
        due_on     TEXT,
        closed_on  TEXT,
        created_at TEXT NOT NULL,
        created_by INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by INTEGER NOT NULL,
        revision   INTEGER NOT NULL,
        data       BLOB NOT NULL
     ) STRICT;
     CREATE INDEX register_entries_kind ON register_entries(kind, status);
     CREATE TABLE register_clients (
        entry_id  INTEGER NOT NULL REFERENCES register_entries(id),
        client_id TEXT NOT NULL,
        PRIMARY KEY (entry_id, client_id)
     ) STRICT;
     CREATE INDEX register_clients_client ON register_clients(client_id);",
    // 10: values are sealed in format 0x02 from here on (`seal.rs`). No table changes: the
    // version moves so that a build that only opens format 0x01 refuses this vault as newer
    // (a clear message) instead of failing on the first 0x02 value as if a key were wrong.
    "INSERT OR REPLACE INTO meta (key, value) VALUES ('seal_format', X'02');",
];

/// The newest schema version this build knows.
#[must_use]
pub fn latest() -> u32 {
    u32::try_from(MIGRATIONS.len()).unwrap_or(u32::MAX)
}

fn migrations() -> Migrations<'static> {
    Migrations::new(MIGRATIONS.iter().map(|sql| M::up(sql)).collect())
}

/// The schema version of the database.
pub fn version(conn: &Connection) -> CoreResult<u32> {
    conn.query_row("PRAGMA user_version", [], |row| row.get::<_, u32>(0))
        .map_err(sql("file"))
}

/// Brings the database to the newest schema, refusing one written by a newer build.
pub fn migrate(conn: &mut Connection) -> CoreResult<()> {
    let found = version(conn)?;
    if found > latest() {
        return Err(CoreError::VaultTooNew {
            found,
            supported: latest(),
        });
    }
    migrations().to_latest(conn).map_err(|e| match e {
        rusqlite_migration::Error::RusqliteError { err, .. } => super::db::map_sql("schema", &err),
        other => CoreError::Storage(other.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        assert!(migrations().validate().is_ok());
    }

    #[test]
    fn newer_vault_is_refused_untouched() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        conn.pragma_update(None, "user_version", latest() + 1)
            .unwrap();
        let err = migrate(&mut conn).unwrap_err();
        assert!(matches!(err, CoreError::VaultTooNew { found, .. } if found == latest() + 1));
        assert_eq!(version(&conn).unwrap(), latest() + 1);
    }
}
