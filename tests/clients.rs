//! Client records in the vault: validation, sealing, masking, reveal, review, search.

// Integration tests: a failed unwrap or index here is a failed test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use chrono::Utc;
use ledgerlock_core::clients::record::{
    BankAccountInput, ClientInput, ClientKind, ContactInput, TaxpayerStatus,
};
use ledgerlock_core::clients::store::ClientFilter;
use ledgerlock_core::clients::validate::BankAccountKind;
use ledgerlock_core::clients::Field;
use ledgerlock_core::vault::{AuditFilter, NewUser, Role, Vault};
use ledgerlock_core::CoreError;
use ledgerlock_tests::{new_vault, TestVault};

fn huarui() -> ClientInput {
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
        tags: vec!["月度记账".to_owned()],
        contacts: vec![ContactInput {
            name: "张敏".to_owned(),
            role: "财务负责人".to_owned(),
            phone: "13800138000".to_owned(),
            email: "zhangmin@example.com".to_owned(),
            id_number: String::new(),
        }],
        bank_accounts: vec![BankAccountInput {
            bank_name: "中国工商银行杭州文三路支行".to_owned(),
            account: "1202021209000123456".to_owned(),
            kind: BankAccountKind::Corporate,
        }],
        credit: None,
    }
}

fn user(v: &TestVault, name: &str, role: Role) -> Vault {
    let mut admin = v.admin();
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
    admin.lock("test", Utc::now()).unwrap();
    Vault::unlock(&v.files, &v.keys, name, "another pass 42", Utc::now()).unwrap()
}

#[test]
fn create_then_read_masked_and_nothing_in_clear_on_disk() {
    let v = new_vault();
    let mut vault = v.admin();
    let id = vault.create_client(&huarui(), Utc::now()).unwrap();
    let detail = vault.client_detail(&id).unwrap();
    assert_eq!(detail.name, "杭州华瑞科技有限公司");
    assert_eq!(detail.contacts[0].phone, "138****8000");
    assert!(detail.bank_accounts[0].account.ends_with("3456"));
    assert!(!detail.bank_accounts[0].account.contains("12020212"));
    vault.lock("test", Utc::now()).unwrap();
    let bytes = std::fs::read(v.files.database()).unwrap();
    for secret in [
        "杭州华瑞科技有限公司",
        "1202021209000123456",
        "13800138000",
        "张敏",
    ] {
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "{secret} in clear"
        );
    }
}

#[test]
fn an_invalid_credit_code_is_refused_with_the_field_and_reason() {
    let v = new_vault();
    let mut vault = v.admin();
    let mut input = huarui();
    input.credit_code = "91350100M000100Y44".to_owned();
    match vault.create_client(&input, Utc::now()) {
        Err(CoreError::InvalidInput { field, reason }) => {
            assert_eq!(field, "client.credit_code");
            assert_eq!(reason, "check_digit");
        }
        other => panic!("expected invalid_input, got {other:?}"),
    }
    assert!(vault
        .search_clients("", &ClientFilter::default(), 10)
        .unwrap()
        .is_empty());
}

#[test]
fn search_by_name_pinyin_credit_code_phone_tail_and_tag_survives_relock() {
    let v = new_vault();
    let mut vault = v.admin();
    vault.create_client(&huarui(), Utc::now()).unwrap();
    let mut other = huarui();
    other.name = "宁波海天贸易有限公司".to_owned();
    other.credit_code = "91330200MA2AFXB71X".to_owned();
    other.contacts.clear();
    other.tags = vec!["年报".to_owned()];
    let other_ok = vault.create_client(&other, Utc::now());
    vault.lock("test", Utc::now()).unwrap();
    let vault = v.admin();
    let f = ClientFilter::default();
    let names = |q: &str| -> Vec<String> {
        vault
            .search_clients(q, &f, 10)
            .unwrap()
            .into_iter()
            .map(|s| s.name)
            .collect()
    };
    assert_eq!(names("华瑞"), vec!["杭州华瑞科技有限公司"]);
    assert_eq!(names("hzhr"), vec!["杭州华瑞科技有限公司"]);
    assert_eq!(names("M000100"), vec!["杭州华瑞科技有限公司"]);
    assert_eq!(names("8000"), vec!["杭州华瑞科技有限公司"]);
    if other_ok.is_ok() {
        assert_eq!(names("年报"), vec!["宁波海天贸易有限公司"]);
        assert_eq!(names("").len(), 2);
    }
    let tagged = vault
        .search_clients(
            "",
            &ClientFilter {
                tag: Some("月度记账".to_owned()),
                ..ClientFilter::default()
            },
            10,
        )
        .unwrap();
    assert_eq!(tagged.len(), 1);
}

