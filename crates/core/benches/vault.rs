//! Vault benchmarks (a bench binary, not a timed test): `cargo bench -p ledgerlock-core --bench vault`.
//!
//! 1. Unlock: keychain key → vault key → integrity check → password (Argon2id) → session.
//! 2. Sealed insert and scan of 100,000 rows against the same rows in plaintext SQLite.
//!
//! Figures go into docs/performance.md.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::float_arithmetic,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation
)]

use std::time::{Duration, Instant};

use chrono::Utc;
use ledgerlock_core::vault::{
    MemoryKeyStore, NewUser, Place, Sealer, SecretKey, Setup, Vault, VaultFiles,
};
use rusqlite::{params, Connection};

const ROWS: usize = 100_000;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn row_text(i: usize) -> String {
    format!(
        "{{\"name\":\"杭州华瑞科技有限公司{i}\",\"memo\":\"收华瑞货款 凭证{i}\",\"amount\":\"{}.{:02}\",\"account\":\"6222021001{i:08}\"}}",
        i * 37 % 100_000,
        i % 100
    )
}

fn open_db(dir: &std::path::Path, name: &str) -> Connection {
    let conn = Connection::open(dir.join(name)).unwrap();
    conn.execute_batch(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA secure_delete=ON;
         CREATE TABLE t (id INTEGER PRIMARY KEY, data BLOB NOT NULL);",
    )
    .unwrap();
    conn
}

/// A database of `ROWS` rows, sealed or plaintext, and how long inserting them took (one
/// transaction).
fn build_db(sealer: Option<&Sealer>) -> (tempfile::TempDir, Connection, Duration) {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open_db(dir.path(), "b.sqlite3");
    let started = Instant::now();
    let tx = conn.transaction().unwrap();
    {
        let mut stmt = tx
            .prepare("INSERT INTO t (id, data) VALUES (?1, ?2)")
            .unwrap();
        for i in 0..ROWS {
            let text = row_text(i);
            let id = i.to_string();
            let data = match sealer {
                Some(s) => s
                    .seal(
                        &Place {
                            table: "t",
                            column: "data",
                            row: &id,
                            key_version: 1,
                        },
                        text.as_bytes(),
                    )
                    .unwrap(),
                None => text.into_bytes(),
            };
            stmt.execute(params![i as i64, data]).unwrap();
        }
    }
    tx.commit().unwrap();
    let insert = started.elapsed();
    (dir, conn, insert)
}

/// One scan on this thread: each row read, opened when `sealer` is given, and parsed when
/// `parse`.
fn scan(conn: &Connection, sealer: Option<&Sealer>, parse: bool) -> Duration {
    let started = Instant::now();
    let mut stmt = conn.prepare("SELECT id, data FROM t ORDER BY id").unwrap();
    let mut rows = stmt.query([]).unwrap();
    let mut total = 0usize;
    while let Some(row) = rows.next().unwrap() {
        let id: i64 = row.get(0).unwrap();
        let data: Vec<u8> = row.get(1).unwrap();
        let len = match sealer {
            Some(s) => {
                let id = id.to_string();
                let plain = s
                    .open(
                        &Place {
                            table: "t",
                            column: "data",
                            row: &id,
                            key_version: 1,
                        },
                        &data,
                    )
                    .unwrap();
                if parse {
                    std::hint::black_box(
                        serde_json::from_slice::<serde_json::Value>(&plain).unwrap(),
                    );
                }
                plain.len()
            }
            None => {
                if parse {
                    std::hint::black_box(
                        serde_json::from_slice::<serde_json::Value>(&data).unwrap(),
                    );
                }
                data.len()
            }
        };
        total += len;
    }
    assert!(total > 0);
    started.elapsed()
}

/// The sealed scan as the vault does bulk reads: SQLite reads on this thread, copying the
/// values into batches, while the other cores open them in place
/// (`vault::bulk::open_streaming`).
fn scan_streamed(conn: &Connection, sealer: &Sealer, parse: bool) -> Duration {
    let started = Instant::now();
    let mut stmt = conn.prepare("SELECT id, data FROM t ORDER BY id").unwrap();
    let rows = ledgerlock_core::vault::bulk::sqlite_rows(&mut stmt, []);
    let mut total = 0usize;
    ledgerlock_core::vault::bulk::open_streaming(
        sealer,
        ledgerlock_core::vault::bulk::BulkPlace {
            table: "t",
            column: "data",
            key_version: 1,
        },
        rows,
        |_, plain| {
            if parse {
                std::hint::black_box(serde_json::from_slice::<serde_json::Value>(plain).unwrap());
            }
            total += plain.len();
        },
    )
    .unwrap();
    assert!(total > 0);
    started.elapsed()
}

