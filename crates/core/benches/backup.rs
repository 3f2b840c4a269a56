//! Backup benchmarks: `cargo bench -p ledgerlock-core --bench backup`.
//!
//! A vault with 20,000 clients (created through `Vault::create_client`) plus a synthetic
//! sealed table of 1,000,000 statement lines of about 200 bytes each (statement storage is not
//! in the vault yet, so the lines are sealed rows in a table of their own, which backups copy
//! like any other). Measures `Vault::create_backup` (snapshot, seal, flush, full verification,
//! rename) and `backup::verify_file` on its own. Figures go into docs/performance.md.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::float_arithmetic,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    clippy::cast_precision_loss
)]

use std::time::{Duration, Instant};

use chrono::Utc;
use ledgerlock_core::clients::record::{BankAccountInput, ClientInput, ClientKind};
use ledgerlock_core::clients::validate::{credit_code_check_char, BankAccountKind};
use ledgerlock_core::vault::backup::{self, BackupKey};
use ledgerlock_core::vault::{
    MemoryKeyStore, NewUser, Place, Sealer, SecretKey, Setup, Vault, VaultFiles,
};
use rusqlite::params;

const CLIENTS: usize = 20_000;
const LINES: usize = 1_000_000;
const RUNS: usize = 3;

fn client(i: usize) -> ClientInput {
    let body = format!("91330100MA{i:07}");
    let check = credit_code_check_char(&body).unwrap();
    ClientInput {
        kind: ClientKind::Company,
        name: format!("杭州华瑞贸易有限公司{i}"),
        credit_code: format!("{body}{check}"),
        id_number: String::new(),
        legal_representative: "李华".to_owned(),
        registered_address: "浙江省杭州市西湖区文三路 90 号".to_owned(),
        industry: "批发业".to_owned(),
        taxpayer_status: None,
        engagement_start: "2024-01-01".to_owned(),
        engagement_end: String::new(),
        tags: vec!["月度记账".to_owned()],
        contacts: Vec::new(),
        bank_accounts: vec![BankAccountInput {
            bank_name: "工行".to_owned(),
            account: format!("62220210{i:011}"),
            kind: BankAccountKind::Corporate,
        }],
        credit: None,
    }
}

fn line(i: usize) -> String {
    format!(
        "{{\"date\":\"2025-{:02}-{:02}\",\"amount\":\"{}.{:02}\",\"memo\":\"收杭州华瑞科技有限公司货款 凭证{i}\",\"counterparty\":\"62220210{:011}\",\"balance\":\"{}.00\",\"ref\":\"ICBC-330100-{i:012}\",\"kind\":\"credit\"}}",
        i % 12 + 1,
        i % 28 + 1,
        i * 37 % 100_000,
        i % 100,
        i % 20_000,
        i * 13 % 1_000_000
    )
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let folder = tempfile::tempdir().unwrap();
    let files = VaultFiles::in_dir(dir.path());
    let keys = MemoryKeyStore::new();
    let mut vault = Vault::create(
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
    .unwrap()
    .vault;
    let started = Instant::now();
    for i in 0..CLIENTS {
        vault.create_client(&client(i), Utc::now()).unwrap();
    }
    println!("{CLIENTS} clients created in {}", secs(started.elapsed()));
    vault.lock("bench", Utc::now()).unwrap();

    // The synthetic statement lines, sealed like any vault value.
    let started = Instant::now();
    {
        let mut conn = rusqlite::Connection::open(files.database()).unwrap();
        conn.execute_batch(
            "CREATE TABLE bench_statement_lines (id INTEGER PRIMARY KEY, data BLOB NOT NULL);",
        )
        .unwrap();
        let sealer = Sealer::new(&SecretKey::generate());
        let tx = conn.transaction().unwrap();
        {
            let mut stmt = tx
                .prepare("INSERT INTO bench_statement_lines (id, data) VALUES (?1, ?2)")
                .unwrap();
            let mut plain_bytes = 0usize;
            for i in 0..LINES {
                let text = line(i);
                plain_bytes += text.len();
                let id = i.to_string();
                let sealed = sealer
                    .seal(
                        &Place {
                            table: "bench_statement_lines",
                            column: "data",
                            row: &id,
                            key_version: 1,
                        },
                        text.as_bytes(),
                    )
                    .unwrap();
                stmt.execute(params![i as i64, sealed]).unwrap();
            }
            println!(
                "{LINES} lines, {} bytes each on average before sealing",
                plain_bytes / LINES
            );
        }
        tx.commit().unwrap();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .unwrap();
    }
    let size = std::fs::metadata(files.database()).unwrap().len();
    println!(
        "statement lines stored in {}; vault file {:.0} MB",
        secs(started.elapsed()),
        size as f64 / 1e6
    );

    let mut vault = Vault::unlock(&files, &keys, "bench", "correct horse 9", Utc::now()).unwrap();
    let mut made = Vec::new();
    for run in 0..RUNS {
        let started = Instant::now();
        let report = vault
            .create_backup(
                folder.path(),
                Utc::now() + chrono::Duration::seconds(run as i64),
            )
            .unwrap();
        let took = started.elapsed();
        println!(
            "backup (snapshot, seal, fsync, full verify, rename) run {run}: {} — file {:.0} MB",
            secs(took),
            report.size as f64 / 1e6
        );
        made.push(report.file);
    }
    let scratch = tempfile::tempdir().unwrap();
    for run in 0..RUNS {
        let started = Instant::now();
        let report = backup::verify_file(
            std::path::Path::new(&made[run % made.len()]),
            &BackupKey::Keychain(&keys),
            scratch.path(),
        )
        .unwrap();
        assert_eq!(report.counts.clients as usize, CLIENTS);
        println!(
            "verify alone (decrypt, digest, integrity_check, audit chain, counts, every client) run {run}: {}",
            secs(started.elapsed())
        );
    }
    vault.lock("bench", Utc::now()).unwrap();
}