#[test]
fn reveal_needs_a_reason_is_audited_and_refused_to_assistants() {
    let v = new_vault();
    let mut admin = v.admin();
    let id = admin.create_client(&huarui(), Utc::now()).unwrap();
    assert!(admin
        .reveal_field(&id, Field::BankAccount, 0, " ", Utc::now())
        .is_err());
    let value = admin
        .reveal_field(&id, Field::BankAccount, 0, "核对银行回单", Utc::now())
        .unwrap();
    assert_eq!(value, "1202021209000123456");
    let entries = admin.audit_entries(&AuditFilter::default()).unwrap();
    let reveal = entries
        .iter()
        .find(|e| e.action == "field.revealed")
        .unwrap();
    let details = reveal.details.as_ref().unwrap().to_string();
    assert!(details.contains("bank_account") && details.contains("核对银行回单"));
    assert!(!details.contains("1202021209000123456"));
    admin.assign_clients(1, &[], Utc::now()).unwrap();
    admin.lock("test", Utc::now()).unwrap();

    let mut assistant = user(&v, "zhao", Role::Assistant);
    assert!(matches!(
        assistant.client_detail(&id),
        Err(CoreError::Forbidden { .. })
    ));
    assistant.lock("test", Utc::now()).unwrap();
    let mut admin = v.admin();
    admin
        .assign_clients(2, std::slice::from_ref(&id), Utc::now())
        .unwrap();
    admin.lock("test", Utc::now()).unwrap();
    let mut assistant =
        Vault::unlock(&v.files, &v.keys, "zhao", "another pass 42", Utc::now()).unwrap();
    assistant.client_detail(&id).unwrap();
    assert!(matches!(
        assistant.reveal_field(&id, Field::BankAccount, 0, "核对", Utc::now()),
        Err(CoreError::Forbidden { .. })
    ));
}

#[test]
fn an_accountants_bank_account_change_waits_for_a_second_persons_approval() {
    let v = new_vault();
    let mut accountant = user(&v, "li", Role::Accountant);
    let id = accountant.create_client(&huarui(), Utc::now()).unwrap();
    let mut change = huarui();
    change.bank_accounts[0].account = "1202021209000999999".to_owned();
    change.industry = "批发业".to_owned();
    let outcome = accountant.update_client(&id, &change, Utc::now()).unwrap();
    assert_eq!(outcome.applied, vec![Field::Industry]);
    assert_eq!(outcome.pending, vec![Field::BankAccount]);
    let request = outcome.request_id.unwrap();
    // Not yet in effect, and the requester cannot approve it.
    assert!(accountant.client_detail(&id).unwrap().bank_accounts[0]
        .account
        .ends_with("3456"));
    assert!(matches!(
        accountant.review_change(request, true, "", Utc::now()),
        Err(CoreError::Forbidden { .. })
    ));
    accountant.lock("test", Utc::now()).unwrap();

    let mut admin = v.admin();
    let pending = admin.pending_changes().unwrap();
    assert_eq!(pending.len(), 1);
    assert!(pending[0].changes[0].new.ends_with("9999"));
    assert!(!pending[0].changes[0].new.contains("1202021209000999999"));
    admin
        .review_change(request, true, "已电话核实", Utc::now())
        .unwrap();
    let detail = admin.client_detail(&id).unwrap();
    assert!(detail.bank_accounts[0].account.ends_with("9999"));
    assert_eq!(detail.industry, "批发业");
    let history = admin.client_history(&id).unwrap();
    assert_eq!(history.len(), 3);
    assert_eq!(history[0].changes[0].field, Field::BankAccount);
    assert!(admin.pending_changes().unwrap().is_empty());
    assert!(admin
        .audit_entries(&AuditFilter::default())
        .unwrap()
        .iter()
        .any(|e| e.action == "client.change_approved"));
}

#[test]
fn verification_feeds_the_unverified_filter() {
    let v = new_vault();
    let mut vault = v.admin();
    let id = vault.create_client(&huarui(), Utc::now()).unwrap();
    let since = Utc::now().to_rfc3339();
    let unverified = |vault: &Vault| {
        vault
            .search_clients(
                "",
                &ClientFilter {
                    unverified_since: Some(since.clone()),
                    ..ClientFilter::default()
                },
                10,
            )
            .unwrap()
            .len()
    };
    assert_eq!(unverified(&vault), 1);
    vault.verify_client(&id, "phone", Utc::now()).unwrap();
    assert_eq!(unverified(&vault), 0);
    assert!(vault.verify_client(&id, "telepathy", Utc::now()).is_err());
}

