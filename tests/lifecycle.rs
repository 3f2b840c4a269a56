//! A client's life after the daily work, from outside the core: ending the engagement with a
//! hand-over register, signed agreement scans, retention certificates, PIPL Art. 47 deletion
//! requests (storage only) with the administrator's legal-purpose view, and destruction.

// Integration tests: a failed unwrap or index here is a failed test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use chrono::{DateTime, TimeZone, Utc};
use ledgerlock_core::clients::documents::{DocumentInput, DocumentKind};
use ledgerlock_core::clients::lifecycle::{
    DeletionOutcome, HandoverInput, HandoverItem, QuantityUnit,
};
use ledgerlock_core::clients::record::{ClientInput, ClientKind, ClientStatus};
use ledgerlock_core::records::agreement::AgreementStatus;
use ledgerlock_core::records::agreements::{AgreementLanguage, AgreementRequest};
use ledgerlock_core::records::retention::RecordClass;
use ledgerlock_core::vault::{AuditFilter, NewUser, Role, Vault};
use ledgerlock_core::CoreError;
use ledgerlock_tests::{new_vault, TestVault};

fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 9, 0, 0).single().unwrap()
}

fn client(name: &str) -> ClientInput {
    ClientInput {
        kind: ClientKind::Company,
        name: name.to_owned(),
        credit_code: "91350100M000100Y43".to_owned(),
        id_number: String::new(),
        legal_representative: "李华".to_owned(),
        registered_address: "浙江省杭州市西湖区文三路 90 号".to_owned(),
        industry: String::new(),
        taxpayer_status: None,
        engagement_start: "2019-01-01".to_owned(),
        engagement_end: String::new(),
        tags: vec![],
        contacts: vec![],
        bank_accounts: vec![],
        credit: None,
    }
}

fn handover() -> HandoverInput {
    HandoverInput {
        engagement_end: "2026-06-30".to_owned(),
        handed_over_on: "2026-07-03".to_owned(),
        handed_over_by: "王会计".to_owned(),
        received_by: "陈晓".to_owned(),
        supervised_by: "周监交".to_owned(),
        items: vec![
            HandoverItem {
                name: "记账凭证".to_owned(),
                first_year: 2019,
                last_year: 2025,
                quantity: 84,
                unit: QuantityUnit::Volumes,
                note: "原件".to_owned(),
            },
            HandoverItem {
                name: "纳税申报表".to_owned(),
                first_year: 2019,
                last_year: 2025,
                quantity: 7,
                unit: QuantityUnit::Copies,
                note: String::new(),
            },
        ],
        remark: "电子账套备份光盘一张同时移交。".to_owned(),
    }
}

fn document(v: &mut Vault, id: &str, class: RecordClass, year: i32) -> u32 {
    v.add_document(
        id,
        &DocumentInput {
            kind: DocumentKind::Statement,
            class,
            fiscal_year: Some(year),
            file_name: format!("{year}-statement.pdf"),
            note: String::new(),
        },
        b"%PDF-1.7 statement",
        at(2026, 2, 1),
    )
    .unwrap()
    .id
}

fn user(v: &TestVault, name: &str, role: Role, clients: &[String]) -> Vault {
    let mut admin = v.admin();
    let id = admin
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
    if !clients.is_empty() {
        admin.assign_clients(id, clients, Utc::now()).unwrap();
    }
    admin.lock("test", Utc::now()).unwrap();
    Vault::unlock(&v.files, &v.keys, name, "another pass 42", Utc::now()).unwrap()
}

#[allow(clippy::needless_pass_by_value)]
fn refused(r: Result<impl std::fmt::Debug, CoreError>, action: &str) -> bool {
    matches!(r, Err(CoreError::Forbidden { action: ref a }) if a == action)
}

fn audited(v: &Vault, prefix: &str) -> Vec<String> {
    v.audit_entries(&AuditFilter {
        action_prefix: Some(prefix.to_owned()),
        ..Default::default()
    })
    .unwrap()
    .into_iter()
    .map(|e| e.action)
    .collect()
}

