//! A client's documents: sealed attachments with a class and fiscal year, listed with their
//! retention expiry, opened only by roles that may reveal (audited), gone with the client.

// Integration tests: a failed unwrap or index here is a failed test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use chrono::{NaiveDate, Utc};
use ledgerlock_core::clients::documents::{DocumentInput, DocumentKind, MAX_DOCUMENT_BYTES};
use ledgerlock_core::clients::record::{ClientInput, ClientKind};
use ledgerlock_core::records::retention::{Expiry, RecordClass};
use ledgerlock_core::vault::{AuditFilter, NewUser, Role, Vault};
use ledgerlock_core::CoreError;
use ledgerlock_tests::{new_vault, TestVault};

const SCAN: &[u8] = b"%PDF-1.7 fake scan: 2024 invoice 0123456789 from Hangzhou Huarui";

fn client() -> ClientInput {
    ClientInput {
        kind: ClientKind::Company,
        name: "杭州华瑞科技有限公司".to_owned(),
        credit_code: "91350100M000100Y43".to_owned(),
        id_number: String::new(),
        legal_representative: "李华".to_owned(),
        registered_address: String::new(),
        industry: String::new(),
        taxpayer_status: None,
        engagement_start: "2024-01-01".to_owned(),
        engagement_end: String::new(),
        tags: vec![],
        contacts: vec![],
        bank_accounts: vec![],
        credit: None,
    }
}

fn scan(class: RecordClass, year: Option<i32>) -> DocumentInput {
    DocumentInput {
        kind: DocumentKind::Scan,
        class,
        fiscal_year: year,
        file_name: "2024年1月凭证.pdf".to_owned(),
        note: "第1册".to_owned(),
    }
}

fn user(v: &TestVault, name: &str, role: Role, client: &str) -> Vault {
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
    admin
        .assign_clients(id, &[client.to_owned()], Utc::now())
        .unwrap();
    admin.lock("test", Utc::now()).unwrap();
    Vault::unlock(&v.files, &v.keys, name, "another pass 42", Utc::now()).unwrap()
}

#[test]
fn a_document_is_sealed_listed_with_its_expiry_and_opened_with_an_audit_entry() {
    let v = new_vault();
    let mut admin = v.admin();
    let id = admin.create_client(&client(), Utc::now()).unwrap();
    let doc = admin
        .add_document(
            &id,
            &scan(RecordClass::Vouchers, Some(2024)),
            SCAN,
            Utc::now(),
        )
        .unwrap();
    assert_eq!(doc.size, u32::try_from(SCAN.len()).unwrap());
    // Vouchers of fiscal year 2024: 30 years from 1 January 2025.
    assert_eq!(
        doc.expiry,
        Expiry::On(NaiveDate::from_ymd_opt(2054, 12, 31).unwrap())
    );
    let listed = admin.documents(&id).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].file_name, "2024年1月凭证.pdf");

    let opened = admin.open_document(doc.id, Utc::now()).unwrap();
    assert_eq!(opened.bytes, SCAN);
    let entries = admin
        .audit_entries(&AuditFilter {
            action_prefix: Some("document.".to_owned()),
            ..AuditFilter::default()
        })
        .unwrap();
    let actions: Vec<_> = entries.iter().map(|e| e.action.as_str()).collect();
    assert!(actions.contains(&"document.added") && actions.contains(&"document.opened"));

    admin.lock("test", Utc::now()).unwrap();
    let bytes = std::fs::read(v.files.database()).unwrap();
    for secret in ["fake scan", "0123456789", "2024年1月凭证"] {
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "{secret} in clear"
        );
    }
}

#[test]
fn bad_documents_are_refused_and_nothing_is_stored() {
    let v = new_vault();
    let mut admin = v.admin();
    let id = admin.create_client(&client(), Utc::now()).unwrap();
    let refused = |r: Result<_, CoreError>, reason: &str| match r {
        Err(CoreError::InvalidInput { reason: got, .. }) => assert_eq!(got, reason),
        other => panic!("expected {reason}, got {other:?}"),
    };
    refused(
        admin.add_document(
            &id,
            &scan(RecordClass::Vouchers, Some(2024)),
            b"",
            Utc::now(),
        ),
        "empty",
    );
    let big = vec![0u8; MAX_DOCUMENT_BYTES + 1];
    refused(
        admin.add_document(
            &id,
            &scan(RecordClass::Vouchers, Some(2024)),
            &big,
            Utc::now(),
        ),
        "too_large",
    );
    refused(
        admin.add_document(&id, &scan(RecordClass::Vouchers, None), SCAN, Utc::now()),
        "required",
    );
    refused(
        admin.add_document(
            &id,
            &scan(RecordClass::Vouchers, Some(1800)),
            SCAN,
            Utc::now(),
        ),
        "out_of_range",
    );
    let mut unnamed = scan(RecordClass::Vouchers, Some(2024));
    unnamed.file_name = "  ".to_owned();
    refused(
        admin.add_document(&id, &unnamed, SCAN, Utc::now()),
        "required",
    );
    assert!(admin.documents(&id).unwrap().is_empty());
    // Personal information needs no fiscal year: it runs from the engagement's end.
    let pi = admin
        .add_document(
            &id,
            &scan(RecordClass::PersonalInformation, None),
            SCAN,
            Utc::now(),
        )
        .unwrap();
    assert_eq!(pi.expiry, Expiry::NotStarted);
}

#[test]
fn assistants_add_but_cannot_open_and_shredding_removes_documents() {
    let v = new_vault();
    let mut admin = v.admin();
    let id = admin.create_client(&client(), Utc::now()).unwrap();
    admin.lock("test", Utc::now()).unwrap();

    let mut assistant = user(&v, "zhuli", Role::Assistant, &id);
    let doc = assistant
        .add_document(
            &id,
            &scan(RecordClass::BankStatements, Some(2025)),
            SCAN,
            Utc::now(),
        )
        .unwrap();
    assert_eq!(assistant.documents(&id).unwrap().len(), 1);
    assert!(matches!(
        assistant.open_document(doc.id, Utc::now()),
        Err(CoreError::Forbidden { .. })
    ));
    assistant.lock("test", Utc::now()).unwrap();

    let mut admin = v.admin();
    admin.shred_client(&id, "测试", Utc::now()).unwrap();
    assert!(matches!(
        admin.open_document(doc.id, Utc::now()),
        Err(CoreError::NotFound { .. })
    ));
}
