//! Records in the vault: confidentiality agreements issued from the client record and the
//! firm profile, their status, renewal, printing and the expiry list.

// Integration tests: a failed unwrap or index here is a failed test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use chrono::{DateTime, TimeZone, Utc};
use ledgerlock_core::clients::record::{ClientInput, ClientKind, TaxpayerStatus};
use ledgerlock_core::records::agreement::AgreementStatus;
use ledgerlock_core::records::agreements::{AgreementLanguage, AgreementRequest};
use ledgerlock_core::records::firm::FirmProfile;
use ledgerlock_core::vault::{AuditFilter, NewUser, Role, Vault};
use ledgerlock_core::CoreError;
use ledgerlock_tests::{new_vault, run_cli_with, TestVault, ADMIN};

fn client() -> ClientInput {
    ClientInput {
        kind: ClientKind::Company,
        name: "杭州华瑞科技有限公司".to_owned(),
        credit_code: "91350100M000100Y43".to_owned(),
        id_number: String::new(),
        legal_representative: "李华".to_owned(),
        registered_address: "浙江省杭州市西湖区文三路 90 号".to_owned(),
        industry: "软件和信息技术服务业".to_owned(),
        taxpayer_status: Some(TaxpayerStatus::General),
        engagement_start: "2024-01-01".to_owned(),
        engagement_end: String::new(),
        tags: vec![],
        contacts: vec![],
        bank_accounts: vec![],
        credit: None,
    }
}

fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 9, 0, 0).single().unwrap()
}

fn request(start: &str) -> AgreementRequest {
    AgreementRequest {
        language: AgreementLanguage::ZhCn,
        start_on: start.to_owned(),
        term_years: 2,
        survival_years: 5,
        court: "杭州市西湖区人民法院".to_owned(),
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

#[test]
fn an_agreement_is_filled_from_the_client_and_firm_and_sealed_on_disk() {
    let v = new_vault();
    let mut vault = v.admin();
    vault
        .set_firm_profile(
            &FirmProfile {
                name: String::new(),
                credit_code: "91330200MA2AFXB716".to_owned(),
                address: "宁波市海曙区中山西路 1 号".to_owned(),
                representative: "陈静".to_owned(),
            },
            Utc::now(),
        )
        .unwrap();
    let id = vault.create_client(&client(), Utc::now()).unwrap();
    let issued = vault
        .issue_agreement(&id, &request("2026-12-01"), at(2026, 11, 27))
        .unwrap();
    assert_eq!(issued.number, "BM-2026-0001");
    assert_eq!(issued.version, 1);
    assert_eq!(issued.status, AgreementStatus::Draft);
    assert_eq!(issued.end_on, "2028-11-30");
    assert!(issued.text.contains("甲方（委托方）：杭州华瑞科技有限公司"));
    assert!(issued.text.contains("法定代表人：李华"));
    assert!(issued.text.contains("91330200MA2AFXB716"));
    assert!(issued.text.contains("法定代表人：陈静"));
    assert!(issued.text.contains("杭州市西湖区人民法院"));

    // Left empty, the court is the usual default in the agreement's language.
    let mut no_court = request("2026-12-01");
    no_court.court = String::new();
    let default = vault
        .issue_agreement(&id, &no_court, at(2026, 11, 27))
        .unwrap();
    assert_eq!(default.number, "BM-2026-0002");
    assert!(default
        .text
        .contains("向乙方所在地有管辖权的人民法院提起诉讼"));

    let pdf = vault.agreement_pdf(issued.id, at(2026, 11, 27)).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let printed = vault
        .audit_entries(&AuditFilter {
            action_prefix: Some("agreement.".to_owned()),
            ..AuditFilter::default()
        })
        .unwrap();
    let actions: Vec<_> = printed.iter().map(|e| e.action.as_str()).collect();
    assert!(actions.contains(&"agreement.issued"), "{actions:?}");
    assert!(actions.contains(&"agreement.printed"), "{actions:?}");

    vault.lock("test", Utc::now()).unwrap();
    let bytes = std::fs::read(v.files.database()).unwrap();
    for secret in ["甲方（委托方）", "杭州市西湖区人民法院", "陈静"] {
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "{secret} in clear"
        );
    }
}

#[test]
fn status_moves_forward_and_a_signed_agreement_expires_renews_and_warns() {
    let v = new_vault();
    let mut vault = v.admin();
    let id = vault.create_client(&client(), Utc::now()).unwrap();
    let a = vault
        .issue_agreement(&id, &request("2024-12-01"), at(2024, 11, 20))
        .unwrap();
    // Cannot renew a draft, cannot sign without a date or in the future.
    assert!(vault.renew_agreement(a.id, at(2024, 11, 20)).is_err());
    assert!(matches!(
        vault.set_agreement_status(a.id, AgreementStatus::Signed, None, at(2024, 11, 20)),
        Err(CoreError::InvalidInput { .. })
    ));
    assert!(vault
        .set_agreement_status(
            a.id,
            AgreementStatus::Signed,
            Some("2024-11-25"),
            at(2024, 11, 20)
        )
        .is_err());
    vault
        .set_agreement_status(a.id, AgreementStatus::Sent, None, at(2024, 11, 20))
        .unwrap();
    let signed = vault
        .set_agreement_status(
            a.id,
            AgreementStatus::Signed,
            Some("2024-11-22"),
            at(2024, 11, 22),
        )
        .unwrap();
    assert_eq!(signed.signed_on.as_deref(), Some("2024-11-22"));
    assert!(vault
        .set_agreement_status(a.id, AgreementStatus::Draft, None, at(2024, 11, 22))
        .is_err());

    // Ends 2026-11-30: on the expiry list from 31 days before, not before that.
    assert!(vault
        .expiring_agreements(at(2026, 10, 30))
        .unwrap()
        .is_empty());
    let soon = vault.expiring_agreements(at(2026, 11, 1)).unwrap();
    assert_eq!(soon.len(), 1);
    assert_eq!(soon[0].client_name, "杭州华瑞科技有限公司");
    assert!(
        vault
            .agreement(a.id, at(2026, 11, 1))
            .unwrap()
            .expiring_soon
    );
    assert_eq!(
        vault.agreement(a.id, at(2026, 12, 1)).unwrap().status,
        AgreementStatus::Expired
    );

    let renewed = vault.renew_agreement(a.id, at(2026, 11, 27)).unwrap();
    assert_eq!(renewed.version, 2);
    assert_eq!(renewed.start_on, "2026-12-01");
    assert_eq!(renewed.status, AgreementStatus::Draft);
    assert_ne!(renewed.number, a.number);
    let list = vault.agreements(&id, at(2026, 11, 27)).unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[1].status, AgreementStatus::Renewed);
    assert!(vault
        .expiring_agreements(at(2026, 11, 27))
        .unwrap()
        .is_empty());
}

