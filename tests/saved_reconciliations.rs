//! Saved reconciliations in the vault: save with a client, reopen and continue, roles,
//! final ones kept, drafts deleted, audit, nothing in clear on disk.

// Integration tests: a failed unwrap or index here is a failed test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use chrono::Utc;
use ledgerlock_core::clients::record::{ClientInput, ClientKind, TaxpayerStatus};
use ledgerlock_core::reconciliations::{ReconciliationStatus, SaveReconciliation, RECORD_CLASS};
use ledgerlock_core::vault::{AuditFilter, NewUser, Role, Vault};
use ledgerlock_core::CoreError;
use ledgerlock_reconciliation::workbench::MatchState;
use ledgerlock_reconciliation::{reconcile_files, ImportOptions, MatchConfig, Workbench};
use ledgerlock_tests::{new_vault, TestVault};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/../crates/reconciliation/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn workbench() -> Workbench {
    let no = ImportOptions::default();
    let r = reconcile_files(
        ("cn_boc_debit.csv", &fixture("cn_boc_debit.csv")),
        ("ledger_boc_gbk.csv", &fixture("ledger_boc_gbk.csv")),
        &no,
        &no,
        (None, None),
        &MatchConfig::default(),
    )
    .unwrap();
    Workbench::new(r)
}

