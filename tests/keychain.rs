//! The real OS keychain (on Linux: Secret Service via gnome-keyring on a D-Bus session), the
//! code path users hit. `scripts/test` runs the tests inside such a session; in CI this test
//! must not be skipped.

// Integration tests: a failed unwrap or index here is a failed test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use chrono::Utc;
use ledgerlock_core::vault::{KeyStore, NewUser, OsKeyStore, Setup, Vault, VaultFiles};

#[allow(clippy::print_stderr)] // says why a test was skipped
fn keychain_available() -> bool {
    if cfg!(target_os = "linux") && std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run this test inside a D-Bus session with gnome-keyring (scripts/test does)"
        );
        eprintln!("skipped: no D-Bus session bus (run through scripts/test)");
        return false;
    }
    true
}

#[test]
fn the_os_keychain_persists_and_opens_the_vault() {
    if !keychain_available() {
        return;
    }
    let store = OsKeyStore::new("com.ledgerlock.test");
    store.check_persists().unwrap();

    let dir = tempfile::tempdir().unwrap();
    let files = VaultFiles::in_dir(dir.path());
    let created = Vault::create(
        &files,
        &store,
        &Setup {
            firm_name: "测试事务所".to_owned(),
            admin: NewUser {
                username: "admin".to_owned(),
                display_name: "管理员".to_owned(),
                password: "correct horse 9".to_owned(),
            },
        },
        Utc::now(),
    )
    .unwrap();
    let vault_id = created.vault.vault_id().to_owned();
    created.vault.lock("test", Utc::now()).unwrap();

    // A fresh handle, as after a restart, reads the key from the real store.
    let again = OsKeyStore::new("com.ledgerlock.test");
    let vault = Vault::unlock(&files, &again, "admin", "correct horse 9", Utc::now()).unwrap();
    vault.lock("test", Utc::now()).unwrap();

    again.delete(&format!("vault:{vault_id}")).unwrap();
    assert!(again.get(&format!("vault:{vault_id}")).unwrap().is_none());
}

#[test]
fn cli_audit_verify_reads_the_keychain_and_finds_tampering() {
    if !keychain_available() {
        return;
    }
    let store = OsKeyStore::new(OsKeyStore::SERVICE);
    let dir = tempfile::tempdir().unwrap();
    let files = VaultFiles::in_dir(dir.path());
    let created = Vault::create(
        &files,
        &store,
        &Setup {
            firm_name: "测试事务所".to_owned(),
            admin: NewUser {
                username: "admin2".to_owned(),
                display_name: "管理员".to_owned(),
                password: "correct horse 9".to_owned(),
            },
        },
        Utc::now(),
    )
    .unwrap();
    let vault_id = created.vault.vault_id().to_owned();
    created.vault.lock("test", Utc::now()).unwrap();

    let run = ledgerlock_tests::run_cli(&["audit", "verify"], Some(dir.path()));
    assert_eq!(run.code, std::process::ExitCode::SUCCESS, "{}", run.stderr);
    assert!(run.stdout.contains("intact: 3 entries"), "{}", run.stdout);

    rusqlite::Connection::open(files.database())
        .unwrap()
        .execute("UPDATE audit_log SET target = 'user:9' WHERE seq = 2", [])
        .unwrap();
    let run = ledgerlock_tests::run_cli(&["audit", "verify"], Some(dir.path()));
    assert_eq!(run.code, std::process::ExitCode::FAILURE);
    assert!(run.stdout.contains("BROKEN at entry 2"), "{}", run.stdout);

    store.delete(&format!("vault:{vault_id}")).unwrap();
}

#[test]
fn cli_demo_fills_an_existing_vault_through_the_keychain() {
    use ledgerlock_core::clients::demo::DEMO_TAG;
    use ledgerlock_core::clients::store::ClientFilter;
    if !keychain_available() {
        return;
    }
    let store = OsKeyStore::new(OsKeyStore::SERVICE);
    let dir = tempfile::tempdir().unwrap();
    let files = VaultFiles::in_dir(dir.path());
    let created = Vault::create(
        &files,
        &store,
        &Setup {
            firm_name: "测试事务所".to_owned(),
            admin: NewUser {
                username: "admin3".to_owned(),
                display_name: "管理员".to_owned(),
                password: "correct horse 9".to_owned(),
            },
        },
        Utc::now(),
    )
    .unwrap();
    let vault_id = created.vault.vault_id().to_owned();
    created.vault.lock("test", Utc::now()).unwrap();

    // Only this test reads the variable (the password never goes on the command line).
    std::env::set_var("LEDGERLOCK_PASSWORD", "correct horse 9");
    let run = ledgerlock_tests::run_cli(
        &[
            "demo",
            "--clients",
            "3",
            "--seed",
            "9",
            "--username",
            "admin3",
        ],
        Some(dir.path()),
    );
    std::env::remove_var("LEDGERLOCK_PASSWORD");
    assert_eq!(run.code, std::process::ExitCode::SUCCESS, "{}", run.stderr);
    assert!(
        run.stdout.contains("created 3 demo clients"),
        "{}",
        run.stdout
    );

    let vault = Vault::unlock(&files, &store, "admin3", "correct horse 9", Utc::now()).unwrap();
    let demo = ClientFilter {
        tag: Some(DEMO_TAG.to_owned()),
        ..ClientFilter::default()
    };
    assert_eq!(vault.search_clients("", &demo, 10).unwrap().len(), 3);
    vault.lock("test", Utc::now()).unwrap();
    store.delete(&format!("vault:{vault_id}")).unwrap();
}
