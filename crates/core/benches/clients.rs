//! Client benchmarks: `cargo bench -p ledgerlock-core --bench clients`.
//!
//! Unlock (and load: decrypt every client, build the search index) of vaults with 20,000 and
//! 50,000 clients, and search over them. Figures go into docs/performance.md.

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
use ledgerlock_core::clients::record::{BankAccountInput, ClientInput, ClientKind, ContactInput};
use ledgerlock_core::clients::store::ClientFilter;
use ledgerlock_core::clients::validate::{credit_code_check_char, BankAccountKind};
use ledgerlock_core::vault::{MemoryKeyStore, NewUser, Setup, Vault, VaultFiles};

const SURNAMES: &[&str] = &[
    "杭州", "宁波", "温州", "绍兴", "嘉兴", "湖州", "金华", "台州",
];
const WORDS: &[&str] = &[
    "华瑞", "海天", "明远", "长青", "新杰", "恒信", "博达", "鼎盛", "安泰", "景和",
];
const TRADES: &[&str] = &["科技", "贸易", "建材", "食品", "物流", "咨询"];

fn client(i: usize) -> ClientInput {
    let body = format!("91330100MA{i:07}");
    let check = credit_code_check_char(&body).unwrap();
    ClientInput {
        kind: ClientKind::Company,
        name: format!(
            "{}{}{}有限公司{}",
            SURNAMES[i % SURNAMES.len()],
            WORDS[(i / 8) % WORDS.len()],
            TRADES[(i / 80) % TRADES.len()],
            i
        ),
        credit_code: format!("{body}{check}"),
        id_number: String::new(),
        legal_representative: "李华".to_owned(),
        registered_address: "浙江省杭州市西湖区文三路 90 号".to_owned(),
        industry: "批发业".to_owned(),
        taxpayer_status: None,
        engagement_start: "2024-01-01".to_owned(),
        engagement_end: String::new(),
        tags: vec![["月度记账", "年报", "清理"][i % 3].to_owned()],
        contacts: vec![ContactInput {
            name: "张敏".to_owned(),
            role: "财务".to_owned(),
            phone: format!("138{i:08}"),
            email: String::new(),
            id_number: String::new(),
        }],
        bank_accounts: vec![BankAccountInput {
            bank_name: "工行".to_owned(),
            account: format!("12020212{i:011}"),
            kind: BankAccountKind::Corporate,
        }],
        credit: None,
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    for n in [20_000usize, 50_000] {
        let dir = tempfile::tempdir().unwrap();
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
        for i in 0..n {
            vault.create_client(&client(i), Utc::now()).unwrap();
        }
        let create = started.elapsed();
        vault.lock("bench", Utc::now()).unwrap();
        let size = std::fs::metadata(files.database()).unwrap().len();

        let mut unlocks = Vec::new();
        let mut vault = None;
        for _ in 0..3 {
            if let Some(v) = vault.take() {
                let v: Vault = v;
                v.lock("bench", Utc::now()).unwrap();
            }
            let started = Instant::now();
            let v = Vault::unlock(&files, &keys, "bench", "correct horse 9", Utc::now()).unwrap();
            unlocks.push(started.elapsed());
            assert_eq!(v.indexed_clients(), n);
            vault = Some(v);
        }
        let vault = vault.unwrap();
        let queries = [
            "华瑞",
            "hzhr",
            "MA0012",
            "8000",
            "年报",
            "宁波海天物流",
            "不存在的名字",
            "1234",
        ];
        let mut times = Vec::new();
        for _ in 0..20 {
            for q in queries {
                let started = Instant::now();
                let hits = vault
                    .search_clients(q, &ClientFilter::default(), 200)
                    .unwrap();
                times.push(started.elapsed());
                std::hint::black_box(hits);
            }
        }
        let worst = *times.iter().max().unwrap();
        println!(
            "{n} clients: create {create:?} ({:.0} µs each), file {:.1} MB; unlock+load median {:?}; search median {:?}, worst {worst:?}",
            create.as_secs_f64() * 1e6 / n as f64,
            size as f64 / 1e6,
            median(unlocks),
            median(times)
        );
    }
}
