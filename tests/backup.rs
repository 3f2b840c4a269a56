//! Backups, tested from outside: create, verify, restore (same and new machine), restore
//! tests, retention, destructions that survive a restore, and every fault the issue names.

// Integration tests: a failed unwrap or index here is a failed test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};

use chrono::{Duration, Utc};
use ledgerlock_core::clients::record::ClientInput;
use ledgerlock_core::clients::store::ClientFilter;
use ledgerlock_core::vault::backup::{self, BackupKey, BackupSettings};
use ledgerlock_core::vault::{AuditFilter, MemoryKeyStore, NewUser, Role, Vault, VaultFiles};
use ledgerlock_core::CoreError;
use ledgerlock_tests::{new_vault, run_cli_with, TestVault, ADMIN};

fn client(name: &str) -> ClientInput {
    use ledgerlock_core::clients::record::{BankAccountInput, ClientKind};
    ClientInput {
        kind: ClientKind::Company,
        name: name.to_owned(),
        credit_code: "91350100M000100Y43".to_owned(),
        id_number: String::new(),
        legal_representative: "李华".to_owned(),
        registered_address: String::new(),
        industry: String::new(),
        taxpayer_status: None,
        engagement_start: String::new(),
        engagement_end: String::new(),
        tags: Vec::new(),
        contacts: Vec::new(),
        bank_accounts: vec![BankAccountInput {
            bank_name: "工行".to_owned(),
            account: "1202021209000123456".to_owned(),
            kind: ledgerlock_core::clients::validate::BankAccountKind::Corporate,
        }],
        credit: None,
    }
}

fn names(vault: &Vault) -> Vec<String> {
    let mut n: Vec<String> = vault
        .search_clients("", &ClientFilter::default(), 1000)
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    n.sort();
    n
}

fn actions(vault: &Vault) -> Vec<String> {
    vault
        .audit_entries(&AuditFilter {
            limit: Some(10_000),
            ..AuditFilter::default()
        })
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect()
}

fn backup_files(folder: &Path) -> Vec<PathBuf> {
    backup::list(folder)
        .unwrap()
        .into_iter()
        .map(|l| PathBuf::from(l.file))
        .collect()
}

/// A vault with two clients and one backup of it; returns (vault, backup folder, file, ids).
fn vault_with_backup() -> (TestVault, tempfile::TempDir, PathBuf, String, String) {
    let v = new_vault();
    let folder = tempfile::tempdir().unwrap();
    let mut vault = v.admin();
    let a = vault
        .create_client(&client("杭州甲公司"), Utc::now())
        .unwrap();
    let b = vault
        .create_client(&client("杭州乙公司"), Utc::now())
        .unwrap();
    let report = vault.create_backup(folder.path(), Utc::now()).unwrap();
    assert_eq!(report.counts.clients, 2);
    vault.lock("test", Utc::now()).unwrap();
    let file = PathBuf::from(report.file);
    (v, folder, file, a, b)
}

#[test]
fn backup_then_change_then_restore_shows_the_old_state() {
    let (v, folder, file, _, _) = vault_with_backup();
    let mut vault = v.admin();
    vault
        .create_client(&client("后来的公司"), Utc::now())
        .unwrap();
    assert_eq!(names(&vault).len(), 3);
    let preview = vault.backup_preview(&file, &v.keys, None).unwrap();
    assert_eq!(preview.counts.clients, 2);
    assert!(preview.last_audit.is_some());
    let outcome = vault
        .restore_backup(&v.keys, &file, None, Utc::now())
        .unwrap();
    let aside = PathBuf::from(outcome.previous.unwrap());
    assert!(aside.is_file() && backup::restore_pending(&v.files));

    let vault = v.admin();
    assert_eq!(names(&vault), vec!["杭州乙公司", "杭州甲公司"]);
    let acts = actions(&vault);
    assert!(acts.contains(&"backup.restored".to_owned()));
    assert!(vault.audit_entries(&AuditFilter::default()).is_ok());
    let mut vault = vault;
    assert!(vault.verify_audit(Utc::now()).unwrap().intact);
    vault.lock("test", Utc::now()).unwrap();

    // Undo puts the newer vault back; confirm deletes what is aside.
    backup::undo_restore(&v.files).unwrap();
    let vault = v.admin();
    assert_eq!(names(&vault).len(), 3);
    assert!(actions(&vault).contains(&"backup.restore_started".to_owned()));
    let outcome = vault
        .restore_backup(&v.keys, &file, None, Utc::now())
        .unwrap();
    assert!(outcome.previous.is_some());
    backup::confirm_restore(&v.files).unwrap();
    assert!(!backup::restore_pending(&v.files));
    assert_eq!(names(&v.admin()).len(), 2);
    drop(folder);
}