#[test]
fn an_engagement_ends_with_a_sealed_handover_list_and_the_client_is_read_only() {
    let v = new_vault();
    let mut vault = v.admin();
    let id = vault
        .create_client(&client("杭州华瑞科技有限公司"), at(2026, 1, 5))
        .unwrap();
    document(&mut vault, &id, RecordClass::BankStatements, 2025);

    // A signed agreement gets its scan: only PDF, JPEG or PNG, only once signed.
    let a = vault
        .issue_agreement(
            &id,
            &AgreementRequest {
                language: AgreementLanguage::ZhCn,
                start_on: "2026-01-01".to_owned(),
                term_years: 2,
                survival_years: 5,
                court: String::new(),
            },
            at(2026, 1, 5),
        )
        .unwrap();
    let png = b"\x89PNG\r\n\x1a\n scan";
    assert!(matches!(
        vault.attach_signed_agreement(a.id, "signed.png", png, at(2026, 1, 6)),
        Err(CoreError::InvalidInput { ref reason, .. }) if reason == "not_signed"
    ));
    vault
        .set_agreement_status(
            a.id,
            AgreementStatus::Signed,
            Some("2026-01-06"),
            at(2026, 1, 6),
        )
        .unwrap();
    assert!(matches!(
        vault.attach_signed_agreement(a.id, "signed.txt", b"hello", at(2026, 1, 6)),
        Err(CoreError::InvalidInput { ref reason, .. }) if reason == "type"
    ));
    let scan = vault
        .attach_signed_agreement(a.id, "signed.png", png, at(2026, 1, 6))
        .unwrap();
    assert_eq!(scan.kind, DocumentKind::SignedAgreement);
    assert_eq!(scan.agreement_id, Some(a.id));
    assert_eq!(
        vault.open_document(scan.id, at(2026, 1, 7)).unwrap().bytes,
        png
    );
    assert_eq!(
        audited(&vault, "agreement.scan"),
        ["agreement.scan_attached"]
    );

    // Ends 2027-12-31: on the expiry list a fortnight before, while the client is served.
    assert_eq!(
        vault.expiring_agreements(at(2027, 12, 15)).unwrap().len(),
        1
    );

    // End the engagement: the summary keeps the statement until 2035 and lets the PI go.
    let now = at(2026, 11, 27);
    let ended = vault.end_engagement(&id, &handover(), now).unwrap();
    assert_eq!(ended.summary.keep_until.as_deref(), Some("2035-12-31"));
    assert!(ended
        .summary
        .destroy_now
        .iter()
        .any(|r| r.class == RecordClass::PersonalInformation));
    let pdf = vault.open_document(ended.document.id, now).unwrap();
    assert!(pdf.bytes.starts_with(b"%PDF"));
    assert!(pdf.file_name.contains(&ended.number));
    assert_eq!(
        audited(&vault, "client.engagement"),
        ["client.engagement_ended"]
    );
    let detail = vault.client_detail(&id).unwrap();
    assert_eq!(detail.status, ClientStatus::EngagementEnded);
    assert_eq!(detail.engagement_end, "2026-06-30");

    // It has left the daily lists: no expiry warning for an ended engagement.
    assert!(vault
        .expiring_agreements(at(2027, 12, 15))
        .unwrap()
        .is_empty());

    // Read-only, but its agreement may still be terminated.
    let mut input = client("杭州华瑞科技有限公司（新）");
    input.engagement_end = "2026-06-30".to_owned();
    assert!(refused(
        vault.update_client(&id, &input, now),
        "edit_inactive_client"
    ));
    assert!(refused(
        vault.attach_signed_agreement(a.id, "again.png", png, now),
        "edit_inactive_client"
    ));
    vault
        .set_agreement_status(a.id, AgreementStatus::Terminated, None, now)
        .unwrap();

    // The retention certificate: the statement's class, re-printed byte for byte.
    let cert = vault.issue_retention_certificate(&id, now).unwrap();
    let first = vault.open_document(cert.id, now).unwrap().bytes;
    let again = vault.open_document(cert.id, at(2026, 12, 1)).unwrap().bytes;
    assert_eq!(first, again);

    // Sealed on disk: neither the register's file name nor the note is in clear.
    vault.lock("test", now).unwrap();
    let raw = std::fs::read(v.files.database()).unwrap();
    let needle = "会计档案移交清册".as_bytes();
    assert!(!raw.windows(needle.len()).any(|w| w == needle));

    // Destroyed with the client: the register goes by crypto-shredding.
    let mut vault = v.admin();
    vault.shred_client(&id, "测试", now).unwrap();
    assert!(matches!(
        vault.open_document(ended.document.id, now),
        Err(CoreError::NotFound { .. })
    ));
}