#[test]
fn masked_values_sent_back_unchanged_change_nothing() {
    let v = new_vault();
    let mut accountant = user(&v, "li", Role::Accountant);
    let id = accountant.create_client(&huarui(), Utc::now()).unwrap();
    let detail = accountant.client_detail(&id).unwrap();
    let mut form = huarui();
    form.registered_address = detail.registered_address.clone();
    form.contacts[0].phone = detail.contacts[0].phone.clone();
    form.contacts[0].email = detail.contacts[0].email.clone();
    form.bank_accounts[0].account = detail.bank_accounts[0].account.clone();
    let outcome = accountant.update_client(&id, &form, Utc::now()).unwrap();
    assert!(outcome.applied.is_empty(), "{outcome:?}");
    assert!(outcome.pending.is_empty(), "{outcome:?}");
    assert_eq!(accountant.client_history(&id).unwrap().len(), 1);
}

#[test]
fn consents_gate_sensitive_contact_data_and_third_party_sharing() {
    use ledgerlock_core::clients::consent::{ConsentInput, ConsentScope};
    let v = new_vault();
    let mut vault = v.admin();
    // A contact's ID number needs that contact's separate consent: refused at creation.
    let mut with_id = huarui();
    with_id.contacts[0].id_number = "11010519491231002X".to_owned();
    assert!(matches!(
        vault.create_client(&with_id, Utc::now()),
        Err(CoreError::ConsentMissing { scope }) if scope == "sensitive_data"
    ));
    let id = vault.create_client(&huarui(), Utc::now()).unwrap();
    let consent = |scope, contact_index, recipient: &str| ConsentInput {
        scope,
        contact_index,
        purpose: "代理记账与纳税申报".to_owned(),
        categories: vec!["basic".to_owned(), "contact".to_owned()],
        recipient: recipient.to_owned(),
        given_on: "2026-01-05".to_owned(),
        method: "signed_form".to_owned(),
        evidence_document: None,
    };
    vault
        .record_consent(
            &id,
            &consent(ConsentScope::SensitiveData, Some(0), ""),
            Utc::now(),
        )
        .unwrap();
    vault.update_client(&id, &with_id, Utc::now()).unwrap();

    // Sharing with a third party: refused without consent, allowed with it, refused after
    // withdrawal.
    assert!(matches!(
        vault.require_consent(&id, ConsentScope::ThirdParty, None, Utc::now()),
        Err(CoreError::ConsentMissing { .. })
    ));
    assert!(vault
        .record_consent(
            &id,
            &consent(ConsentScope::ThirdParty, None, ""),
            Utc::now()
        )
        .is_err());
    let shared = vault
        .record_consent(
            &id,
            &consent(
                ConsentScope::ThirdParty,
                None,
                "杭州某会计师事务所（年报审计）",
            ),
            Utc::now(),
        )
        .unwrap();
    vault
        .require_consent(&id, ConsentScope::ThirdParty, None, Utc::now())
        .unwrap();
    let today = Utc::now().date_naive().format("%Y-%m-%d").to_string();
    vault.withdraw_consent(shared, &today, Utc::now()).unwrap();
    assert!(matches!(
        vault.require_consent(&id, ConsentScope::ThirdParty, None, Utc::now()),
        Err(CoreError::ConsentMissing { scope }) if scope == "third_party"
    ));
    let listed = vault.consents(&id).unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0].withdrawn_on.as_deref(), Some(today.as_str()));
    assert!(vault
        .audit_entries(&AuditFilter::default())
        .unwrap()
        .iter()
        .any(|e| e.action == "consent.withdrawn"));
    // Nothing of the consent's text is in clear on disk.
    vault.lock("test", Utc::now()).unwrap();
    let bytes = std::fs::read(v.files.database()).unwrap();
    let text = "杭州某会计师事务所";
    assert!(!bytes.windows(text.len()).any(|w| w == text.as_bytes()));
}

fn third_party_consent(recipient: &str) -> ledgerlock_core::clients::consent::ConsentInput {
    ledgerlock_core::clients::consent::ConsentInput {
        scope: ledgerlock_core::clients::consent::ConsentScope::ThirdParty,
        contact_index: None,
        purpose: "年度审计资料提供".to_owned(),
        categories: vec!["basic".to_owned(), "financial_account".to_owned()],
        recipient: recipient.to_owned(),
        given_on: "2026-01-05".to_owned(),
        method: "signed_form".to_owned(),
        evidence_document: None,
    }
}

fn share_input() -> ledgerlock_core::clients::sharing::SharingInput {
    use ledgerlock_core::clients::sharing::{SharingChannel, SharingInput};
    use ledgerlock_core::clients::Category;
    SharingInput {
        recipient_name: "杭州信达会计师事务所".to_owned(),
        recipient_contact: "陈审计 0571-88886666".to_owned(),
        purpose: "年度财务报表审计".to_owned(),
        categories: vec![Category::Basic, Category::FinancialAccount],
        channel: SharingChannel::SecureTransfer,
    }
}

