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

fn bench_rows(sealer: Option<&Sealer>, parse: bool) -> (Duration, Duration) {
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
    (insert, started.elapsed())
}

/// The sealed scan as the vault does bulk reads: SQLite reads on this thread while a second
/// one opens what was read, in place (`vault::bulk::open_streaming`).
fn bench_streamed(sealer: &Sealer, parse: bool) -> Duration {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open_db(dir.path(), "s.sqlite3");
    let tx = conn.transaction().unwrap();
    {
        let mut stmt = tx
            .prepare("INSERT INTO t (id, data) VALUES (?1, ?2)")
            .unwrap();
        for i in 0..ROWS {
            let id = i.to_string();
            let place = Place {
                table: "t",
                column: "data",
                row: &id,
                key_version: 1,
            };
            let data = sealer.seal(&place, row_text(i).as_bytes()).unwrap();
            stmt.execute(params![i as i64, data]).unwrap();
        }
    }
    tx.commit().unwrap();
    let started = Instant::now();
    let mut stmt = conn.prepare("SELECT id, data FROM t ORDER BY id").unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?)))
        .unwrap();
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
    let mut plain = Vec::new();
    let mut sealed = Vec::new();
    let mut plain_parsed = Vec::new();
    let mut sealed_parsed = Vec::new();
    let mut streamed = Vec::new();
    let mut streamed_parsed = Vec::new();
    for _ in 0..3 {
        streamed.push(bench_streamed(&sealer, false));
        streamed_parsed.push(bench_streamed(&sealer, true));
        plain.push(bench_rows(None, false));
        sealed.push(bench_rows(Some(&sealer), false));
        plain_parsed.push(bench_rows(None, true).1);
        sealed_parsed.push(bench_rows(Some(&sealer), true).1);
    }
    let pi = median(plain.iter().map(|p| p.0).collect());
    let ps = median(plain.iter().map(|p| p.1).collect());
    let si = median(sealed.iter().map(|p| p.0).collect());
    let ss = median(sealed.iter().map(|p| p.1).collect());
    println!(
        "{ROWS} rows insert: plaintext {pi:?}, sealed {si:?} ({:.2}x)",
        si.as_secs_f64() / pi.as_secs_f64()
    );
    println!(
        "{ROWS} rows scan:   plaintext {ps:?}, sealed {ss:?} ({:.2}x)",
        ss.as_secs_f64() / ps.as_secs_f64()
    );
    let st = median(streamed);
    println!(
        "{ROWS} rows scan, bytes only, streamed (read on one core, opened in place on the other): sealed {st:?} ({:.2}x)",
        st.as_secs_f64() / ps.as_secs_f64()
    );
    let pp = median(plain_parsed);
    let sp = median(sealed_parsed);
    println!(
        "{ROWS} rows scan and parse (JSON records, as the app reads them): plaintext {pp:?}, sealed {sp:?} ({:.2}x)",
        sp.as_secs_f64() / pp.as_secs_f64()
    );
    let stp = median(streamed_parsed);
    println!(
        "{ROWS} rows scan and parse, streamed (opened and parsed on the second core): sealed {stp:?} ({:.2}x)",
        stp.as_secs_f64() / pp.as_secs_f64()
    );
}