#[test]
fn a_deletion_request_stores_the_client_only_until_its_statutory_period_ends() {
    let v = new_vault();
    let mut admin = v.admin();
    let id = admin
        .create_client(&client("杭州华瑞科技有限公司"), at(2026, 1, 5))
        .unwrap();
    let plain = admin
        .create_client(&client("宁波海曙贸易有限公司"), at(2026, 1, 5))
        .unwrap();
    let doc = document(&mut admin, &id, RecordClass::TaxReturns, 2024);
    admin.lock("test", Utc::now()).unwrap();

    let mut accountant = user(&v, "kuaiji", Role::Accountant, std::slice::from_ref(&id));
    assert!(matches!(
        accountant.apply_deletion_request(&id, "DR-2026-0007", at(2026, 11, 27)),
        Err(CoreError::Forbidden { .. })
    ));
    accountant.lock("test", Utc::now()).unwrap();

    let mut admin = v.admin();
    let now = at(2026, 11, 27);
    assert_eq!(
        admin
            .apply_deletion_request(&id, "DR-2026-0007", now)
            .unwrap(),
        DeletionOutcome::StorageOnly {
            until: Some("2034-12-31".to_owned())
        }
    );
    assert_eq!(
        admin
            .apply_deletion_request(&plain, "DR-2026-0008", now)
            .unwrap(),
        DeletionOutcome::ReadyForDestruction
    );
    let due = admin.due_for_destruction(now).unwrap();
    assert!(due
        .iter()
        .any(|d| d.client_id == plain && d.disposition.may_destroy()));
    assert!(due
        .iter()
        .any(|d| d.client_id == id && !d.disposition.may_destroy()));
    // Audited with the outcome; the list of clients still shows it, with its status.
    assert_eq!(
        audited(&admin, "client.deletion"),
        ["client.deletion_applied", "client.deletion_applied"]
    );
    admin.lock("test", Utc::now()).unwrap();

    // The accountant assigned to it can read why, and nothing else.
    let mut accountant =
        Vault::unlock(&v.files, &v.keys, "kuaiji", "another pass 42", Utc::now()).unwrap();
    let life = accountant.client_lifecycle(&id).unwrap();
    let so = life.storage_only.unwrap();
    assert_eq!(so.request_ref, "DR-2026-0007");
    assert!(so.legal_basis.contains("第四十七条"));
    let storage_only = "process_storage_only_client";
    assert!(refused(accountant.client_detail(&id), storage_only));
    assert!(refused(accountant.documents(&id), storage_only));
    assert!(refused(accountant.open_document(doc, now), storage_only));
    assert!(refused(
        accountant.open_storage_only_client(&id, "税务机关协查", now),
        storage_only
    ));
    accountant.lock("test", Utc::now()).unwrap();

    // An administrator states a legal purpose: audited with it, view only, until lock.
    let mut admin = v.admin();
    assert!(refused(admin.client_detail(&id), storage_only));
    admin
        .open_storage_only_client(&id, "税务稽查协查（杭税稽通〔2026〕12号）", now)
        .unwrap();
    assert!(admin.open_document(doc, now).is_ok());
    assert!(refused(
        admin.set_credit_assessment(&id, None, now),
        storage_only
    ));
    let entry = admin
        .audit_entries(&AuditFilter {
            action_prefix: Some("client.storage".to_owned()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(entry.len(), 1);
    assert!(entry[0]
        .details
        .as_ref()
        .is_some_and(|d| d.to_string().contains("杭税稽通")));
    admin.lock("test", Utc::now()).unwrap();
    let mut admin = v.admin();
    assert!(refused(admin.client_detail(&id), storage_only));

    // When the period has run the client is due, and destroyed like any other.
    let later = at(2035, 1, 2);
    let due = admin.due_for_destruction(later).unwrap();
    assert!(due
        .iter()
        .any(|d| d.client_id == id && d.disposition.may_destroy()));
}