#[test]
fn sharing_needs_a_third_party_consent_in_force_and_is_recorded_sealed_and_audited() {
    let v = new_vault();
    let mut vault = v.admin();
    let id = vault.create_client(&huarui(), Utc::now()).unwrap();
    // No consent: refused, nothing recorded.
    assert!(matches!(
        vault.share_client(&id, &share_input(), Utc::now()),
        Err(CoreError::ConsentMissing { scope }) if scope == "third_party"
    ));
    assert!(vault.sharing_records(&id).unwrap().is_empty());

    let consent = vault
        .record_consent(
            &id,
            &third_party_consent("杭州信达会计师事务所"),
            Utc::now(),
        )
        .unwrap();
    // Incomplete requests are refused by field.
    let mut no_categories = share_input();
    no_categories.categories.clear();
    assert!(matches!(
        vault.share_client(&id, &no_categories, Utc::now()),
        Err(CoreError::InvalidInput { field, .. }) if field == "sharing.categories"
    ));
    // The consent covers the recipient it names, not another one.
    let mut elsewhere = share_input();
    elsewhere.recipient_name = "宁波某银行".to_owned();
    assert!(matches!(
        vault.share_client(&id, &elsewhere, Utc::now()),
        Err(CoreError::InvalidInput { field, reason })
            if field == "sharing.recipient_name" && reason == "not_consented"
    ));
    // A consent that lists its categories covers only those.
    let narrow = vault
        .record_consent(
            &id,
            &ledgerlock_core::clients::consent::ConsentInput {
                categories: vec!["basic".to_owned()],
                ..third_party_consent("宁波某银行")
            },
            Utc::now(),
        )
        .unwrap();
    let mut bank_details = share_input();
    bank_details.recipient_name = "宁波某银行".to_owned();
    assert!(matches!(
        vault.share_client(&id, &bank_details, Utc::now()),
        Err(CoreError::InvalidInput { field, reason })
            if field == "sharing.categories" && reason == "not_consented"
    ));
    let today = Utc::now().date_naive().format("%Y-%m-%d").to_string();
    vault.withdraw_consent(narrow, &today, Utc::now()).unwrap();
    // Spaces and full-width forms do not matter.
    let mut spaced = share_input();
    spaced.recipient_name = " 杭州 信达会计师事务所 ".to_owned();
    vault.share_client(&id, &spaced, Utc::now()).unwrap();
    let export = vault.share_client(&id, &share_input(), Utc::now()).unwrap();
    assert!(export.clear_values, "an administrator may reveal");
    if let Some(dir) = std::env::var_os("LEDGERLOCK_WRITE_SAMPLES") {
        std::fs::write(
            std::path::Path::new(&dir).join("sharing-export.json"),
            &export.bytes,
        )
        .unwrap();
    }
    let json: serde_json::Value = serde_json::from_slice(&export.bytes).unwrap();
    assert_eq!(json["client"]["name"], "杭州华瑞科技有限公司");
    assert_eq!(
        json["client"]["bankAccounts"][0]["account"],
        "1202021209000123456"
    );
    assert_eq!(json["legalBasis"]["consent"], consent);
    // Only the chosen categories leave the firm.
    assert!(json["client"].get("contacts").is_none());
    assert!(!export.file_name.contains("华瑞"));

    let records = vault.sharing_records(&id).unwrap();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].consent_id, consent);
    assert_eq!(records[0].recipient_name, "杭州信达会计师事务所");
    let audit = vault.audit_entries(&AuditFilter::default()).unwrap();
    let shared = audit.iter().find(|e| e.action == "client.shared").unwrap();
    let details = serde_json::to_string(&shared.details).unwrap();
    assert!(
        !details.contains("1202021209000123456"),
        "no value in the audit log"
    );

    // Withdrawn today: refused again.
    let today = Utc::now().date_naive().format("%Y-%m-%d").to_string();
    vault.withdraw_consent(consent, &today, Utc::now()).unwrap();
    assert!(matches!(
        vault.share_client(&id, &share_input(), Utc::now()),
        Err(CoreError::ConsentMissing { scope }) if scope == "third_party"
    ));
    assert_eq!(vault.sharing_records(&id).unwrap().len(), 2);

    // The recipient and purpose are sealed on disk.
    vault.lock("test", Utc::now()).unwrap();
    let bytes = std::fs::read(v.files.database()).unwrap();
    for text in ["杭州信达会计师事务所", "年度财务报表审计"] {
        assert!(!bytes.windows(text.len()).any(|w| w == text.as_bytes()));
    }
}