#[test]
fn roles_and_assignment_apply_and_templates_are_administrators_only() {
    let v = new_vault();
    let mut admin = v.admin();
    let mine = admin.create_client(&client(), Utc::now()).unwrap();
    let mut other = client();
    other.name = "宁波海天贸易有限公司".to_owned();
    other.credit_code = "91330200MA2AFXB716".to_owned();
    let theirs = admin.create_client(&other, Utc::now()).unwrap();
    admin.lock("test", Utc::now()).unwrap();

    let mut accountant = user(&v, "kuaiji", Role::Accountant, std::slice::from_ref(&mine));
    let a = accountant
        .issue_agreement(&mine, &request("2026-12-01"), Utc::now())
        .unwrap();
    assert!(matches!(
        accountant.issue_agreement(&theirs, &request("2026-12-01"), Utc::now()),
        Err(CoreError::Forbidden { .. })
    ));
    assert!(matches!(
        accountant.set_agreement_template(
            AgreementLanguage::ZhCn,
            "# 新模板\n{{client.name}}",
            Utc::now()
        ),
        Err(CoreError::Forbidden { .. })
    ));
    accountant.lock("test", Utc::now()).unwrap();

    let mut auditor = user(&v, "shenji", Role::Auditor, &[]);
    assert!(matches!(
        auditor.issue_agreement(&mine, &request("2026-12-01"), Utc::now()),
        Err(CoreError::Forbidden { .. })
    ));
    assert!(matches!(
        auditor.agreement_pdf(a.id, Utc::now()),
        Err(CoreError::Forbidden { .. })
    ));
    auditor.lock("test", Utc::now()).unwrap();

    let mut admin = v.admin();
    assert!(matches!(
        admin.set_agreement_template(
            AgreementLanguage::ZhCn,
            "# 模板\n{{client.secret}}",
            Utc::now()
        ),
        Err(CoreError::InvalidInput { .. })
    ));
    admin
        .set_agreement_template(
            AgreementLanguage::ZhCn,
            "# 简短协议\n甲方：{{client.name}}",
            Utc::now(),
        )
        .unwrap();
    let b = admin
        .issue_agreement(&theirs, &request("2026-12-01"), Utc::now())
        .unwrap();
    assert_eq!(b.text, "# 简短协议\n甲方：宁波海天贸易有限公司");
    // The agreement issued earlier keeps the text it was issued with.
    assert!(admin
        .agreement(a.id, Utc::now())
        .unwrap()
        .text
        .contains("第一条"));
    // An empty text restores the built-in template.
    admin
        .set_agreement_template(AgreementLanguage::ZhCn, "", Utc::now())
        .unwrap();
    assert!(admin
        .agreement_template(AgreementLanguage::ZhCn)
        .unwrap()
        .contains("第一条"));
}

