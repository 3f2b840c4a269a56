//! The vault's promises, tested from outside: keys, damage, recovery, audit, roles.

// Integration tests: a failed unwrap or index here is a failed test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use chrono::{Duration, Utc};
use ledgerlock_core::clients::store::ClientFilter;
use ledgerlock_core::clients::Field;
use ledgerlock_core::vault::{
    Action, AuditFilter, AuditProblem, KeyStore, NewUser, Role, Vault, VaultSettings,
};
use ledgerlock_core::CoreError;
use ledgerlock_tests::{new_vault, TestVault, ADMIN};

fn raw(v: &TestVault) -> rusqlite::Connection {
    rusqlite::Connection::open(v.files.database()).unwrap()
}

fn add_user(v: &TestVault, username: &str, role: Role) -> i64 {
    let mut admin = v.admin();
    let id = admin
        .create_user(
            &NewUser {
                username: username.to_owned(),
                display_name: format!("{username} 同事"),
                password: "another pass 42".to_owned(),
            },
            role,
            Utc::now(),
        )
        .unwrap();
    admin.lock("test", Utc::now()).unwrap();
    id
}

fn unlock_as(v: &TestVault, username: &str) -> Vault {
    Vault::unlock(&v.files, &v.keys, username, "another pass 42", Utc::now()).unwrap()
}

/// Flips one bit of the first occurrence of `needle` in the database file.
fn flip_in_file(v: &TestVault, needle: &[u8]) {
    let path = v.files.database();
    let mut bytes = std::fs::read(&path).unwrap();
    let at = bytes
        .windows(needle.len())
        .position(|w| w == needle)
        .expect("the value is in the file");
    bytes[at + needle.len() / 2] ^= 0x01;
    std::fs::write(&path, bytes).unwrap();
}

#[test]
fn create_then_unlock_with_the_keychain() {
    let v = new_vault();
    let vault = v.admin();
    assert_eq!(vault.session().role, Role::Administrator);
    assert_eq!(
        vault.settings().unwrap().firm_name,
        "杭州明账财务咨询有限公司"
    );
    assert_eq!(vault.settings().unwrap().auto_lock_minutes, 10);
    let actions: Vec<String> = vault
        .audit_entries(&AuditFilter::default())
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    for expected in [
        "vault.created",
        "user.created",
        "vault.locked",
        "login.succeeded",
    ] {
        assert!(
            actions.iter().any(|a| a == expected),
            "{expected} in {actions:?}"
        );
    }
}

#[test]
fn setup_refuses_an_existing_vault_and_weak_passwords() {
    let v = new_vault();
    let setup = ledgerlock_core::vault::Setup {
        firm_name: "X".to_owned(),
        admin: NewUser {
            username: "a".to_owned(),
            display_name: "a".to_owned(),
            password: "correct horse 9".to_owned(),
        },
    };
    assert!(matches!(
        Vault::create(&v.files, &v.keys, &setup, Utc::now()),
        Err(CoreError::VaultExists)
    ));
    let dir = tempfile::tempdir().unwrap();
    let files = ledgerlock_core::vault::VaultFiles::in_dir(dir.path());
    let weak = ledgerlock_core::vault::Setup {
        admin: NewUser {
            username: "a".to_owned(),
            display_name: "a".to_owned(),
            password: "short".to_owned(),
        },
        ..setup
    };
    assert!(matches!(
        Vault::create(&files, &v.keys, &weak, Utc::now()),
        Err(CoreError::WeakPassword { .. })
    ));
    assert!(!files.exists(), "a refused setup leaves no file");
}

#[test]
fn nothing_sensitive_is_in_clear_on_disk() {
    let v = new_vault();
    let bytes = std::fs::read(v.files.database()).unwrap();
    for secret in ["杭州明账财务咨询有限公司", "王会计", ADMIN.0, ADMIN.1] {
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "{secret} found in clear"
        );
    }
    let code = v.recovery_code.replace('-', "");
    assert!(!bytes.windows(code.len()).any(|w| w == code.as_bytes()));
}