fn main() {
    // 1. Unlock.
    let dir = tempfile::tempdir().unwrap();
    let files = VaultFiles::in_dir(dir.path());
    let keys = MemoryKeyStore::new();
    let created = Vault::create(
        &files,
        &keys,
        &Setup {
            firm_name: "基准测试事务所".to_owned(),
            admin: NewUser {
                username: "bench".to_owned(),
                display_name: "基准".to_owned(),
                password: "correct horse 9".to_owned(),
            },
        },
        Utc::now(),
    )
    .unwrap();
    created.vault.lock("bench", Utc::now()).unwrap();
    let mut samples = Vec::new();
    for _ in 0..15 {
        let started = Instant::now();
        let vault = Vault::unlock(&files, &keys, "bench", "correct horse 9", Utc::now()).unwrap();
        samples.push(started.elapsed());
        vault.lock("bench", Utc::now()).unwrap();
    }
    println!(
        "unlock (keychain key, quick_check, Argon2id login): median {:?}",
        median(samples)
    );

    // 2. Sealing alone, and sealed vs plaintext rows.
    let sealer = Sealer::new(&SecretKey::generate());
    let text = row_text(12_345);
    let place = Place {
        table: "t",
        column: "data",
        row: "12345",
        key_version: 1,
    };
    let sealed_one = sealer.seal(&place, text.as_bytes()).unwrap();
    let started = Instant::now();
    for _ in 0..ROWS {
        std::hint::black_box(
            sealer
                .seal(&place, std::hint::black_box(text.as_bytes()))
                .unwrap(),
        );
    }
    let seal_each = started.elapsed() / ROWS as u32;
    let started = Instant::now();
    for _ in 0..ROWS {
        std::hint::black_box(
            sealer
                .open(&place, std::hint::black_box(&sealed_one))
                .unwrap(),
        );
    }
    let open_each = started.elapsed() / ROWS as u32;
    println!(
        "seal {} bytes: {seal_each:?} each; open: {open_each:?} each",
        text.len()
    );
    // Inserts: three databases of each kind; the last pair is kept for the scans.
    let mut inserts = (Vec::new(), Vec::new());
    let mut dbs = None;
    for _ in 0..3 {
        let plain = build_db(None);
        let sealed = build_db(Some(&sealer));
        inserts.0.push(plain.2);
        inserts.1.push(sealed.2);
        dbs = Some((plain, sealed));
    }
    let ((_plain_dir, plain_db, _), (_sealed_dir, sealed_db, _)) = dbs.unwrap();
    let (pi, si) = (median(inserts.0), median(inserts.1));
    println!(
        "{ROWS} rows insert: plaintext {pi:?}, sealed {si:?} ({:.2}x)",
        si.as_secs_f64() / pi.as_secs_f64()
    );
    // Scans: every variant once per round, rounds interleaved so that all share the
    // machine's conditions; medians of the rounds.
    const ROUNDS: usize = 11;
    let mut t: [Vec<Duration>; 6] = Default::default();
    for _ in 0..ROUNDS {
        t[0].push(scan(&plain_db, None, false));
        t[1].push(scan(&sealed_db, Some(&sealer), false));
        t[2].push(scan_streamed(&sealed_db, &sealer, false));
        t[3].push(scan(&plain_db, None, true));
        t[4].push(scan(&sealed_db, Some(&sealer), true));
        t[5].push(scan_streamed(&sealed_db, &sealer, true));
    }
    let [ps, ss, st, pp, sp, stp] = t.map(median);
    let x = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
    println!("{ROWS} rows scan, bytes only (median of {ROUNDS}): plaintext {ps:?}");
    println!("  sealed, one thread: {ss:?} ({:.2}x)", x(ss, ps));
    println!(
        "  sealed, bulk read (read on one thread, opened in place on the other cores and by the reader when they are behind): {st:?} ({:.2}x)",
        x(st, ps)
    );
    println!("{ROWS} rows scan and parse (JSON records, as the app reads them): plaintext {pp:?}");
    println!("  sealed, one thread: {sp:?} ({:.2}x)", x(sp, pp));
    println!("  sealed, streamed: {stp:?} ({:.2}x)", x(stp, pp));
}