#[test]
fn every_backup_is_verified_and_recorded() {
    let (v, folder, file, _, _) = vault_with_backup();
    let mut vault = v.admin();
    let report = vault.verify_backup(&file, Utc::now()).unwrap();
    assert_eq!(report.counts.clients, 2);
    assert!(report.counts.audit_entries > 3);
    let status = vault.backup_status(Utc::now()).unwrap();
    let last = status.history.last_good.unwrap();
    assert_eq!(PathBuf::from(&last.file), file);
    assert!(status.history.last_attempt.unwrap().ok);
    assert!(!status.overdue);
    let acts = actions(&vault);
    assert!(acts.contains(&"backup.created".to_owned()));
    assert!(acts.contains(&"backup.verified".to_owned()));
    // Nothing but the backup is left in the folder (no partial files, no plaintext).
    let names: Vec<String> = std::fs::read_dir(folder.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    // No snapshot or scratch file is left in the data folder.
    let leftovers: Vec<String> = std::fs::read_dir(v.files.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // Nothing sensitive in clear in the backup file.
    let bytes = std::fs::read(&file).unwrap();
    for needle in [
        "杭州甲公司".as_bytes(),
        b"1202021209000123456",
        b"SQLite format",
    ] {
        assert!(!bytes.windows(needle.len()).any(|w| w == needle));
    }
    // The restore test.
    let tested = vault.restore_test(Some(folder.path()), Utc::now()).unwrap();
    assert_eq!(tested.counts.clients, 2);
    let status = vault.backup_status(Utc::now()).unwrap();
    assert!(status.history.last_good_restore_test.unwrap().ok);
    assert!(!status.restore_test_due);
    assert!(actions(&vault).contains(&"backup.restore_tested".to_owned()));
    vault.lock("test", Utc::now()).unwrap();
}

#[test]
fn a_backup_made_before_a_destruction_does_not_bring_the_client_back() {
    let (v, _folder, file, a, b) = vault_with_backup();
    let mut vault = v.admin();
    vault
        .shred_client(&a, "retention period ended", Utc::now())
        .unwrap();
    assert_eq!(names(&vault), vec!["杭州乙公司"]);
    assert!(matches!(
        vault.client_detail(&a),
        Err(CoreError::NotFound { .. })
    ));
    vault
        .restore_backup(&v.keys, &file, None, Utc::now())
        .unwrap();
    backup::confirm_restore(&v.files).unwrap();
    let mut vault = v.admin();
    assert_eq!(names(&vault), vec!["杭州乙公司"]);
    assert!(matches!(
        vault.client_detail(&a),
        Err(CoreError::NotFound { .. })
    ));
    vault.client_detail(&b).unwrap();
    assert!(actions(&vault).contains(&"client.destruction_reapplied".to_owned()));
    // No row of the client is left in any table.
    let conn = rusqlite::Connection::open(v.files.database()).unwrap();
    for table in [
        "clients",
        "client_keys",
        "client_versions",
        "consents",
        "user_clients",
    ] {
        let col = if table == "clients" {
            "id"
        } else {
            "client_id"
        };
        let n: i64 = conn
            .query_row(
                &format!("SELECT COUNT(*) FROM {table} WHERE {col} = ?1"),
                [&a],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 0, "{table}");
    }
    assert!(vault.verify_audit(Utc::now()).unwrap().intact);
}

#[test]
fn destruction_survives_a_restore_on_a_new_machine_from_the_backup_folder() {
    let (v, folder, file, a, _) = vault_with_backup();
    let mut vault = v.admin();
    vault
        .shred_client(&a, "client asked for erasure", Utc::now())
        .unwrap();
    // A later backup copies the ledger beside the backups.
    vault
        .create_backup(folder.path(), Utc::now() + Duration::seconds(1))
        .unwrap();
    vault.lock("test", Utc::now()).unwrap();
    let new_dir = tempfile::tempdir().unwrap();
    let new_files = VaultFiles::in_dir(new_dir.path());
    let new_keys = MemoryKeyStore::new();
    let outcome =
        backup::restore_on_new_machine(&new_files, &new_keys, &file, &v.recovery_code, Utc::now())
            .unwrap();
    assert_eq!(outcome.reapplied_destructions, 1);
    let vault = Vault::unlock(&new_files, &new_keys, ADMIN.0, ADMIN.1, Utc::now()).unwrap();
    assert_eq!(names(&vault), vec!["杭州乙公司"]);
}

#[test]
fn restore_on_a_new_machine_with_the_recovery_code_gives_identical_data() {
    let (v, _folder, file, a, b) = vault_with_backup();
    let mut old = v.admin();
    let detail_a = old.client_detail(&a).unwrap();
    let detail_b = old.client_detail(&b).unwrap();
    let without_login = |mut users: Vec<ledgerlock_core::vault::UserSummary>| {
        for u in &mut users {
            u.last_login_at = None;
        }
        users
    };
    let users = without_login(old.users().unwrap());
    let old_names = names(&old);
    old.lock("test", Utc::now()).unwrap();

    let new_dir = tempfile::tempdir().unwrap();
    let new_files = VaultFiles::in_dir(new_dir.path());
    let new_keys = MemoryKeyStore::new();
    // The keychain of the new machine is empty: the keychain cannot open the backup.
    assert!(matches!(
        backup::verify_file(&file, &BackupKey::Keychain(&new_keys), new_dir.path()),
        Err(CoreError::KeychainMissing)
    ));
    let report = backup::verify_file(
        &file,
        &BackupKey::RecoveryCode(&v.recovery_code),
        new_dir.path(),
    )
    .unwrap();
    assert_eq!(report.counts.clients, 2);
    let outcome =
        backup::restore_on_new_machine(&new_files, &new_keys, &file, &v.recovery_code, Utc::now())
            .unwrap();
    assert!(outcome.previous.is_none());
    // The key was enrolled: the new machine's keychain now opens the vault.
    let mut vault = Vault::unlock(&new_files, &new_keys, ADMIN.0, ADMIN.1, Utc::now()).unwrap();
    assert_eq!(names(&vault), old_names);
    assert_eq!(vault.client_detail(&a).unwrap(), detail_a);
    assert_eq!(vault.client_detail(&b).unwrap(), detail_b);
    assert_eq!(without_login(vault.users().unwrap()), users);
    assert!(vault.verify_audit(Utc::now()).unwrap().intact);
    assert!(actions(&vault).contains(&"backup.restored".to_owned()));
    vault.lock("test", Utc::now()).unwrap();
    // A second restore there is refused: a vault exists now.
    assert!(matches!(
        backup::restore_on_new_machine(&new_files, &new_keys, &file, &v.recovery_code, Utc::now()),
        Err(CoreError::VaultExists)
    ));
}

#[test]
fn a_wrong_or_mistyped_recovery_code_is_refused_and_changes_nothing() {
    let (_v, _folder, file, _, _) = vault_with_backup();
    let other = new_vault();
    let new_dir = tempfile::tempdir().unwrap();
    let new_files = VaultFiles::in_dir(new_dir.path());
    let new_keys = MemoryKeyStore::new();
    assert!(matches!(
        backup::restore_on_new_machine(
            &new_files,
            &new_keys,
            &file,
            &other.recovery_code,
            Utc::now()
        ),
        Err(CoreError::RecoveryCodeWrong)
    ));
    let mut typo = other.recovery_code.clone();
    let last = typo.pop().unwrap();
    typo.push(if last == 'A' { 'B' } else { 'A' });
    assert!(matches!(
        backup::restore_on_new_machine(&new_files, &new_keys, &file, &typo, Utc::now()),
        Err(CoreError::RecoveryCodeMistyped | CoreError::RecoveryCodeWrong)
    ));
    assert!(!new_files.exists());
    assert_eq!(std::fs::read_dir(new_dir.path()).unwrap().count(), 0);
    // Another vault's administrator cannot restore it with its own key either.
    let vault = other.admin();
    assert!(matches!(
        vault.prepare_restore(&other.keys, &file, None, Utc::now()),
        Err(CoreError::KeychainMissing)
    ));
    assert!(matches!(
        vault.prepare_restore(&other.keys, &file, Some(&other.recovery_code), Utc::now()),
        Err(CoreError::RecoveryCodeWrong)
    ));
}

/// Restore attempt that must fail with `expect` and leave the live vault as it was.
fn restore_fails_untouched(v: &TestVault, file: &Path, expect: fn(&CoreError) -> bool) {
    let before = std::fs::read(v.files.database()).unwrap();
    let vault = v.admin();
    let clients = names(&vault);
    let err = vault
        .prepare_restore(&v.keys, file, None, Utc::now())
        .unwrap_err();
    assert!(expect(&err), "{err:?}");
    assert_eq!(names(&vault), clients);
    vault.lock("test", Utc::now()).unwrap();
    assert!(!backup::restore_pending(&v.files));
    let leftovers: Vec<String> = std::fs::read_dir(v.files.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("restoring") || n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // The vault opens whole (the bytes differ only by the audit entries of the unlocks).
    let mut vault = v.admin();
    assert!(vault.verify_audit(Utc::now()).unwrap().intact);
    assert_eq!(names(&vault), clients);
    drop(before);
}

#[test]
fn a_truncated_backup_is_refused_clearly() {
    let (v, folder, file, _, _) = vault_with_backup();
    let bytes = std::fs::read(&file).unwrap();
    for cut in [10, 200, bytes.len() / 2, bytes.len() - 1] {
        let damaged = folder.path().join(format!("cut-{cut}.llbak"));
        std::fs::write(&damaged, &bytes[..cut]).unwrap();
        let err = backup::verify_file(
            &damaged,
            &BackupKey::RecoveryCode(&v.recovery_code),
            folder.path(),
        )
        .unwrap_err();
        assert!(
            matches!(err, CoreError::BackupDamaged { .. }),
            "cut {cut}: {err:?}"
        );
        restore_fails_untouched(&v, &damaged, |e| {
            matches!(e, CoreError::BackupDamaged { .. })
        });
    }
}

#[test]
fn a_bit_flip_anywhere_is_refused_clearly() {
    let (v, folder, file, _, _) = vault_with_backup();
    let bytes = std::fs::read(&file).unwrap();
    let header_len = u32::from_be_bytes(bytes[8..12].try_into().unwrap()) as usize;
    // In the header's JSON, in the first chunk, in the last tag.
    for at in [
        30,
        12 + header_len / 2,
        12 + header_len + 40,
        bytes.len() - 3,
    ] {
        let mut flipped = bytes.clone();
        flipped[at] ^= 0x04;
        let damaged = folder.path().join(format!("flip-{at}.llbak"));
        std::fs::write(&damaged, &flipped).unwrap();
        let err = backup::verify_file(
            &damaged,
            &BackupKey::RecoveryCode(&v.recovery_code),
            folder.path(),
        )
        .unwrap_err();
        assert!(
            matches!(
                err,
                CoreError::BackupDamaged { .. } | CoreError::RecoveryCodeWrong
            ),
            "flip at {at}: {err:?}"
        );
        restore_fails_untouched(&v, &damaged, |e| {
            matches!(
                e,
                CoreError::BackupDamaged { .. } | CoreError::KeychainMismatch
            )
        });
    }
}

#[test]
fn a_backup_from_a_newer_version_is_refused_clearly() {
    let (v, folder, file, _, _) = vault_with_backup();
    let bytes = std::fs::read(&file).unwrap();
    let header_len = u32::from_be_bytes(bytes[8..12].try_into().unwrap()) as usize;
    let mut header: serde_json::Value =
        serde_json::from_slice(&bytes[12..12 + header_len]).unwrap();
    let schema = header["schema_version"].as_u64().unwrap();
    header["schema_version"] = serde_json::json!(schema + 1);
    let new_header = serde_json::to_vec(&header).unwrap();
    let mut newer = bytes[..8].to_vec();
    newer.extend_from_slice(&u32::try_from(new_header.len()).unwrap().to_be_bytes());
    newer.extend_from_slice(&new_header);
    newer.extend_from_slice(&bytes[12 + header_len..]);
    let newer_schema = folder.path().join("newer-schema.llbak");
    std::fs::write(&newer_schema, &newer).unwrap();
    let too_new = |e: &CoreError| matches!(e, CoreError::BackupTooNew { .. });
    assert!(too_new(
        &backup::verify_file(
            &newer_schema,
            &BackupKey::RecoveryCode(&v.recovery_code),
            folder.path()
        )
        .unwrap_err()
    ));
    restore_fails_untouched(&v, &newer_schema, too_new);
    // A newer file format.
    let mut newer_format = bytes.clone();
    newer_format[7] += 1;
    let newer_format_file = folder.path().join("newer-format.llbak");
    std::fs::write(&newer_format_file, &newer_format).unwrap();
    restore_fails_untouched(&v, &newer_format_file, too_new);
    // The listing shows them as unreadable, not as good backups.
    let listing = backup::list(folder.path()).unwrap();
    assert_eq!(
        listing.iter().filter(|l| l.problem.is_some()).count(),
        2,
        "{listing:?}"
    );
}

#[test]
fn retention_prunes_old_generations_of_this_vault_only() {
    let v = new_vault();
    let folder = tempfile::tempdir().unwrap();
    let mut vault = v.admin();
    vault
        .update_backup_settings(
            &BackupSettings {
                folder: Some(folder.path().display().to_string()),
                keep_daily: 2,
                keep_weekly: 0,
                keep_monthly: 0,
                ..BackupSettings::default()
            },
            Utc::now(),
        )
        .unwrap();
    let start = Utc::now() - Duration::days(10);
    // Another vault's backup in the same folder is never touched.
    let other = new_vault();
    let mut other_vault = other.admin();
    other_vault.create_backup(folder.path(), start).unwrap();
    for d in 0..4 {
        vault
            .create_backup(folder.path(), start + Duration::days(d))
            .unwrap();
    }
    let files = backup::list(folder.path()).unwrap();
    let ours: Vec<_> = files
        .iter()
        .filter(|l| l.vault_id == vault.vault_id())
        .collect();
    assert_eq!(ours.len(), 2, "{files:?}");
    assert_eq!(files.len(), 3);
    assert!(actions(&vault).contains(&"backup.pruned".to_owned()));
    // A scheduled backup is due once the interval has passed.
    assert!(vault
        .scheduled_backup_due(start + Duration::days(3))
        .is_none());
    assert_eq!(
        vault.scheduled_backup_due(start + Duration::days(5)),
        Some(folder.path().to_path_buf())
    );
}

#[test]
fn roles_decide_who_backs_up_restores_and_shreds() {
    let (v, _folder, file, a, _) = vault_with_backup();
    let mut admin = v.admin();
    for (name, role) in [("kuaiji", Role::Accountant), ("zhuli", Role::Assistant)] {
        admin
            .create_user(
                &NewUser {
                    username: name.to_owned(),
                    display_name: name.to_owned(),
                    password: "another pass 42".to_owned(),
                },
                role,
                Utc::now(),
            )
            .unwrap();
    }
    admin.lock("test", Utc::now()).unwrap();
    let folder = tempfile::tempdir().unwrap();
    let mut accountant =
        Vault::unlock(&v.files, &v.keys, "kuaiji", "another pass 42", Utc::now()).unwrap();
    accountant.create_backup(folder.path(), Utc::now()).unwrap();
    assert!(matches!(
        accountant.prepare_restore(&v.keys, &file, None, Utc::now()),
        Err(CoreError::Forbidden { .. })
    ));
    assert!(matches!(
        accountant.shred_client(&a, "x", Utc::now()),
        Err(CoreError::Forbidden { .. })
    ));
    accountant.lock("test", Utc::now()).unwrap();
    let mut assistant =
        Vault::unlock(&v.files, &v.keys, "zhuli", "another pass 42", Utc::now()).unwrap();
    assert!(matches!(
        assistant.create_backup(folder.path(), Utc::now()),
        Err(CoreError::Forbidden { .. })
    ));
}

#[test]
fn a_tampered_destruction_ledger_stops_a_restore() {
    let (v, _folder, file, a, _) = vault_with_backup();
    let mut vault = v.admin();
    vault.shred_client(&a, "erasure", Utc::now()).unwrap();
    let id = vault.vault_id().to_owned();
    vault.lock("test", Utc::now()).unwrap();
    let ledger = v
        .files
        .dir()
        .join(ledgerlock_core::vault::DestructionLedger::file_name(&id));
    let text = std::fs::read_to_string(&ledger).unwrap();
    // Removing the entry (to bring the client back) breaks the MAC.
    std::fs::write(
        &ledger,
        text.replace(&a, "00000000-0000-0000-0000-000000000000"),
    )
    .unwrap();
    let vault = v.admin();
    assert!(matches!(
        vault.prepare_restore(&v.keys, &file, None, Utc::now()),
        Err(CoreError::VaultDamaged { .. })
    ));
}

/// Mounts a small tmpfs (root only, Linux); `None` where that is not possible here.
fn small_disk(kib: u32) -> Option<(tempfile::TempDir, impl Drop)> {
    struct Unmount(std::path::PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(&self.0).status();
        }
    }
    let dir = tempfile::tempdir().ok()?;
    let ok = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={kib}k"), "tmpfs"])
        .arg(dir.path())
        .stderr(std::process::Stdio::null())
        .status()
        .ok()?
        .success();
    ok.then(|| {
        let guard = Unmount(dir.path().to_path_buf());
        (dir, guard)
    })
}

#[test]
fn a_full_disk_during_a_backup_leaves_no_file_that_looks_good() {
    let Some((disk, _unmount)) = small_disk(64) else {
        eprintln!("skipped: cannot mount a small tmpfs here (needs root on Linux)");
        return;
    };
    let v = new_vault();
    let mut vault = v.admin();
    // Enough data that the backup does not fit in 64 KiB.
    for i in 0..150 {
        vault
            .create_client(&client(&format!("杭州第{i}号贸易有限公司")), Utc::now())
            .unwrap();
    }
    let err = vault.create_backup(disk.path(), Utc::now()).unwrap_err();
    assert!(matches!(err, CoreError::DiskFull), "{err:?}");
    assert!(backup_files(disk.path()).is_empty());
    assert_eq!(std::fs::read_dir(disk.path()).unwrap().count(), 0);
    let status = vault.backup_status(Utc::now()).unwrap();
    assert!(status.history.last_good.is_none());
    assert_eq!(
        status.history.last_attempt.unwrap().error.as_deref(),
        Some("disk_full")
    );
    assert!(actions(&vault).contains(&"backup.failed".to_owned()));
    assert!(vault.verify_audit(Utc::now()).unwrap().intact);
}

fn folder_vault() -> (
    tempfile::TempDir,
    tempfile::TempDir,
    VaultFiles,
    ledgerlock_tests::FolderKeyStore,
) {
    let dir = tempfile::tempdir().unwrap();
    let keydir = tempfile::tempdir().unwrap();
    let files = VaultFiles::in_dir(dir.path());
    let store = ledgerlock_tests::FolderKeyStore::new(keydir.path());
    let created = Vault::create(
        &files,
        &store,
        &ledgerlock_core::vault::Setup {
            firm_name: "测试事务所".to_owned(),
            admin: NewUser {
                username: ADMIN.0.to_owned(),
                display_name: "管理员".to_owned(),
                password: ADMIN.1.to_owned(),
            },
        },
        Utc::now(),
    )
    .unwrap();
    let mut vault = created.vault;
    for i in 0..300 {
        vault
            .create_client(&client(&format!("杭州第{i}号贸易有限公司")), Utc::now())
            .unwrap();
    }
    vault.lock("test", Utc::now()).unwrap();
    (dir, keydir, files, store)
}

fn kill_after_ready(mode: &str, dir: &Path, keydir: &Path, target: &Path, wait_ms: u64) {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_backup-worker"))
        .arg(mode)
        .arg(dir)
        .arg(keydir)
        .arg(target)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(line.trim(), "ready");
    std::thread::sleep(std::time::Duration::from_millis(wait_ms));
    child.kill().unwrap(); // SIGKILL on Unix
    let status = child.wait().unwrap();
    assert!(
        status.code().is_none(),
        "the worker ended on its own: {status:?}"
    );
}

#[test]
fn kill_9_during_backups_leaves_only_good_backups_and_a_whole_vault() {
    let (dir, keydir, files, store) = folder_vault();
    let folder = tempfile::tempdir().unwrap();
    for round in 0..3u64 {
        kill_after_ready(
            "backup",
            dir.path(),
            keydir.path(),
            folder.path(),
            120 + 90 * round,
        );
        let vault = Vault::unlock(&files, &store, ADMIN.0, ADMIN.1, Utc::now()).unwrap();
        for file in backup_files(folder.path()) {
            backup::verify_file(
                &file,
                &BackupKey::Keychain(&store),
                tempfile::tempdir().unwrap().path(),
            )
            .unwrap_or_else(|e| panic!("round {round}: {} does not verify: {e:?}", file.display()));
        }
        let mut vault = vault;
        assert!(
            vault.verify_audit(Utc::now()).unwrap().intact,
            "round {round}"
        );
        assert_eq!(names(&vault).len(), 300);
        vault.lock("test", Utc::now()).unwrap();
    }
}

#[test]
fn kill_9_during_restores_leaves_a_whole_vault() {
    let (dir, keydir, files, store) = folder_vault();
    let folder = tempfile::tempdir().unwrap();
    let mut vault = Vault::unlock(&files, &store, ADMIN.0, ADMIN.1, Utc::now()).unwrap();
    let file = PathBuf::from(vault.create_backup(folder.path(), Utc::now()).unwrap().file);
    vault.lock("test", Utc::now()).unwrap();
    for round in 0..3u64 {
        kill_after_ready(
            "restore",
            dir.path(),
            keydir.path(),
            &file,
            150 + 110 * round,
        );
        let mut vault = Vault::unlock(&files, &store, ADMIN.0, ADMIN.1, Utc::now())
            .unwrap_or_else(|e| panic!("round {round}: {e:?}"));
        assert!(
            vault.verify_audit(Utc::now()).unwrap().intact,
            "round {round}"
        );
        assert_eq!(names(&vault).len(), 300);
        vault.lock("test", Utc::now()).unwrap();
    }
}

#[test]
fn cli_backup_create_list_verify_and_restore_on_a_new_machine() {
    use std::process::ExitCode;
    let v = new_vault();
    let mut vault = v.admin();
    vault
        .create_client(&client("杭州甲公司"), Utc::now())
        .unwrap();
    vault.lock("test", Utc::now()).unwrap();
    let folder = tempfile::tempdir().unwrap();
    let to = folder.path().display().to_string();

    // Without a password nothing happens.
    let run = run_cli_with(
        &["backup", "create", "--to", &to, "--user", ADMIN.0],
        v.dir.path(),
        &v.keys,
        &[],
    );
    assert_eq!(run.code, ExitCode::FAILURE);
    let run = run_cli_with(
        &["backup", "create", "--to", &to, "--user", ADMIN.0, "--json"],
        v.dir.path(),
        &v.keys,
        &[ADMIN.1],
    );
    assert_eq!(run.code, ExitCode::SUCCESS, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let file = report["file"].as_str().unwrap().to_owned();
    assert_eq!(report["counts"]["clients"], 1);

    let run = run_cli_with(&["backup", "list", &to], v.dir.path(), &v.keys, &[]);
    assert_eq!(run.code, ExitCode::SUCCESS, "{}", run.stderr);
    assert!(run.stdout.contains(&file), "{}", run.stdout);

    let run = run_cli_with(&["backup", "verify", &file], v.dir.path(), &v.keys, &[]);
    assert_eq!(run.code, ExitCode::SUCCESS, "{}", run.stderr);
    assert!(run.stdout.contains("1 clients"), "{}", run.stdout);

    // A new machine: empty keychain, other data folder.
    let new_dir = tempfile::tempdir().unwrap();
    let new_keys = MemoryKeyStore::new();
    let run = run_cli_with(&["backup", "verify", &file], new_dir.path(), &new_keys, &[]);
    assert_eq!(run.code, ExitCode::FAILURE);
    assert!(run.stderr.contains("keychain"), "{}", run.stderr);
    let other = new_vault();
    let run = run_cli_with(
        &["backup", "restore", &file, "--recovery-code", "--yes"],
        new_dir.path(),
        &new_keys,
        &[&other.recovery_code],
    );
    assert_eq!(run.code, ExitCode::FAILURE);
    assert!(
        run.stderr.contains("recovery code does not open"),
        "{}",
        run.stderr
    );
    // The preview changes nothing.
    let run = run_cli_with(
        &["backup", "restore", &file, "--recovery-code"],
        new_dir.path(),
        &new_keys,
        &[&v.recovery_code],
    );
    assert_eq!(run.code, ExitCode::SUCCESS, "{}", run.stderr);
    assert!(run.stdout.contains("nothing was changed"), "{}", run.stdout);
    assert!(!VaultFiles::in_dir(new_dir.path()).exists());
    let run = run_cli_with(
        &["backup", "restore", &file, "--recovery-code", "--yes"],
        new_dir.path(),
        &new_keys,
        &[&v.recovery_code],
    );
    assert_eq!(run.code, ExitCode::SUCCESS, "{}", run.stderr);
    let vault = Vault::unlock(
        &VaultFiles::in_dir(new_dir.path()),
        &new_keys,
        ADMIN.0,
        ADMIN.1,
        Utc::now(),
    )
    .unwrap();
    assert_eq!(names(&vault), vec!["杭州甲公司"]);

    // A damaged file fails verification with a clear message and exit code 1.
    let mut bytes = std::fs::read(&file).unwrap();
    let last = bytes.len() - 2;
    bytes[last] ^= 1;
    let damaged = folder.path().join("damaged.llbak");
    std::fs::write(&damaged, bytes).unwrap();
    let damaged = damaged.display().to_string();
    let run = run_cli_with(&["backup", "verify", &damaged], v.dir.path(), &v.keys, &[]);
    assert_eq!(run.code, ExitCode::FAILURE);
    assert!(run.stderr.contains("backup is damaged"), "{}", run.stderr);

    // Same machine: restore over the live vault, keeping the old one aside.
    let run = run_cli_with(
        &["backup", "restore", &file, "--user", ADMIN.0, "--yes"],
        v.dir.path(),
        &v.keys,
        &[ADMIN.1],
    );
    assert_eq!(run.code, ExitCode::SUCCESS, "{}", run.stderr);
    assert!(run.stdout.contains("kept at"), "{}", run.stdout);
    assert!(backup::restore_pending(&v.files));
}

#[test]
fn a_full_disk_during_a_restore_leaves_the_live_vault_untouched() {
    let Some((disk, _unmount)) = small_disk(16 * 1024) else {
        eprintln!("skipped: cannot mount a small tmpfs here (needs root on Linux)");
        return;
    };
    let files = VaultFiles::in_dir(&disk.path().join("vault"));
    let keys = MemoryKeyStore::new();
    let mut vault = Vault::create(
        &files,
        &keys,
        &ledgerlock_core::vault::Setup {
            firm_name: "测试事务所".to_owned(),
            admin: NewUser {
                username: ADMIN.0.to_owned(),
                display_name: "管理员".to_owned(),
                password: ADMIN.1.to_owned(),
            },
        },
        Utc::now(),
    )
    .unwrap()
    .vault;
    for i in 0..50 {
        vault
            .create_client(&client(&format!("杭州第{i}号贸易有限公司")), Utc::now())
            .unwrap();
    }
    let folder = tempfile::tempdir().unwrap();
    let file = PathBuf::from(vault.create_backup(folder.path(), Utc::now()).unwrap().file);
    // Fill the disk holding the vault.
    let filler = disk.path().join("filler");
    {
        use std::io::Write;
        let mut f = std::fs::File::create(&filler).unwrap();
        let chunk = vec![0u8; 4096];
        while f.write_all(&chunk).and_then(|()| f.sync_all()).is_ok() {}
    }
    let err = vault
        .prepare_restore(&keys, &file, None, Utc::now())
        .unwrap_err();
    assert!(matches!(err, CoreError::DiskFull), "{err:?}");
    assert!(!backup::restore_pending(&files));
    let leftovers: Vec<String> = std::fs::read_dir(files.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("restoring"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert_eq!(names(&vault).len(), 50);
    std::fs::remove_file(&filler).unwrap();
    assert!(vault.verify_audit(Utc::now()).unwrap().intact);
    vault.lock("test", Utc::now()).unwrap();
    let vault = Vault::unlock(&files, &keys, ADMIN.0, ADMIN.1, Utc::now()).unwrap();
    assert_eq!(names(&vault).len(), 50);
}