#[test]
fn wrong_password_then_increasing_delay() {
    let v = new_vault();
    let now = Utc::now();
    for _ in 0..2 {
        assert!(matches!(
            Vault::unlock(&v.files, &v.keys, ADMIN.0, "wrong password 1", now),
            Err(CoreError::WrongCredentials)
        ));
    }
    assert!(matches!(
        Vault::unlock(&v.files, &v.keys, "nobody", "wrong password 1", now),
        Err(CoreError::WrongCredentials)
    ));
    assert!(matches!(
        Vault::unlock(&v.files, &v.keys, ADMIN.0, "wrong password 1", now),
        Err(CoreError::WrongCredentials)
    ));
    // Third consecutive failure: even the right password must wait.
    assert!(matches!(
        Vault::unlock(&v.files, &v.keys, ADMIN.0, ADMIN.1, now),
        Err(CoreError::Throttled { seconds: 1..=2 })
    ));
    let later = now + Duration::seconds(3);
    let vault = Vault::unlock(&v.files, &v.keys, ADMIN.0, ADMIN.1, later).unwrap();
    let failed = vault
        .audit_entries(&AuditFilter {
            action_prefix: Some("login.".to_owned()),
            ..AuditFilter::default()
        })
        .unwrap();
    assert!(failed.iter().filter(|e| e.action == "login.failed").count() >= 4);
    assert!(failed.iter().any(|e| e.action == "login.throttled"));
}

#[test]
fn keychain_entry_deleted_then_recovery_code_opens_and_reenrols() {
    let v = new_vault();
    let id = v.admin().vault_id().to_owned();
    v.keys.delete(&format!("vault:{id}")).unwrap();
    assert!(matches!(
        Vault::unlock(&v.files, &v.keys, ADMIN.0, ADMIN.1, Utc::now()),
        Err(CoreError::KeychainMissing)
    ));
    let vault = Vault::unlock_with_recovery(
        &v.files,
        &v.keys,
        &v.recovery_code.to_lowercase(),
        ADMIN.0,
        ADMIN.1,
        Utc::now(),
    )
    .unwrap();
    assert!(vault
        .audit_entries(&AuditFilter::default())
        .unwrap()
        .iter()
        .any(|e| e.action == "keychain.enrolled"));
    vault.lock("test", Utc::now()).unwrap();
    // Enrolled: the keychain opens it again.
    v.admin();
}

#[test]
fn a_vault_from_another_machine_asks_for_the_recovery_code() {
    let v = new_vault();
    let other_machine = ledgerlock_core::vault::MemoryKeyStore::new();
    assert!(matches!(
        Vault::unlock(&v.files, &other_machine, ADMIN.0, ADMIN.1, Utc::now()),
        Err(CoreError::KeychainMissing)
    ));
    let vault = Vault::unlock_with_recovery(
        &v.files,
        &other_machine,
        &v.recovery_code,
        ADMIN.0,
        ADMIN.1,
        Utc::now(),
    )
    .unwrap();
    vault.lock("test", Utc::now()).unwrap();
    Vault::unlock(&v.files, &other_machine, ADMIN.0, ADMIN.1, Utc::now()).unwrap();
}

#[test]
fn wrong_recovery_code_is_refused_rate_limited_and_changes_nothing_else() {
    let v = new_vault();
    let other = ledgerlock_core::vault::RecoveryCode::generate()
        .display()
        .to_string();
    let now = Utc::now();
    for _ in 0..3 {
        assert!(matches!(
            Vault::unlock_with_recovery(&v.files, &v.keys, &other, ADMIN.0, ADMIN.1, now),
            Err(CoreError::RecoveryCodeWrong)
        ));
    }
    assert!(matches!(
        Vault::unlock_with_recovery(&v.files, &v.keys, &v.recovery_code, ADMIN.0, ADMIN.1, now),
        Err(CoreError::Throttled { .. })
    ));
    let mut typo = v.recovery_code.clone();
    typo.replace_range(0..1, if typo.starts_with('A') { "C" } else { "A" });
    assert!(matches!(
        Vault::unlock_with_recovery(&v.files, &v.keys, &typo, ADMIN.0, ADMIN.1, now),
        Err(CoreError::RecoveryCodeMistyped)
    ));
    // The keychain still opens it, and the failures are reported in the audit log.
    let vault = v.admin();
    assert!(vault
        .audit_entries(&AuditFilter::default())
        .unwrap()
        .iter()
        .any(|e| e.action == "recovery.failed_attempts"));
}