#[test]
fn assistants_and_auditors_may_not_share() {
    let v = new_vault();
    let id = {
        let mut admin = v.admin();
        let id = admin.create_client(&huarui(), Utc::now()).unwrap();
        admin
            .record_consent(
                &id,
                &third_party_consent("杭州信达会计师事务所"),
                Utc::now(),
            )
            .unwrap();
        admin.lock("test", Utc::now()).unwrap();
        id
    };
    for (name, role) in [("zhuli", Role::Assistant), ("shenji", Role::Auditor)] {
        let mut other = user(&v, name, role);
        assert!(matches!(
            other.share_client(&id, &share_input(), Utc::now()),
            Err(CoreError::Forbidden { .. })
        ));
        other.lock("test", Utc::now()).unwrap();
    }
}

#[test]
fn demo_clients_fill_a_vault_with_valid_searchable_clients_and_consents() {
    use ledgerlock_core::clients::consent::ConsentScope;
    use ledgerlock_core::clients::demo::DEMO_TAG;
    let v = new_vault();
    let mut vault = v.admin();
    let ids = vault.fill_demo_clients(7, 40, Utc::now()).unwrap();
    assert_eq!(ids.len(), 40);
    let demo = ClientFilter {
        tag: Some(DEMO_TAG.to_owned()),
        ..ClientFilter::default()
    };
    assert_eq!(vault.search_clients("", &demo, 1000).unwrap().len(), 40);
    for id in &ids {
        vault
            .require_consent(id, ConsentScope::Processing, None, Utc::now())
            .unwrap();
    }
    assert!(vault
        .audit_entries(&AuditFilter::default())
        .unwrap()
        .iter()
        .any(|e| e.action == "clients.demo_filled"));
    // Only administrators fill demo data.
    vault.lock("test", Utc::now()).unwrap();
    let mut accountant = user(&v, "kuaiji", Role::Accountant);
    assert!(matches!(
        accountant.fill_demo_clients(7, 1, Utc::now()),
        Err(CoreError::Forbidden { .. })
    ));
}

const IMPORT_CSV: &str = "\
客户名单（2026年）\n\
客户名称*,统一社会信用代码,身份证号,联系人,手机号码,开户行,银行账号,纳税人类型,标签\n\
杭州华瑞科技有限公司,91350100M000100Y43,,张敏,13800138000,中国工商银行杭州文三路支行,1202021209000123456,一般纳税人,月度记账、年报审计\n\
宁波明远贸易有限公司,91350100M000100Y44,,李强,13900139000,宁波银行江北支行,3301040160000123,小规模纳税人,\n\
杭州华瑞科技有限公司（重复）,91350100M000100Y43,,,,,,,\n\
,914403001922038216,,王芳,12345,,,,\n\
陈静,,11010519491231002X,陈静,13700137000,招商银行杭州分行,6225880137706082,,个税\n";

#[test]
fn a_gbk_csv_import_previews_per_row_problems_and_stores_only_the_good_rows_when_confirmed() {
    use ledgerlock_core::clients::import::ImportColumn;
    let v = new_vault();
    let mut vault = v.admin();
    let (gbk, _, _) = encoding_rs::GBK.encode(IMPORT_CSV);
    let preview = vault
        .preview_client_import("客户.csv", &gbk, None, Utc::now())
        .unwrap();
    assert_eq!(preview.mapping[0], Some(ImportColumn::Name));
    assert_eq!(preview.mapping[1], Some(ImportColumn::CreditCode));
    assert_eq!(preview.mapping[7], Some(ImportColumn::TaxpayerStatus));
    assert_eq!(preview.rows.len(), 5);
    assert_eq!(
        (preview.valid, preview.invalid),
        (2, 3),
        "{:?}",
        preview.rows
    );
    // Row numbers as the spreadsheet shows them (the title row is row 1, the header row 2).
    let row = |n: u32| preview.rows.iter().find(|r| r.row == n).unwrap();
    assert!(row(3).problems.is_empty());
    assert_eq!(row(4).problems[0].field, Field::CreditCode);
    assert_eq!(row(4).problems[0].reason, "check_digit");
    assert_eq!(row(5).problems[0].reason, "taken", "duplicate in the file");
    let six: Vec<(Field, &str)> = row(6)
        .problems
        .iter()
        .map(|p| (p.field, p.reason.as_str()))
        .collect();
    assert!(six.contains(&(Field::Name, "required")), "{six:?}");
    assert!(six.contains(&(Field::ContactPhone, "length")), "{six:?}");
    assert_eq!(row(7).kind, ClientKind::Individual);
    assert!(row(7).problems.is_empty(), "{:?}", row(7).problems);
    // The preview stored nothing.
    assert_eq!(
        vault
            .search_clients("", &ClientFilter::default(), 100)
            .unwrap()
            .len(),
        0
    );

    let outcome = vault
        .import_clients("客户.csv", &gbk, &preview.mapping, Utc::now())
        .unwrap();
    assert_eq!((outcome.imported, outcome.skipped), (2, 3));
    let all = vault
        .search_clients("", &ClientFilter::default(), 100)
        .unwrap();
    assert_eq!(all.len(), 2);
    let huarui = all
        .iter()
        .find(|c| c.name == "杭州华瑞科技有限公司")
        .unwrap();
    assert_eq!(
        huarui.tags,
        vec!["年报审计".to_owned(), "月度记账".to_owned()]
    );
    // Importing the same file again: everything is now a duplicate or invalid.
    let again = vault
        .preview_client_import("客户.csv", &gbk, None, Utc::now())
        .unwrap();
    assert_eq!(again.valid, 0, "{:?}", again.rows);
    let taken = again
        .rows
        .iter()
        .filter(|r| r.problems.iter().any(|p| p.reason == "taken"))
        .count();
    assert_eq!(
        taken, 3,
        "both companies and the individual are already there"
    );
    let audit = vault.audit_entries(&AuditFilter::default()).unwrap();
    assert!(audit.iter().any(|e| e.action == "clients.imported"));
}