#[test]
fn the_retention_schedule_can_be_lengthened_by_administrators_only() {
    use ledgerlock_core::records::retention::{Period, RecordClass};
    let v = new_vault();
    let mut admin = v.admin();
    let entries = admin.retention_entries().unwrap();
    let statements = entries
        .iter()
        .find(|e| e.class == RecordClass::BankStatements)
        .unwrap();
    assert_eq!(statements.period, Period::Years(10));
    assert!(matches!(
        admin.set_retention_period(RecordClass::BankStatements, Period::Years(5), Utc::now()),
        Err(CoreError::InvalidInput { .. })
    ));
    admin
        .set_retention_period(RecordClass::BankStatements, Period::Years(15), Utc::now())
        .unwrap();
    admin.lock("test", Utc::now()).unwrap();
    let mut accountant = user(&v, "kuaiji", Role::Accountant, &[]);
    assert_eq!(
        accountant
            .retention_schedule()
            .unwrap()
            .period(RecordClass::BankStatements),
        Period::Years(15),
        "the choice is stored"
    );
    assert!(matches!(
        accountant.set_retention_period(RecordClass::Vouchers, Period::Permanent, Utc::now()),
        Err(CoreError::Forbidden { .. })
    ));
}

fn admin_named(v: &TestVault, name: &str) -> Vault {
    user(v, name, Role::Administrator, &[])
}

fn ended_client(vault: &mut Vault, name: &str, code: &str) -> String {
    let mut input = client();
    input.name = name.to_owned();
    input.credit_code = code.to_owned();
    input.engagement_start = "2019-01-01".to_owned();
    input.engagement_end = "2025-06-30".to_owned();
    vault.create_client(&input, Utc::now()).unwrap()
}