fn client(name: &str) -> ClientInput {
    ClientInput {
        kind: ClientKind::Company,
        name: name.to_owned(),
        credit_code: "91350100M000100Y43".to_owned(),
        id_number: String::new(),
        legal_representative: "李华".to_owned(),
        registered_address: String::new(),
        industry: String::new(),
        taxpayer_status: Some(TaxpayerStatus::General),
        engagement_start: "2024-01-01".to_owned(),
        engagement_end: String::new(),
        tags: vec![],
        contacts: vec![],
        bank_accounts: vec![],
        credit: None,
    }
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

fn draft<'a>(client_id: &'a str, wb: &'a Workbench) -> SaveReconciliation<'a> {
    SaveReconciliation {
        id: None,
        revision: None,
        client_id,
        status: ReconciliationStatus::Draft,
        bank_file: "中行对账单-2024-03.csv",
        ledger_file: "银行存款日记账.csv",
        workbench: wb,
    }
}

#[test]
fn save_reopen_continue_finalise() {
    let v = new_vault();
    let mut vault = v.admin();
    let client_id = vault
        .create_client(&client("杭州华瑞科技有限公司"), Utc::now())
        .unwrap();

    // A confirmed suggestion, then saved as a draft.
    let mut wb = workbench();
    let suggestion = wb.suggestions()[0].id;
    wb.confirm(suggestion).unwrap();
    let saved = vault
        .save_reconciliation(&draft(&client_id, &wb), Utc::now())
        .unwrap();
    assert_eq!(saved.status, ReconciliationStatus::Draft);
    assert_eq!(saved.revision, 1);
    assert_eq!(saved.class, RECORD_CLASS);
    assert_eq!(saved.bank_file, "中行对账单-2024-03.csv");
    let (from, to) = wb.period().unwrap();
    assert_eq!(
        saved.period_start.as_deref(),
        Some(from.to_string().as_str())
    );
    assert_eq!(saved.period_end.as_deref(), Some(to.to_string().as_str()));
    let fy = saved.fiscal_year.unwrap();
    assert_eq!(saved.retain_until, Some(format!("{}-12-31", fy + 10)));
    assert_eq!(saved.matched, u32::try_from(wb.confirmed().len()).unwrap());

    // Listed with its client only.
    let other = vault
        .create_client(&client("福州测试有限公司"), Utc::now())
        .unwrap();
    assert_eq!(
        vault.reconciliations(&client_id).unwrap(),
        vec![saved.clone()]
    );
    assert!(vault.reconciliations(&other).unwrap().is_empty());

    // Lock, unlock, reopen: the confirmed match is still there, with its history.
    vault.lock("test", Utc::now()).unwrap();
    let mut vault = v.admin();
    let mut opened = vault.open_reconciliation(&saved.id, Utc::now()).unwrap();
    assert_eq!(opened.workbench, wb);
    assert_eq!(
        opened.workbench.matches()[suggestion.0].state,
        MatchState::Confirmed
    );
    assert_eq!(opened.summary, saved);

    // Continue: undo works across the save; save again at the revision it was opened at.
    opened.workbench.undo().unwrap();
    assert_eq!(
        opened.workbench.matches()[suggestion.0].state,
        MatchState::Suggested
    );
    opened.workbench.confirm(suggestion).unwrap();
    let again = SaveReconciliation {
        id: Some(&saved.id),
        revision: Some(1),
        ..draft(&client_id, &opened.workbench)
    };
    let second = vault.save_reconciliation(&again, Utc::now()).unwrap();
    assert_eq!(second.revision, 2);
    // A save naming the old revision is refused as stale.
    let err = vault.save_reconciliation(&again, Utc::now()).unwrap_err();
    assert!(
        matches!(err, CoreError::InvalidInput { ref reason, .. } if reason == "stale"),
        "{err:?}"
    );
    // Another client's id with this reconciliation: not found.
    let wrong = SaveReconciliation {
        client_id: &other,
        revision: Some(2),
        ..again
    };
    assert!(matches!(
        vault.save_reconciliation(&wrong, Utc::now()).unwrap_err(),
        CoreError::NotFound { .. }
    ));

    // Final: no more changes, no delete.
    let finalise = SaveReconciliation {
        revision: Some(2),
        status: ReconciliationStatus::Final,
        ..again
    };
    let fin = vault.save_reconciliation(&finalise, Utc::now()).unwrap();
    assert_eq!(fin.status, ReconciliationStatus::Final);
    let more = SaveReconciliation {
        revision: Some(3),
        ..finalise
    };
    assert!(matches!(
        vault.save_reconciliation(&more, Utc::now()).unwrap_err(),
        CoreError::Forbidden { ref action } if action == "edit_final_reconciliation"
    ));
    assert!(matches!(
        vault.delete_reconciliation(&saved.id, Utc::now()).unwrap_err(),
        CoreError::Forbidden { ref action } if action == "delete_final_reconciliation"
    ));

    // A draft can be deleted.
    let d = vault
        .save_reconciliation(&draft(&client_id, &wb), Utc::now())
        .unwrap();
    assert_eq!(vault.reconciliations(&client_id).unwrap().len(), 2);
    vault.delete_reconciliation(&d.id, Utc::now()).unwrap();
    assert_eq!(vault.reconciliations(&client_id).unwrap().len(), 1);

    // Audited: saves, open, delete; ids and status only.
    let entries = vault
        .audit_entries(&AuditFilter {
            action_prefix: Some("reconciliation.".to_owned()),
            ..AuditFilter::default()
        })
        .unwrap();
    let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    for a in [
        "reconciliation.saved",
        "reconciliation.opened",
        "reconciliation.deleted",
    ] {
        assert!(actions.contains(&a), "{a} in {actions:?}");
    }
    let text =
        serde_json::to_string(&entries.iter().map(|e| &e.details).collect::<Vec<_>>()).unwrap();
    assert!(!text.contains("中行对账单"));

    // Nothing of the statement in clear on disk.
    let some_counterparty = wb.bank_lines()[0].counterparty.clone();
    vault.lock("test", Utc::now()).unwrap();
    let bytes = std::fs::read(v.files.database()).unwrap();
    let hay = String::from_utf8_lossy(&bytes);
    for secret in [
        "中行对账单",
        "银行存款日记账.csv",
        some_counterparty.as_str(),
    ] {
        assert!(!secret.is_empty());
        assert!(!hay.contains(secret), "{secret} in clear");
    }
}

#[test]
fn roles_and_assignment() {
    let v = new_vault();
    let mut admin = v.admin();
    let mine = admin
        .create_client(&client("杭州华瑞科技有限公司"), Utc::now())
        .unwrap();
    let theirs = admin
        .create_client(&client("福州测试有限公司"), Utc::now())
        .unwrap();
    let wb = workbench();
    let saved = admin
        .save_reconciliation(&draft(&theirs, &wb), Utc::now())
        .unwrap();
    admin.lock("test", Utc::now()).unwrap();

    // An assistant assigned to one client saves and reopens there, not elsewhere.
    let mut assistant = user(&v, "zhaoli", Role::Assistant, std::slice::from_ref(&mine));
    let own = assistant
        .save_reconciliation(&draft(&mine, &wb), Utc::now())
        .unwrap();
    assistant.open_reconciliation(&own.id, Utc::now()).unwrap();
    for err in [
        assistant
            .save_reconciliation(&draft(&theirs, &wb), Utc::now())
            .unwrap_err(),
        assistant.reconciliations(&theirs).unwrap_err(),
        assistant
            .open_reconciliation(&saved.id, Utc::now())
            .unwrap_err(),
        assistant
            .delete_reconciliation(&saved.id, Utc::now())
            .unwrap_err(),
    ] {
        assert!(matches!(err, CoreError::Forbidden { .. }), "{err:?}");
    }
    assistant.lock("test", Utc::now()).unwrap();

    // An auditor reads every client's, and changes nothing.
    let mut auditor = user(&v, "sunjian", Role::Auditor, &[]);
    assert_eq!(auditor.reconciliations(&theirs).unwrap().len(), 1);
    let opened = auditor.open_reconciliation(&saved.id, Utc::now()).unwrap();
    assert_eq!(opened.workbench, wb);
    assert!(matches!(
        auditor
            .save_reconciliation(&draft(&theirs, &wb), Utc::now())
            .unwrap_err(),
        CoreError::Forbidden { .. }
    ));
    assert!(matches!(
        auditor
            .delete_reconciliation(&saved.id, Utc::now())
            .unwrap_err(),
        CoreError::Forbidden { .. }
    ));
    assert!(matches!(
        auditor
            .save_reconciliation(&draft("no-such-client", &wb), Utc::now())
            .unwrap_err(),
        CoreError::Forbidden { .. }
    ));
}

#[test]
fn unknown_client_or_id() {
    let v = new_vault();
    let mut admin = v.admin();
    let wb = workbench();
    assert!(matches!(
        admin
            .save_reconciliation(&draft("no-such-client", &wb), Utc::now())
            .unwrap_err(),
        CoreError::NotFound { .. }
    ));
    assert!(matches!(
        admin.open_reconciliation("nope", Utc::now()).unwrap_err(),
        CoreError::NotFound { .. }
    ));
}

#[test]
fn column_templates_are_found_by_layout() {
    use ledgerlock_reconciliation::{import_bank, Side};
    let v = new_vault();
    let mut admin = v.admin();
    let bytes = fixture("cn_boc_debit.csv");
    let detected = import_bank("a.csv", &bytes, &ImportOptions::default())
        .unwrap()
        .mapping
        .unwrap();
    assert!(admin
        .column_template(Side::Bank, &detected.fingerprint)
        .unwrap()
        .is_none());
    // The user corrects the layout (no serial column) and saves it.
    let mut corrected = detected.clone();
    corrected.serial = None;
    admin
        .save_column_template(Side::Bank, " 中国银行网银 ", &corrected, Utc::now())
        .unwrap();
    let found = admin
        .column_template(Side::Bank, &detected.fingerprint)
        .unwrap()
        .unwrap();
    assert_eq!(found.name, "中国银行网银");
    assert_eq!(found.mapping, corrected);
    // Only for that side; the same layout again is found; using it imports with it.
    assert!(admin
        .column_template(Side::Book, &detected.fingerprint)
        .unwrap()
        .is_none());
    let again = import_bank(
        "b.csv",
        &bytes,
        &ImportOptions {
            mapping: Some(found.mapping),
        },
    )
    .unwrap();
    assert!(again.lines.iter().all(|l| l.serial.is_empty()));
    // Replacing keeps one template per layout; a blank name is refused.
    admin
        .save_column_template(Side::Bank, "中行", &corrected, Utc::now())
        .unwrap();
    assert_eq!(
        admin
            .column_template(Side::Bank, &detected.fingerprint)
            .unwrap()
            .unwrap()
            .name,
        "中行"
    );
    assert!(matches!(
        admin
            .save_column_template(Side::Bank, "  ", &corrected, Utc::now())
            .unwrap_err(),
        CoreError::InvalidInput { .. }
    ));
    admin.lock("test", Utc::now()).unwrap();
    // Auditors neither save nor use templates.
    let auditor = user(&v, "sunjian", Role::Auditor, &[]);
    assert!(matches!(
        auditor
            .column_template(Side::Bank, &detected.fingerprint)
            .unwrap_err(),
        CoreError::Forbidden { .. }
    ));
}
