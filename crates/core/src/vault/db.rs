//! Opening the vault's SQLite database with the settings the vault relies on, and mapping
//! SQLite's errors to the core's.

use std::path::Path;

use rusqlite::{Connection, ErrorCode as SqlCode, OpenFlags};

use crate::error::{CoreError, CoreResult};

/// Opens (or, with `create`, creates) the database at `path` with WAL, foreign keys,
/// `secure_delete` and an in-memory temp store.
pub fn open(path: &Path, create: bool) -> CoreResult<Connection> {
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let conn = Connection::open_with_flags(path, flags).map_err(|e| map_sql("file", &e))?;
    configure(&conn)?;
    Ok(conn)
}

/// Applies the vault's connection settings.
pub fn configure(conn: &Connection) -> CoreResult<()> {
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA secure_delete = ON;
         PRAGMA temp_store = MEMORY;
         PRAGMA busy_timeout = 5000;",
    )
    .map_err(|e| map_sql("file", &e))
}

/// Runs SQLite's structural check; any finding means the file is damaged.
pub fn quick_check(conn: &Connection) -> CoreResult<()> {
    let result: String = conn
        .query_row("PRAGMA quick_check", [], |row| row.get(0))
        .map_err(|e| map_sql("file", &e))?;
    if result == "ok" {
        Ok(())
    } else {
        tracing::warn!("quick_check reported damage");
        Err(CoreError::VaultDamaged {
            part: "file".to_owned(),
        })
    }
}

/// Maps a SQLite error to the core's: damage, full disk, or a storage error. `part` names
/// what was being read, for the damage report.
#[must_use]
pub fn map_sql(part: &str, err: &rusqlite::Error) -> CoreError {
    match err.sqlite_error_code() {
        Some(SqlCode::DatabaseCorrupt | SqlCode::NotADatabase) => CoreError::VaultDamaged {
            part: part.to_owned(),
        },
        Some(SqlCode::DiskFull) => CoreError::DiskFull,
        _ => CoreError::Storage(err.to_string()),
    }
}

/// Shorthand: `.map_err(sql(part))`.
pub fn sql(part: &'static str) -> impl Fn(rusqlite::Error) -> CoreError {
    move |e| map_sql(part, &e)
}