#[test]
fn an_xlsx_import_follows_a_changed_mapping_and_assistants_may_import_auditors_not() {
    use ledgerlock_core::clients::import::ImportColumn;
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["企业", "代码", "电话", "经办人"].iter().enumerate() {
        sheet
            .write_string(0, u16::try_from(c).unwrap(), *h)
            .unwrap();
    }
    sheet.write_string(1, 0, "福州云帆物流有限公司").unwrap();
    sheet.write_string(1, 1, "914403001922038216").unwrap();
    sheet.write_string(1, 2, "0591-87654321").unwrap();
    sheet.write_string(1, 3, "林晓东").unwrap();
    let bytes = book.save_to_buffer().unwrap();

    let v = new_vault();
    let mut vault = v.admin();
    // The headers are not synonyms: nothing mapped, the name is missing.
    let auto = vault
        .preview_client_import("clients.xlsx", &bytes, None, Utc::now())
        .unwrap();
    assert_eq!(auto.valid, 0);
    let mapping = vec![
        Some(ImportColumn::Name),
        Some(ImportColumn::CreditCode),
        Some(ImportColumn::ContactPhone),
        Some(ImportColumn::ContactName),
    ];
    let preview = vault
        .preview_client_import("clients.xlsx", &bytes, Some(&mapping), Utc::now())
        .unwrap();
    assert_eq!(
        (preview.valid, preview.invalid),
        (1, 0),
        "{:?}",
        preview.rows
    );
    // A column mapped twice is refused.
    let twice = vec![
        Some(ImportColumn::Name),
        Some(ImportColumn::Name),
        None,
        None,
    ];
    assert!(matches!(
        vault.preview_client_import("clients.xlsx", &bytes, Some(&twice), Utc::now()),
        Err(CoreError::InvalidInput { reason, .. }) if reason == "repeated_column"
    ));
    vault.lock("test", Utc::now()).unwrap();

    let mut auditor = user(&v, "shenji", Role::Auditor);
    assert!(matches!(
        auditor.import_clients("clients.xlsx", &bytes, &mapping, Utc::now()),
        Err(CoreError::Forbidden { .. })
    ));
    auditor.lock("test", Utc::now()).unwrap();
    let mut assistant = user(&v, "zhuli", Role::Assistant);
    let outcome = assistant
        .import_clients("clients.xlsx", &bytes, &mapping, Utc::now())
        .unwrap();
    assert_eq!(outcome.imported, 1);
    // The assistant is assigned to what they imported and sees it.
    assert_eq!(
        assistant
            .search_clients("云帆", &ClientFilter::default(), 10)
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn an_unreadable_or_empty_file_is_refused_by_reason() {
    let v = new_vault();
    let mut vault = v.admin();
    assert!(matches!(
        vault.preview_client_import("x.xlsx", b"not a workbook", None, Utc::now()),
        Err(CoreError::InvalidInput { reason, .. }) if reason == "unreadable"
    ));
    assert!(matches!(
        vault.preview_client_import("x.csv", "客户名称,税号\n".as_bytes(), None, Utc::now()),
        Err(CoreError::InvalidInput { reason, .. }) if reason == "no_rows"
    ));
}

#[test]
fn the_access_report_holds_everything_in_clear_for_the_subject_and_is_audited() {
    use ledgerlock_core::clients::access::AccessFormat;
    let v = new_vault();
    let mut vault = v.admin();
    let id = vault.create_client(&huarui(), Utc::now()).unwrap();
    vault
        .record_consent(
            &id,
            &third_party_consent("杭州信达会计师事务所"),
            Utc::now(),
        )
        .unwrap();
    vault.share_client(&id, &share_input(), Utc::now()).unwrap();
    let mut changed = huarui();
    changed.industry = "信息技术咨询服务".to_owned();
    changed.credit = Some(ledgerlock_core::clients::record::CreditInput {
        rating: "A".to_owned(),
        basis: "按时付费，资料提供及时".to_owned(),
        assessed_on: "2026-06-30".to_owned(),
        assessor: "王会计".to_owned(),
        notes: "2025 年度无逾期".to_owned(),
    });
    vault.update_client(&id, &changed, Utc::now()).unwrap();
    vault.verify_client(&id, "phone", Utc::now()).unwrap();

    let (name, json) = vault
        .subject_access_export(&id, AccessFormat::Json, Utc::now())
        .unwrap();
    if let Some(dir) = std::env::var_os("LEDGERLOCK_WRITE_SAMPLES") {
        std::fs::write(
            std::path::Path::new(&dir).join("client-access-report.json"),
            &json,
        )
        .unwrap();
    }
    assert!(name.ends_with(".json") && !name.contains("华瑞"));
    let json: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(
        json["record"]["bank_accounts"][0]["account"],
        "1202021209000123456"
    );
    assert_eq!(json["record"]["contacts"][0]["phone"], "13800138000");
    assert_eq!(json["consents"].as_array().unwrap().len(), 1);
    assert_eq!(json["sharing"].as_array().unwrap().len(), 1);
    assert_eq!(json["versions"].as_array().unwrap().len(), 2);

    let (name, pdf) = vault
        .subject_access_export(&id, AccessFormat::Pdf, Utc::now())
        .unwrap();
    assert!(name.ends_with(".pdf"));
    assert!(pdf.starts_with(b"%PDF-"));
    if let Some(dir) = std::env::var_os("LEDGERLOCK_WRITE_SAMPLES") {
        std::fs::write(
            std::path::Path::new(&dir).join("client-access-report.pdf"),
            &pdf,
        )
        .unwrap();
    }
    let exported = vault
        .audit_entries(&AuditFilter::default())
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "client.access_exported")
        .count();
    assert_eq!(exported, 2);
    vault.lock("test", Utc::now()).unwrap();

    // Assistants and auditors may not take values out in clear.
    for (name, role) in [("zhuli", Role::Assistant), ("shenji", Role::Auditor)] {
        let mut other = user(&v, name, role);
        assert!(matches!(
            other.subject_access_export(&id, AccessFormat::Pdf, Utc::now()),
            Err(CoreError::Forbidden { .. })
        ));
        other.lock("test", Utc::now()).unwrap();
    }
}

#[test]
fn the_credit_assessment_is_edited_on_its_own_with_masked_notes_kept() {
    use ledgerlock_core::clients::record::CreditInput;
    let v = new_vault();
    let mut vault = v.admin();
    let id = vault.create_client(&huarui(), Utc::now()).unwrap();
    let credit = CreditInput {
        rating: "B".to_owned(),
        basis: "偶有延迟付费".to_owned(),
        assessed_on: "2026/6/30".to_owned(),
        assessor: "王会计".to_owned(),
        notes: "2025 年第三季度逾期 20 天".to_owned(),
    };
    vault
        .set_credit_assessment(&id, Some(&credit), Utc::now())
        .unwrap();
    let shown = vault.client_detail(&id).unwrap().credit.unwrap();
    assert_eq!(shown.rating, "B");
    assert_eq!(shown.assessed_on, "2026-06-30");
    assert_ne!(shown.notes, credit.notes, "notes are masked");
    // Sending the masked notes back keeps them; the rating changes.
    let again = CreditInput {
        rating: "A".to_owned(),
        notes: shown.notes.clone(),
        ..credit.clone()
    };
    vault
        .set_credit_assessment(&id, Some(&again), Utc::now())
        .unwrap();
    assert_eq!(
        vault
            .reveal_field(&id, Field::CreditNotes, 0, "核对信用备注", Utc::now())
            .unwrap(),
        credit.notes
    );
    // A rating is required.
    let blank = CreditInput {
        rating: String::new(),
        ..credit
    };
    assert!(matches!(
        vault.set_credit_assessment(&id, Some(&blank), Utc::now()),
        Err(CoreError::InvalidInput { field, reason }) if field == "credit.credit_rating" && reason == "required"
    ));
    // The ordinary edit form carries the assessment along: editing keeps it.
    let mut input = huarui();
    input.industry = "信息技术咨询服务".to_owned();
    input.credit = Some(CreditInput {
        rating: "A".to_owned(),
        basis: "偶有延迟付费".to_owned(),
        assessed_on: "2026-06-30".to_owned(),
        assessor: "王会计".to_owned(),
        notes: shown.notes,
    });
    vault.update_client(&id, &input, Utc::now()).unwrap();
    assert_eq!(
        vault.client_detail(&id).unwrap().credit.unwrap().rating,
        "A"
    );
    // Removing it is a version too; the history names who did it.
    vault.set_credit_assessment(&id, None, Utc::now()).unwrap();
    assert!(vault.client_detail(&id).unwrap().credit.is_none());
    let history = vault.client_history(&id).unwrap();
    assert_eq!(history.len(), 5);
    assert_eq!(history[0].actor_name.as_deref(), Some("王会计"));
}

#[test]
fn the_review_queue_names_who_asked() {
    let v = new_vault();
    let id = {
        let mut admin = v.admin();
        admin
            .create_user(
                &NewUser {
                    username: "likuaiji".to_owned(),
                    display_name: "李会计".to_owned(),
                    password: "another pass 42".to_owned(),
                },
                Role::Accountant,
                Utc::now(),
            )
            .unwrap();
        admin.lock("test", Utc::now()).unwrap();
        let mut accountant =
            Vault::unlock(&v.files, &v.keys, "likuaiji", "another pass 42", Utc::now()).unwrap();
        let id = accountant.create_client(&huarui(), Utc::now()).unwrap();
        let mut changed = huarui();
        changed.bank_accounts[0].account = "1202021209000999999".to_owned();
        accountant.update_client(&id, &changed, Utc::now()).unwrap();
        accountant.lock("test", Utc::now()).unwrap();
        id
    };
    let mut admin = v.admin();
    let pending = admin.pending_changes().unwrap();
    assert_eq!(pending[0].client_id, id);
    assert_eq!(pending[0].requested_by_name, "李会计");
}

#[test]
fn the_list_filters_by_assigned_staff_and_missing_consent_and_a_consent_names_its_evidence() {
    use ledgerlock_core::clients::consent::{ConsentInput, ConsentScope};
    use ledgerlock_core::clients::documents::{DocumentInput, DocumentKind};
    use ledgerlock_core::records::retention::RecordClass;
    let v = new_vault();
    let mut admin = v.admin();
    let huarui = admin.create_client(&huarui(), Utc::now()).unwrap();
    let mut other = self::huarui();
    other.name = "宁波远帆贸易有限公司".to_owned();
    other.credit_code = "91330200MA2AFXB716".to_owned();
    other.tags = vec![];
    let yuanfan = admin.create_client(&other, Utc::now()).unwrap();
    let staff = admin
        .create_user(
            &NewUser {
                username: "lihua".to_owned(),
                display_name: "李华".to_owned(),
                password: "another pass 42".to_owned(),
            },
            Role::Accountant,
            Utc::now(),
        )
        .unwrap();
    admin
        .assign_clients(staff, std::slice::from_ref(&yuanfan), Utc::now())
        .unwrap();
    let ids = |vault: &Vault, filter: &ClientFilter| -> Vec<String> {
        vault
            .search_clients("", filter, 100)
            .unwrap()
            .into_iter()
            .map(|c| c.id)
            .collect()
    };
    let assigned = ClientFilter {
        assigned_to: Some(u32::try_from(staff).unwrap()),
        ..ClientFilter::default()
    };
    assert_eq!(ids(&admin, &assigned), vec![yuanfan.clone()]);

    // Evidence: a scanned form stored with the client, named by the consent.
    let scan = admin
        .add_document(
            &huarui,
            &DocumentInput {
                kind: DocumentKind::ConsentEvidence,
                class: RecordClass::PersonalInformation,
                fiscal_year: None,
                file_name: "授权书.pdf".to_owned(),
                note: String::new(),
            },
            b"%PDF-1.7 signed form",
            Utc::now(),
        )
        .unwrap();
    let consent = |evidence| ConsentInput {
        scope: ConsentScope::Processing,
        contact_index: None,
        purpose: "代理记账".to_owned(),
        categories: vec![],
        recipient: String::new(),
        given_on: "2026-01-05".to_owned(),
        method: "signed_form".to_owned(),
        evidence_document: evidence,
    };
    // Another client's document cannot be the evidence.
    assert!(matches!(
        admin.record_consent(&yuanfan, &consent(Some(scan.id)), Utc::now()),
        Err(CoreError::InvalidInput { field, reason })
            if field == "consent.evidence_document" && reason == "unknown"
    ));
    let missing = ClientFilter {
        missing_consent: true,
        ..ClientFilter::default()
    };
    let mut both = ids(&admin, &missing);
    both.sort();
    let mut expected = vec![huarui.clone(), yuanfan.clone()];
    expected.sort();
    assert_eq!(both, expected);
    admin
        .record_consent(&huarui, &consent(Some(scan.id)), Utc::now())
        .unwrap();
    assert_eq!(ids(&admin, &missing), vec![yuanfan.clone()]);
    let listed = admin.consents(&huarui).unwrap();
    assert_eq!(listed[0].evidence_document, Some(scan.id));
}