#[test]
fn a_flipped_byte_in_a_sealed_value_is_damage_not_a_wrong_password() {
    let v = new_vault();
    let blob: Vec<u8> = raw(&v)
        .query_row("SELECT data FROM users WHERE id = 1", [], |r| r.get(0))
        .unwrap();
    flip_in_file(&v, &blob[20..52]);
    assert!(matches!(
        Vault::unlock(&v.files, &v.keys, ADMIN.0, ADMIN.1, Utc::now()),
        Err(CoreError::VaultDamaged { .. })
    ));
}

#[test]
fn a_flipped_byte_in_the_header_is_damage() {
    let v = new_vault();
    let header: Vec<u8> = raw(&v)
        .query_row("SELECT value FROM meta WHERE key = 'header'", [], |r| {
            r.get(0)
        })
        .unwrap();
    flip_in_file(&v, &header[40..80]);
    assert!(matches!(
        Vault::unlock(&v.files, &v.keys, ADMIN.0, ADMIN.1, Utc::now()),
        Err(CoreError::VaultDamaged { part }) if part == "header"
    ));
}

#[test]
fn a_truncated_file_is_damage_and_is_left_alone() {
    let v = new_vault();
    let path = v.files.database();
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    let before = std::fs::read(&path).unwrap();
    let err = Vault::unlock(&v.files, &v.keys, ADMIN.0, ADMIN.1, Utc::now()).unwrap_err();
    assert!(matches!(err, CoreError::VaultDamaged { .. }), "{err:?}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn garbage_instead_of_a_database_is_damage() {
    let v = new_vault();
    std::fs::write(
        v.files.database(),
        b"this is not a database at all, just text",
    )
    .unwrap();
    let err = Vault::unlock(&v.files, &v.keys, ADMIN.0, ADMIN.1, Utc::now()).unwrap_err();
    assert!(matches!(err, CoreError::VaultDamaged { .. }), "{err:?}");
}

#[test]
fn a_vault_from_a_newer_version_is_refused_unchanged() {
    let v = new_vault();
    raw(&v).pragma_update(None, "user_version", 999).unwrap();
    let before = std::fs::read(v.files.database()).unwrap();
    assert!(matches!(
        Vault::unlock(&v.files, &v.keys, ADMIN.0, ADMIN.1, Utc::now()),
        Err(CoreError::VaultTooNew { found: 999, .. })
    ));
    assert_eq!(std::fs::read(v.files.database()).unwrap(), before);
}

/// The step to seal format 0x02 (schema 10) runs on an older vault at unlock, and the older
/// vault's values still open.
#[test]
fn a_vault_one_schema_behind_is_brought_up_to_date_at_unlock() {
    let v = new_vault();
    let version = |conn: &rusqlite::Connection| -> u32 {
        conn.query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap()
    };
    let latest = version(&raw(&v));
    {
        let conn = raw(&v);
        conn.execute("DELETE FROM meta WHERE key = 'seal_format'", [])
            .unwrap();
        conn.pragma_update(None, "user_version", latest - 1)
            .unwrap();
    }
    let vault = v.admin();
    assert!(!vault
        .audit_entries(&AuditFilter::default())
        .unwrap()
        .is_empty());
    vault.lock("test", Utc::now()).unwrap();
    let conn = raw(&v);
    assert_eq!(version(&conn), latest);
    let format: Vec<u8> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'seal_format'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(format, vec![2]);
}

#[test]
fn ciphertext_swapped_between_two_rows_fails_to_open() {
    let v = new_vault();
    add_user(&v, "li", Role::Accountant);
    let conn = raw(&v);
    conn.execute_batch(
        "UPDATE users SET data = (SELECT data FROM users WHERE id = 2) WHERE id = 1;",
    )
    .unwrap();
    drop(conn);
    assert!(matches!(
        Vault::unlock(&v.files, &v.keys, ADMIN.0, ADMIN.1, Utc::now()),
        Err(CoreError::VaultDamaged { .. })
    ));
}

#[test]
fn audit_edit_is_detected_at_the_entry() {
    let v = new_vault();
    let mut vault = v.admin();
    assert!(vault.verify_audit(Utc::now()).unwrap().intact);
    vault.lock("test", Utc::now()).unwrap();
    raw(&v)
        .execute(
            "UPDATE audit_log SET action = 'login.succeeded' WHERE seq = 2",
            [],
        )
        .unwrap();
    let mut vault = v.admin();
    let report = vault.verify_audit(Utc::now()).unwrap();
    assert!(!report.intact);
    assert_eq!(report.first_broken, Some(2));
    assert_eq!(report.problem, Some(AuditProblem::Edited));
}

#[test]
fn audit_truncation_is_detected() {
    let v = new_vault();
    let vault = v.admin();
    vault.lock("test", Utc::now()).unwrap();
    let conn = raw(&v);
    let last: i64 = conn
        .query_row("SELECT MAX(seq) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    conn.execute("DELETE FROM audit_log WHERE seq >= ?1", [last - 1])
        .unwrap();
    drop(conn);
    // Unlocking appends after the cut: the log notices its tail disagrees with the anchor,
    // chains a marker, and verification keeps reporting the cut from then on.
    let mut vault = v.admin();
    let report = vault.verify_audit(Utc::now()).unwrap();
    assert!(!report.intact, "{report:?}");
    assert_eq!(report.problem, Some(AuditProblem::Truncated));
    assert_eq!(report.first_broken, Some(last - 1));
    assert!(vault
        .audit_entries(&AuditFilter::default())
        .unwrap()
        .iter()
        .any(|e| e.action == "audit.chain_cut"));
}

#[test]
fn audit_truncation_of_the_tail_alone_is_reported_as_truncation() {
    let v = new_vault();
    let vault = v.admin();
    vault.lock("test", Utc::now()).unwrap();
    let conn = raw(&v);
    let last: i64 = conn
        .query_row("SELECT MAX(seq) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    conn.execute("DELETE FROM audit_log WHERE seq = ?1", [last])
        .unwrap();
    drop(conn);
    // Verify without appending: read the chain as the CLI does.
    let report = ledgerlock_core::vault::verify_offline(&v.files, &v.keys).unwrap();
    assert_eq!(report.problem, Some(AuditProblem::Truncated));
    assert_eq!(report.first_broken, Some(last));
}

#[test]
fn auto_lock_after_the_configured_idle_time() {
    let v = new_vault();
    let mut vault = v.admin();
    let t = Utc::now();
    vault.touch(t);
    assert!(!vault.idle_expired(t + Duration::minutes(9)).unwrap());
    assert!(vault.idle_expired(t + Duration::minutes(10)).unwrap());
    vault
        .update_settings(
            &VaultSettings {
                firm_name: "杭州明账财务咨询有限公司".to_owned(),
                auto_lock_minutes: 1,
            },
            t,
        )
        .unwrap();
    assert!(vault.idle_expired(t + Duration::seconds(61)).unwrap());
    assert!(matches!(
        vault.update_settings(
            &VaultSettings {
                firm_name: "x".to_owned(),
                auto_lock_minutes: 0,
            },
            t,
        ),
        Err(CoreError::InvalidInput { .. })
    ));
}

#[test]
fn disabled_users_cannot_log_in() {
    let v = new_vault();
    let id = add_user(&v, "zhao", Role::Assistant);
    let mut admin = v.admin();
    admin.set_user_disabled(id, true, Utc::now()).unwrap();
    admin.lock("test", Utc::now()).unwrap();
    assert!(matches!(
        Vault::unlock(&v.files, &v.keys, "zhao", "another pass 42", Utc::now()),
        Err(CoreError::AccountDisabled)
    ));
}

/// A valid company for the role matrix.
fn matrix_client(name: &str) -> ledgerlock_core::clients::record::ClientInput {
    use ledgerlock_core::clients::record::{BankAccountInput, ClientInput, ClientKind};
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

/// A one-row client list for the import operations of the matrix.
const MATRIX_CSV: &str = "名称,统一社会信用代码\n福州矩阵导入有限公司,914403001922038216\n";

/// Every operation that checks a role, under every role: allowed exactly where the
/// permission table says so.
#[test]
fn role_by_operation_matrix() {
    type Op = fn(&mut Vault, i64, &str) -> Result<(), CoreError>;
    let ops: Vec<(&str, Action, Op)> = vec![
        ("audit_entries", Action::ViewAudit, |v, _, _| {
            v.audit_entries(&AuditFilter::default()).map(|_| ())
        }),
        ("verify_audit", Action::VerifyAudit, |v, _, _| {
            v.verify_audit(Utc::now()).map(|_| ())
        }),
        ("users", Action::ManageUsers, |v, _, _| {
            v.users().map(|_| ())
        }),
        ("create_user", Action::ManageUsers, |v, _, _| {
            v.create_user(
                &NewUser {
                    username: format!("u{}", Utc::now().timestamp_nanos_opt().unwrap_or(0)),
                    display_name: "n".to_owned(),
                    password: "another pass 42".to_owned(),
                },
                Role::Assistant,
                Utc::now(),
            )
            .map(|_| ())
        }),
        ("set_user_disabled", Action::ManageUsers, |v, target, _| {
            v.set_user_disabled(target, false, Utc::now())
        }),
        ("reset_password", Action::ManageUsers, |v, target, _| {
            v.reset_password(target, "another pass 42", Utc::now())
        }),
        ("assign_clients", Action::ManageUsers, |v, target, _| {
            v.assign_clients(target, &["c1".to_owned()], Utc::now())
        }),
        ("update_settings", Action::ChangeSettings, |v, _, _| {
            let s = v.settings()?;
            v.update_settings(&s, Utc::now())
        }),
        ("search_clients", Action::ViewClient, |v, _, _| {
            v.search_clients("", &ClientFilter::default(), 10)
                .map(|_| ())
        }),
        ("client_detail", Action::ViewClient, |v, _, c| {
            v.client_detail(c).map(|_| ())
        }),
        ("client_history", Action::ViewClient, |v, _, c| {
            v.client_history(c).map(|_| ())
        }),
        ("reveal_field", Action::RevealSensitive, |v, _, c| {
            v.reveal_field(c, Field::BankAccount, 0, "核对回单", Utc::now())
                .map(|_| ())
        }),
        ("update_client", Action::EditClient, |v, _, c| {
            v.update_client(c, &matrix_client("杭州矩阵测试有限公司"), Utc::now())
                .map(|_| ())
        }),
        ("verify_client", Action::EditClient, |v, _, c| {
            v.verify_client(c, "phone", Utc::now())
        }),
        ("create_client", Action::EditClient, |v, _, _| {
            v.create_client(&matrix_client("宁波矩阵新建有限公司"), Utc::now())
                .map(|_| ())
        }),
        ("pending_changes", Action::ReviewChange, |v, _, _| {
            v.pending_changes().map(|_| ())
        }),
        ("share_client", Action::ExportClientData, |v, _, c| {
            use ledgerlock_core::clients::sharing::{SharingChannel, SharingInput};
            use ledgerlock_core::clients::Category;
            let input = SharingInput {
                recipient_name: "杭州信达会计师事务所".to_owned(),
                recipient_contact: String::new(),
                purpose: "年度审计".to_owned(),
                categories: vec![Category::Basic],
                channel: SharingChannel::Email,
            };
            v.share_client(c, &input, Utc::now()).map(|_| ())
        }),
        (
            "subject_access_export",
            Action::ExportClientData,
            |v, _, c| {
                use ledgerlock_core::clients::access::AccessFormat;
                v.subject_access_export(c, AccessFormat::Json, Utc::now())
                    .map(|_| ())
            },
        ),
        ("set_credit_assessment", Action::EditClient, |v, _, c| {
            let credit = ledgerlock_core::clients::record::CreditInput {
                rating: "A".to_owned(),
                ..Default::default()
            };
            v.set_credit_assessment(c, Some(&credit), Utc::now())
        }),
        ("preview_client_import", Action::EditClient, |v, _, _| {
            v.preview_client_import("c.csv", MATRIX_CSV.as_bytes(), None, Utc::now())
                .map(|_| ())
        }),
        ("import_clients", Action::EditClient, |v, _, _| {
            use ledgerlock_core::clients::import::ImportColumn;
            let mapping = [Some(ImportColumn::Name), Some(ImportColumn::CreditCode)];
            v.import_clients("c.csv", MATRIX_CSV.as_bytes(), &mapping, Utc::now())
                .map(|_| ())
        }),
        ("fill_demo_clients", Action::ManageUsers, |v, _, _| {
            v.fill_demo_clients(1, 1, Utc::now()).map(|_| ())
        }),
        ("issue_agreement", Action::EditClient, |v, _, c| {
            use ledgerlock_core::records::agreements::{AgreementLanguage, AgreementRequest};
            let request = AgreementRequest {
                language: AgreementLanguage::ZhCn,
                start_on: "2026-12-01".to_owned(),
                term_years: 2,
                survival_years: 5,
                court: String::new(),
            };
            v.issue_agreement(c, &request, Utc::now()).map(|_| ())
        }),
        ("agreements", Action::ViewClient, |v, _, c| {
            v.agreements(c, Utc::now()).map(|_| ())
        }),
        ("set_firm_profile", Action::ChangeSettings, |v, _, _| {
            let profile = v.firm_profile()?;
            v.set_firm_profile(&profile, Utc::now())
        }),
        (
            "set_agreement_template",
            Action::ChangeSettings,
            |v, _, _| {
                use ledgerlock_core::records::agreements::AgreementLanguage;
                v.set_agreement_template(AgreementLanguage::ZhCn, "", Utc::now())
            },
        ),
        ("add_document", Action::EditClient, |v, _, c| {
            use ledgerlock_core::clients::documents::{DocumentInput, DocumentKind};
            use ledgerlock_core::records::retention::RecordClass;
            let input = DocumentInput {
                kind: DocumentKind::Contract,
                class: RecordClass::PersonalInformation,
                fiscal_year: None,
                file_name: "合同.pdf".to_owned(),
                note: String::new(),
            };
            v.add_document(c, &input, b"%PDF-1.7", Utc::now())
                .map(|_| ())
        }),
        ("documents", Action::ViewClient, |v, _, c| {
            v.documents(c).map(|_| ())
        }),
        ("set_retention_period", Action::ChangeSettings, |v, _, _| {
            use ledgerlock_core::records::retention::{Period, RecordClass};
            v.set_retention_period(RecordClass::TaxReturns, Period::Years(12), Utc::now())
                .map(|_| ())
        }),
    ];
    let v = new_vault();
    let target = add_user(&v, "target", Role::Assistant);
    let client = {
        let mut admin = v.admin();
        let id = admin
            .create_client(&matrix_client("杭州矩阵测试有限公司"), Utc::now())
            .unwrap();
        // Sharing needs the client's third-party consent: the role alone decides below.
        admin
            .record_consent(
                &id,
                &ledgerlock_core::clients::consent::ConsentInput {
                    scope: ledgerlock_core::clients::consent::ConsentScope::ThirdParty,
                    contact_index: None,
                    purpose: "年度审计".to_owned(),
                    categories: Vec::new(),
                    recipient: "杭州信达会计师事务所".to_owned(),
                    given_on: "2026-01-05".to_owned(),
                    method: "signed_form".to_owned(),
                    evidence_document: None,
                },
                Utc::now(),
            )
            .unwrap();
        admin.lock("test", Utc::now()).unwrap();
        id
    };
    for role in Role::ALL {
        let name = format!("user_{}", role.as_str());
        let id = add_user(&v, &name, role);
        // Assigned to the client, so that only the role decides.
        let mut admin = v.admin();
        admin
            .assign_clients(id, std::slice::from_ref(&client), Utc::now())
            .unwrap();
        admin.lock("test", Utc::now()).unwrap();
        for (op_name, action, op) in &ops {
            let mut vault = unlock_as(&v, &name);
            let result = op(&mut vault, target, &client);
            let allowed = ledgerlock_core::vault::role_allows(role, *action);
            match (&result, allowed) {
                (Ok(()), true) | (Err(CoreError::Forbidden { .. }), false) => {}
                _ => panic!("{op_name} as {role:?}: expected allowed={allowed}, got {result:?}"),
            }
            vault.lock("test", Utc::now()).unwrap();
        }
    }
}

#[test]
fn kill_9_during_writes_leaves_a_vault_that_opens_whole() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let keydir = tempfile::tempdir().unwrap();
    let files = ledgerlock_core::vault::VaultFiles::in_dir(dir.path());
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
    created.vault.lock("test", Utc::now()).unwrap();

    for round in 0..3 {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_vault-writer"))
            .arg(dir.path())
            .arg(keydir.path())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "ready", "round {round}");
        std::thread::sleep(std::time::Duration::from_millis(150 + 70 * round));
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();

        let mut vault = Vault::unlock(&files, &store, ADMIN.0, ADMIN.1, Utc::now()).unwrap();
        let report = vault.verify_audit(Utc::now()).unwrap();
        assert!(report.intact, "round {round}: {report:?}");
        assert!(report.entries > 3);
        vault.settings().unwrap();
        vault.lock("test", Utc::now()).unwrap();
    }
}

#[test]
fn rotating_the_recovery_code_retires_the_old_one() {
    let v = new_vault();
    let mut vault = v.admin();
    let new_code = vault.rotate_recovery_code(Utc::now()).unwrap();
    let pdf = vault.recovery_sheet_pdf(&new_code, Utc::now()).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let id = vault.vault_id().to_owned();
    vault.lock("test", Utc::now()).unwrap();
    v.keys.delete(&format!("vault:{id}")).unwrap();
    assert!(matches!(
        Vault::unlock_with_recovery(
            &v.files,
            &v.keys,
            &v.recovery_code,
            ADMIN.0,
            ADMIN.1,
            Utc::now()
        ),
        Err(CoreError::RecoveryCodeWrong)
    ));
    let vault = Vault::unlock_with_recovery(
        &v.files,
        &v.keys,
        &new_code.display(),
        ADMIN.0,
        ADMIN.1,
        Utc::now(),
    )
    .unwrap();
    let actions: Vec<String> = vault
        .audit_entries(&AuditFilter::default())
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(actions.contains(&"recovery.rotated".to_owned()));
    assert!(actions.contains(&"recovery.sheet_exported".to_owned()));
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
fn disk_full_during_a_write_is_reported_and_changes_nothing() {
    let Some((dir, _unmount)) = small_disk(4096) else {
        eprintln!("skipped: cannot mount a small tmpfs here (needs root on Linux)");
        return;
    };
    let files = ledgerlock_core::vault::VaultFiles::in_dir(&dir.path().join("vault"));
    let keys = ledgerlock_core::vault::MemoryKeyStore::new();
    let created = Vault::create(
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
    .unwrap();
    let mut vault = created.vault;
    // Fill the disk.
    let filler = dir.path().join("filler");
    {
        use std::io::Write;
        let mut f = std::fs::File::create(&filler).unwrap();
        let chunk = vec![0u8; 4096];
        while f.write_all(&chunk).and_then(|()| f.sync_all()).is_ok() {}
    }
    let big_name = "很长的名字".repeat(2000);
    let mut saw_full = false;
    for i in 0..20 {
        match vault.create_user(
            &NewUser {
                username: format!("user{i}"),
                display_name: big_name.clone(),
                password: "another pass 42".to_owned(),
            },
            Role::Assistant,
            Utc::now(),
        ) {
            Err(CoreError::DiskFull) => {
                saw_full = true;
                break;
            }
            Err(other) => panic!("expected disk_full, got {other:?}"),
            Ok(_) => {}
        }
    }
    assert!(saw_full, "the disk never filled up");
    let users_before = {
        std::fs::remove_file(&filler).unwrap();
        vault.users().unwrap().len()
    };
    vault.lock("test", Utc::now()).unwrap();
    let mut vault = Vault::unlock(&files, &keys, ADMIN.0, ADMIN.1, Utc::now()).unwrap();
    assert_eq!(vault.users().unwrap().len(), users_before);
    assert!(vault.verify_audit(Utc::now()).unwrap().intact);
}