#[test]
fn a_destruction_list_needs_two_approvers_and_a_supervisor_and_leaves_no_trace() {
    use ledgerlock_core::records::destruction_list::ListStatus;
    use ledgerlock_core::records::hold::{Disposition, HoldReason};

    let v = new_vault();
    let mut admin = v.admin();
    let gone = ended_client(&mut admin, "杭州销毁测试有限公司", "91350100M000100Y43");
    let held = ended_client(&mut admin, "宁波保留测试有限公司", "91330200MA2AFXB716");
    let running = admin
        .create_client(
            &{
                let mut c = client();
                c.name = "温州进行中有限公司".to_owned();
                c.credit_code = "91330203MA2CJ8QL2G".to_owned();
                c
            },
            Utc::now(),
        )
        .unwrap();
    admin
        .place_hold(
            &held,
            HoldReason::UnsettledClaims,
            "应收款未结",
            "2025-07-01",
            Utc::now(),
        )
        .unwrap();

    // Due list: the ended client is due, the held one says why, the running one is absent.
    let due = admin.due_for_destruction(Utc::now()).unwrap();
    assert!(due.iter().all(|d| d.client_id != running));
    let d_gone = due.iter().find(|d| d.client_id == gone).unwrap();
    assert!(matches!(d_gone.disposition, Disposition::Due { .. }));
    let d_held = due.iter().find(|d| d.client_id == held).unwrap();
    assert!(
        matches!(&d_held.disposition, Disposition::Held { reasons, .. } if reasons == &[HoldReason::UnsettledClaims])
    );
    assert!(matches!(
        admin.draft_destruction_list(std::slice::from_ref(&held), "期满", Utc::now()),
        Err(CoreError::InvalidInput { .. })
    ));

    let list = admin
        .draft_destruction_list(
            std::slice::from_ref(&gone),
            "保管期满，无未了事项",
            Utc::now(),
        )
        .unwrap();
    assert_eq!(list.list.items.len(), 1);
    assert!(list.number.starts_with("XH-"));
    // The drafter cannot approve.
    assert!(admin
        .approve_destruction_list(list.id, "同意", Utc::now())
        .is_err());
    admin.lock("test", Utc::now()).unwrap();

    for name in ["shenpi1", "shenpi2"] {
        let mut approver = admin_named(&v, name);
        approver
            .approve_destruction_list(list.id, "同意", Utc::now())
            .unwrap();
        // Nobody approves twice.
        assert!(approver
            .approve_destruction_list(list.id, "同意", Utc::now())
            .is_err());
        approver.lock("test", Utc::now()).unwrap();
    }
    let mut supervisor = admin_named(&v, "jianxiao");
    // Not yet supervised: execution refused.
    assert!(supervisor
        .execute_destruction_list(list.id, Utc::now())
        .is_err());
    supervisor
        .supervise_destruction_list(list.id, false, "已核对", Utc::now())
        .unwrap();
    supervisor.lock("test", Utc::now()).unwrap();

    let mut admin = v.admin();
    let executed = admin.execute_destruction_list(list.id, Utc::now()).unwrap();
    assert_eq!(executed.list.status, ListStatus::Executed);
    let code = executed.checkpoint.clone().unwrap();
    assert_eq!(code.len(), 64);
    assert!(matches!(
        admin.client_detail(&gone),
        Err(CoreError::NotFound { .. })
    ));
    assert!(admin.client_detail(&held).is_ok());

    // The certificate prints the same bytes every time, and its code verifies.
    let first = admin
        .destruction_certificate_pdf(list.id, Utc::now())
        .unwrap();
    let again = admin
        .destruction_certificate_pdf(list.id, Utc::now())
        .unwrap();
    assert_eq!(first, again, "re-prints are identical");
    let check = admin
        .verify_certificate(&executed.number, &code, Utc::now())
        .unwrap();
    assert!(check.valid, "{check:?}");
    let spaced: String = code
        .as_bytes()
        .chunks(8)
        .map(|c| String::from_utf8_lossy(c).to_uppercase())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        admin
            .verify_certificate(&executed.number, &spaced, Utc::now())
            .unwrap()
            .valid
    );
    let mut wrong = code.clone();
    wrong.replace_range(0..1, if code.starts_with('0') { "1" } else { "0" });
    let bad = admin
        .verify_certificate(&executed.number, &wrong, Utc::now())
        .unwrap();
    assert!(!bad.valid && !bad.code_matches);
    assert!(
        !admin
            .verify_certificate("XH-1999-0001", &code, Utc::now())
            .unwrap()
            .found
    );
    admin.lock("test", Utc::now()).unwrap();

    // The same check from the command line: exit code 0 when valid, 1 when not.
    let number = executed.number.clone();
    let ok = run_cli_with(
        &[
            "records",
            "verify-certificate",
            "--number",
            &number,
            "--code",
            &spaced,
            "--user",
            ADMIN.0,
        ],
        v.dir.path(),
        &v.keys,
        &[ADMIN.1],
    );
    assert_eq!(ok.code, std::process::ExitCode::SUCCESS, "{}", ok.stderr);
    assert!(ok.stdout.contains("VALID"), "{}", ok.stdout);
    let bad = run_cli_with(
        &[
            "records",
            "verify-certificate",
            "--number",
            &number,
            "--code",
            &wrong,
            "--user",
            ADMIN.0,
        ],
        v.dir.path(),
        &v.keys,
        &[ADMIN.1],
    );
    assert_eq!(bad.code, std::process::ExitCode::FAILURE);
    assert!(bad.stdout.contains("NOT VALID"), "{}", bad.stdout);

    let mut supervisor =
        Vault::unlock(&v.files, &v.keys, "jianxiao", "another pass 42", Utc::now()).unwrap();
    supervisor
        .supervise_destruction_list(list.id, true, "已销毁，与清册一致", Utc::now())
        .unwrap();
    // The register survives the shredding and an auditor can read it.
    let registers = supervisor.destruction_lists().unwrap();
    assert_eq!(registers[0].list.status, ListStatus::Closed);
    supervisor.lock("test", Utc::now()).unwrap();

    // No readable trace of the destroyed client in the database file.
    let bytes = std::fs::read(v.files.database()).unwrap();
    let contains = |needle: &str| bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
    assert!(!contains("杭州销毁测试有限公司"));
    assert!(!contains("91350100M000100Y43"));
    // Its data key and every row keyed by it are gone; only opaque ids remain in the audit log.
    let conn = rusqlite::Connection::open(v.files.database()).unwrap();
    for (table, column) in [
        ("client_keys", "client_id"),
        ("clients", "id"),
        ("client_versions", "client_id"),
        ("agreements", "client_id"),
    ] {
        let n: i64 = conn
            .query_row(
                &format!("SELECT COUNT(*) FROM {table} WHERE {column} = ?1"),
                [&gone],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 0, "{table}");
    }
    let kept: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM client_keys WHERE client_id = ?1",
            [&held],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept, 1, "the held client keeps its key");
}
